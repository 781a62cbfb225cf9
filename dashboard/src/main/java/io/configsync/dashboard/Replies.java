package io.configsync.dashboard;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The dashboard's answers, in the API's error shape {@code {"error":{"code","message"}}}. */
final class Replies {

  private Replies() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(body.toBuffer());
  }

  static void error(RoutingContext ctx, int status, String code, String message) {
    json(ctx, status, new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)));
  }

  /** Back to the page, which shows what {@code error} means. */
  static void redirectToPage(RoutingContext ctx, String error) {
    ctx.response().setStatusCode(303)
        .putHeader(HttpHeaders.LOCATION, error == null ? "/" : "/?signInError=" + error)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end();
  }
}
