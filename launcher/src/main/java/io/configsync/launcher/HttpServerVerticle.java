package io.configsync.launcher;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The process's one HTTP port: API, bot state, health and metrics, whatever the roles mounted. */
final class HttpServerVerticle extends VerticleBase {

  private static final long SHUTDOWN_GRACE_SECONDS = 10;
  /** A request's headers must be complete this long after the connection opened or the last response ended. */
  static final Duration HEADER_READ_TIMEOUT = Duration.ofSeconds(10);
  /** A connection with no byte either way for this long is closed (bridge clients ping every few seconds). */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  private final String host;
  private final int port;
  private final Router router;
  private final HttpTls tls;
  private HttpServer server;

  HttpServerVerticle(String host, int port, Router router) {
    this(host, port, router, null);
  }

  /** @param tls the certificate and key for HTTPS, or null for plain HTTP */
  HttpServerVerticle(String host, int port, Router router, HttpTls tls) {
    this.host = host;
    this.port = port;
    this.router = router;
    this.tls = tls;
  }

  @Override
  public Future<?> start() {
    router.route().failureHandler(LastResortFailures::handle);
    HeaderReadTimeout headerTimeout = new HeaderReadTimeout(vertx, HEADER_READ_TIMEOUT);
    router.route().order(Integer.MIN_VALUE).handler(ctx -> {
      ctx.addEndHandler(ended -> headerTimeout.responseEnded(ctx.request()));
      ctx.next();
    });
    Handler<HttpServerRequest> routing = LastResortFailures.beforeRouting(router);
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

  /** The port actually bound (differs from the asked one when that was 0). */
  int actualPort() {
    return server.actualPort();
  }
}
