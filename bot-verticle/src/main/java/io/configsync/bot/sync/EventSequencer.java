package io.configsync.bot.sync;

import io.configsync.bot.BotConfig;
import io.configsync.codecs.ModuleChangeEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies events in revision order, exactly once in effect. Events from the bus may arrive late,
 * twice or not at all: they wait here until every earlier revision is applied; a hole is filled
 * from the backend's event log; a revision already applied is ignored. At start the bot resumes
 * from its snapshot file (what it held at the revision it had applied) and catches up from the log;
 * without a usable snapshot, and whenever the log no longer reaches back far enough, the full state
 * is bulk-loaded instead.
 *
 * <p>Confined to the bot verticle's context.
 */
public final class EventSequencer {

  private static final Logger LOG = LoggerFactory.getLogger(EventSequencer.class);

  /** Bus events held while waiting for a hole to fill; beyond it they are dropped and re-fetched. */
  private static final int MAX_PENDING = 100_000;
  private static final long MAX_RETRY_DELAY_MS = 5_000;
  private static final long HEAD_GRACE_NANOS = 1_500_000_000L;
  /** A page of the log with more events than this is logged as one line, not one per event. */
  private static final int LOGGED_ONE_BY_ONE = 20;

  private final Vertx vertx;
  private final BotConfig config;
  private final ModuleLoader loader;
  private final BackendClient backend;

  private final TreeMap<Long, ModuleChangeEvent> pending = new TreeMap<>();
  /** Per module, the revision its last bulk load reflects: older events of it are already in. */
  private final Map<String, Long> loadedAt = new HashMap<>();
  private final AtomicLong applied = new AtomicLong();
  private long highestSeen;
  /** Events up to this revision came in a large page of the log: logged per page, not one by one. */
  private long replayedThrough;
  private boolean ready;
  private boolean loading;
  private boolean catchingUp;
  private int consecutiveFailures;
  private boolean stopped;

  private long outOfOrder;
  /** When the bot first saw a head it had not reached, or 0. */
  private long behindSince;
  private final Counter gapsDetected;
  private final Counter staleIgnored;
  private final Counter eventsReplayed;
  private final Counter fullReloads;
  private final Counter resumes;
  /** Null when the bot has no data dir: every start is then a full reload. */
  private final SnapshotKeeper snapshots;
  private Consumer<ModuleChangeEvent> appliedListener = event -> { };

  public EventSequencer(Vertx vertx, BotConfig config, ModuleLoader loader, BackendClient backend,
                        MeterRegistry metrics) {
    this.vertx = vertx;
    this.config = config;
    this.loader = loader;
    this.backend = backend;
    Tags tags = Tags.of("bot", config.botId());
    this.gapsDetected = Counter.builder("configsync.bot.gaps").tags(tags)
        .description("Holes in the revisions received from the bus").register(metrics);
    this.staleIgnored = Counter.builder("configsync.bot.stale").tags(tags)
        .description("Events ignored as already applied").register(metrics);
    this.eventsReplayed = Counter.builder("configsync.bot.replayed").tags(tags)
        .description("Events fetched from the backend's log to fill holes").register(metrics);
    this.fullReloads = Counter.builder("configsync.bot.reloads").tags(tags)
        .description("Full state loads").register(metrics);
    this.resumes = Counter.builder("configsync.bot.resumes").tags(tags)
        .description("Starts that resumed from the snapshot file instead of a full load").register(metrics);
    this.snapshots = config.dataDir() == null ? null : new SnapshotKeeper(vertx,
        new BotSnapshotFile(config.dataDir(), config.botId(), config.shards(), loader.moduleIds()),
        config.snapshotInterval(),
        () -> ready && !loading ? applied.get() : -1, loader::snapshotEntries);
    Gauge.builder("configsync.bot.applied.revision", applied, AtomicLong::get).tags(tags)
        .description("Every revision up to this one is applied").register(metrics);
  }

  /**
   * Resumes from the snapshot file if there is a usable one, else loads the full state of every
   * module; then applies what arrived meanwhile.
   */
  public Future<Void> start() {
    if (snapshots == null) {
      return loadAll();
    }
    return snapshots.read()
        .compose(found -> found.map(this::resume).orElseGet(this::loadAll))
        .onSuccess(v -> snapshots.start());
  }

  /** Stops applying; saves the snapshot file one last time. */
  public Future<Void> stop() {
    stopped = true;
    return snapshots == null ? Future.succeededFuture() : snapshots.stop();
  }

  private Future<Void> loadAll() {
    Promise<Void> loaded = Promise.promise();
    loadAll(loaded);
    return loaded.future();
  }

