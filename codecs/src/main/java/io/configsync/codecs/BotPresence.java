package io.configsync.codecs;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Sent on {@link Addresses#BOT_PRESENCE} by a gateway when a bridge bot authenticates or disconnects,
 * and as a heartbeat while it stays: {@code {"botId","shards","gateway","connected"}}, so that the
 * backend knows who is there even across a gateway restart.
 *
 * @param gateway the id of the gateway the bot is connected through
 */
public record BotPresence(String botId, ShardSpec shards, String gateway, boolean connected) {

  public BotPresence {
    Objects.requireNonNull(botId, "botId");
    Objects.requireNonNull(shards, "shards");
    Objects.requireNonNull(gateway, "gateway");
  }

  public JsonObject toJson() {
    return new JsonObject().put("botId", botId).put("shards", shards.toString()).put("gateway", gateway)
        .put("connected", connected);
  }

  /**
   * @throws IllegalArgumentException if a field is missing or of the wrong type
   */
  public static BotPresence fromJson(JsonObject json) {
    if (json == null || !(json.getValue("botId") instanceof String botId) || botId.isBlank()
        || !(json.getValue("gateway") instanceof String gateway) || !(json.getValue("connected") instanceof Boolean connected)) {
      throw new IllegalArgumentException("a presence report is {\"botId\",\"shards\",\"gateway\",\"connected\":true|false}");
    }
    Object shards = json.getValue("shards");
    return new BotPresence(botId, shards == null ? ShardSpec.ALL
        : ShardSpec.parse(shards instanceof String spec ? spec : null), gateway, connected);
  }
}
