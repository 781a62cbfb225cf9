package io.configsync.codecs;

import io.vertx.core.json.JsonObject;

/**
 * Published on {@link Addresses#REVISION_HEAD} every poll by the backend that publishes the change
 * stream, {@code {"head":H}}: the newest revision published. A consumer still behind it after a
 * grace period lost the last event(s), which no later event would reveal.
 */
public record RevisionHead(long head) {

  public RevisionHead {
    if (head < 0) {
      throw new IllegalArgumentException("a head is a revision, not " + head);
    }
  }

  public JsonObject toJson() {
    return new JsonObject().put("head", head);
  }

  /** @throws IllegalArgumentException unless {@code json} is {@code {"head":H}} with H a revision */
  public static RevisionHead fromJson(JsonObject json) {
    Long head = json == null ? null : JsonNumbers.wholeNumber(json.getValue("head"));
    if (head == null) {
      throw new IllegalArgumentException("a revision head is {\"head\":H}, H a whole number");
    }
    return new RevisionHead(head);
  }
}