  /**
   * Holds again what the snapshot held, goes ready at its revision and catches up from the log. If
   * the log no longer reaches back to it, {@link #fetchMissing()} falls back to a full reload.
   */
  private Future<Void> resume(BotSnapshotFile.Snapshot snapshot) {
    loader.restore(snapshot.entries());
    applied.set(snapshot.revision());
    resumes.increment();
    ready = true;
    LOG.info("Bot {} resumed for shards {} at revision {} with {} held config(s); catching up from the log",
        config.botId(), config.shards(), snapshot.revision(), snapshot.entries().size());
    drain();
    fetchMissing();
    return Future.succeededFuture();
  }

  /**
   * Called on this context with each event once everything up to its revision is applied, whether
   * it came from the bus or from the log.
   */
  public void onApplied(Consumer<ModuleChangeEvent> listener) {
    this.appliedListener = listener;
  }

  /** An event from the bus. */
  public void onEvent(ModuleChangeEvent event) {
    if (event.revision() > highestSeen + 1 && highestSeen > 0 && ready) {
      gapsDetected.increment();
      LOG.warn("Revision gap: received {} after {}; the missing events will be fetched", event.revision(), highestSeen);
    }
    highestSeen = Math.max(highestSeen, event.revision());
    if (event.revision() <= applied.get()) {
      staleIgnored.increment();
      return;
    }
    if (pending.size() >= MAX_PENDING && event.revision() > pending.lastKey()) {
      return;
    }
    pending.putIfAbsent(event.revision(), event);
    drain();
  }

  /**
   * The publisher's periodic head announcement. A bot still behind it after a grace period lost the
   * last event(s), which no later event would reveal, and fetches them.
   */
  public void onHead(long head) {
    if (!ready || head <= applied.get()) {
      behindSince = 0;
      return;
    }
    long now = System.nanoTime();
    if (behindSince == 0) {
      behindSince = now;
    } else if (now - behindSince > HEAD_GRACE_NANOS && pending.isEmpty() && !catchingUp) {
      LOG.warn("Still behind the head {} at revision {}: fetching the missing events", head, applied.get());
      behindSince = 0;
      fetchMissing();
    }
  }

  /**
   * Checks against the backend's head now, e.g. after a cluster member joined or left (bus
   * subscriptions can be lost while a partitioned cluster heals): fetches from the log whatever
   * follows the applied revision. Nothing to do while (re)loading or already catching up.
   */
  public void recheck() {
    if (!ready || loading || stopped) {
      return;
    }
    LOG.info("Re-checking against the backend's head from revision {}", applied.get());
    fetchMissing();
  }

  private void drain() {
    if (!ready) {
      return;
    }
    Map.Entry<Long, ModuleChangeEvent> next;
    while ((next = pending.firstEntry()) != null) {
      long revision = next.getKey();
      if (revision <= applied.get()) {
        pending.pollFirstEntry();
        continue;
      }
      if (revision != applied.get() + 1) {
        fetchMissing();
        return;
      }
      pending.pollFirstEntry();
      applyInOrder(next.getValue());
      appliedListener.accept(next.getValue());
    }
  }

  private void applyInOrder(ModuleChangeEvent event) {
    if (event.revision() <= applied.get()) {
      outOfOrder++;
      LOG.error("Applying revision {} after {}: out of order", event.revision(), applied.get());
    }
    applied.set(event.revision());
    if (event.revision() <= loadedAt.getOrDefault(event.moduleId(), 0L)) {
      return;
    }
    ModuleLoader.Outcome outcome = loader.apply(event);
    if (outcome == ModuleLoader.Outcome.STALE) {
      staleIgnored.increment();
    } else if (outcome == ModuleLoader.Outcome.APPLIED && event.revision() > replayedThrough) {
      LOG.info("Applied revision {}: guild {} module {} {} v{}", event.revision(), event.guildId(),
          event.moduleId(), event.action().wireName(), event.version());
    } else if (outcome == ModuleLoader.Outcome.APPLIED) {
      LOG.debug("Applied revision {} from the log: guild {} module {} {} v{}", event.revision(), event.guildId(),
          event.moduleId(), event.action().wireName(), event.version());
    }
  }

  private void fetchMissing() {
    fetchAfter(applied.get());
  }

