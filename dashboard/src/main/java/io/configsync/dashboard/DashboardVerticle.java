package io.configsync.dashboard;

import io.configsync.backend.api.AccessTokens;
import io.configsync.codecs.Codecs;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CSPHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.sstore.ClusteredSessionStore;
import io.vertx.ext.web.sstore.LocalSessionStore;
import io.vertx.ext.web.sstore.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin dashboard on the backend's HTTP port: the pages at {@code /} (plain ES modules and a
 * WebJar, no build step), sign-in and sessions under {@code /dashboard/}, the live receipt, and the
 * guard in front of {@code /api/*} for requests made with a session. Deploy it before the backend, so
 * that its guard runs before the API's routes. Sessions live in a store every backend of the cluster
 * shares.
 */
public final class DashboardVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardVerticle.class);
  public static final String SESSION_COOKIE = "configsync.session";
  private static final long SIGN_IN_BODY_LIMIT = 4 * 1024;

  private final DashboardSettings settings;
  private final AccessTokens tokens;
  private final Router router;
  private LiveReceipt live;
  private WebClient client;

  public DashboardVerticle(DashboardSettings settings, AccessTokens tokens, Router router) {
    this.settings = settings;
    this.tokens = tokens;
    this.router = router;
  }

  @Override
  public Future<?> start() {
    Codecs.registerAll(vertx.eventBus());
    SessionStore store = vertx.isClustered() ? ClusteredSessionStore.create(vertx) : LocalSessionStore.create(vertx);
    SessionHandler sessions = SessionHandler.create(store)
        .setSessionCookieName(SESSION_COOKIE)
        .setCookieHttpOnlyFlag(true)
        .setCookieSameSite(CookieSameSite.LAX)
        .setCookieSecureFlag(settings.secureCookies())
        .setSessionTimeout(settings.sessionIdle().toMillis())
        .setMinLength(32)
        .setNagHttps(false)
        .setLazySession(true);
    client = WebClient.create(vertx, new WebClientOptions().setUserAgent("ConfigSync-Dashboard")
        .setConnectTimeout(5_000).setIdleTimeout(30));
    CrossSiteCheck crossSite = new CrossSiteCheck(settings.publicUrl());
    DiscordSignIn discord = new DiscordSignIn(vertx, settings, crossSite, client);
    DashboardRoutes routes = new DashboardRoutes(settings, tokens, crossSite, discord);
    live = new LiveReceipt(vertx);

    router.route("/api/*").handler(sessions).handler(routes.apiGuard());

    Handler<RoutingContext> pageHeaders = pageHeaders();
    router.route("/dashboard/*").handler(sessions).handler(pageHeaders);
    router.get("/dashboard/session").handler(routes::session);
    router.post("/dashboard/sign-in/token").handler(BodyHandler.create(false).setBodyLimit(SIGN_IN_BODY_LIMIT))
        .handler(routes::tokenSignIn);
    router.post("/dashboard/sign-out").handler(routes::signOut);
    router.get("/dashboard/sign-in/discord").handler(discord::start);
    router.get(DashboardRoutes.OAUTH_CALLBACK).handler(discord::callback);
    router.get("/dashboard/live/guilds/:guildId/modules/:moduleId").handler(live::stream);

    // A wildcard route's prefix is not part of the file path: each prefix gets its own root.
    router.get("/").handler(pageHeaders).handler(StaticHandler.create("dashboard").setCachingEnabled(false));
    router.get("/assets/*").handler(pageHeaders).handler(StaticHandler.create("dashboard/assets").setCachingEnabled(false));
    router.get("/webjars/*").handler(pageHeaders)
        .handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86_400));

    return live.start().onSuccess(v -> LOG.info("Dashboard ready ({})", settings));
  }

  /** No inline script anywhere, no framing, no referrer (an OAuth code must not leak). */
  private Handler<RoutingContext> pageHeaders() {
    CSPHandler csp = CSPHandler.create()
        .setDirective("default-src", "'self'")
        .setDirective("script-src", "'self'")
        // json-editor sets style attributes from script; no script can come from a style.
        .setDirective("style-src", "'self' 'unsafe-inline'")
        .setDirective("img-src", "'self' https://cdn.discordapp.com")
        .setDirective("connect-src", "'self'")
        .setDirective("object-src", "'none'")
        .setDirective("base-uri", "'none'")
        .setDirective("form-action", "'self'")
        .setDirective("frame-ancestors", "'none'");
    return ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer")
          .putHeader("X-Frame-Options", "DENY");
      csp.handle(ctx);
    };
  }

  @Override
  public Future<?> stop() {
    if (client != null) {
      client.close();
    }
    return live == null ? Future.succeededFuture() : live.stop();
  }
}
