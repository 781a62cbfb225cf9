package io.configsync.launcher;

import static io.configsync.testkit.ModuleConfigs.automodBody;
import static io.configsync.testkit.ModuleConfigs.welcomeBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.backend.store.LogRetention;
import io.configsync.bot.sync.BotSnapshotFile;
import io.configsync.codecs.ShardSpec;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bot node restarted on the data dir it left: it resumes from the revision in its snapshot file
 * and catches up from the log, or, when retention has compacted past that revision, reloads the
 * full state. Real nodes (clustered backend and bot on loopback) on one PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Bot resume across its own restart")
class BotResumeTest {

  private static final Logger LOG = LoggerFactory.getLogger(BotResumeTest.class);
  private static final Duration CONVERGENCE = Duration.ofSeconds(60);
  private static final int MAX_IN_FLIGHT = 32;
  /** Changes made while the bot is stopped, over {@link #GUILDS} guilds (the figure). */
  private static final int CHANGES_WHILE_STOPPED = 20_000;
  private static final int GUILDS = 2_000;

  private final ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN);
  private TestPostgres.Database database;
  private TestNodes nodes;
  private ConfigSyncNode backend;

  @BeforeAll
  void startBackend() {
    database = TestPostgres.freshDatabase();
    nodes = new TestNodes(database);
    backend = nodes.startBackend();
  }

  @AfterAll
  void stopBackend() {
    TestNodes.stop(backend);
  }

  @Test
  @DisplayName("a bot stopped for 20,000 changes resumes from its revision (no full reload) and catches up")
  void resumesAfterManyChanges(@TempDir Path dataDir) throws IOException {
    // GIVEN a bot that loaded the state and applied some changes
    ConfigSyncNode bot = nodes.startBot("bot-resume", ShardSpec.ALL, backend, dataDir);
    try {
      write(500, 100, 600_000_000_000_000_000L, "before");
      JsonObject before = awaitConverged(bot);
      assertThat(before.getLong("fullReloads")).isEqualTo(1);
      assertThat(before.getLong("resumes")).isZero();
    } finally {
      TestNodes.stop(bot);
    }
    Path snapshot = dataDir.resolve("bot-shards-0-of-1.snapshot");
    assertThat(snapshot).exists();
    long stoppedAt = readSnapshot(dataDir, "bot-resume").revision();

    // WHEN 20,000 changes are made while it is stopped, and it starts again on the same data dir
    long writing = System.nanoTime();
    write(CHANGES_WHILE_STOPPED, GUILDS, 600_000_000_000_000_000L, "while stopped");
    LOG.info("Wrote {} changes over {} guilds in {} ms (snapshot file {} bytes at revision {})", CHANGES_WHILE_STOPPED,
        GUILDS, millisSince(writing), Files.size(snapshot), stoppedAt);
    long restarting = System.nanoTime();
    bot = nodes.startBot("bot-resume", ShardSpec.ALL, backend, dataDir);
    try {
      // THEN it resumed from its revision, replayed the log and holds the database's state
      JsonObject after = awaitConverged(bot);
      LOG.info("Resumed and caught up {} events in {} ms: {}", after.getLong("eventsReplayed"),
          millisSince(restarting), after.encode());
      assertThat(after.getLong("resumes")).isEqualTo(1);
      assertThat(after.getLong("fullReloads")).isZero();
      assertThat(after.getLong("eventsReplayed")).isGreaterThanOrEqualTo(CHANGES_WHILE_STOPPED);
      assertThat(after.getLong("revision")).isGreaterThanOrEqualTo(stoppedAt + CHANGES_WHILE_STOPPED);
      assertThat(after.getLong("outOfOrder")).as("events received against order while catching up").isZero();
    } finally {
      TestNodes.stop(bot);
    }
    assertSnapshotHoldsTheBackendsConfigs(dataDir, "bot-resume", 600_000_000_000_000_000L, GUILDS);
  }

  @Test
  @DisplayName("with retention shorter than its absence, a restarted bot reloads the full state and converges")
  void reloadsWhenRetentionPassedItsRevision(@TempDir Path dataDir) {
    // GIVEN a bot that applied 400 changes, then stopped
    ConfigSyncNode bot = nodes.startBot("bot-gone", ShardSpec.ALL, backend, dataDir);
    try {
      write(400, 200, 700_000_000_000_000_000L, "before");
      awaitConverged(bot);
    } finally {
      TestNodes.stop(bot);
    }
    long stoppedAt = readSnapshot(dataDir, "bot-gone").revision();

    // WHEN every key changes 4 times more (some now disabled) and retention compacts the log past its revision
    write(2_000, 500, 700_000_000_000_000_000L, "while stopped");
    compactUntilGone(stoppedAt);
    bot = nodes.startBot("bot-gone", ShardSpec.ALL, backend, dataDir);
    try {
      // THEN it meets 410 Gone, reloads the full state once and converges
      JsonObject after = awaitConverged(bot);
      LOG.info("Reloaded after its revision {} went out of the log: {}", stoppedAt, after.encode());
      assertThat(after.getLong("fullReloads")).isEqualTo(1);
      assertThat(after.getLong("resumes")).as("it tried its snapshot first").isEqualTo(1);
      assertThat(after.getLong("outOfOrder")).as("events received against order while catching up").isZero();
    } finally {
      TestNodes.stop(bot);
    }
  }

  /**
   * {@code count} PUTs, {@link #MAX_IN_FLIGHT} at a time, cycling over {@code guilds} guilds and the
   * two bundled modules; one in 7 leaves the config disabled.
   */
  private void write(int count, int guilds, long guildBase, String tag) {
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    List<CompletableFuture<ApiClient.Reply>> replies = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String guild = Long.toString(guildBase + (i % guilds) * 4_194_304L);
      String module = (i / guilds) % 3 == 2 ? "automod" : "welcome";
      JsonObject body = module.equals("welcome") ? welcomeBody(tag + " " + i) : automodBody("w" + i);
      if (i % 7 == 3) {
        body.put("enabled", false);
      }
      acquire(inFlight);
      replies.add(api.putAsync(backend.httpPort(), guild, module, body).whenComplete((r, e) -> inFlight.release()));
    }
    for (CompletableFuture<ApiClient.Reply> reply : replies) {
      assertThat(reply.orTimeout(60, TimeUnit.SECONDS).join().status()).isEqualTo(200);
    }
  }

  /** Retention keeping nothing old, run until the bot's revision is before the log's horizon. */
  private void compactUntilGone(long revision) {
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().connectingTo(DatabaseUrl.parse(database.url()).connectOptions()).using(vertx)
        .build();
    LogRetention retention = new LogRetention(pool, new LogRetention.Settings(Duration.ZERO, 0, Duration.ofHours(1)));
    try {
      // Only published events are compacted: the publisher may still be finishing the last writes.
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        retention.compact().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(api.get(backend.httpPort(), "/api/events?after=" + revision + "&limit=1").status())
            .as("events after %s", revision).isEqualTo(410);
      });
    } finally {
      pool.close();
      vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
    }
  }

  private JsonObject awaitConverged(ConfigSyncNode bot) {
    await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      JsonObject expected = api.digest(backend.httpPort(), "0/1");
      JsonObject state = api.botState(bot.httpPort());
      assertThat(state.getBoolean("ready")).isTrue();
      assertThat(state.getString("digest")).as("digest of %s", state.getString("botId"))
          .isEqualTo(expected.getString("digest"));
      assertThat(state.getLong("count")).isEqualTo(expected.getLong("count"));
    });
    return api.botState(bot.httpPort());
  }

  /** The configs a bot holds are the backend's, not only their versions (which the digest covers). */
  private void assertSnapshotHoldsTheBackendsConfigs(Path dataDir, String botId, long guildBase, int guilds) {
    BotSnapshotFile.Snapshot snapshot = readSnapshot(dataDir, botId);
    assertThat(snapshot.entries()).hasSizeGreaterThanOrEqualTo(guilds);
    for (int i = 0; i < guilds; i += guilds / 20) {
      long guild = guildBase + i * 4_194_304L;
      JsonObject held = api.get(backend.httpPort(), "/api/guilds/" + guild + "/modules/welcome").body();
      BotSnapshotFile.Entry entry = snapshot.entries().stream()
          .filter(e -> e.guildId() == guild && e.moduleId().equals("welcome")).findFirst().orElseThrow();
      assertThat(entry.version()).isEqualTo(held.getLong("version"));
      assertThat(entry.enabled()).isEqualTo(held.getBoolean("enabled"));
      if (entry.enabled()) {
        assertThat(entry.config().toJsonObject()).isEqualTo(held.getJsonObject("config"));
      }
    }
  }

  private static BotSnapshotFile.Snapshot readSnapshot(Path dataDir, String botId) {
    return new BotSnapshotFile(dataDir, botId, ShardSpec.ALL, List.of("welcome", "automod")).read().orElseThrow();
  }

  private static void acquire(Semaphore inFlight) {
    try {
      assertThat(inFlight.tryAcquire(60, TimeUnit.SECONDS)).as("a request slot within 60 s").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
