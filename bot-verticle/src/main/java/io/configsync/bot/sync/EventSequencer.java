package io.configsync.bot.sync;

import io.configsync.bot.BotConfig;
import io.configsync.codecs.Backoff;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.Replay;
import io.configsync.codecs.RevisionLines;
import io.configsync.codecs.stream.OrderedStream;
import io.configsync.codecs.stream.StreamCounts;
import io.configsync.codecs.stream.StreamPhase;
import io.configsync.codecs.stream.StreamSink;
import io.configsync.codecs.stream.StreamTimer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's side of the change stream: an {@link OrderedStream} over the global stream, whose holes
 * are filled from the backend's HTTP event log and whose full reload is the bulk load of every
 * module. At start the bot resumes from its snapshot file (what it held at the revision it had
 * applied) and catches up from the log; without a usable snapshot, and whenever the log no longer
 * reaches back far enough, the full state is bulk-loaded instead.
 *
 * <p>Confined to the bot verticle's context.
 */
public final class EventSequencer {

  private static final Logger LOG = LoggerFactory.getLogger(EventSequencer.class);

  /** Bus events held while waiting for a hole to fill; beyond it they are dropped and re-fetched. */
  private static final int MAX_PENDING = 100_000;
  private static final Duration HEAD_GRACE = Duration.ofMillis(1_500);
  /** A page of the log with more events than this is logged as one line, not one per event. */
  private static final int LOGGED_ONE_BY_ONE = 20;

  private final BotConfig config;
  private final ModuleLoader loader;
  private final BackendClient backend;
  private final OrderedStream stream;
  /** Per module, the revision its last bulk load reflects: older events of it are already in. */
  private final Map<String, Long> loadedAt = new HashMap<>();
  /**
   * The configs of the log pages fetched and not applied yet, by identity, with the compact JSON
   * they were read from: held as they came instead of encoded again. Emptied as pages are applied.
   */
  private final Map<JsonObject, CompactJson> logTexts = new IdentityHashMap<>();
  /** Events the loader found already applied (a newer version of the config is held). */
  private long staleApplies;
  /** Null when the bot has no data dir: every start is then a full reload. */
  private final SnapshotKeeper snapshots;
  private Consumer<ModuleChangeEvent> appliedListener = event -> { };
  private long settledAtStop = -1;
  private final RevisionLines appliedLines;

  public EventSequencer(Vertx vertx, BotConfig config, ModuleLoader loader, BackendClient backend,
                        MeterRegistry metrics) {
    this.config = config;
    this.loader = loader;
    this.backend = backend;
    this.stream = new OrderedStream("bot " + config.botId(),
        new OrderedStream.Settings(MAX_PENDING, HEAD_GRACE, config.retryDelay(), Backoff.DEFAULT_MAX),
        after -> backend.eventsAfter(after, config.catchUpPageSize(), logTexts::put), this::loadAll, new Applier(),
        StreamTimer.of(vertx));
    this.appliedLines = new RevisionLines(vertx, Duration.ofSeconds(1), "Applied", LOG::info);
    this.snapshots = config.dataDir() == null ? null : new SnapshotKeeper(vertx,
        new BotSnapshotFile(config.dataDir(), config.botId(), config.shards(), loader.moduleIds()),
        config.snapshotInterval(), this::settledRevision, loader::snapshotEntries);
    registerMetrics(metrics, Tags.of("bot", config.botId()));
  }

  private void registerMetrics(MeterRegistry metrics, Tags tags) {
    counter(metrics, tags, "configsync.bot.gaps", "Holes in the revisions received from the bus",
        s -> s.stream.counts().gapsDetected());
    counter(metrics, tags, "configsync.bot.stale", "Events ignored as already applied", s -> s.staleIgnored());
    counter(metrics, tags, "configsync.bot.replayed", "Events fetched from the backend's log to fill holes",
        s -> s.stream.counts().eventsReplayed());
    counter(metrics, tags, "configsync.bot.reloads", "Full state loads", s -> s.stream.counts().fullReloads());
    counter(metrics, tags, "configsync.bot.resumes",
        "Starts that resumed from the snapshot file instead of a full load", s -> s.stream.counts().resumes());
    Gauge.builder("configsync.bot.applied.revision", this, EventSequencer::appliedRevision).tags(tags)
        .description("Every revision up to this one is applied").register(metrics);
  }

  private void counter(MeterRegistry metrics, Tags tags, String name, String description,
                       ToDoubleFunction<EventSequencer> count) {
    FunctionCounter.builder(name, this, count).tags(tags).description(description).register(metrics);
  }

  /**
   * Resumes from the snapshot file if there is a usable one, else loads the full state of every
   * module; then applies what arrived meanwhile.
   */
  public Future<Void> start() {
    if (snapshots == null) {
      return stream.load();
    }
    return snapshots.read()
        .compose(found -> found.map(this::resume).orElseGet(stream::load))
        .onSuccess(v -> snapshots.start());
  }

  /** Stops applying; saves the snapshot file one last time. */
  public Future<Void> stop() {
    settledAtStop = settledRevision();
    stream.stop();
    return snapshots == null ? Future.succeededFuture() : snapshots.stop();
  }

