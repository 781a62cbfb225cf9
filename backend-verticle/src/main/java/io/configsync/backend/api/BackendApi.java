package io.configsync.backend.api;

import io.configsync.backend.modules.ModuleCatalog;
import io.configsync.backend.modules.WriteRules;
import io.configsync.backend.store.GroupCommitWriter;
import io.configsync.backend.store.ModuleStateReader;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;

/** The backend's HTTP API (CONTRACT §2), as a router to mount under {@code /api}. */
public final class BackendApi {

  /** Room for the request envelope around a config of the maximum size. */
  private static final long MAX_BODY_BYTES = WriteRules.MAX_CONFIG_BYTES + 64 * 1024;
  /** A rollback body is {@code {"version":N}}. */
  private static final long MAX_ROLLBACK_BODY_BYTES = 4 * 1024;
  private static final String ROLLBACK = "/guilds/:guildId/modules/:moduleId/rollback";
  private static final String VALIDATE = "/guilds/:guildId/modules/:moduleId/validate";

  private BackendApi() {}

  public static Router create(Vertx vertx, ModuleCatalog catalog, ModuleStateReader reader, GroupCommitWriter writer,
                              Pool pool, AccessTokens tokens) {
    BearerAuth auth = new BearerAuth(tokens);
    ModuleRoutes modules = new ModuleRoutes(vertx, catalog, reader, writer);
    SyncRoutes sync = new SyncRoutes(catalog, reader);
    BotRoutes bots = new BotRoutes(catalog, reader, pool);
    HistoryRoutes history = new HistoryRoutes(catalog, reader);
    PreflightRoutes preflight = new PreflightRoutes(vertx, catalog, pool);
    Router router = Router.router(vertx);

    router.get().handler(auth.requireReader());
    router.put().handler(auth.requireAdmin());
    router.post().handler(auth.requireAdmin());
    router.delete().handler(auth.requireAdmin());
    router.route("/guilds/:guildId/*").handler(auth.requireGuildAccess());
    router.route().handler(auth.requirePlatformWide());
    router.put().handler(BackendApi::requireJsonContent);
    router.put().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));

    router.get("/modules").handler(modules::listModules);
    router.get("/modules/enabled/:moduleId").handler(sync::bulkLoad);
    router.get("/guilds/:guildId/modules").handler(modules::guildStates);
    router.get("/guilds/:guildId/modules/:moduleId").handler(modules::get);
    router.put("/guilds/:guildId/modules/:moduleId").handler(modules::put);
    router.post("/guilds/:guildId/modules/:moduleId/enable").handler(modules::enable);
    router.post("/guilds/:guildId/modules/:moduleId/disable").handler(modules::disable);
    router.delete("/guilds/:guildId/modules/:moduleId").handler(modules::delete);
    router.get("/guilds/:guildId/modules/:moduleId/history").handler(history::history);
    router.post(ROLLBACK).handler(BackendApi::requireJsonContent);
    router.post(ROLLBACK).handler(BodyHandler.create(false).setBodyLimit(MAX_ROLLBACK_BODY_BYTES));
    router.post(ROLLBACK).handler(modules::rollback);
    router.post(VALIDATE).handler(BackendApi::requireJsonContent);
    router.post(VALIDATE).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.post(VALIDATE).handler(preflight::validate);
    router.get("/events").handler(sync::events);
    router.get("/state/digest").handler(sync::digest);
    router.get("/bots").handler(bots::bots);
    router.delete("/bots/:botId").handler(bots::forget);
    router.get("/guilds/:guildId/modules/:moduleId/status").handler(bots::applyStatus);

    router.route().last().handler(ctx -> ctx.fail(new ApiException(ApiError.NOT_FOUND,
        "no such endpoint: " + ctx.request().method() + " " + ctx.request().path())));
    router.route().failureHandler(Responses::failure);
    return router;
  }

  /** A body is JSON; a form-encoded one (curl's -d default) would otherwise be parsed as a form. */
  private static void requireJsonContent(RoutingContext ctx) {
    String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (mediaType.isEmpty() || mediaType.equals("application/json") || mediaType.endsWith("+json")) {
      ctx.next();
    } else {
      ctx.fail(new ApiException(ApiError.UNSUPPORTED_MEDIA_TYPE,
          "the body must be JSON: send Content-Type: application/json (got " + type + ")"));
    }
  }
}
