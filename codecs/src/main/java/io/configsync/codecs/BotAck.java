package io.configsync.codecs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What a bot sends on {@link Addresses#BOT_ACK}: it has applied every event of its shards up to
 * {@code revision}, and how its modules took the configs applied since its last ack. Bots also send
 * it as a heartbeat when nothing changed.
 *
 * <p>JSON: {@code {"botId","revision","shards","gateway"?,"statuses":[ApplyStatus..]}}; a bridge bot
 * sends {@code {"revision","statuses"?}} and its gateway stamps the rest ({@link #stamped}).
 *
 * @param shards the bot's shards, e.g. {@code "0,1/4"}
 * @param gateway the gateway a bridge bot is connected through; null for an in-cluster bot
 */
public record BotAck(String botId, long revision, String shards, String gateway, List<ApplyStatus> statuses) {

  public BotAck {
    statuses = List.copyOf(statuses);
  }

  public JsonObject toJson() {
    JsonArray list = new JsonArray();
    statuses.forEach(status -> list.add(status.toJson()));
    return new JsonObject().put("botId", botId).put("revision", revision).put("shards", shards)
        .put("gateway", gateway).put("statuses", list);
  }

  /**
   * A bridge bot's ack as the gateway forwards it: its session's {@code botId} and {@code shards},
   * and the gateway's id, over whatever it claimed. Not checked: see {@link #fromJson}.
   */
  public static JsonObject stamped(JsonObject body, String botId, ShardSpec shards, String gateway) {
    return body.copy().put("botId", botId).put("shards", shards.toString()).put("gateway", gateway);
  }

  /**
   * @throws IllegalArgumentException if the ack is malformed
   */
  public static BotAck fromJson(JsonObject json) {
    try {
      String botId = json.getString("botId");
      Long revision = JsonNumbers.wholeNumber(json.getValue("revision"));
      if (botId == null || botId.isBlank() || revision == null || revision < 0) {
        throw new IllegalArgumentException("an ack needs botId and a revision: an integer >= 0");
      }
      String shards = json.getString("shards", ShardSpec.ALL.toString());
      ShardSpec.parse(shards);
      JsonArray list = json.getJsonArray("statuses", new JsonArray());
      List<ApplyStatus> statuses = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        if (!(list.getValue(i) instanceof JsonObject status)) {
          throw new IllegalArgumentException("status #" + i + " of the ack is not a JSON object");
        }
        statuses.add(ApplyStatus.fromJson(status));
      }
      return new BotAck(botId, revision, shards, json.getString("gateway"), statuses);
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("malformed ack: " + e.getMessage(), e);
    }
  }
}
