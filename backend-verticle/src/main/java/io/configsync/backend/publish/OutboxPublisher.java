package io.configsync.backend.publish;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.backend.db.SqlQueries;
import io.configsync.backend.store.ModuleStateReader;
import io.configsync.codecs.Addresses;
import io.configsync.codecs.Backoff;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ModuleChanges;
import io.configsync.codecs.RevisionHead;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts committed events on {@link Addresses#MODULE_CHANGES} in revision order, never skipping one:
 * the events of one commit in one message (at most {@link #EVENTS_PER_MESSAGE}).
 *
 * <p>The events this backend's writer commits are handed over in memory ({@link #committed}) and
 * published at once when they follow the last revision published. Everything else comes from the
 * event log, read after the last revision published, so nothing committed is ever lost:
 * <ul>
 *   <li>a NOTIFY from the writer of another backend wakes it within a millisecond of a commit (the
 *       writer of the leading backend sends none: its commits are handed over);
 *   <li>a periodic poll covers lost notifications, and a commit handed over just as the lease
 *       changed hands;
 *   <li>its position is saved every poll, so that a restart resumes where it stopped
 *       (re-publishing at most what was published since the last save, which bots ignore as
 *       already applied). Saving once per poll rather than once per commit spares the database a
 *       flushed commit per write.
 * </ul>
 * Any failure is retried with backoff from the last revision published. Every poll it also
 * announces the head on {@link Addresses#REVISION_HEAD}, so that a consumer that lost the last
 * event notices.
 *
 * <p>Several backends may share a database; only the holder of the {@link PublisherLease}
 * publishes, and another takes over from the saved position when it dies.
 *
 * <p>Confined to the context it is started on, which should be the writer's: a commit then reaches
 * the bus without a hand-off to another event loop.
 */
public final class OutboxPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxPublisher.class);
  private static final long STOP_DRAIN_SECONDS = 5;
  /** Bounds a message (and what each node decodes at once) when a whole page of the log goes out. */
  static final int EVENTS_PER_MESSAGE = 64;

  /** How the publisher paces itself. */
  public record Settings(Duration pollInterval, int batchSize) {
    public static final Settings DEFAULT = new Settings(Duration.ofSeconds(1), 1_000);
  }

  private final DatabaseUrl database;
  private final Pool pool;
  private final ModuleStateReader reader;
  private final Settings settings;
  private final AtomicLong position = new AtomicLong();
  private final Timer publishDelay;
  private final Counter published;
  private final Counter failures;

  private PgSubscriber subscriber;
  private PublisherLease lease;
  /** Read by this backend's writer before each commit, on this context when deployed as intended. */
  private volatile boolean leading;
  private long pollTimer;
  private boolean reading;
  private boolean readAgain;
  private boolean savingPosition;
  private boolean positionDirty;
  private long savedPosition;
  /** The retries of a failed publishing round, and the reconnects of the notification channel. */
  private final Backoff retries = Backoff.exponential(Duration.ofMillis(100));
  private final Backoff reconnects = Backoff.exponential(Duration.ofMillis(100));
  private boolean stopped;

  private final Vertx vertx;
  private Context context;

  public OutboxPublisher(Vertx vertx, DatabaseUrl database, Pool pool, Settings settings, MeterRegistry metrics) {
    this.vertx = vertx;
    this.database = database;
    this.pool = pool;
    this.reader = new ModuleStateReader(pool);
    this.settings = settings;
    this.publishDelay = Timer.builder("configsync.publisher.delay")
        .description("Commit to publish on the event bus").publishPercentileHistogram().register(metrics);
    this.published = Counter.builder("configsync.publisher.events").description("Events published").register(metrics);
    this.failures = Counter.builder("configsync.publisher.failures")
        .description("Publish rounds that failed and were retried").register(metrics);
    Gauge.builder("configsync.publisher.position", position, AtomicLong::get)
        .description("Last revision published").register(metrics);
  }

  /** Starts publishing (once it holds the lease); call it on the context it is to be confined to. */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    lease = new PublisherLease(vertx, database, settings.pollInterval(), this::resume, this::standBy);
    return listenForCommits().onSuccess(v -> {
      pollTimer = vertx.setPeriodic(settings.pollInterval().toMillis(), id -> {
        publishPending();
        announceHead();
        if (leading && savedPosition < position.get()) {
          savePositionSoon();
        }
      });
      lease.start();
    });
  }

  /** Publishes what is committed if it leads, then lets go of the lease; call it on its context. */
  public Future<Void> stop() {
    vertx.cancelTimer(pollTimer);
    Future<Void> drained = leading
        ? publishRemaining().timeout(STOP_DRAIN_SECONDS, TimeUnit.SECONDS)
            .onSuccess(v -> LOG.info("Publisher stopping: published everything committed, through revision {}",
                position.get()))
            .onFailure(e -> LOG.warn("Publisher stopping at revision {} without publishing all that is committed"
                + " ({}); the next publisher will", position.get(), e.toString()))
            .otherwiseEmpty()
        : Future.succeededFuture();
    return drained.compose(v -> {
      stopped = true;
      leading = false;
      Future<Void> subscriberClosed = subscriber == null ? Future.succeededFuture() : subscriber.close();
      return Future.join(subscriberClosed, lease.stop()).mapEmpty();
    });
  }

  /**
   * A clean stop leaves no committed event unpublished (the next publisher would, but later), and
   * saves the position once at the end.
   */
  private Future<Void> publishRemaining() {
    return publishPagesAfterPosition().compose(v -> savePosition());
  }

  private Future<Void> publishPagesAfterPosition() {
    return reader.eventsAfter(position.get(), settings.batchSize())
        .map(page -> publishInOrder(page.events()))
        .compose(count -> count == settings.batchSize() ? publishPagesAfterPosition() : Future.succeededFuture());
  }

  /**
   * True while this backend holds the lease and publishes, what it is handed over ({@link
   * #committed}) included.
   */
  public boolean leading() {
    return leading;
  }

  /** Took the lease: resume from where the last publisher, in any backend, saved its position. */
  private void resume() {
    pool.query(SqlQueries.SELECT_PUBLISHER_POSITION).execute()
        .map(rows -> rows.iterator().next())
        .onSuccess(row -> {
          long saved = row.getLong(0);
          long resumeAfter = resumePosition(saved, row.getLong(1));
          position.set(resumeAfter);
          savedPosition = saved;
          leading = lease.held();
          LOG.info("Publisher resumes after revision {}", resumeAfter);
          publishPending();
        })
        .onFailure(e -> retryLater(e, this::resume));
  }

  /**
   * Where to resume: the saved position, unless this publisher already published further (its last
   * round's save failed, e.g. the database went away) and the log still reaches that far; publishing
   * those events again would send bots revisions they already passed.
   */
  private long resumePosition(long saved, long head) {
    long published = position.get();
    return published > saved && published <= head ? published : saved;
  }

  private void standBy() {
    leading = false;
  }

  /** The last revision put on the bus. */
  public long position() {
    return position.get();
  }

  private Future<Void> listenForCommits() {
    subscriber = PgSubscriber.subscriber(vertx, database.connectOptions())
        .reconnectPolicy(reconnects::delayForAttempt);
    subscriber.channel(SqlQueries.EVENTS_CHANNEL)
        .handler(this::notified)
        .subscribeHandler(v -> publishPending());
    subscriber.closeHandler(v -> {
      if (!stopped) {
        LOG.warn("Lost the database notification channel; polling every {} ms until it is back",
            settings.pollInterval().toMillis());
      }
    });
    return subscriber.connect();
  }

  /** A NOTIFY carries the last revision of a commit: nothing to read if it was handed over already. */
  private void notified(String revision) {
    try {
      if (Long.parseLong(revision) <= position.get()) {
        return;
      }
    } catch (NumberFormatException e) {
      // not ours to judge: read the log
    }
    publishPending();
  }

  /**
   * Events this backend's writer just committed, in revision order; may be called from any thread.
   * Published at once if they follow the last revision published; otherwise (another backend
   * committed in between, or this one is catching up) the log is read instead.
   *
   * <p>Why: reading each commit back from the log costs a NOTIFY, a query and decoding every event
   * again, on the path from commit to bots.
   */
  public void committed(List<ModuleChangeEvent> events) {
    if (context == null || events.isEmpty()) {
      return;
    }
    if (Vertx.currentContext() == context) {
      publishCommitted(events);
    } else {
      context.runOnContext(v -> publishCommitted(events));
    }
  }

  private void publishCommitted(List<ModuleChangeEvent> events) {
    if (stopped || !leading || events.get(events.size() - 1).revision() <= position.get()) {
      return;
    }
    if (events.get(0).revision() > position.get() + 1) {
      publishPending();
      return;
    }
    publishInOrder(events);
  }

  private void publishPending() {
    if (stopped || !leading) {
      return;
    }
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    readAgain = false;
    reader.eventsAfter(position.get(), settings.batchSize())
        .map(page -> publishInOrder(page.events()))
        .onComplete(result -> {
          reading = false;
          if (result.failed()) {
            retryLater(result.cause(), this::publishPending);
          } else {
            retries.succeeded();
            if (result.result() == settings.batchSize() || readAgain) {
              publishPending();
            }
          }
        });
  }

  /** @return how many events the page held, published now or handed over before */
  private int publishInOrder(List<ModuleChangeEvent> events) {
    List<ModuleChangeEvent> next = new ArrayList<>(Math.min(events.size(), EVENTS_PER_MESSAGE));
    for (ModuleChangeEvent event : events) {
      if (event.revision() <= position.get() + next.size()) {
        continue;
      }
      long expected = position.get() + next.size() + 1;
      if (event.revision() != expected) {
        throw new IllegalStateException("event log has revision " + event.revision() + " where "
            + expected + " was expected");
      }
      next.add(event);
      if (next.size() == EVENTS_PER_MESSAGE) {
        publish(next);
        next.clear();
      }
    }
    if (!next.isEmpty()) {
      publish(next);
    }
    return events.size();
  }

  private void publish(List<ModuleChangeEvent> events) {
    if (!leading) {
      throw new IllegalStateException("the publisher lease was lost");
    }
    ModuleChanges changes = new ModuleChanges(events);
    vertx.eventBus().publish(Addresses.MODULE_CHANGES, changes);
    position.set(changes.lastRevision());
    published.increment(events.size());
    Instant now = Instant.now();
    for (ModuleChangeEvent event : events) {
      publishDelay.record(Duration.between(event.timestamp(), now));
      LOG.debug("Published revision {}: guild {} module {} {} v{}", event.revision(), event.guildId(),
          event.moduleId(), event.action().wireName(), event.version());
    }
  }

  /** Lets consumers that lost the last event notice that they are behind. */
  private void announceHead() {
    if (leading && position.get() > 0) {
      vertx.eventBus().publish(Addresses.REVISION_HEAD, new RevisionHead(position.get()));
    }
  }

  /**
   * Saves the position without holding up publishing: one save at a time, the latest position
   * once the one in flight is done. A failed save is retried by the next one; until then a
   * restart re-publishes a little more.
   */
  private void savePositionSoon() {
    if (savingPosition) {
      positionDirty = true;
      return;
    }
    savingPosition = true;
    positionDirty = false;
    long saving = position.get();
    savePosition().onComplete(result -> {
      savingPosition = false;
      if (result.succeeded()) {
        savedPosition = Math.max(savedPosition, saving);
      } else {
        LOG.warn("Saving the publisher position {} failed: {}", position.get(), result.cause().toString());
      }
      if (positionDirty && !stopped) {
        savePositionSoon();
      }
    });
  }

  private Future<Void> savePosition() {
    return pool.preparedQuery(SqlQueries.SAVE_PUBLISHER_POSITION).execute(Tuple.of(position.get())).mapEmpty();
  }

  private void retryLater(Throwable cause, Runnable retry) {
    if (stopped || !lease.held()) {
      return;
    }
    failures.increment();
    long delay = retries.nextDelayMs();
    LOG.warn("Publishing after revision {} failed ({}); retrying in {} ms", position.get(), cause.toString(), delay);
    vertx.setTimer(delay, id -> retry.run());
  }
}
