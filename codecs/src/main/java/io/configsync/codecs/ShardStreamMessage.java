package io.configsync.codecs;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A message on a per-shard change address ({@link ShardAddress}), which bridge bots receive. A
 * shard's stream skips the revisions of other shards, so every message says where the previous
 * message of the same shard was:
 *
 * <ul>
 *   <li>{@link Event}, {@code {"kind":"event", ...the ModuleChangeEvent fields..., "prev":P}}: no
 *       event of this shard lies strictly between revision P and this event's revision.
 *   <li>{@link Progress}, {@code {"kind":"progress","revision":R,"prev":P}}: the shard's last event
 *       is at or before P, and nothing of this shard happened after it up to R. Sent periodically,
 *       so that a lost LAST event is noticed too.
 * </ul>
 *
 * A bot that has applied its shard's stream completely up to A applies a message if {@code P <= A};
 * otherwise it missed something, and replays after A ({@link Addresses#REPLAY}). These messages go
 * on the bus as their JSON object: bridge sockets read them as they are.
 */
public sealed interface ShardStreamMessage permits ShardStreamMessage.Event, ShardStreamMessage.Progress {

  String KIND_EVENT = "event";
  String KIND_PROGRESS = "progress";

  /** The revision of the previous message of the same shard. */
  long prev();

  JsonObject toJson();

  /** @throws IllegalArgumentException if {@code json} is not a shard stream message */
  static ShardStreamMessage fromJson(JsonObject json) {
    if (json == null) {
      throw new IllegalArgumentException("a shard stream message is a JSON object");
    }
    Object kind = json.getValue("kind");
    if (KIND_EVENT.equals(kind)) {
      return new Event(ModuleChangeEvent.fromJson(json), revision(json, "prev"));
    }
    if (KIND_PROGRESS.equals(kind)) {
      return new Progress(revision(json, "revision"), revision(json, "prev"));
    }
    throw new IllegalArgumentException("unknown shard stream message kind " + kind);
  }

  /** An event of the shard, after the shard's previous event at {@code prev}. */
  record Event(ModuleChangeEvent event, long prev) implements ShardStreamMessage {

    public Event {
      Objects.requireNonNull(event, "event");
      if (prev < 0 || prev >= event.revision()) {
        throw new IllegalArgumentException("prev " + prev + " must come before revision " + event.revision());
      }
    }

    @Override
    public JsonObject toJson() {
      return event.toJson().put("kind", KIND_EVENT).put("prev", prev);
    }
  }

  /** Nothing of the shard happened after {@code prev} up to {@code revision}. */
  record Progress(long revision, long prev) implements ShardStreamMessage {

    public Progress {
      if (prev < 0 || prev > revision) {
        throw new IllegalArgumentException("prev " + prev + " must not come after revision " + revision);
      }
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("kind", KIND_PROGRESS).put("revision", revision).put("prev", prev);
    }
  }

  private static long revision(JsonObject json, String field) {
    Long value = JsonNumbers.wholeNumber(json.getValue(field));
    if (value == null || value < 0) {
      throw new IllegalArgumentException("'" + field + "' must be a revision: a whole number from 0");
    }
    return value;
  }
}
