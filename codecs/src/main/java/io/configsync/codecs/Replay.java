package io.configsync.codecs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Request and reply of {@link Addresses#REPLAY}: the event log after a revision, for everyone who
 * reaches the bus but not the backend's HTTP port (gateways, bridge bots).
 */
public final class Replay {

  /** At most this many events per reply. */
  public static final int MAX_LIMIT = 10_000;
  /** Events per reply when the request names no limit. */
  public static final int DEFAULT_LIMIT = 1_000;

  private Replay() {}

  /**
   * {@code {"after":A,"limit":N,"shards":"0,1/4"?}}. A limit of 0 asks for the head only: the
   * reply has no events and a {@code through} of A, claiming nothing beyond what the requester has.
   *
   * @param shards null for every shard
   */
  public record Request(long after, int limit, ShardSpec shards) {

    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("after", after).put("limit", limit);
      if (shards != null) {
        json.put("shards", shards.toString());
      }
      return json;
    }

    /**
     * @throws IllegalArgumentException with a message for the requester if the request is malformed
     */
    public static Request fromJson(JsonObject json) {
      if (json == null) {
        throw new IllegalArgumentException("a replay request is a JSON object {after, limit, shards?}");
      }
      try {
        Long after = JsonNumbers.wholeNumber(json.getValue("after"));
        Long limit = json.getValue("limit") == null ? Long.valueOf(DEFAULT_LIMIT)
            : JsonNumbers.wholeNumber(json.getValue("limit"));
        if (after == null || after < 0) {
          throw new IllegalArgumentException("'after' must be a revision: an integer from 0 to " + Long.MAX_VALUE);
        }
        if (limit == null || limit < 0 || limit > MAX_LIMIT) {
          throw new IllegalArgumentException("'limit' must be an integer from 0 to " + MAX_LIMIT);
        }
        String shards = json.getString("shards");
        return new Request(after, limit.intValue(), shards == null ? null : ShardSpec.parse(shards));
      } catch (ClassCastException e) {
        throw new IllegalArgumentException("malformed replay request: " + e.getMessage(), e);
      }
    }
  }

  /**
   * {@code {"events":[...],"head":H,"through":T}}: the events in scope after the request's
   * revision, in order; the requester has everything in scope up to {@code through} once it applied
   * them (T is the last event's revision when the page is full, the head otherwise).
   */
  public static JsonObject page(List<ModuleChangeEvent> events, long head, long through) {
    JsonArray list = new JsonArray();
    events.forEach(event -> list.add(event.toJson()));
    return new JsonObject().put("events", list).put("head", head).put("through", through);
  }

  /**
   * {@code {"gone":true,"horizon":H}}: retention may have removed events after the revision asked
   * for; only replays after H are complete. Reload the full state.
   */
  public static JsonObject gone(long horizon) {
    return new JsonObject().put("gone", true).put("horizon", horizon);
  }
}
