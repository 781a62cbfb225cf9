package io.configsync.codecs;

import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/** Reading the body of a bus message that carries a record. */
public final class BusBodies {

  private BusBodies() {}

  /**
   * The body as a record: the record itself (from the cluster, or from a gateway that read a bridge
   * bot's JSON into it), or parsed from its JSON (what a gateway forwards when a bridge bot's JSON is
   * malformed, for the receiver to refuse as it always did).
   *
   * @throws IllegalArgumentException if the body is neither, or its JSON is malformed
   */
  public static <T> T as(Object body, Class<T> type, Function<JsonObject, T> fromJson) {
    if (type.isInstance(body)) {
      return type.cast(body);
    }
    if (body instanceof JsonObject json) {
      return fromJson.apply(json);
    }
    throw new IllegalArgumentException("expected a JSON object, got "
        + (body == null ? "nothing" : "a " + body.getClass().getSimpleName()));
  }
}
