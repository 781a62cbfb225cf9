package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.ModuleChanges;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ModuleConfigs;
import io.configsync.testkit.Ports;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend's own PostgreSQL goes away and comes back while an admin keeps writing. */
@DisplayName("A PostgreSQL restart")
class DatabaseRestartTest {

  /** Answers the writer gets while PostgreSQL is down, before it comes back. */
  private static final int ANSWERS_IN_OUTAGE = 10;

  @TempDir
  Path work;

  private EmbeddedPostgres postgres;
  private ConfigSyncNode backend;

  @AfterEach
  void stopEverything() throws IOException {
    TestNodes.stop(backend);
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  @DisplayName("gets 503 and DOWN while the database is gone, no crash, then recovers; every 2xx write is in the log, published in order")
  void survivesAPostgresRestart() throws Exception {
    Path dataDir = Files.createDirectories(work.resolve("postgres"));
    int port = Ports.free();
    postgres = startPostgres(dataDir, port);
    backend = join(ConfigSyncNode.start(NodeSettings.builder(Role.BACKEND).httpPort(0)
        .pgUrl("postgresql://postgres@127.0.0.1:" + port + "/postgres").dataDir(work).cluster(false)
        .botId("backend").gatewayId("gateway").adminToken(TestNodes.ADMIN_TOKEN).build()));
    List<Long> published = Collections.synchronizedList(new ArrayList<>());
    backend.vertx().eventBus().<ModuleChanges>consumer(Addresses.MODULE_CHANGES,
        message -> message.body().events().forEach(event -> published.add(event.revision()))).completion().toCompletionStage().toCompletableFuture().join();
    ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN);

    // GIVEN a writer that keeps writing, one change at a time, recording every answer
    List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
    Set<String> acknowledged = Collections.synchronizedSet(new HashSet<>());
    AtomicBoolean writing = new AtomicBoolean(true);
    int apiPort = backend.httpPort();
    Thread writer = new Thread(() -> writeUntilStopped(api, apiPort, writing, statuses, acknowledged),
        "restart-test-writer");
    writer.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= 20);

    // WHEN PostgreSQL stops for a few seconds
    postgres.close();
    postgres = null;
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      ApiClient.Reply health = api.get(backend.httpPort(), "/health");
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.body().getString("status")).isEqualTo("DOWN");
    });
    int answeredBeforeOutage = statuses.size();
    await().atMost(Duration.ofSeconds(20)).until(() -> statuses.size() >= answeredBeforeOutage + ANSWERS_IN_OUTAGE);
    List<Integer> duringOutage = new ArrayList<>(statuses.subList(answeredBeforeOutage, statuses.size()));
    postgres = startPostgres(dataDir, port);

    // THEN the backend comes back by itself and takes writes again
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(api.get(backend.httpPort(), "/health").status()).isEqualTo(200));
    int acknowledgedAfterRestart = acknowledged.size();
    await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= acknowledgedAfterRestart + 20);
    writing.set(false);
    writer.join(30_000);

    assertThat(duringOutage).as("answers while the database was gone").isNotEmpty().containsOnly(503);
    assertThat(statuses).as("every answer").containsOnly(200, 503);
    Set<String> logged = loggedVersions(port);
    assertThat(logged).as("every acknowledged write is in the event log").containsAll(acknowledged);
    long head = api.get(backend.httpPort(), "/api/events?after=0&limit=1").body().getLong("head");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(published).contains(head));
    List<Long> inOrder = new ArrayList<>(published);
    assertThat(inOrder).as("published in revision order").isSorted();
    assertThat(new HashSet<>(inOrder)).as("nothing skipped").containsAll(revisions(head));
  }

  private static void writeUntilStopped(ApiClient api, int port, AtomicBoolean writing, List<Integer> statuses,
                                        Set<String> acknowledged) {
    String guild = "900000000000000001";
    int change = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (writing.get() && System.nanoTime() < deadline) {
      JsonObject body = new JsonObject().put("config",
          ModuleConfigs.welcome("change " + change++));
      try {
        ApiClient.Reply reply = api.put(port, guild, "welcome", body);
        statuses.add(reply.status());
        if (reply.status() == 200) {
          acknowledged.add(guild + ":welcome:" + reply.body().getLong("version"));
        } else {
          Thread.sleep(50);
        }
      } catch (RuntimeException | InterruptedException e) {
        statuses.add(-1);
      }
    }
  }

  private static Set<String> loggedVersions(int port) throws Exception {
    Set<String> versions = new HashSet<>();
    try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
        "postgres", ""); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT guild_id, module_id, version FROM module_event")) {
      while (rows.next()) {
        versions.add(rows.getLong(1) + ":" + rows.getString(2) + ":" + rows.getLong(3));
      }
    }
    return versions;
  }

  private static List<Long> revisions(long head) {
    List<Long> all = new ArrayList<>();
    for (long revision = 1; revision <= head; revision++) {
      all.add(revision);
    }
    return all;
  }

  private static EmbeddedPostgres startPostgres(Path dataDir, int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("synchronous_commit", "on")
        .start();
  }

  private static <T> T join(io.vertx.core.Future<T> future) {
    return future.toCompletionStage().toCompletableFuture().join();
  }
}
