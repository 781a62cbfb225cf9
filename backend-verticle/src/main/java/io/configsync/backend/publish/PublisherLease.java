package io.configsync.backend.publish;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.backend.db.SqlQueries;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly one backend publishes at a time: the one holding a PostgreSQL advisory lock, taken on a
 * connection of its own. The lock dies with that connection, so when the holder's process or
 * network dies another backend takes over within seconds. A standby tries again every
 * {@code retry}; the holder pings its connection as often, so that a silently broken one is noticed.
 *
 * <p>Confined to the publisher's context.
 */
final class PublisherLease {

  private static final Logger LOG = LoggerFactory.getLogger(PublisherLease.class);

  private final Vertx vertx;
  private final DatabaseUrl database;
  private final Duration retry;
  private final Runnable onAcquired;
  private final Runnable onLost;
  private PgConnection connection;
  private boolean standbyLogged;
  private boolean stopped;
  private long timer = -1;

  PublisherLease(Vertx vertx, DatabaseUrl database, Duration retry, Runnable onAcquired, Runnable onLost) {
    this.vertx = vertx;
    this.database = database;
    this.retry = retry;
    this.onAcquired = onAcquired;
    this.onLost = onLost;
  }

  void start() {
    tryAcquire();
  }

  boolean held() {
    return connection != null;
  }

  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    PgConnection held = connection;
    connection = null;
    return held == null ? Future.succeededFuture() : held.close();
  }

  private void tryAcquire() {
    if (stopped) {
      return;
    }
    PgConnection.connect(vertx, database.connectOptions())
        .compose(candidate -> candidate.query(SqlQueries.TRY_PUBLISHER_LEASE).execute()
            .map(rows -> rows.iterator().next().getBoolean("acquired"))
            .compose(acquired -> acquired ? Future.succeededFuture(candidate)
                : candidate.close().transform(v -> Future.<PgConnection>succeededFuture(null))))
        .onComplete(result -> {
          if (result.failed()) {
            LOG.warn("Cannot reach the database for the publisher lease ({}); retrying in {} ms",
                result.cause().getMessage(), retry.toMillis());
            schedule(this::tryAcquire);
          } else if (result.result() == null) {
            if (!standbyLogged) {
              LOG.info("Another backend holds the publisher lease; this one stands by");
              standbyLogged = true;
            }
            schedule(this::tryAcquire);
          } else {
            acquired(result.result());
          }
        });
  }

  private void acquired(PgConnection held) {
    if (stopped) {
      held.close();
      return;
    }
    connection = held;
    standbyLogged = false;
    held.closeHandler(v -> lost(held));
    LOG.info("This backend holds the publisher lease and publishes");
    onAcquired.run();
    schedule(this::ping);
  }

  private void ping() {
    PgConnection held = connection;
    if (held == null || stopped) {
      return;
    }
    held.query(SqlQueries.PING).execute().onComplete(result -> {
      if (result.failed()) {
        LOG.warn("The publisher lease connection failed ({}); giving up the lease", result.cause().getMessage());
        held.close();
        lost(held);
      } else {
        schedule(this::ping);
      }
    });
  }

  private void lost(PgConnection held) {
    if (connection != held) {
      return;
    }
    connection = null;
    if (!stopped) {
      LOG.warn("Lost the publisher lease; standing by until it can be taken again");
      onLost.run();
      schedule(this::tryAcquire);
    }
  }

  private void schedule(Runnable next) {
    vertx.cancelTimer(timer);
    timer = vertx.setTimer(retry.toMillis(), id -> next.run());
  }
}
