package io.configsync.backend;

import io.configsync.backend.api.AccessTokens;
import io.configsync.backend.db.DatabaseUrl;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One deployed {@link BackendVerticle}, mounted on its own router and served on 127.0.0.1 at a
 * free port, as the launcher does it.
 */
final class TestBackend {

  static final String ADMIN_TOKEN = "test-admin-token";
  static final String READ_TOKEN = "test-read-token";
  /** Named admin tokens, as CONFIGSYNC_ADMIN_TOKENS=alice:..,bob:.. gives them. */
  static final String ALICE_TOKEN = "test-alice-token";
  static final String BOB_TOKEN = "test-bob-token";

  private final Vertx vertx;
  private final String deploymentId;
  private final HttpServer server;
  private final WebClient client;
  private final SimpleMeterRegistry metrics;

  private TestBackend(Vertx vertx, String deploymentId, HttpServer server, SimpleMeterRegistry metrics) {
    this.vertx = vertx;
    this.deploymentId = deploymentId;
    this.server = server;
    this.metrics = metrics;
    this.client = WebClient.create(vertx);
  }

  static Future<TestBackend> start(Vertx vertx, TestPostgres.Database database) {
    Router router = Router.router(vertx);
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    BackendConfig config = BackendConfig.defaults(DatabaseUrl.parse(database.url()),
        new AccessTokens(adminTokens(), Set.of(READ_TOKEN), false));
    return vertx.deployVerticle(new BackendVerticle(config, router, HealthChecks.create(vertx), metrics))
        .compose(id -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
            .map(server -> new TestBackend(vertx, id, server, metrics)));
  }

  private static Map<String, String> adminTokens() {
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put(AccessTokens.DEFAULT_ADMIN_NAME, ADMIN_TOKEN);
    tokens.putAll(AccessTokens.parseNamed("alice:" + ALICE_TOKEN + ", bob:" + BOB_TOKEN));
    return tokens;
  }

  int port() {
    return server.actualPort();
  }

  /** A client with the admin token. */
  ApiClient api() {
    return new ApiClient(client, port(), ADMIN_TOKEN);
  }

  /** A client of its own (its own connections), with the admin token. */
  ApiClient newClient() {
    return new ApiClient(WebClient.create(vertx), port(), ADMIN_TOKEN);
  }

  SimpleMeterRegistry metrics() {
    return metrics;
  }

  /** Stops serving, then undeploys the backend (and with it its publisher). */
  Future<Void> stop() {
    client.close();
    return server.close().compose(v -> vertx.undeploy(deploymentId));
  }
}
