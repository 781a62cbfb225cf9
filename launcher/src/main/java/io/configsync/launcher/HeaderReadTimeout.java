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
 * from the connection's start, and again whenever a kept-alive connection has no request in flight,
 * the next request's headers must be complete within the timeout. The idle timeout alone would not
 * do: a byte every few seconds keeps a connection from being idle.
 */
final class HeaderReadTimeout {

  /** A connection's requests in flight, and its timer while it has none (-1 when not armed). */
  private static final class Waiting {
    int inFlight;
    long timer = -1;
  }

  private final Vertx vertx;
  private final long timeoutMillis;
  private final Map<HttpConnection, Waiting> connections = new ConcurrentHashMap<>();

  HeaderReadTimeout(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.timeoutMillis = timeout.toMillis();
  }

  /** A connection opened: its first request's headers are due. */
  void connected(HttpConnection connection) {
    Waiting waiting = new Waiting();
    connections.put(connection, waiting);
    connection.closeHandler(v -> {
      Waiting gone = connections.remove(connection);
      if (gone != null) {
        synchronized (gone) {
          cancel(gone);
        }
      }
    });
    synchronized (waiting) {
      arm(connection, waiting);
    }
  }

  /** A request's headers arrived. */
  void requestArrived(HttpServerRequest request) {
    Waiting waiting = connections.get(request.connection());
    if (waiting != null) {
      synchronized (waiting) {
        waiting.inFlight++;
        cancel(waiting);
      }
    }
  }

  /**
   * Its response ended (on whichever context answered it): once an HTTP/1 connection has no request
   * in flight, the next request's headers are due. An upgraded connection is a WebSocket now.
   */
  void responseEnded(HttpServerRequest request) {
    Waiting waiting = connections.get(request.connection());
    if (waiting == null) {
      return;
    }
    boolean upgrade = request.headers().contains(HttpHeaders.UPGRADE);
    synchronized (waiting) {
      waiting.inFlight--;
      if (waiting.inFlight == 0 && !upgrade && request.version() != HttpVersion.HTTP_2) {
        arm(request.connection(), waiting);
      }
    }
  }

  private void arm(HttpConnection connection, Waiting waiting) {
    cancel(waiting);
    waiting.timer = vertx.setTimer(timeoutMillis, id -> {
      synchronized (waiting) {
        if (waiting.timer != id) {
          return;
        }
        waiting.timer = -1;
      }
      connection.close();
    });
  }

  private void cancel(Waiting waiting) {
    if (waiting.timer >= 0) {
      vertx.cancelTimer(waiting.timer);
      waiting.timer = -1;
    }
  }
}
