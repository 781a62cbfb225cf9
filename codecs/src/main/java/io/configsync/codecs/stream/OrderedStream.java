package io.configsync.codecs.stream;

import io.configsync.codecs.Backoff;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.Replay;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordering rules of the change stream, written once: applies events in revision order, each
 * once, although they may arrive late, twice or not at all.
 *
 * <ul>
 *   <li>Every message names {@code prev}, the revision of the previous message of the same stream
 *       (of the global stream, {@code revision - 1}). A message whose prev is at or before the
 *       position (everything up to it applied) is applied; a later one waits in a bounded pending
 *       buffer while the hole before it is filled from the {@link LogSource}.
 *   <li>A progress message or a head announcement says the stream went on; still behind it after a
 *       grace period, the stream lost its LAST event(s) and fetches them.
 *   <li>The log answering "gone" (retention passed the position), or a head behind the position
 *       (the history was replaced), means a full reload through the {@link FullLoader}; replies of
 *       fetches begun before it are then ignored.
 *   <li>Failures are retried with exponential backoff and jitter.
 * </ul>
 *
 * <p>Confined to its owner's context: call it there only; the {@link StreamTimer} fires there.
 */
public final class OrderedStream {

  private static final Logger LOG = LoggerFactory.getLogger(OrderedStream.class);

  /**
   * @param maxPending live events held while a hole fills; beyond it the newest are dropped (the
   *     log brings them again)
   * @param headGrace how long a head or progress may stay ahead before the events are fetched
   */
  public record Settings(int maxPending, Duration headGrace, Duration firstRetry, Duration maxRetry) {
    public Settings {
      if (maxPending < 1) {
        throw new IllegalArgumentException("maxPending must be at least 1");
      }
      Objects.requireNonNull(headGrace, "headGrace");
      Objects.requireNonNull(firstRetry, "firstRetry");
      Objects.requireNonNull(maxRetry, "maxRetry");
    }
  }

  private record Pending(ModuleChangeEvent event, long prev) {}

  private final String name;
  private final Settings settings;
  private final LogSource log;
  private final FullLoader loader;
  private final StreamSink sink;
  private final StreamTimer timer;
  private final Backoff backoff;
  private final TreeMap<Long, Pending> pending = new TreeMap<>();
  private long outOfOrder;
  private long gapsDetected;
  private long staleIgnored;
  private long eventsReplayed;
  private long fullReloads;
  private long resumes;

  private StreamPhase phase = StreamPhase.IDLE;
  /** Every revision up to it is applied, once {@link StreamPhase#ready()}. */
  private long position;
  private long highestReceived;
  /** Bumped by every reload and stop: a reply to a request of an older epoch is stale. */
  private long epoch;
  /** When the stream first saw a head it had not reached, or -1. */
  private long behindSince = -1;
  private final Promise<Void> loaded = Promise.promise();

  public OrderedStream(String name, Settings settings, LogSource log, FullLoader loader, StreamSink sink,
                       StreamTimer timer) {
    this.name = name;
    this.settings = settings;
    this.log = log;
    this.loader = loader;
    this.sink = sink;
    this.timer = timer;
    this.backoff = Backoff.exponential(settings.firstRetry(), settings.maxRetry());
  }

  /** Loads the full state; completes once the stream is ready, however many retries it took. */
  public Future<Void> load() {
    reload();
    return loaded.future();
  }

  /** Resumes at {@code revision} (e.g. from a snapshot) and catches up from the log at once. */
  public void resume(long revision) {
    resumes++;
    position = revision;
    phase = StreamPhase.LIVE;
    loaded.tryComplete();
    drain();
    fetch();
  }

  public void stop() {
    phase = StreamPhase.STOPPED;
    epoch++;
    loaded.tryFail("the stream stopped");
  }

  /** An event of the global stream, whose previous message is at {@code revision - 1}. */
  public void offer(ModuleChangeEvent event) {
    offer(event, event.revision() - 1);
  }

  /** An event whose stream's previous message is at {@code prev}. */
  public void offer(ModuleChangeEvent event, long prev) {
    if (phase == StreamPhase.STOPPED) {
      return;
    }
    long revision = event.revision();
    noteReceived(revision, prev);
    if (phase.ready() && revision <= position) {
      staleIgnored++;
    } else if (hold(revision, new Pending(event, prev))) {
      drain();
    }
  }

  /**
   * Nothing of this stream happened after {@code prev} up to {@code revision}: if {@code prev} is
   * applied, so is everything up to {@code revision}; otherwise the event at {@code prev} was lost.
   */
  public void progress(long revision, long prev) {
    if (!phase.ready()) {
      return;
    }
    if (prev > position) {
      onHead(prev);
      return;
    }
    position = Math.max(position, revision);
    behindSince = -1;
    drain();
  }

  /** The newest revision in existence: still behind it after the grace period, fetch. */
  public void onHead(long head) {
    if (phase != StreamPhase.LIVE || head <= position) {
      behindSince = -1;
      return;
    }
    long now = timer.nanoTime();
    if (behindSince < 0 && !settings.headGrace().isZero()) {
      behindSince = now;
    } else if (now - behindSince >= settings.headGrace().toNanos()) {
      LOG.warn("{}: still behind the head {} at revision {}: fetching the missing events", name, head, position);
      behindSince = -1;
      fetch();
    }
  }

