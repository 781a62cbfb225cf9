package io.configsync.backend.api;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.util.Optional;

/**
 * Route handlers that let a request through only with a fitting bearer token, or a dashboard
 * session ({@link SessionUser}) when it carries no token. An admin request carries the name of its
 * token, a session its user's actor, in the routing context ({@link #actor}): the audit trail records
 * it as the actor of the write. A session reaches only the guilds its user manages
 * ({@link #requireGuildAccess()}) and no platform-wide endpoint unless it is an operator's.
 */
final class BearerAuth {

  private static final String PREFIX = "Bearer ";
  private static final String ACTOR = "configsync.actor";
  private static final String USER = "configsync.session-user";

  private final AccessTokens tokens;

  BearerAuth(AccessTokens tokens) {
    this.tokens = tokens;
  }

  Handler<RoutingContext> requireAdmin() {
    return ctx -> {
      String token = bearerToken(ctx);
      Optional<String> admin = tokens.adminName(token);
      SessionUser user = token == null ? sessionUser(ctx) : null;
      if (user != null) {
        ctx.put(ACTOR, user.actor());
        ctx.put(USER, user);
        ctx.next();
      } else if (admin.isPresent()) {
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
      SessionUser user = token == null ? sessionUser(ctx) : null;
      if (user != null) {
        ctx.put(USER, user);
        ctx.next();
      } else if (tokens.mayRead(token)) {
        ctx.next();
      } else {
        refuse(ctx, token);
      }
    };
  }

  /**
   * On {@code /guilds/:guildId/*}, after the token or session check: a session whose user does not
   * manage the guild gets 403, before anything is read or stored.
   */
  Handler<RoutingContext> requireGuildAccess() {
    return ctx -> {
      SessionUser user = ctx.get(USER);
      if (user != null && !user.mayManage(Requests.guildId(ctx))) {
        ctx.fail(new ApiException(ApiError.FORBIDDEN, "you do not manage guild " + ctx.pathParam("guildId")
            + " (Discord reports neither ownership, Manage Server nor Administrator there)"));
      } else {
        ctx.next();
      }
    };
  }

  /**
   * Default deny for a Discord user: besides its guilds' routes ({@code /guilds/{g}/...}, checked by
   * {@link #requireGuildAccess()}) and the module list, every endpoint covers every guild (the event
   * log, the digest, bots, bulk loads, and whatever is added later) and is an operator's.
   */
  Handler<RoutingContext> requirePlatformWide() {
    return ctx -> {
      SessionUser user = ctx.get(USER);
      String path = pathInApi(ctx);
      boolean guildScoped = path.startsWith("/guilds/")
          || (path.equals("/modules") && ctx.request().method() == HttpMethod.GET);
      if (user != null && !user.isOperator() && !guildScoped) {
        ctx.fail(new ApiException(ApiError.FORBIDDEN,
            "this endpoint covers every guild; a Discord sign-in reaches only the guilds it manages"));
      } else {
        ctx.next();
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

  /** The path below the API's mount point ({@code /api}), with its leading slash. */
  private static String pathInApi(RoutingContext ctx) {
    String mount = ctx.mountPoint() == null ? "" : ctx.mountPoint();
    String path = ctx.normalizedPath();
    if (!mount.isEmpty() && path.startsWith(mount)) {
      path = path.substring(mount.length());
    }
    return path.startsWith("/") ? path : "/" + path;
  }

  /** The dashboard's signed-in user, if the request came with a session that has one. */
  private static SessionUser sessionUser(RoutingContext ctx) {
    Session session = ctx.session();
    Object user = session == null ? null : session.get(SessionUser.SESSION_KEY);
    return user instanceof JsonObject json ? SessionUser.fromJson(json) : null;
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
