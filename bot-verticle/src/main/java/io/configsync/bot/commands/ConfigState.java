package io.configsync.bot.commands;

import io.configsync.bot.sync.HeldConfigs.HeldConfig;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * The state of one (guild, module) as a command sees it: held by the bot, or answered by the
 * backend to a proposal.
 *
 * @param config the config, shared: copy it before changing it; null when unknown or deleted
 */
public record ConfigState(String guildId, String moduleId, boolean enabled, long version, JsonObject config) {

  public ConfigState {
    Objects.requireNonNull(guildId, "guildId");
    Objects.requireNonNull(moduleId, "moduleId");
  }

  static ConfigState of(HeldConfig held) {
    return new ConfigState(held.guildId(), held.moduleId(), held.enabled(), held.version(), held.config());
  }

  /**
   * Reads the backend's state, {@code {guildId, moduleId, enabled, version, config, ...}}.
   *
   * @throws IllegalArgumentException if a field is missing or of the wrong type
   */
  static ConfigState fromJson(JsonObject state) {
    try {
      return new ConfigState(
          Objects.requireNonNull(state.getString("guildId"), "guildId"),
          Objects.requireNonNull(state.getString("moduleId"), "moduleId"),
          state.getBoolean("enabled", false),
          Objects.requireNonNull(state.getLong("version"), "version"),
          state.getJsonObject("config"));
    } catch (NullPointerException | ClassCastException e) {
      throw new IllegalArgumentException("not a module state: " + e.getMessage(), e);
    }
  }

  /** A copy of the config to change, or an empty object when there is none. */
  JsonObject configCopy() {
    return config == null ? new JsonObject() : config.copy();
  }
}