  private void fetchAfter(long after) {
    if (catchingUp || loading || stopped) {
      return;
    }
    catchingUp = true;
    backend.eventsAfter(after, config.catchUpPageSize()).onComplete(result -> {
      catchingUp = false;
      if (result.succeeded()) {
        consecutiveFailures = 0;
        onPage(after, result.result());
      } else if (result.cause() instanceof BackendClient.RevisionGone) {
        LOG.warn("Revision {} is past the backend's retention: reloading the full state", after);
        loadAll(Promise.promise());
      } else {
        retryLater("fetching events after " + after + " failed: " + result.cause().getMessage(), this::fetchMissing);
      }
    });
  }

  /**
   * Applies a page of the log, and fetches the next while the head is still ahead. The next page
   * is asked for before this one is applied, so that the backend reads it meanwhile.
   */
  private void onPage(long after, BackendClient.EventPage page) {
    if (page.head() < after) {
      historyReplaced(after, page.head());
      return;
    }
    List<ModuleChangeEvent> events = page.events();
    eventsReplayed.increment(events.size());
    if (!events.isEmpty()) {
      long last = events.get(events.size() - 1).revision();
      if (last < page.head()) {
        fetchAfter(last);
      }
      events.forEach(event -> pending.putIfAbsent(event.revision(), event));
      boolean summarised = events.size() > LOGGED_ONE_BY_ONE;
      if (summarised) {
        replayedThrough = Math.max(replayedThrough, last);
      }
      drain();
      if (summarised) {
        LOG.info("Applied revisions {}..{} from the event log ({} event(s)); now at {} of head {}",
            events.get(0).revision(), last, events.size(), applied.get(), page.head());
      }
      if (applied.get() < page.head()) {
        fetchMissing();
      }
    } else if (after < page.head() || !pending.isEmpty()) {
      retryLater("the log has nothing after revision " + after + " yet", this::drain);
    }
  }

  /**
   * The backend's log ends before what this bot applied: its database is not the one the bot's
   * revisions came from (e.g. recreated). Nothing this bot knows of revisions holds any more.
   */
  private void historyReplaced(long after, long head) {
    LOG.warn("The backend's head {} is behind revision {} applied here: its log was replaced; reloading the full"
        + " state", head, after);
    applied.set(0);
    highestSeen = 0;
    replayedThrough = 0;
    loadedAt.clear();
    pending.clear();
    loadAll(Promise.promise());
  }

  private void loadAll(Promise<Void> done) {
    if (stopped) {
      return;
    }
    loading = true;
    ready = false;
    fullReloads.increment();
    Future<Void> chain = Future.succeededFuture();
    for (String moduleId : loader.moduleIds()) {
      chain = chain.compose(v -> {
        ModuleLoader.Loading loading = loader.startLoading(moduleId);
        return backend.bulkLoad(moduleId, config.shards(), loading::add).map(revision -> {
          loading.finish();
          loadedAt.put(moduleId, revision);
          return null;
        });
      });
    }
    chain.onComplete(result -> {
      loading = false;
      if (result.failed()) {
        retryLater("bulk load failed: " + result.cause().getMessage(), () -> loadAll(done));
        return;
      }
      consecutiveFailures = 0;
      long loadedThrough = loadedAt.values().stream().mapToLong(Long::longValue).min().orElse(applied.get());
      applied.set(Math.max(applied.get(), loadedThrough));
      ready = true;
      LOG.info("Bot {} loaded the full state for shards {} at revision {}", config.botId(), config.shards(),
          applied.get());
      done.tryComplete();
      drain();
    });
  }

  private void retryLater(String why, Runnable retry) {
    long delay = Math.min(MAX_RETRY_DELAY_MS, config.retryDelay().toMillis() << Math.min(consecutiveFailures++, 5));
    LOG.warn("{}; retrying in {} ms", why, delay);
    vertx.setTimer(delay, id -> {
      if (!stopped) {
        retry.run();
      }
    });
  }

  public long appliedRevision() {
    return applied.get();
  }

  public boolean isReady() {
    return ready;
  }

  /** {@code /bot/state}: what this bot has applied, and the digest of it. */
  public JsonObject state() {
    var digest = loader.digest();
    return new JsonObject()
        .put("botId", config.botId())
        .put("shards", config.shards().toString())
        .put("revision", applied.get())
        .put("digest", digest.digest())
        .put("count", digest.count())
        .put("outOfOrder", outOfOrder)
        .put("ready", ready)
        .put("pending", pending.size())
        .put("gapsDetected", (long) gapsDetected.count())
        .put("staleIgnored", (long) staleIgnored.count())
        .put("eventsReplayed", (long) eventsReplayed.count())
        .put("fullReloads", (long) fullReloads.count())
        .put("resumes", (long) resumes.count())
        .put("moduleFailures", loader.moduleFailures());
  }
}
