package io.configsync.backend.store;

import io.vertx.core.json.JsonObject;

/** What a write asks for. Validation of the config happens before a change is built. */
public sealed interface ModuleChange {

  /** Create or replace the config; {@code enabled} null keeps the current flag (true for a new config). */
  record Put(JsonObject config, Boolean enabled) implements ModuleChange {}

  record SetEnabled(boolean enabled) implements ModuleChange {}

  record Delete() implements ModuleChange {}
}
