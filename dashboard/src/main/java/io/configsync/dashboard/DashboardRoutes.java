package io.configsync.dashboard;

import io.configsync.backend.api.AccessTokens;
import io.configsync.backend.api.SessionUser;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in and out, what the page may know of its session, and the guard every API request
 * with a session passes: expiry, cross-site check, and a fresh guild list for Discord users.
 */
final class DashboardRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardRoutes.class);
  static final String OAUTH_CALLBACK = "/dashboard/oauth/callback";

  private final DashboardSettings settings;
  private final AccessTokens tokens;
  private final CrossSiteCheck crossSite;
  private final DiscordSignIn discord;
  private final SignInLimiter limiter = new SignInLimiter();

  DashboardRoutes(DashboardSettings settings, AccessTokens tokens, CrossSiteCheck crossSite, DiscordSignIn discord) {
    this.settings = settings;
    this.tokens = tokens;
    this.crossSite = crossSite;
    this.discord = discord;
  }

  /** {@code GET /dashboard/session}: who is signed in (with the CSRF token), or how one may sign in. */
  void session(RoutingContext ctx) {
    Session session = ctx.session();
    SessionUser user = liveUser(session);
    if (user == null) {
      Replies.json(ctx, 200, new JsonObject().put("signedIn", false)
          .put("discordSignIn", settings.discordEnabled()));
      return;
    }
    discord.refreshIfStale(session, SessionKeys.user(session))
        .onSuccess(v -> Replies.json(ctx, 200, SessionKeys.describe(session, SessionKeys.user(session))
            .put("discordSignIn", settings.discordEnabled())))
        .onFailure(failure -> endOnDiscordFailure(ctx, session, failure));
  }

  /** {@code POST /dashboard/sign-in/token} with {@code {"token":".."}}: an operator's session. */
  void tokenSignIn(RoutingContext ctx) {
    String address = ctx.request().remoteAddress().hostAddress();
    long now = System.currentTimeMillis();
    if (!crossSite.sameOrigin(ctx)) {
      Replies.error(ctx, 403, "FORBIDDEN", "cross-site sign-in refused");
      return;
    }
    long blockedFor = limiter.blockedFor(address, now);
    if (blockedFor > 0) {
      ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, blockedFor / 1000)));
      Replies.error(ctx, 429, "TOO_MANY_REQUESTS",
          "too many bad tokens from your address; try again in " + Math.max(1, blockedFor / 1000) + " s");
      return;
    }
    String token = tokenOf(ctx);
    Optional<String> admin = tokens.adminName(token);
    if (admin.isEmpty()) {
      limiter.failed(address, now);
      LOG.warn("Refused a dashboard token sign-in from {}: not an admin token", address);
      Replies.error(ctx, 401, "UNAUTHORIZED", "that is not an admin token");
      return;
    }
    Session session = ctx.session();
    SessionKeys.signIn(session, SessionUser.operator(admin.get()), admin.get(), null, new JsonArray());
    LOG.info("Dashboard sign-in of operator {} from {}", admin.get(), address);
    Replies.json(ctx, 200, SessionKeys.describe(session, SessionKeys.user(session))
        .put("discordSignIn", settings.discordEnabled()));
  }

  /** {@code POST /dashboard/sign-out}: the session ends, on every backend. */
  void signOut(RoutingContext ctx) {
    Session session = ctx.session();
    SessionUser user = SessionKeys.user(session);
    if (user != null && !crossSite.passes(ctx, session)) {
      Replies.error(ctx, 403, "FORBIDDEN", "cross-site request refused: missing or wrong X-CSRF-Token");
      return;
    }
    session.destroy();
    if (user != null) {
      LOG.info("Dashboard sign-out of {}", user.actor());
    }
    Replies.json(ctx, 200, new JsonObject().put("signedIn", false).put("discordSignIn", settings.discordEnabled()));
  }

  /**
   * On {@code /api/*}, before the API's own check: a request with a bearer token is the API's
   * business; one with a session must be neither expired nor cross-site, and a Discord user's
   * guilds are read again when stale, so that the API checks rights Discord still grants.
   */
  Handler<RoutingContext> apiGuard() {
    return ctx -> {
      if (ctx.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
        ctx.next();
        return;
      }
      Session session = ctx.session();
      SessionUser user = SessionKeys.user(session);
      if (user == null) {
        ctx.next();
      } else if (expired(session)) {
        session.destroy();
        Replies.error(ctx, 401, "UNAUTHORIZED", "your session has expired; sign in again");
      } else if (CrossSiteCheck.changesState(ctx.request().method()) && !crossSite.passes(ctx, session)) {
        LOG.warn("Refused a cross-site {} {} with the session of {}", ctx.request().method(), ctx.request().path(),
            user.actor());
        Replies.error(ctx, 403, "FORBIDDEN", "cross-site request refused: missing or wrong X-CSRF-Token");
      } else {
        discord.refreshIfStale(session, user).onSuccess(v -> ctx.next())
            .onFailure(failure -> endOnDiscordFailure(ctx, session, failure));
      }
    };
  }

  /** The session's user, unless the session has outlived its maximum age (then it ends). */
  SessionUser liveUser(Session session) {
    SessionUser user = SessionKeys.user(session);
    if (user != null && expired(session)) {
      session.destroy();
      return null;
    }
    return user;
  }

  private boolean expired(Session session) {
    Object at = session.get(SessionKeys.SIGNED_IN_AT);
    return !(at instanceof Number signedInAt)
        || System.currentTimeMillis() - signedInAt.longValue() > settings.sessionMaxAge().toMillis();
  }

  private static void endOnDiscordFailure(RoutingContext ctx, Session session, Throwable failure) {
    if (failure instanceof DiscordApi.TokenRefused) {
      session.destroy();
      Replies.error(ctx, 401, "UNAUTHORIZED", "Discord no longer accepts your sign-in; sign in again");
    } else {
      LOG.warn("Could not read a Discord user's guilds again: {}", failure.getMessage());
      Replies.error(ctx, 503, "UNAVAILABLE", "cannot check your guilds with Discord right now; retry shortly");
    }
  }

  private static String tokenOf(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      Object token = body == null ? null : body.getValue("token");
      return token instanceof String text && !text.isBlank() ? text.trim() : null;
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }
}