  /** Checks against the log now (e.g. after a cluster member joined or left); nothing while busy. */
  public void recheck() {
    if (phase == StreamPhase.LIVE) {
      LOG.info("{}: re-checking against the log from revision {}", name, position);
      fetch();
    }
  }

  public StreamPhase phase() {
    return phase;
  }

  public long position() {
    return position;
  }

  public int pendingCount() {
    return pending.size();
  }

  public StreamCounts counts() {
    return new StreamCounts(outOfOrder, gapsDetected, staleIgnored, eventsReplayed, fullReloads, resumes);
  }

  private void noteReceived(long revision, long prev) {
    if (revision < highestReceived) {
      outOfOrder++;
    }
    if (phase.ready() && highestReceived > 0 && prev > highestReceived) {
      gapsDetected++;
      LOG.warn("{}: revision gap: received {} after {}; the missing events will be fetched", name, revision,
          highestReceived);
    }
    highestReceived = Math.max(highestReceived, revision);
  }

  /** False if the buffer is full and this is the newest: the log will bring it. */
  private boolean hold(long revision, Pending message) {
    if (pending.size() >= settings.maxPending()) {
      if (revision > pending.lastKey()) {
        return false;
      }
      pending.pollLastEntry();
    }
    pending.putIfAbsent(revision, message);
    return true;
  }

  private void drain() {
    if (!phase.ready()) {
      return;
    }
    Map.Entry<Long, Pending> next;
    while ((next = pending.firstEntry()) != null) {
      Pending message = next.getValue();
      if (message.event().revision() <= position) {
        pending.pollFirstEntry();
      } else if (message.prev() <= position) {
        pending.pollFirstEntry();
        applyInOrder(message.event(), 0);
      } else {
        fetch();
        return;
      }
    }
  }

  private void applyInOrder(ModuleChangeEvent event, int pageSize) {
    position = event.revision();
    sink.apply(event, pageSize);
  }

  private void fetch() {
    if (phase != StreamPhase.LIVE) {
      return;
    }
    fetchAfter(position);
  }

  private void fetchAfter(long after) {
    phase = StreamPhase.CATCHING_UP;
    onReply(after, log.after(after));
  }

  private void onReply(long after, Future<Replay.Reply> reply) {
    long requested = epoch;
    reply.onComplete(result -> {
      if (requested != epoch) {
        return;
      }
      if (result.failed()) {
        retryLater("fetching events after " + after + " failed: " + result.cause().getMessage(),
            () -> fetchAfter(position));
      } else if (result.result() instanceof Replay.Page page) {
        onPage(after, page);
      } else {
        LOG.warn("{}: revision {} is past the log's retention: reloading the full state", name, after);
        reload();
      }
    });
  }

  /**
   * Applies a page of the log. While the head is still ahead, the next page is asked for before
   * this one is applied, so that the log is read meanwhile; its reply is handled after this page.
   */
  private void onPage(long after, Replay.Page page) {
    if (page.head() < after) {
      historyReplaced(after, page.head());
      return;
    }
    eventsReplayed += page.events().size();
    boolean moreToFetch = page.through() > after && page.through() < page.head();
    Future<Replay.Reply> next = moreToFetch ? log.after(page.through()) : null;
    applyPage(page);
    if (next != null) {
      onReply(page.through(), next);
    } else if (position < page.head() && page.through() <= after) {
      retryLater("the log has nothing after revision " + after + " yet", () -> fetchAfter(position));
    } else {
      backoff.succeeded();
      phase = StreamPhase.LIVE;
      drain();
    }
  }

  private void applyPage(Replay.Page page) {
    List<ModuleChangeEvent> events = page.events();
    for (ModuleChangeEvent event : events) {
      if (event.revision() > position) {
        applyInOrder(event, events.size());
      }
    }
    position = Math.max(position, page.through());
    sink.pageApplied(page, position);
  }

  /**
   * The log ends before what this stream applied: it is not the log the stream's revisions came
   * from (e.g. a recreated database). Nothing known of revisions holds any more.
   */
  private void historyReplaced(long after, long head) {
    LOG.warn("{}: the log's head {} is behind revision {} applied here: the log was replaced; reloading the"
        + " full state", name, head, after);
    position = 0;
    highestReceived = 0;
    pending.clear();
    reload();
  }

  private void reload() {
    if (phase == StreamPhase.STOPPED) {
      return;
    }
    epoch++;
    phase = StreamPhase.LOADING;
    behindSince = -1;
    loadOnce();
  }

  private void loadOnce() {
    fullReloads++;
    long requested = epoch;
    loader.load().onComplete(result -> {
      if (requested != epoch) {
        return;
      }
      if (result.failed()) {
        retryLater("full load failed: " + result.cause().getMessage(), this::loadOnce);
        return;
      }
      backoff.succeeded();
      position = Math.max(position, result.result());
      phase = StreamPhase.LIVE;
      loaded.tryComplete();
      drain();
    });
  }

  private void retryLater(String why, Runnable retry) {
    long delay = backoff.nextDelayMs();
    long requested = epoch;
    LOG.warn("{}: {}; retrying in {} ms", name, why, delay);
    timer.schedule(delay, () -> {
      if (requested == epoch) {
        retry.run();
      }
    });
  }
}
