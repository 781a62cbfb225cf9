package io.configsync.codecs;

import io.vertx.core.json.JsonObject;

/**
 * The JSON messages on the per-shard change addresses ({@link Addresses#moduleChangeShard}), which
 * bridge bots receive. A shard's stream skips the revisions of other shards, so every message says
 * where the previous message of the same shard was:
 *
 * <ul>
 *   <li>{@code {"kind":"event", ...the ModuleChangeEvent fields..., "prev":P}}: no event of this
 *       shard lies strictly between revision P and this event's revision.
 *   <li>{@code {"kind":"progress","revision":R,"prev":P}}: the shard's last event is at or before P,
 *       and nothing of this shard happened after it up to R. Sent periodically, so that a lost
 *       LAST event is noticed too.
 * </ul>
 *
 * A bot that has applied its shard's stream completely up to A applies a message if {@code P <= A};
 * otherwise it missed something, and replays after A ({@link Addresses#REPLAY}).
 */
public final class ShardMessages {

  public static final String KIND_EVENT = "event";
  public static final String KIND_PROGRESS = "progress";

  private ShardMessages() {}

  public static JsonObject event(ModuleChangeEvent event, long prev) {
    return event.toJson().put("kind", KIND_EVENT).put("prev", prev);
  }

  public static JsonObject progress(long revision, long prev) {
    return new JsonObject().put("kind", KIND_PROGRESS).put("revision", revision).put("prev", prev);
  }
}
