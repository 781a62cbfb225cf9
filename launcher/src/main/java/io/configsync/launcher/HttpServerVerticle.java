package io.configsync.launcher;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The process's one HTTP port: API, bot state, health and metrics, whatever the roles mounted.
 * Served by one instance per core, each on its own event loop and all sharing the port, so that
 * parsing requests and writing answers spread over the cores instead of queueing on one thread.
 * The routes' handlers therefore run on several threads at once.
 */
final class HttpServerVerticle extends VerticleBase {

  private static final long SHUTDOWN_GRACE_SECONDS = 10;
  /** A request's headers must be complete this long after the connection opened or the last response ended. */
  static final Duration HEADER_READ_TIMEOUT = Duration.ofSeconds(10);
  /** A connection with no byte either way for this long is closed (bridge clients ping every few seconds). */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
  /** Port -1 asks Vert.x for one random port that every instance shares; port 0 would give each its own. */
  private static final int SHARED_RANDOM_PORT = -1;

  /** The deployment of every instance, and the port they listen on. */
  record Listening(String deploymentId, int port) {}

  private final String host;
  private final int port;
  private final Handler<HttpServerRequest> routing;
  private final HeaderReadTimeout headerTimeout;
  private final HttpTls tls;
  private HttpServer server;

  private HttpServerVerticle(String host, int port, Handler<HttpServerRequest> routing,
                             HeaderReadTimeout headerTimeout, HttpTls tls) {
    this.host = host;
    this.port = port;
    this.routing = routing;
    this.headerTimeout = headerTimeout;
    this.tls = tls;
  }

  /**
   * Adds the routes every request goes through, then deploys one server per core on {@code port}
   * (0: a random one).
   *
   * @param tls the certificate and key for HTTPS, or null for plain HTTP
   */
  static Future<Listening> deploy(Vertx vertx, String host, int port, Router router, HttpTls tls) {
    router.route().failureHandler(LastResortFailures::handle);
    HeaderReadTimeout headerTimeout = new HeaderReadTimeout(vertx, HEADER_READ_TIMEOUT);
    router.route().order(Integer.MIN_VALUE).handler(ctx -> {
      ctx.addEndHandler(ended -> headerTimeout.responseEnded(ctx.request()));
      ctx.next();
    });
    Handler<HttpServerRequest> routing = LastResortFailures.beforeRouting(router);
    int sharedPort = port == 0 ? SHARED_RANDOM_PORT : port;
    List<HttpServerVerticle> instances = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> {
          HttpServerVerticle instance = new HttpServerVerticle(host, sharedPort, routing, headerTimeout, tls);
          instances.add(instance);
          return instance;
        }, new DeploymentOptions().setInstances(VertxFactory.EVENT_LOOPS))
        .map(deploymentId -> new Listening(deploymentId, instances.get(0).server.actualPort()));
  }

  @Override
  public Future<?> start() {
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setCompressionSupported(true)
        .setIdleTimeout((int) IDLE_TIMEOUT.toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
        // h2c sniffs a connection's first bytes before it exists for the server: a slowloris
        // would stay out of the header timeout's sight. HTTP/1.1 (and HTTP/2 over TLS) remain.
        .setHttp2ClearTextEnabled(false);
    if (tls != null) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(tls.certificate().toString()).setKeyPath(tls.key().toString()));
    }
    return vertx.createHttpServer(options)
        .connectionHandler(headerTimeout::connected)
        .requestHandler(request -> {
          headerTimeout.requestArrived(request);
          routing.handle(request);
        })
        .listen()
        .onSuccess(listening -> server = listening);
  }

  /** Stops taking requests and lets the ones in flight finish, for at most {@link #SHUTDOWN_GRACE_SECONDS}. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }
}
