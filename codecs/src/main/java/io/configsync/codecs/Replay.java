package io.configsync.codecs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
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
     * A bridge bot's request as its gateway forwards it: scoped to the shards of the bot's session,
     * whatever it claimed. Not checked here: the backend refuses a malformed one ({@link #fromJson}).
     * Stays JSON on the bus, as every body the bridge passes on.
     */
    public static JsonObject stamped(JsonObject body, ShardSpec shards) {
      return body.copy().put("shards", shards.toString());
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
   * The reply: a {@link Page} of the log, or {@link Gone} past retention. Always sent as its JSON
   * object, never as this record: the requester may be a bridge bot, whose replies go through the
   * SockJS bridge as JSON.
   */
  public sealed interface Reply permits Page, Gone {

    JsonObject toJson();

    /** @throws IllegalArgumentException if {@code json} is neither a page nor a gone reply */
    static Reply fromJson(JsonObject json) {
      if (json == null) {
        throw new IllegalArgumentException("a replay reply is a JSON object");
      }
      return Boolean.TRUE.equals(json.getValue("gone")) ? Gone.fromJson(json) : Page.fromJson(json);
    }
  }

  /**
   * {@code {"events":[...],"head":H,"through":T}}: the events in scope after the request's
   * revision, in order; the requester has everything in scope up to {@code through} once it applied
   * them (T is the last event's revision when the page is full, the head otherwise).
   */
  public record Page(List<ModuleChangeEvent> events, long head, long through) implements Reply {

    public Page {
      events = List.copyOf(events);
    }

    @Override
    public JsonObject toJson() {
      JsonArray list = new JsonArray();
      events.forEach(event -> list.add(event.toJson()));
      return new JsonObject().put("events", list).put("head", head).put("through", through);
    }

    /** Also reads the backend's HTTP page, which has an {@code after} field besides. */
    public static Page fromJson(JsonObject json) {
      Object events = json.getValue("events");
      if (!(events instanceof JsonArray list)) {
        throw new IllegalArgumentException("a replay page has an 'events' array");
      }
      List<ModuleChangeEvent> parsed = new ArrayList<>(list.size());
      for (Object event : list) {
        if (!(event instanceof JsonObject object)) {
          throw new IllegalArgumentException("a replay page's events are JSON objects");
        }
        parsed.add(ModuleChangeEvent.fromJson(object));
      }
      return new Page(parsed, revision(json, "head"), revision(json, "through"));
    }
  }

  /**
   * {@code {"gone":true,"horizon":H}}: retention may have removed events after the revision asked
   * for; only replays after H are complete. Reload the full state.
   */
  public record Gone(long horizon) implements Reply {

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("gone", true).put("horizon", horizon);
    }

    public static Gone fromJson(JsonObject json) {
      return new Gone(revision(json, "horizon"));
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
