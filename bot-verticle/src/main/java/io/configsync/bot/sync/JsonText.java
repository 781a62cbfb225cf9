package io.configsync.bot.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads JSON from the backend with Jackson's streaming parser, token by token, keeping each config
 * as the bytes it came in ({@link CompactJson}) rather than building a tree of the whole body and
 * encoding every config again to hold it.
 */
final class JsonText {

  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonText() {}

  /** A parser of {@code bytes[0, length)}: byte offsets of its locations are indexes in {@code bytes}. */
  static JsonParser parser(byte[] bytes, int length) {
    try {
      return FACTORY.createParser(bytes, 0, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The object the parser stands on (at its {@link JsonToken#START_OBJECT}), as compact JSON; the
   * parser is left on its end. {@code bytes} are those the parser reads ({@link #parser}).
   */
  static CompactJson object(JsonParser parser, byte[] bytes) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("a config must be a JSON object, got " + parser.currentToken());
    }
    int start = (int) parser.currentTokenLocation().getByteOffset();
    parser.skipChildren();
    int end = (int) parser.currentLocation().getByteOffset();
    return CompactJson.ofText(bytes, start, end);
  }

  /** The whole number the parser stands on; refuses anything else. */
  static long wholeNumber(JsonParser parser, String field) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
      throw new IllegalArgumentException("'" + field + "' must be a whole number");
    }
    return parser.getLongValue();
  }

  /** The string the parser stands on; refuses anything else. */
  static String text(JsonParser parser, String field) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException("'" + field + "' must be a string");
    }
    return parser.getText();
  }
}
