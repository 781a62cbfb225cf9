package io.configsync.gateway;

import io.configsync.codecs.ShardSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bots allowed on the bridge, each with its token, and optionally the shards its token may
 * claim: {@code CONFIGSYNC_BOT_TOKENS=botA:tokenA:0,1/4,botB:tokenB}. {@code botA} may then
 * authenticate for shards within {@code 0,1/4} only (e.g. {@code 0/4} or {@code 0,1/4}, not
 * {@code 0/1}); {@code botB}'s token is not bound and may claim any shards.
 */
public final class BotCredentials {

  /** A bot's token, and the shards it may claim (null: any). */
  private record Credential(byte[] token, ShardSpec shards) {}

  private final Map<String, Credential> credentials;

  private BotCredentials(Map<String, Credential> credentials) {
    this.credentials = Map.copyOf(credentials);
  }

  /**
   * @throws IllegalArgumentException if an entry is not {@code botId:token} or {@code botId:token:shards}
   */
  public static BotCredentials parse(String list) {
    Map<String, Credential> credentials = new LinkedHashMap<>();
    for (String entry : entries(list)) {
      int colon = entry.indexOf(':');
      if (colon <= 0 || colon == entry.length() - 1) {
        throw new IllegalArgumentException("CONFIGSYNC_BOT_TOKENS entries are botId:token or botId:token:shards;"
            + " got an entry without both");
      }
      String botId = entry.substring(0, colon);
      String rest = entry.substring(colon + 1);
      int lastColon = rest.lastIndexOf(':');
      ShardSpec shards = null;
      String token = rest;
      if (lastColon > 0 && rest.indexOf('/', lastColon) > 0) {
        token = rest.substring(0, lastColon);
        try {
          shards = ShardSpec.parse(rest.substring(lastColon + 1));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("CONFIGSYNC_BOT_TOKENS: the shards of bot '" + botId + "': "
              + e.getMessage());
        }
      }
      credentials.put(botId, new Credential(token.getBytes(StandardCharsets.UTF_8), shards));
    }
    return new BotCredentials(credentials);
  }

  /**
   * Entries are comma-separated, and so are shard lists: a piece without a colon ({@code 1/4} in
   * {@code botA:t:0,1/4}) continues the entry before it.
   */
  private static List<String> entries(String list) {
    List<String> entries = new ArrayList<>();
    if (list == null) {
      return entries;
    }
    for (String piece : list.split(",")) {
      String trimmed = piece.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (!trimmed.contains(":") && !entries.isEmpty()) {
        entries.set(entries.size() - 1, entries.get(entries.size() - 1) + "," + trimmed);
      } else {
        entries.add(trimmed);
      }
    }
    return entries;
  }

  /** Constant time in the token, whether or not the bot is known. */
  public boolean matches(String botId, String token) {
    Credential credential = botId == null ? null : credentials.get(botId);
    byte[] expected = credential == null ? null : credential.token();
    byte[] given = token == null ? new byte[0] : token.getBytes(StandardCharsets.UTF_8);
    boolean match = MessageDigest.isEqual(given, expected == null ? new byte[32] : expected);
    return expected != null && match;
  }

  /** Whether {@code botId}'s token may claim {@code shards}: any, unless the token is bound to some. */
  public boolean mayClaim(String botId, ShardSpec shards) {
    Credential credential = credentials.get(botId);
    return credential != null && (credential.shards() == null || shards.isWithin(credential.shards()));
  }

  /** The shards {@code botId}'s token is bound to, or null if any. */
  public ShardSpec boundShards(String botId) {
    Credential credential = credentials.get(botId);
    return credential == null ? null : credential.shards();
  }

  /** The bots whose tokens are not bound to shards. */
  public Set<String> unboundBots() {
    Set<String> unbound = new java.util.TreeSet<>();
    credentials.forEach((botId, credential) -> {
      if (credential.shards() == null) {
        unbound.add(botId);
      }
    });
    return unbound;
  }

  public boolean isEmpty() {
    return credentials.isEmpty();
  }

  public int size() {
    return credentials.size();
  }

  /** The tokens alone, which the backend accepts for reads (bulk load). */
  public Set<String> tokens() {
    Set<String> values = new HashSet<>();
    credentials.values().forEach(credential -> values.add(new String(credential.token(), StandardCharsets.UTF_8)));
    return values;
  }

  @Override
  public String toString() {
    return "BotCredentials" + credentials.keySet();
  }
}
