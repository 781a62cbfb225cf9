package io.configsync.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/** The bots allowed on the bridge, each with its token ({@code CONFIGSYNC_BOT_TOKENS=botId:token,...}). */
public final class BotCredentials {

  private final Map<String, byte[]> tokens;

  private BotCredentials(Map<String, byte[]> tokens) {
    this.tokens = Map.copyOf(tokens);
  }

  /**
   * @throws IllegalArgumentException if an entry is not {@code botId:token}
   */
  public static BotCredentials parse(String list) {
    Map<String, byte[]> tokens = new LinkedHashMap<>();
    if (list != null) {
      for (String entry : list.split(",")) {
        String trimmed = entry.trim();
        if (trimmed.isEmpty()) {
          continue;
        }
        int colon = trimmed.indexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
          throw new IllegalArgumentException("CONFIGSYNC_BOT_TOKENS entries are botId:token; got an entry without both");
        }
        tokens.put(trimmed.substring(0, colon), trimmed.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
      }
    }
    return new BotCredentials(tokens);
  }

  /** Constant time in the token, whether or not the bot is known. */
  public boolean matches(String botId, String token) {
    byte[] expected = botId == null ? null : tokens.get(botId);
    byte[] given = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
    boolean match = MessageDigest.isEqual(given, expected == null ? new byte[32] : expected);
    return expected != null && match;
  }

  public boolean isEmpty() {
    return tokens.isEmpty();
  }

  public int size() {
    return tokens.size();
  }

  /** The tokens alone, which the backend accepts for reads (bulk load). */
  public java.util.Set<String> tokens() {
    java.util.Set<String> values = new java.util.HashSet<>();
    tokens.values().forEach(bytes -> values.add(new String(bytes, StandardCharsets.UTF_8)));
    return values;
  }

  @Override
  public String toString() {
    return "BotCredentials" + tokens.keySet();
  }
}
