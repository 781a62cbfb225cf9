package io.configsync.backend;

import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A backend on a database of its own: a recording consumer on the local event bus (registered
 * before the backend starts, so it sees every event the publisher puts out), the backend served
 * over real HTTP, and JDBC access to the database for what the API does not show.
 */
final class BackendFixture {

  private static final long SMALLEST_SNOWFLAKE = 100_000_000_000_000_000L;
  private static final Random GUILD_IDS = new Random(20_240_917L);
  private static final Set<Long> GIVEN_GUILD_IDS = new HashSet<>();

  private final TestPostgres.Database database;
  private final Vertx vertx;
  private final EventRecorder events;
  private final TestBackend backend;

  private BackendFixture(TestPostgres.Database database, Vertx vertx, EventRecorder events, TestBackend backend) {
    this.database = database;
    this.vertx = vertx;
    this.events = events;
    this.backend = backend;
  }

  static Future<BackendFixture> start(Vertx vertx, TestPostgres.Database database) {
    return EventRecorder.listen(vertx).compose(recorder -> TestBackend.start(vertx, database)
        .map(backend -> new BackendFixture(database, vertx, recorder, backend)));
  }

  /**
   * The prologue of a test class sharing one backend: starts it on a fresh database, hands it to
   * {@code started}, then completes {@code ctx}.
   */
  static void startForClass(Vertx vertx, VertxTestContext ctx, Consumer<BackendFixture> started) {
    start(vertx, TestPostgres.freshDatabase()).onComplete(ctx.succeeding(fixture -> {
      started.accept(fixture);
      ctx.completeNow();
    }));
  }

  Future<Void> stop() {
    return backend.stop().compose(v -> events.stop());
  }

  TestPostgres.Database database() {
    return database;
  }

  EventRecorder events() {
    return events;
  }

  TestBackend backend() {
    return backend;
  }

  /** The backend with the admin token. */
  ApiClient api() {
    return backend.api();
  }

  /** The head revision, once the publisher has put every event up to it on the bus. */
  Future<Long> settledHead() {
    return api().head().compose(head -> events.awaitRevision(head).map(head));
  }

  /** The events published after {@code mark}, once the one with {@code revision} has arrived. */
  Future<List<ModuleChangeEvent>> publishedSince(int mark, long revision) {
    return events.awaitRevision(revision).map(all -> events.since(mark));
  }

  Future<Long> queryLong(String sql) {
    return vertx.executeBlocking(() -> queryLong(database, sql));
  }

  Future<Integer> update(String sql) {
    return vertx.executeBlocking(() -> update(database, sql));
  }

  /** Polls {@code condition} until it holds; fails after 10 s so that a test says what it waited for. */
  Future<Void> eventually(String what, Supplier<Future<Boolean>> condition) {
    Promise<Void> done = Promise.promise();
    check(what, condition, System.nanoTime() + 10_000_000_000L, done);
    return done.future();
  }

  private void check(String what, Supplier<Future<Boolean>> condition, long deadline, Promise<Void> done) {
    condition.get().onComplete(result -> {
      if (result.failed()) {
        done.fail(result.cause());
      } else if (result.result()) {
        done.complete();
      } else if (System.nanoTime() > deadline) {
        done.fail(new AssertionError("still not true after 10 s: " + what));
      } else {
        vertx.setTimer(20, id -> check(what, condition, deadline, done));
      }
    });
  }

  static long queryLong(TestPostgres.Database database, String sql) throws SQLException {
    try (Connection connection = database.connect(); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  static int update(TestPostgres.Database database, String sql) throws SQLException {
    try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
      return statement.executeUpdate(sql);
    }
  }

  /** A valid guild id never handed out before in this JVM, spread over the whole snowflake range. */
  static synchronized String newGuildId() {
    while (true) {
      long id = SMALLEST_SNOWFLAKE + (long) (GUILD_IDS.nextDouble() * (Long.MAX_VALUE - SMALLEST_SNOWFLAKE));
      if (GIVEN_GUILD_IDS.add(id)) {
        return Long.toString(id);
      }
    }
  }
}
