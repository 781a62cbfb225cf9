package io.configsync.gateway;

import io.configsync.codecs.NamedTokens;
import io.configsync.codecs.NamedTokens.NamedToken;
import io.configsync.codecs.ShardSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.LinkedHashMap;
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

  private static final String VARIABLE = "CONFIGSYNC_BOT_TOKENS";

  private final Map<String, Credential> credentials;

  private BotCredentials(Map<String, Credential> credentials) {
    this.credentials = Map.copyOf(credentials);
  }

  /**
   * @throws IllegalArgumentException if an entry is not {@code botId:token} or {@code botId:token:shards}
   *     (see {@link NamedTokens}), or its shards are not valid
   */
  public static BotCredentials parse(String list) {
    Map<String, Credential> credentials = new LinkedHashMap<>();
    for (NamedToken entry : NamedTokens.parseWithBindings(VARIABLE, list)) {
      credentials.put(entry.name(), new Credential(entry.token().getBytes(StandardCharsets.UTF_8),
          entry.binding() == null ? null : binding(entry)));
    }
    return new BotCredentials(credentials);
  }

  private static ShardSpec binding(NamedToken entry) {
    try {
      return ShardSpec.parse(entry.binding());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(VARIABLE + ": the shards of bot '" + entry.name() + "': " + e.getMessage());
    }
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
