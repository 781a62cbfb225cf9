package io.configsync.backend.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The current state of one (guild, module). A deleted config keeps its row (config null, not
 * enabled) so that its version never goes back.
 */
public record ModuleState(
    long guildId,
    String moduleId,
    boolean enabled,
    JsonObject config,
    long version,
    long revision,
    Instant updatedAt) {

  public boolean isDeleted() {
    return config == null;
  }

  public boolean isLiveAndEnabled() {
    return enabled && !isDeleted();
  }

  /** The HTTP API form: {@code {guildId,moduleId,enabled,version,config,updatedAt,revision}}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("guildId", Long.toString(guildId))
        .put("moduleId", moduleId)
        .put("enabled", enabled)
        .put("version", version)
        .put("config", config)
        .put("updatedAt", updatedAt.toString())
        .put("revision", revision);
  }
}
