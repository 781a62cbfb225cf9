package io.configsync.codecs;

import io.vertx.core.json.JsonObject;

/**
 * The backend's reply to a {@link BotProposal}, sent as its JSON (it goes back over the bridge too):
 * {@code {"ok":true,"changed":true|false,"state":{..}}}, or {@code {"ok":false,"code":"VERSION_CONFLICT",
 * "message":..,"current":{state}|null,"currentVersion":N}}. A conflict is a reply, not a failure,
 * because a failure carries only a string. The states are the HTTP API's form of a module state,
 * {@code {guildId, moduleId, enabled, version, config, updatedAt, revision}}.
 */
public sealed interface ProposalReply {

  /** The conflict's {@code code}. */
  String VERSION_CONFLICT = "VERSION_CONFLICT";

  JsonObject toJson();

  /**
   * Applied, or nothing to change.
   *
   * @param state the state now, shared: do not change it
   */
  record Applied(boolean changed, JsonObject state) implements ProposalReply {

    public Applied {
      if (state == null) {
        throw new IllegalArgumentException("an applied proposal's reply needs the state");
      }
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("ok", true).put("changed", changed).put("state", state);
    }
  }

  /**
   * {@code baseVersion} was not the current version; nothing changed.
   *
   * @param current the state now, or null when there is no config
   * @param currentVersion the base to retry with
   */
  record Conflict(String message, JsonObject current, long currentVersion) implements ProposalReply {

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("ok", false).put("code", VERSION_CONFLICT).put("message", message)
          .put("current", current).put("currentVersion", currentVersion);
    }
  }

  /**
   * A reply without {@code changed} counts as a change.
   *
   * @throws IllegalArgumentException if {@code json} is not one of the two replies
   */
  static ProposalReply fromJson(JsonObject json) {
    if (json == null || !(json.getValue("ok") instanceof Boolean ok)) {
      throw new IllegalArgumentException("a proposal's reply is {\"ok\":true|false,..}");
    }
    try {
      if (ok) {
        return new Applied(json.getBoolean("changed", true), json.getJsonObject("state"));
      }
      Long currentVersion = JsonNumbers.wholeNumber(json.getValue("currentVersion"));
      if (!VERSION_CONFLICT.equals(json.getValue("code")) || currentVersion == null) {
        throw new IllegalArgumentException("a refused proposal's reply is {\"ok\":false,\"code\":\"VERSION_CONFLICT\","
            + "\"message\",\"current\",\"currentVersion\"}");
      }
      return new Conflict(json.getString("message", "the base version is not the current version"),
          json.getJsonObject("current"), currentVersion);
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("malformed reply to a proposal: " + e.getMessage(), e);
    }
  }
}
