package io.configsync.backend.modules;

import io.vertx.core.json.JsonObject;

/** One reason a config is refused, at a JSON Pointer into the config. */
public record Violation(String location, String message) {

  public JsonObject toJson() {
    return new JsonObject().put("location", location.isEmpty() ? "/" : location).put("message", message);
  }
}
