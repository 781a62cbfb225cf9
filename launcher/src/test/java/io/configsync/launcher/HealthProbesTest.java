package io.configsync.launcher;

import static io.configsync.testkit.ModuleConfigs.welcomeBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.testkit.ApiClient;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health/live} and {@code /health/ready} in Kubernetes' sense; {@code /health} is readiness. */
@DisplayName("The health probes")
class HealthProbesTest {

  private final ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN);

  @TempDir
  Path work;

  @Test
  @DisplayName("live stays UP while ready is DOWN during a bulk load, and ready comes UP when it ends")
  void liveWhileTheBotBulkLoads() throws Exception {
    TestPostgres.Database database = TestPostgres.freshDatabase();
    ConfigSyncNode backend = startNode(NodeSettings.builder(Role.BACKEND).pgUrl(database.url()));
    Vertx proxyVertx = Vertx.vertx();
    ConfigSyncNode bot = null;
    try {
      for (int guild = 1; guild <= 5; guild++) {
        assertThat(api.put(backend.httpPort(), "8138478876571239" + guild, "welcome", welcomeBody("hello")).status())
            .isEqualTo(200);
      }
      // A way to the backend that holds every bulk-load response until the test lets it go.
      Promise<Void> release = Promise.promise();
      HttpServer proxy = holdingProxy(proxyVertx, backend.httpPort(), release.future());
      int botPort = freePort();
      CompletableFuture<ConfigSyncNode> starting = ConfigSyncNode.start(NodeSettings.builder(Role.BOT)
              .httpPort(botPort).dataDir(Files.createTempDirectory(work, "bot")).cluster(false).botId("probe-bot")
              .backendUrls(List.of(URI.create("http://127.0.0.1:" + proxy.actualPort())))
              .backendToken(TestNodes.ADMIN_TOKEN).build())
          .toCompletionStage().toCompletableFuture();

      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        ApiClient.Reply ready = api.get(botPort, "/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body().getString("status")).isEqualTo("DOWN");
        assertThat(ready.body().encode()).contains("loading configs from the backend");
      });
      ApiClient.Reply live = api.get(botPort, "/health/live");
      assertThat(live.status()).isEqualTo(200);
      assertThat(live.body().getString("status")).isEqualTo("UP");
      assertThat(api.get(botPort, "/health").status()).as("/health is readiness").isEqualTo(503);
      assertThat(starting).isNotDone();

      release.complete();
      bot = starting.get(60, java.util.concurrent.TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(api.get(botPort, "/health/ready").status()).isEqualTo(200));
      assertThat(api.get(botPort, "/health").status()).isEqualTo(200);
      assertThat(api.get(botPort, "/health/live").status()).isEqualTo(200);
    } finally {
      TestNodes.stop(bot, backend);
      proxyVertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  @Test
  @DisplayName("live stays UP while ready is DOWN with the database stopped")
  void liveWhileTheDatabaseIsStopped() throws Exception {
    int port = freePort();
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(Files.createDirectories(work.resolve("pg")))
        .setPort(port).start();
    ConfigSyncNode backend = startNode(NodeSettings.builder(Role.BACKEND)
        .pgUrl("postgresql://postgres@127.0.0.1:" + port + "/postgres"));
    try {
      assertThat(api.get(backend.httpPort(), "/health/ready").status()).isEqualTo(200);
      assertThat(api.get(backend.httpPort(), "/health/live").status()).isEqualTo(200);

      postgres.close();

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        ApiClient.Reply ready = api.get(backend.httpPort(), "/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.body().getString("status")).isEqualTo("DOWN");
      });
      assertThat(api.get(backend.httpPort(), "/health").status()).isEqualTo(503);
      ApiClient.Reply live = api.get(backend.httpPort(), "/health/live");
      assertThat(live.status()).isEqualTo(200);
      assertThat(live.body().getString("status")).isEqualTo("UP");
    } finally {
      TestNodes.stop(backend);
    }
  }

  private ConfigSyncNode startNode(NodeSettings.Builder settings) throws Exception {
    return ConfigSyncNode.start(settings.httpPort(0).dataDir(Files.createTempDirectory(work, "node")).cluster(false)
            .botId("backend").gatewayId("gateway").adminToken(TestNodes.ADMIN_TOKEN).build())
        .toCompletionStage().toCompletableFuture().get(90, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Forwards to the backend; requests of a bulk load ({@code /api/modules/enabled/...}) wait for {@code gate}. */
  private static HttpServer holdingProxy(Vertx vertx, int backendPort, Future<Void> gate) throws Exception {
    HttpClient client = vertx.createHttpClient();
    return vertx.createHttpServer().requestHandler(request -> {
      Future<Void> wait = request.path().startsWith("/api/modules/enabled/") ? gate : Future.succeededFuture();
      request.body()
          .compose(body -> wait.compose(v -> client.request(request.method(), backendPort, "127.0.0.1", request.uri()))
              .compose(forwarded -> {
                forwarded.headers().addAll(request.headers()).remove(HttpHeaders.HOST)
                    .remove(HttpHeaders.ACCEPT_ENCODING);
                return forwarded.send(body);
              }))
          .compose(response -> response.body().map(body -> {
            request.response().setStatusCode(response.statusCode())
                .putHeader(HttpHeaders.CONTENT_TYPE, String.valueOf(response.getHeader(HttpHeaders.CONTENT_TYPE)))
                .end(body);
            return body;
          }))
          .onFailure(failure -> request.response().setStatusCode(502).end(String.valueOf(failure)));
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
