package io.configsync.codecs;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * One committed change of one (guild, module): the unit that the backend logs, publishes and
 * replays, and that bots apply.
 *
 * <p>The same fields travel on the cluster bus (binary, {@link ModuleChangeEventCodec}) and as JSON
 * over HTTP and the bridge ({@link #toJson()} / {@link #fromJson(JsonObject)}).
 *
 * @param revision global, gapless, increasing in commit order
 * @param guildId Discord snowflake, as a decimal string
 * @param moduleId registered module name
 * @param action the state after the change
 * @param config the full config after the change (never a diff), kept on {@code disabled} too; null
 *     after a delete. Shared between local consumers: treat it as read-only.
 * @param version per (guild, module), +1 per change, never reused even after a delete
 * @param timestamp commit time
 * @param origin {@code backend}, or the id of the bot that proposed the change
 */
public record ModuleChangeEvent(
    long revision,
    String guildId,
    String moduleId,
    ModuleAction action,
    JsonObject config,
    long version,
    Instant timestamp,
    String origin) {

  /** The origin of a change made through the backend's HTTP API. */
  public static final String ORIGIN_BACKEND = "backend";

  public ModuleChangeEvent {
    Objects.requireNonNull(guildId, "guildId");
    Objects.requireNonNull(moduleId, "moduleId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(origin, "origin");
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("revision", revision)
        .put("guildId", guildId)
        .put("moduleId", moduleId)
        .put("action", action.wireName())
        .put("config", config)
        .put("version", version)
        .put("timestamp", timestamp.toString())
        .put("origin", origin);
  }

  /**
   * Reads the JSON form.
   *
   * @throws IllegalArgumentException if a field is missing or of the wrong type
   */
  public static ModuleChangeEvent fromJson(JsonObject json) {
    try {
      return new ModuleChangeEvent(
          requireLong(json, "revision"),
          Objects.requireNonNull(json.getString("guildId"), "guildId"),
          Objects.requireNonNull(json.getString("moduleId"), "moduleId"),
          ModuleAction.fromWireName(Objects.requireNonNull(json.getString("action"), "action")),
          json.getJsonObject("config"),
          requireLong(json, "version"),
          Instant.parse(Objects.requireNonNull(json.getString("timestamp"), "timestamp")),
          Objects.requireNonNull(json.getString("origin"), "origin"));
    } catch (NullPointerException | ClassCastException | java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("not a ModuleChangeEvent: " + e.getMessage(), e);
    }
  }

  private static long requireLong(JsonObject json, String field) {
    return Objects.requireNonNull(json.getLong(field), field);
  }
}
