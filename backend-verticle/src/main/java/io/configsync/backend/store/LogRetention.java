package io.configsync.backend.store;

import io.configsync.backend.db.SqlQueries;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts the event log: events older than {@code maxAge}, beyond the newest {@code minEvents},
 * and already published, are deleted once a later event of the same (guild, module) supersedes
 * them. The latest event of every (guild, module) stays, so the log still folds into the state;
 * the horizon moves past what was deleted, and readers asking for older revisions get 410 Gone
 * and reload the state. Deleting is idempotent, so every backend may run it.
 */
public final class LogRetention extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(LogRetention.class);
  private static final int DELETE_CHUNK = 10_000;

  /** The rule: keep {@code maxAge} of history and at least {@code minEvents} events. */
  public record Settings(Duration maxAge, long minEvents, Duration checkInterval) {
    public static final Settings DEFAULT = new Settings(Duration.ofDays(7), 100_000, Duration.ofMinutes(1));
  }

  private final Pool pool;
  private final Settings settings;
  private long timer;
  private boolean running;

  public LogRetention(Pool pool, Settings settings) {
    this.pool = pool;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(settings.checkInterval().toMillis(), id -> compactInBackground());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void compactInBackground() {
    if (running) {
      return;
    }
    running = true;
    compact().onComplete(result -> {
      running = false;
      if (result.failed()) {
        LOG.warn("Event log retention failed this round: {}", result.cause().toString());
      }
    });
  }

  /** One compaction; the number of events deleted. */
  public Future<Long> compact() {
    return pool.preparedQuery(SqlQueries.SELECT_COMPACTION_CUTOFF)
        .execute(Tuple.of((double) settings.maxAge().toSeconds(), settings.minEvents()))
        .map(rows -> rows.iterator().next().getLong("cutoff"))
        .compose(cutoff -> cutoff <= 0 ? Future.succeededFuture(0L) : deleteUpTo(cutoff, 0));
  }

  private Future<Long> deleteUpTo(long cutoff, long deletedSoFar) {
    return pool.withTransaction(connection -> connection.preparedQuery(SqlQueries.DELETE_SUPERSEDED_EVENTS)
            .execute(Tuple.of(cutoff, DELETE_CHUNK))
            .compose(rows -> {
              Row row = rows.iterator().next();
              long deleted = row.getLong("deleted");
              return deleted == 0 ? Future.succeededFuture(row)
                  : connection.preparedQuery(SqlQueries.ADVANCE_HORIZON).execute(Tuple.of(row.getLong("last")))
                      .map(row);
            }))
        .compose(row -> {
          long deleted = row.getLong("deleted");
          long total = deletedSoFar + deleted;
          if (deleted == DELETE_CHUNK) {
            return deleteUpTo(cutoff, total);
          }
          if (total > 0) {
            LOG.info("Event log retention removed {} superseded event(s) up to revision {}", total, cutoff);
          }
          return Future.succeededFuture(total);
        });
  }
}
