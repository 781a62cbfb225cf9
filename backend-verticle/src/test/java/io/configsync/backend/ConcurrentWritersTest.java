package io.configsync.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ModuleConfigs;
import io.configsync.testkit.TestPostgres;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many writers at once: revisions stay gapless, become visible in commit order, and each (guild,
 * module) gets versions 1..n, while the writer groups concurrent writes into shared commits.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Concurrent writers")
class ConcurrentWritersTest {

  private static final int CLIENTS = 8;
  private static final int WRITES_PER_CLIENT = 250;
  private static final int TOTAL_WRITES = CLIENTS * WRITES_PER_CLIENT;
  private static final int GUILDS = 50;
  private static final List<String> MODULES = List.of("welcome", "automod");
  /** Keys 0..79 belong to one client each (10 per client); keys 80..99 are written by every client. */
  private static final int OWN_KEYS_PER_CLIENT = 10;
  private static final int FIRST_SHARED_KEY = CLIENTS * OWN_KEYS_PER_CLIENT;
  private static final int SHARED_KEYS = GUILDS * MODULES.size() - FIRST_SHARED_KEY;

  private static BackendFixture fixture;

  private record Key(String guildId, String moduleId) {}

  private record LoggedEvent(long revision, Key key, long version) {}

  @BeforeAll
  static void startBackend(Vertx vertx, VertxTestContext ctx) {
    BackendFixture.startForClass(vertx, ctx, started -> fixture = started);
  }