  /**
   * Holds again what the snapshot held, goes ready at its revision and catches up from the log. If
   * the log no longer reaches back to it, the stream falls back to a full reload.
   */
  private Future<Void> resume(BotSnapshotFile.Snapshot snapshot) {
    loader.restore(snapshot.entries());
    LOG.info("Bot {} resumed for shards {} at revision {} with {} held config(s); catching up from the log",
        config.botId(), config.shards(), snapshot.revision(), snapshot.entries().size());
    stream.resume(snapshot.revision());
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
    stream.offer(event);
  }

  /**
   * The publisher's periodic head announcement. A bot still behind it after a grace period lost the
   * last event(s), which no later event would reveal, and fetches them.
   */
  public void onHead(long head) {
    stream.onHead(head);
  }

  /**
   * Checks against the backend's head now, e.g. after a cluster member joined or left (bus
   * subscriptions can be lost while a partitioned cluster heals): fetches from the log whatever
   * follows the applied revision. Nothing to do while (re)loading or already catching up.
   */
  public void recheck() {
    stream.recheck();
  }

  /** Bulk-loads every module in turn; completes with the revision all of them reflect at least. */
  private Future<Long> loadAll() {
    loadedAt.clear();
    logTexts.clear(); // of pages whose replies the stream now ignores
    Future<Void> chain = Future.succeededFuture();
    for (String moduleId : loader.moduleIds()) {
      chain = chain.compose(v -> loadModule(moduleId));
    }
    return chain.map(v -> {
      long loadedThrough = loadedAt.values().stream().mapToLong(Long::longValue).min().orElse(stream.position());
      LOG.info("Bot {} loaded the full state for shards {} at revision {}", config.botId(), config.shards(),
          Math.max(loadedThrough, stream.position()));
      return loadedThrough;
    });
  }

  private Future<Void> loadModule(String moduleId) {
    var items = loader.startLoading(moduleId);
    return backend.bulkLoad(moduleId, config.shards(), items::add).map(revision -> {
      items.finish();
      loadedAt.put(moduleId, revision);
      return null;
    });
  }

  /** Applies the events the stream hands over in order, logging a large page of the log as one line. */
  private final class Applier implements StreamSink {

    @Override
    public void apply(ModuleChangeEvent event, int pageSize) {
      CompactJson text = event.config() == null ? null : logTexts.remove(event.config());
      if (event.revision() > loadedAt.getOrDefault(event.moduleId(), 0L)) {
        log(loader.apply(event, text), event, pageSize);
      }
      appliedListener.accept(event);
    }

    private void log(ModuleLoader.Outcome outcome, ModuleChangeEvent event, int pageSize) {
      if (outcome == ModuleLoader.Outcome.STALE) {
        staleApplies++;
      } else if (outcome == ModuleLoader.Outcome.APPLIED && pageSize <= LOGGED_ONE_BY_ONE) {
        appliedLines.add(event.revision(), () -> "Applied revision " + event.revision() + ": guild "
            + event.guildId() + " module " + event.moduleId() + " " + event.action().wireName() + " v"
            + event.version());
      } else if (outcome == ModuleLoader.Outcome.APPLIED && LOG.isDebugEnabled()) {
        LOG.debug("Applied revision {} from the log: guild {} module {} {} v{}", event.revision(),
            event.guildId(), event.moduleId(), event.action().wireName(), event.version());
      }
    }

    @Override
    public void pageApplied(Replay.Page page, long position) {
      page.events().forEach(event -> logTexts.remove(event.config())); // those of events skipped as applied
      if (logTexts.size() > 2 * config.catchUpPageSize()) {
        logTexts.clear(); // of pages whose replies came after a reload: their events are then encoded again
      }
      if (page.events().size() > LOGGED_ONE_BY_ONE) {
        LOG.info("Applied revisions {}..{} from the event log ({} event(s)); now at {} of head {}",
            page.events().get(0).revision(), page.events().get(page.events().size() - 1).revision(),
            page.events().size(), position, page.head());
      }
    }
  }

  public long appliedRevision() {
    return stream.position();
  }

  public boolean isReady() {
    return stream.phase().ready();
  }

  /** The applied revision if what is held reflects exactly it (nothing half loaded), else -1. */
  private long settledRevision() {
    if (stream.phase() == StreamPhase.STOPPED) {
      return settledAtStop;
    }
    return stream.phase().ready() ? stream.position() : -1;
  }

  private long staleIgnored() {
    return stream.counts().staleIgnored() + staleApplies;
  }

  /** {@code /bot/state}: what this bot has applied, and the digest of it. */
  public JsonObject state() {
    var digest = loader.digest();
    StreamCounts counts = stream.counts();
    return new JsonObject()
        .put("botId", config.botId())
        .put("shards", config.shards().toString())
        .put("revision", stream.position())
        .put("digest", digest.digest())
        .put("count", digest.count())
        .put("outOfOrder", counts.outOfOrder())
        .put("ready", isReady())
        .put("pending", stream.pendingCount())
        .put("gapsDetected", counts.gapsDetected())
        .put("staleIgnored", staleIgnored())
        .put("eventsReplayed", counts.eventsReplayed())
        .put("fullReloads", counts.fullReloads())
        .put("resumes", counts.resumes())
        .put("moduleFailures", loader.moduleFailures());
  }
}
