package io.configsync.bot.sync;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The strings a page of the log repeats from event to event (module ids, actions, origins): the
 * string already read is handed out again instead of a new copy per event. Holds the last few seen.
 */
final class RepeatedText {

  private static final int KEPT = 8;

  private final String[] seen = new String[KEPT];
  private int next;

  /** The string the parser stands on; refuses anything else. */
  String read(JsonParser parser, String field) throws IOException {
    if (!parser.hasToken(JsonToken.VALUE_STRING)) {
      return JsonText.text(parser, field); // refuses it
    }
    char[] chars = parser.getTextCharacters();
    int offset = parser.getTextOffset();
    int length = parser.getTextLength();
    for (String known : seen) {
      if (known != null && same(known, chars, offset, length)) {
        return known;
      }
    }
    String read = new String(chars, offset, length);
    seen[next] = read;
    next = (next + 1) % KEPT;
    return read;
  }

  private static boolean same(String known, char[] chars, int offset, int length) {
    if (known.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (known.charAt(i) != chars[offset + i]) {
        return false;
      }
    }
    return true;
  }
}
