package io.configsync.codecs;

import io.vertx.core.json.JsonObject;

/**
 * A JSON object codec whose local deliveries share one instance instead of a deep copy each. For
 * messages that many local consumers read and none changes: the gateway publishes each shard
 * message to every bridge socket registered on it, and copying it per socket was a large part of its
 * fan-out cost. Over the wire it is the plain JSON text.
 */
public final class SharedJsonCodec extends JsonRecordCodec<JsonObject> {

  public static final String NAME = "configsync.shared-json";

  public SharedJsonCodec() {
    super(NAME, json -> json, json -> json);
  }
}
