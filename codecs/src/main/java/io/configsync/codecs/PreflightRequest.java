package io.configsync.codecs;

import io.vertx.core.json.JsonObject;

/**
 * Sent by the backend to {@link Addresses#preflight(String)} of each connected in-cluster bot
 * responsible for the guild: "would this config work?" The bot answers a {@link PreflightAnswer}
 * after looking at the guild on Discord; nothing is applied.
 */
public record PreflightRequest(String guildId, String moduleId, JsonObject config) {

  public JsonObject toJson() {
    return new JsonObject().put("guildId", guildId).put("moduleId", moduleId).put("config", config);
  }

  public static PreflightRequest fromJson(JsonObject json) {
    return new PreflightRequest(json.getString("guildId"), json.getString("moduleId"), json.getJsonObject("config"));
  }
}
