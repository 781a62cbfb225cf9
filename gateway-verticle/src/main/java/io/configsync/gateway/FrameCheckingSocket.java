package io.configsync.gateway;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * A bridge socket whose incoming frames pass a check before the bridge reads them. The bridge
 * answers a frame that is not JSON itself, without a bridge event: {@link BridgeGuard} would never
 * see it, so it would escape the rate limit and the refusal count. Everything else is delegated.
 */
final class FrameCheckingSocket implements SockJSSocket {

  private final SockJSSocket socket;
  private final BiPredicate<SockJSSocket, Buffer> admit;
  private final BiConsumer<SockJSSocket, Throwable> transportFailed;

  /**
   * @param transportFailed told of the socket's transport failures (a reset, an oversized frame) in
   *     place of the bridge, which would log each as an ERROR with its stack trace; the socket is
   *     then closed, which the bridge handles as any close
   */
  FrameCheckingSocket(SockJSSocket socket, BiPredicate<SockJSSocket, Buffer> admit,
                      BiConsumer<SockJSSocket, Throwable> transportFailed) {
    this.socket = socket;
    this.admit = admit;
    this.transportFailed = transportFailed;
  }

  @Override
  public SockJSSocket handler(Handler<Buffer> handler) {
    socket.handler(handler == null ? null : data -> {
      if (admit.test(this, data)) {
        handler.handle(data);
      }
    });
    return this;
  }

  @Override
  public SockJSSocket exceptionHandler(Handler<Throwable> handler) {
    socket.exceptionHandler(handler == null ? null : failure -> {
      transportFailed.accept(this, failure);
      socket.close();
    });
    return this;
  }

  @Override
  public SockJSSocket pause() {
    socket.pause();
    return this;
  }

  @Override
  public SockJSSocket resume() {
    socket.resume();
    return this;
  }

  @Override
  public SockJSSocket fetch(long amount) {
    socket.fetch(amount);
    return this;
  }

  @Override
  public SockJSSocket endHandler(Handler<Void> handler) {
    socket.endHandler(handler);
    return this;
  }

  @Override
  public SockJSSocket closeHandler(Handler<Void> handler) {
    socket.closeHandler(handler);
    return this;
  }

  @Override
  public Future<Void> write(Buffer data) {
    return socket.write(data);
  }

  @Override
  public SockJSSocket setWriteQueueMaxSize(int maxSize) {
    socket.setWriteQueueMaxSize(maxSize);
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  public SockJSSocket drainHandler(Handler<Void> handler) {
    socket.drainHandler(handler);
    return this;
  }

  @Override
  public String writeHandlerID() {
    return socket.writeHandlerID();
  }

  @Override
  public Future<Void> end() {
    return socket.end();
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public void close(int statusCode, String reason) {
    socket.close(statusCode, reason);
  }

  @Override
  public SocketAddress remoteAddress() {
    return socket.remoteAddress();
  }

  @Override
  public SocketAddress localAddress() {
    return socket.localAddress();
  }

  @Override
  public MultiMap headers() {
    return socket.headers();
  }

  @Override
  public String uri() {
    return socket.uri();
  }

  @Override
  public RoutingContext routingContext() {
    return socket.routingContext();
  }

  @Override
  public Session webSession() {
    return socket.webSession();
  }

  @Override
  public User webUser() {
    return socket.webUser();
  }
}
