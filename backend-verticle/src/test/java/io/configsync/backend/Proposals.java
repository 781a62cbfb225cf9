package io.configsync.backend;

import io.configsync.codecs.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

/** Bot proposals sent on the event bus, as an in-cluster bot (or the gateway, for a bridge bot) sends them. */
final class Proposals {

  static final String BOT_ID = "bot-a";

  private Proposals() {}

  /** A proposal of {@link #BOT_ID}, serving every shard, to put {@code config}. */
  static JsonObject config(String guildId, String moduleId, long baseVersion, JsonObject config) {
    return new JsonObject().put("botId", BOT_ID).put("shards", "0/1").put("guildId", guildId)
        .put("moduleId", moduleId).put("baseVersion", baseVersion).put("config", config);
  }

  /** A proposal of {@link #BOT_ID}, serving every shard, to enable or disable. */
  static JsonObject enabled(String guildId, String moduleId, long baseVersion, boolean enabled) {
    return new JsonObject().put("botId", BOT_ID).put("shards", "0/1").put("guildId", guildId)
        .put("moduleId", moduleId).put("baseVersion", baseVersion).put("enabled", enabled);
  }

  /** The reply: {@code {"ok":true,..}} or a conflict. Fails with the {@link ReplyException} of a refusal. */
  static Future<JsonObject> send(Vertx vertx, Object proposal) {
    return vertx.eventBus().<JsonObject>request(Addresses.BOT_PROPOSAL, proposal).map(reply -> reply.body());
  }

  /** The refusal of a proposal that must be refused. */
  static Future<ReplyException> refusal(Vertx vertx, Object proposal) {
    return send(vertx, proposal).transform(result -> result.succeeded()
        ? Future.failedFuture(new AssertionError("proposal " + proposal + " was not refused: " + result.result()))
        : result.cause() instanceof ReplyException refused ? Future.succeededFuture(refused)
        : Future.failedFuture(result.cause()));
  }
}
