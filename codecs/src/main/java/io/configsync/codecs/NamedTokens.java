package io.configsync.codecs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one parser of {@code name:token} lists from the environment ({@code CONFIGSYNC_ADMIN_TOKENS},
 * {@code CONFIGSYNC_BOT_TOKENS}). Entries are comma-separated; names and tokens are trimmed; empty
 * entries are skipped; an entry without a name or a token, or a name given twice, is refused. A token
 * may contain colons: the name ends at the first one. Error messages name the variable, the entry's
 * position and the name, never a token.
 */
public final class NamedTokens {

  /** A piece that continues a shard binding: {@code 1/4} or {@code 2-3/8} after {@code botA:t:0,}. */
  private static final Pattern SHARDS_PIECE = Pattern.compile("[0-9][0-9\\s\\-]*(/\\s*[0-9]+)?");

  /**
   * One entry.
   *
   * @param binding the text after the token's last colon when it holds a {@code /} (shards, as in
   *     {@code botA:token:0,1/4}), unparsed; null when there is none or bindings are not read
   */
  public record NamedToken(String name, String token, String binding) {

    /** The token stays out of logs. */
    @Override
    public String toString() {
      return "NamedToken[" + name + (binding == null ? "" : ", shards " + binding) + "]";
    }
  }

  private NamedTokens() {}

  /**
   * {@code name:token,...}: name to token, in the order given; null or blank gives none.
   *
   * @param variable the list's name, for the messages
   * @throws IllegalArgumentException with a message fit for the user, never holding a token
   */
  public static Map<String, String> parse(String variable, String list) {
    Map<String, String> tokens = new LinkedHashMap<>();
    read(variable, list, false).forEach(entry -> tokens.put(entry.name(), entry.token()));
    return tokens;
  }

  /**
   * {@code name:token} or {@code name:token:shards}, where shards may hold commas themselves
   * ({@code botA:t:0,1/4,botB:u}): a piece of digits after a comma continues the entry before it.
   *
   * @throws IllegalArgumentException with a message fit for the user, never holding a token
   */
  public static List<NamedToken> parseWithBindings(String variable, String list) {
    return read(variable, list, true);
  }

  private static List<NamedToken> read(String variable, String list, boolean bindings) {
    List<NamedToken> entries = new ArrayList<>();
    Map<String, Integer> positions = new LinkedHashMap<>();
    List<String> pieces = pieces(variable, list, bindings);
    for (int i = 0; i < pieces.size(); i++) {
      NamedToken entry = entry(variable, pieces.get(i), i + 1, bindings);
      Integer earlier = positions.putIfAbsent(entry.name(), i + 1);
      if (earlier != null) {
        throw new IllegalArgumentException(variable + ": the name '" + entry.name() + "' is given twice (entries "
            + earlier + " and " + (i + 1) + "); each needs one entry");
      }
      entries.add(entry);
    }
    return entries;
  }

  private static List<String> pieces(String variable, String list, boolean bindings) {
    List<String> entries = new ArrayList<>();
    if (list == null) {
      return entries;
    }
    for (String piece : list.split(",")) {
      String trimmed = piece.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      boolean continuesShards = bindings && !entries.isEmpty() && !trimmed.contains(":")
          && SHARDS_PIECE.matcher(trimmed).matches();
      if (continuesShards) {
        entries.set(entries.size() - 1, entries.get(entries.size() - 1) + "," + trimmed);
      } else {
        entries.add(trimmed);
      }
    }
    return entries;
  }

  private static NamedToken entry(String variable, String entry, int position, boolean bindings) {
    int colon = entry.indexOf(':');
    String name = colon < 0 ? "" : entry.substring(0, colon).trim();
    String rest = colon < 0 ? "" : entry.substring(colon + 1).trim();
    String binding = null;
    int lastColon = rest.lastIndexOf(':');
    if (bindings && lastColon > 0 && rest.indexOf('/', lastColon) > 0) {
      binding = rest.substring(lastColon + 1).trim();
      rest = rest.substring(0, lastColon).trim();
    }
    if (name.isEmpty() || rest.isEmpty()) {
      throw new IllegalArgumentException(variable + ": entry " + position + " is not name:token"
          + (bindings ? " or name:token:shards" : "") + " (a name and a token, neither empty)"
          + (name.isEmpty() ? "" : "; its name is '" + name + "'"));
    }
    return new NamedToken(name, rest, binding);
  }
}
