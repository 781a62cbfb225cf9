package io.configsync.backend.api;

import io.configsync.backend.bots.BotRegistry;
import io.configsync.backend.bots.BotRegistry.KnownBot;
import io.configsync.backend.modules.ModuleCatalog;
import io.configsync.backend.modules.ModuleCatalog.ModuleDefinition;
import io.configsync.backend.modules.Violation;
import io.configsync.codecs.Addresses;
import io.configsync.codecs.PreflightAnswer;
import io.configsync.codecs.PreflightRequest;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.List;

/**
 * "Will this work?" before a save: the schema's verdict, and what the connected in-cluster bots
 * responsible for the guild see of it on Discord. Nothing is stored; a bot that does not answer
 * within {@link #BOT_TIMEOUT_MS} is reported as such (a warning, never a refusal).
 */
final class PreflightRoutes {

  static final long BOT_TIMEOUT_MS = 1_000;

  private final Vertx vertx;
  private final ModuleCatalog catalog;
  private final Pool pool;

  PreflightRoutes(Vertx vertx, ModuleCatalog catalog, Pool pool) {
    this.vertx = vertx;
    this.catalog = catalog;
    this.pool = pool;
  }

  /**
   * {@code {"valid":bool,"errors":[{location,message}],"bots":[{botId,answered,problems:[..]}]}};
   * the bots are asked only about a config the schema accepts.
   */
  void validate(RoutingContext ctx) {
    long guildId = Requests.guildId(ctx);
    ModuleDefinition module = Requests.module(ctx, catalog);
    JsonObject config = Requests.putBody(ctx).config();
    List<Violation> violations = ModuleCatalog.validate(module, config);
    JsonArray errors = new JsonArray(violations.stream().map(violation -> (Object) violation.toJson()).toList());
    Future<JsonArray> bots = violations.isEmpty() ? askBots(guildId, module.id(), config)
        : Future.succeededFuture(new JsonArray());
    bots.onSuccess(answers -> Responses.json(ctx, 200, new JsonObject()
            .put("valid", violations.isEmpty()).put("errors", errors).put("bots", answers)))
        .onFailure(ctx::fail);
  }

  private Future<JsonArray> askBots(long guildId, String moduleId, JsonObject config) {
    PreflightRequest request = new PreflightRequest(Long.toString(guildId), moduleId, config);
    return BotRegistry.knownBots(pool).compose(bots -> {
      List<Future<JsonObject>> answers = bots.stream()
          .filter(bot -> bot.connected() && bot.gateway() == null && ShardSpec.parse(bot.shards()).contains(guildId))
          .map(bot -> ask(bot, request))
          .toList();
      return Future.join(answers).transform(all -> Future.succeededFuture(
          new JsonArray(answers.stream().map(answer -> (Object) answer.result()).toList())));
    });
  }

  private Future<JsonObject> ask(KnownBot bot, PreflightRequest request) {
    return vertx.eventBus().<PreflightAnswer>request(Addresses.preflight(bot.botId()), request,
            new DeliveryOptions().setSendTimeout(BOT_TIMEOUT_MS))
        .map(reply -> reply.body().toJson().put("answered", true))
        .otherwise(failure -> new JsonObject().put("botId", bot.botId()).put("answered", false)
            .put("problems", new JsonArray()));
  }
}
