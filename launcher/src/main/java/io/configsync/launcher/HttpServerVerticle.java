package io.configsync.launcher;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/** The process's one HTTP port: API, bot state, health and metrics, whatever the roles mounted. */
final class HttpServerVerticle extends VerticleBase {

  private final String host;
  private final int port;
  private final Router router;
  private HttpServer server;

  HttpServerVerticle(String host, int port, Router router) {
    this.host = host;
    this.port = port;
    this.router = router;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port).setCompressionSupported(true))
        .requestHandler(router)
        .listen()
        .onSuccess(listening -> server = listening);
  }

  /** The port actually bound (differs from the asked one when that was 0). */
  int actualPort() {
    return server.actualPort();
  }
}
