package io.configsync.codecs;

import io.vertx.core.json.JsonObject;

/**
 * Whether a bot's module could act on the config it applied: a welcome channel that is missing, or
 * a missing permission, is reported here so that an admin sees why a change is not live.
 *
 * @param error null when {@code ok}
 */
public record ApplyStatus(String guildId, String moduleId, long version, boolean ok, String error) {

  public static ApplyStatus ok(String guildId, String moduleId, long version) {
    return new ApplyStatus(guildId, moduleId, version, true, null);
  }

  public static ApplyStatus failed(String guildId, String moduleId, long version, String error) {
    return new ApplyStatus(guildId, moduleId, version, false, error);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("guildId", guildId).put("moduleId", moduleId).put("version", version)
        .put("ok", ok);
    if (error != null) {
      json.put("error", error);
    }
    return json;
  }

  /**
   * @throws IllegalArgumentException if a field is missing or of the wrong type
   */
  public static ApplyStatus fromJson(JsonObject json) {
    try {
      String guildId = json.getString("guildId");
      String moduleId = json.getString("moduleId");
      Long version = JsonNumbers.wholeNumber(json.getValue("version"));
      Boolean ok = json.getBoolean("ok");
      if (guildId == null || moduleId == null || version == null || ok == null) {
        throw new IllegalArgumentException("an apply status needs guildId, moduleId, version and ok");
      }
      return new ApplyStatus(guildId, moduleId, version, ok, ok ? null : json.getString("error", "unknown error"));
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("malformed apply status: " + e.getMessage(), e);
    }
  }
}
