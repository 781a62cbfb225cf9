package io.configsync.dashboard;

import io.configsync.backend.BackendConfig;
import io.configsync.backend.BackendVerticle;
import io.configsync.backend.api.AccessTokens;
import io.configsync.backend.db.DatabaseUrl;
import io.configsync.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A backend with its dashboard on one router and port, mounted in the launcher's order. */
final class DashboardNode implements AutoCloseable {

  static final String ADMIN_TOKEN = "dashboard-test-admin-token";
  static final String READ_TOKEN = "dashboard-test-read-token";

  final Vertx vertx;
  final HttpServer server;

  private DashboardNode(Vertx vertx, HttpServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  static DashboardNode start(TestPostgres.Database database, DashboardSettings settings) {
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    AccessTokens tokens = new AccessTokens(Map.of("admin", ADMIN_TOKEN), Set.of(READ_TOKEN), false);
    BackendConfig config = BackendConfig.defaults(DatabaseUrl.parse(database.url()), tokens);
    Future<HttpServer> started = vertx.deployVerticle(new DashboardVerticle(settings, tokens, router))
        .compose(v -> vertx.deployVerticle(new BackendVerticle(config, router, HealthChecks.create(vertx),
            new SimpleMeterRegistry())))
        .compose(v -> vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    return new DashboardNode(vertx, await(started));
  }

  String origin() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  int port() {
    return server.actualPort();
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    await(vertx.close());
  }
}
