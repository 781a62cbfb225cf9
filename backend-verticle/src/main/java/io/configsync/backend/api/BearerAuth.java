package io.configsync.backend.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;

/**
 * Route handlers that let a request through only with a fitting bearer token. An admin request
 * carries the name of its token in the routing context ({@link #actor}): the audit trail records it
 * as the actor of the write.
 */
final class BearerAuth {

  private static final String PREFIX = "Bearer ";
  private static final String ACTOR = "configsync.actor";

  private final AccessTokens tokens;

  BearerAuth(AccessTokens tokens) {
    this.tokens = tokens;
  }

  Handler<RoutingContext> requireAdmin() {
    return ctx -> {
      String token = bearerToken(ctx);
      Optional<String> admin = tokens.adminName(token);
      if (admin.isPresent()) {
        ctx.put(ACTOR, admin.get());
        ctx.next();
      } else if (token != null && tokens.mayRead(token)) {
        ctx.fail(new ApiException(ApiError.FORBIDDEN, "this token may read but not write; use an admin token"));
      } else {
        refuse(ctx, token);
      }
    };
  }

  Handler<RoutingContext> requireReader() {
    return ctx -> {
      String token = bearerToken(ctx);
      if (tokens.mayRead(token)) {
        ctx.next();
      } else {
        refuse(ctx, token);
      }
    };
  }

  /** The name of the admin token that authorised this request; only past {@link #requireAdmin()}. */
  static String actor(RoutingContext ctx) {
    String actor = ctx.get(ACTOR);
    if (actor == null) {
      throw new IllegalStateException("no admin authenticated for " + ctx.request().path());
    }
    return actor;
  }

  private static void refuse(RoutingContext ctx, String token) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"configsync\"");
    ctx.fail(new ApiException(ApiError.UNAUTHORIZED, token == null
        ? "missing Authorization: Bearer <token> header"
        : "invalid token"));
  }

  private static String bearerToken(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    String token = header.substring(PREFIX.length()).trim();
    return token.isEmpty() ? null : token;
  }
}
