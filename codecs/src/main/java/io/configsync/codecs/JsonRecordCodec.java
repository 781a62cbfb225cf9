package io.configsync.codecs;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * A codec for an immutable record that has a JSON mapping: over the wire its JSON text, locally the
 * same instance. One per record type, registered as that type's default codec; {@link
 * SharedJsonCodec} is the one for plain JSON objects.
 */
public class JsonRecordCodec<T> extends SameInstanceCodec<T> {

  private final Function<T, JsonObject> toJson;
  private final Function<JsonObject, T> fromJson;

  public JsonRecordCodec(String name, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
    super(name);
    this.toJson = toJson;
    this.fromJson = fromJson;
  }

  @Override
  public void encodeToWire(Buffer buffer, T record) {
    Buffer encoded = toJson.apply(record).toBuffer();
    buffer.appendInt(encoded.length());
    buffer.appendBuffer(encoded);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    return fromJson.apply(new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length)));
  }
}
