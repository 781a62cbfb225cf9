package io.configsync.launcher;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes an HTTP/1 connection whose client takes too long to send a request's headers (slowloris):
 * from the connection's start, and again from the end of each response on a kept-alive connection,
 * the next request's headers must be complete within the timeout. The idle timeout alone would not
 * do: a byte every few seconds keeps a connection from being idle.
 */
final class HeaderReadTimeout {

  private final Vertx vertx;
  private final long timeoutMillis;
  private final Map<HttpConnection, Long> timers = new ConcurrentHashMap<>();

  HeaderReadTimeout(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.timeoutMillis = timeout.toMillis();
  }

  /** A connection opened: its first request's headers are due. */
  void connected(HttpConnection connection) {
    arm(connection);
  }

  /** A request's headers arrived. */
  void requestArrived(HttpServerRequest request) {
    Long timer = timers.remove(request.connection());
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  /** Its response ended: on a kept-alive HTTP/1 connection, the next request's headers are due. */
  void responseEnded(HttpServerRequest request) {
    boolean upgrade = request.headers().contains(HttpHeaders.UPGRADE);
    if (!upgrade && request.version() != HttpVersion.HTTP_2) {
      arm(request.connection());
    }
  }

  private void arm(HttpConnection connection) {
    long timer = vertx.setTimer(timeoutMillis, id -> {
      if (timers.remove(connection, id)) {
        connection.close();
      }
    });
    Long previous = timers.put(connection, timer);
    if (previous != null) {
      vertx.cancelTimer(previous);
    }
  }
}
