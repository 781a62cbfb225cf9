package io.configsync.launcher;

import io.configsync.backend.api.BrokenRequests;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure handler of the process's root router, for what no role's own handler answered: a
 * request the client broke (a URI that cannot be decoded, a body cut off) is a 400 and a throttled
 * DEBUG line; anything else is a 500 and an ERROR line, as a fault of ours.
 */
final class LastResortFailures {

  private static final Logger LOG = LoggerFactory.getLogger(LastResortFailures.class);

  private LastResortFailures() {}

  /**
   * The router decodes the path before it can route anything: a bad escape ({@code GET /%}) fails
   * every route, failure handlers included, and vertx-web logs it as an unhandled ERROR; one in the
   * query fails when a handler reads a parameter. Such a request is answered here, before the router.
   */
  static Handler<HttpServerRequest> beforeRouting(Router router) {
    return request -> {
      if (hasBadEscape(request.path()) || request.query() != null && hasBadEscape(request.query())) {
        IllegalArgumentException failure = new IllegalArgumentException("invalid escape sequence in the URI");
        BrokenRequests.log(request, failure);
        // Answered outside the router, so outside the header-read timeout's count: close after it.
        request.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(HttpHeaders.CONNECTION, "close").end(BrokenRequests.errorBody(failure).toBuffer());
      } else {
        router.handle(request);
      }
    };
  }

  /** A {@code %} not followed by two hex digits. */
  static boolean hasBadEscape(String path) {
    if (path == null) {
      return true;
    }
    for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
      if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
          || Character.digit(path.charAt(i + 2), 16) < 0) {
        return true;
      }
    }
    return false;
  }

  static void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure != null && BrokenRequests.isBroken(ctx.request(), failure)) {
      BrokenRequests.log(ctx.request(), failure);
      answer(ctx, 400, BrokenRequests.errorBody(failure));
    } else if (failure != null) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
      answer(ctx, 500, error("INTERNAL", "internal error; see the server log"));
    } else {
      int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
      answer(ctx, status, error(switch (status) {
        case 404 -> "NOT_FOUND";
        case 413 -> "PAYLOAD_TOO_LARGE";
        default -> status < 500 ? "INVALID_REQUEST" : "INTERNAL";
      }, "HTTP status " + status));
    }
  }

  private static JsonObject error(String code, String message) {
    return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message));
  }

  private static void answer(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().headWritten() || ctx.response().closed()) {
      ctx.request().connection().close();
      return;
    }
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.toBuffer());
  }
}
