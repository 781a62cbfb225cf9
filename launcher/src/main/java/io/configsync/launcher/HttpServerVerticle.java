package io.configsync.launcher;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/** The process's one HTTP port: API, bot state, health and metrics, whatever the roles mounted. */
final class HttpServerVerticle extends VerticleBase {

  private static final long SHUTDOWN_GRACE_SECONDS = 10;

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
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setCompressionSupported(true);
    if (tls != null) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
          .setCertPath(tls.certificate().toString()).setKeyPath(tls.key().toString()));
    }
    return vertx.createHttpServer(options)
        .requestHandler(router)
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
