package io.configsync.codecs.stream;

import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.Replay;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The source of truth for the engine's tests: an event log with a retention horizon, answering
 * pages at once or when the test releases them, and the full state at its head.
 */
final class ScriptedLog implements LogSource, FullLoader {

  private final List<ModuleChangeEvent> events = new ArrayList<>();
  private final Deque<Runnable> held = new ArrayDeque<>();
  final List<Long> requests = new ArrayList<>();
  int pageSize = 1_000;
  long horizon;
  /** When set, replies wait in {@link #held} until {@link #releaseNext()}. */
  boolean holdReplies;
  int failNext;
  int loads;
  /** What the sink holds once a load is done. */
  private final RecordingSink sink;

  ScriptedLog(RecordingSink sink) {
    this.sink = sink;
  }

  static ModuleChangeEvent event(long revision, String guild, long version) {
    return new ModuleChangeEvent(revision, guild, "welcome", ModuleAction.CONFIG_UPDATED,
        new JsonObject().put("v", version), version, Instant.EPOCH, ModuleChangeEvent.ORIGIN_BACKEND);
  }

  /** Commits the next revision, for {@code guild}. */
  ModuleChangeEvent commit(String guild) {
    ModuleChangeEvent event = event(++head, guild, head);
    events.add(event);
    return event;
  }

  /** Commits a revision of another stream: it takes a revision, but this stream's log skips it. */
  void skipRevision() {
    head++;
  }

  private long head;

  long head() {
    return head;
  }

  /** The state at the head: the last event of every (guild, module). */
  Map<String, ModuleChangeEvent> state() {
    Map<String, ModuleChangeEvent> state = new LinkedHashMap<>();
    events.forEach(event -> state.put(RecordingSink.key(event), event));
    return state;
  }

  @Override
  public Future<Replay.Reply> after(long revision) {
    requests.add(revision);
    return answer(() -> page(revision));
  }

  @Override
  public Future<Long> load() {
    loads++;
    return answer(() -> {
      long head = head();
      sink.replaceWith(state());
      return head;
    });
  }

  private Replay.Reply page(long after) {
    if (after < horizon) {
      return new Replay.Gone(horizon);
    }
    List<ModuleChangeEvent> page = events.stream().filter(e -> e.revision() > after).limit(pageSize).toList();
    long through = page.size() == pageSize ? page.get(page.size() - 1).revision() : Math.max(after, head());
    return new Replay.Page(page, head(), through);
  }

  private <T> Future<T> answer(java.util.function.Supplier<T> reply) {
    Promise<T> promise = Promise.promise();
    Runnable complete = () -> {
      if (failNext > 0) {
        failNext--;
        promise.fail("scripted failure");
      } else {
        promise.complete(reply.get());
      }
    };
    if (holdReplies) {
      held.add(complete);
    } else {
      complete.run();
    }
    return promise.future();
  }

  /** Answers the oldest held request, as the log is now. */
  void releaseNext() {
    held.removeFirst().run();
  }

  int heldCount() {
    return held.size();
  }
}
