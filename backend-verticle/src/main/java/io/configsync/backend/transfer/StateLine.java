package io.configsync.backend.transfer;

import io.vertx.core.json.JsonObject;

/**
 * One line of an export file: the state of one (guild, module) with its version.
 * {@code {"guildId":"...","moduleId":"welcome","enabled":true,"version":3,"config":{...}}}
 */
public record StateLine(String guildId, String moduleId, boolean enabled, long version, JsonObject config) {

  public JsonObject toJson() {
    return new JsonObject().put("guildId", guildId).put("moduleId", moduleId).put("enabled", enabled)
        .put("version", version).put("config", config);
  }
}
