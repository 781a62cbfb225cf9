package io.configsync.backend.modules;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** A rule a JSON Schema cannot express, checked after the schema passed. */
@FunctionalInterface
public interface ConfigCheck {

  ConfigCheck NONE = config -> List.of();

  List<Violation> check(JsonObject config);

  /** True when {@link #check} compiles user-given patterns for this config: it must then run on a worker. */
  default boolean compilesPatterns(JsonObject config) {
    return false;
  }
}