  @AfterAll
  static void stopBackend(VertxTestContext ctx) {
    fixture.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  @DisplayName("8 clients × 250 PUTs on shared keys: revisions 1..2000 without a gap or a visible hole, versions 1..n per key, all published in order, commits grouped")
  void concurrentWritesStayGaplessAndOrdered(Vertx vertx, VertxTestContext ctx) {
    List<Key> keys = new ArrayList<>();
    for (int g = 0; g < GUILDS; g++) {
      String guildId = BackendFixture.newGuildId();
      MODULES.forEach(moduleId -> keys.add(new Key(guildId, moduleId)));
    }
    // GIVEN a reader on its own connection that watches the log while the writes go on
    HolePoller poller = new HolePoller(fixture.database(), TOTAL_WRITES);
    poller.start();

    // WHEN 8 clients each send 250 PUTs, one after the other, all at the same time
    List<Future<List<Long>>> clients = new ArrayList<>();
    for (int client = 0; client < CLIENTS; client++) {
      clients.add(writeSequentially(fixture.backend().newClient(), client, keys, 0, new ArrayList<>()));
    }

    Future.all(clients)
        .eventually(() -> vertx.executeBlocking(() -> {
          poller.stop();
          return null;
        }))
        .compose(all -> {
          // THEN each client saw its own writes committed in increasing revision order
          List<Long> everyRevision = new ArrayList<>();
          for (int client = 0; client < CLIENTS; client++) {
            List<Long> revisions = clients.get(client).result();
            assertThat(revisions).as("revisions seen by client %d", client).hasSize(WRITES_PER_CLIENT)
                .isSorted().doesNotHaveDuplicates();
            everyRevision.addAll(revisions);
          }
          assertThat(everyRevision).containsExactlyInAnyOrderElementsOf(revisions(1, TOTAL_WRITES));
          // THEN a reader never saw a revision before an earlier one was visible
          assertThat(poller.failure()).isNull();
          assertThat(poller.holes()).as("moments where count(*) != max(revision)").isEmpty();
          assertThat(poller.pollsWhileWriting()).as("polls that saw a partly written log").isPositive();
          return vertx.executeBlocking(() -> readLog(fixture.database()));
        })
        .compose(log -> {
          // THEN the log holds exactly revisions 1..2000, and every key versions 1..n in revision order
          assertThat(log).extracting(LoggedEvent::revision).containsExactlyElementsOf(revisions(1, TOTAL_WRITES));
          Map<Key, List<Long>> versionsByKey = log.stream().collect(Collectors.groupingBy(LoggedEvent::key,
              LinkedHashMap::new, Collectors.mapping(LoggedEvent::version, Collectors.toList())));
          assertThat(versionsByKey).hasSize(keys.size());
          versionsByKey.forEach((key, versions) -> assertThat(versions).as("versions of %s", key)
              .containsExactlyElementsOf(revisions(1, versions.size())));
          return fixture.queryLong("SELECT value FROM revision_counter");
        })
        .compose(counter -> {
          assertThat(counter).isEqualTo(TOTAL_WRITES);
          return fixture.queryLong("SELECT count(*) FROM config_history");
        })
        .compose(historyRows -> {
          // THEN the audit trail, filled per statement of a shared commit, has each event once, as logged
          assertThat(historyRows).as("config_history rows").isEqualTo(TOTAL_WRITES);
          return fixture.queryLong("SELECT count(*) FROM config_history h JOIN module_event e USING (revision)"
              + " WHERE h.guild_id = e.guild_id AND h.module_id = e.module_id AND h.version = e.version"
              + " AND h.action = e.action AND h.config = e.config AND h.actor IS NOT DISTINCT FROM e.actor");
        })
        .compose(matching -> {
          assertThat(matching).as("history rows equal to their event").isEqualTo(TOTAL_WRITES);
          return fixture.events().awaitRevision(TOTAL_WRITES);
        })
        .map(published -> {
          // THEN the publisher put exactly revisions 1..2000 on the bus, in order
          assertThat(published).extracting(ModuleChangeEvent::revision)
              .containsExactlyElementsOf(revisions(1, TOTAL_WRITES));
          // THEN in fewer messages than events: the events of a commit travel together, 64 at most
          List<Integer> messageSizes = fixture.events().messageSizes();
          assertThat(messageSizes).hasSizeLessThan(TOTAL_WRITES).allSatisfy(size -> assertThat(size).isBetween(1, 64));
          // THEN writes were grouped: fewer commits than writes. The count and total of the summary
          // are cumulative; its max is a decaying time-window value, so it is not what we rely on.
          HistogramSnapshot batches = fixture.backend().metrics().get("configsync.writer.batch.size").summary()
              .takeSnapshot();
          assertThat(batches.total()).as("writes committed").isEqualTo(TOTAL_WRITES);
          assertThat(batches.count()).as("commits").isLessThan(TOTAL_WRITES);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  /** One client: its PUTs one after the other, each a real change; the revisions it was answered. */
  private static Future<List<Long>> writeSequentially(ApiClient client, int clientNumber, List<Key> keys, int write,
                                                      List<Long> revisions) {
    if (write == WRITES_PER_CLIENT) {
      return Future.succeededFuture(revisions);
    }
    Key key = keys.get(keyOf(clientNumber, write));
    String tag = "client " + clientNumber + " write " + write;
    JsonObject config = key.moduleId().equals("welcome")
        ? ModuleConfigs.welcome(tag)
        : ModuleConfigs.automod(Configs.capsRule(tag));
    return client.putConfig(key.guildId(), key.moduleId(), config)
        .compose(response -> {
          JsonObject state = Http.state(response);
          assertThat(state.getJsonObject("config")).as(tag).isEqualTo(config);
          revisions.add(state.getLong("revision"));
          return writeSequentially(client, clientNumber, keys, write + 1, revisions);
        });
  }

  /** Even writes go to the client's own keys, odd writes to the keys every client shares. */
  private static int keyOf(int client, int write) {
    return write % 2 == 0
        ? client * OWN_KEYS_PER_CLIENT + (write / 2) % OWN_KEYS_PER_CLIENT
        : FIRST_SHARED_KEY + (write / 2 + client) % SHARED_KEYS;
  }

  private static List<Long> revisions(long first, long last) {
    return LongStream.rangeClosed(first, last).boxed().toList();
  }

  private static List<LoggedEvent> readLog(TestPostgres.Database database) throws SQLException {
    List<LoggedEvent> log = new ArrayList<>();
    try (Connection connection = database.connect(); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(
             "SELECT revision, guild_id, module_id, version FROM module_event ORDER BY revision")) {
      while (rows.next()) {
        log.add(new LoggedEvent(rows.getLong(1), new Key(Long.toString(rows.getLong(2)), rows.getString(3)),
            rows.getLong(4)));
      }
    }
    return log;
  }

  /**
   * Reads {@code count(*)} and {@code max(revision)} of the log in one statement, over and over,
   * on its own JDBC connection. A difference means a revision was visible before an earlier one.
   */
  private static final class HolePoller {
    private static final long PACING_NANOS = 1_000_000;
    private final TestPostgres.Database database;
    private final long finalRevision;
    private final Thread thread;
    private final List<String> holes = new ArrayList<>();
    private volatile boolean stopping;
    private long pollsWhileWriting;
    private Exception failure;

    HolePoller(TestPostgres.Database database, long finalRevision) {
      this.database = database;
      this.finalRevision = finalRevision;
      this.thread = new Thread(this::poll, "hole-poller");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    /** Stops polling; what it found is safe to read afterwards. */
    void stop() throws InterruptedException {
      stopping = true;
      thread.join();
    }

    private void poll() {
      try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
        while (!stopping) {
          try (ResultSet rows = statement.executeQuery(
              "SELECT count(*), coalesce(max(revision), 0) FROM module_event")) {
            rows.next();
            long count = rows.getLong(1);
            long max = rows.getLong(2);
            if (count != max) {
              holes.add(count + " events up to revision " + max);
            }
            if (max > 0 && max < finalRevision) {
              pollsWhileWriting++;
            }
          }
          // Pacing only, so that the poller does not take a whole core from the writers on a small machine
          LockSupport.parkNanos(PACING_NANOS);
        }
      } catch (SQLException e) {
        failure = e;
      }
    }

    List<String> holes() {
      return holes;
    }

    long pollsWhileWriting() {
      return pollsWhileWriting;
    }

    Exception failure() {
      return failure;
    }
  }
}
