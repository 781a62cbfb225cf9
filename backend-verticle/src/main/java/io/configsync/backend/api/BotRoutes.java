package io.configsync.backend.api;

import io.configsync.backend.bots.BotRegistry;
import io.configsync.backend.bots.BotRegistry.BotApplyStatus;
import io.configsync.backend.bots.BotRegistry.KnownBot;
import io.configsync.backend.modules.ModuleCatalog;
import io.configsync.backend.modules.ModuleCatalog.ModuleDefinition;
import io.configsync.backend.store.ModuleState;
import io.configsync.backend.store.ModuleStateReader;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What the bots report: who is there and how far behind, and whether a config is live. */
final class BotRoutes {

  private final ModuleCatalog catalog;
  private final ModuleStateReader reader;
  private final Pool pool;

  BotRoutes(ModuleCatalog catalog, ModuleStateReader reader, Pool pool) {
    this.catalog = catalog;
    this.reader = reader;
    this.pool = pool;
  }

  /** {@code {"head":H,"bots":[{botId,shards,gateway,connected,appliedRevision,lag,...}]}}. */
  void bots(RoutingContext ctx) {
    Future.all(reader.headRevision(), BotRegistry.knownBots(pool))
        .onSuccess(all -> {
          long head = all.resultAt(0);
          List<KnownBot> bots = all.resultAt(1);
          JsonArray list = new JsonArray();
          bots.forEach(bot -> list.add(bot.toJson(head)));
          Responses.json(ctx, 200, new JsonObject().put("head", head).put("bots", list));
        })
        .onFailure(ctx::fail);
  }

  /**
   * {@code DELETE /api/bots/{botId}}: 204, the bot is forgotten with what it reported (a bot still
   * running comes back with its next ack); 404 if no such bot is known.
   */
  void forget(RoutingContext ctx) {
    String botId = ctx.pathParam("botId");
    BotRegistry.forget(pool, botId)
        .onSuccess(known -> {
          if (known) {
            ctx.response().setStatusCode(204).end();
          } else {
            ctx.fail(new ApiException(ApiError.NOT_FOUND, "no bot '" + botId + "' is known; see GET /api/bots"));
          }
        })
        .onFailure(ctx::fail);
  }

  /**
   * For the current version of a (guild, module): which bots applied it and what they reported,
   * which connected bots responsible for the guild have not yet, and whether it is live.
   */
  void applyStatus(RoutingContext ctx) {
    long guildId = Requests.guildId(ctx);
    ModuleDefinition module = Requests.module(ctx, catalog);
    // The bots first: a bot's statuses are recorded before its revision (BotRegistry), so statuses
    // read after the revisions include those of every revision read. Read together, a bot could be
    // seen at the current revision without its error for it, and the config called live.
    BotRegistry.knownBots(pool)
        .compose(bots -> Future.all(reader.find(guildId, module.id()),
                BotRegistry.applyStatus(pool, guildId, module.id()))
            .onSuccess(all -> {
              Optional<ModuleState> state = all.resultAt(0);
              List<BotApplyStatus> statuses = all.resultAt(1);
              Responses.json(ctx, 200, describe(guildId, module.id(), state, statuses, bots));
            }))
        .onFailure(ctx::fail);
  }

  private static JsonObject describe(long guildId, String moduleId, Optional<ModuleState> state,
                                     List<BotApplyStatus> statuses, List<KnownBot> bots) {
    Long current = state.map(ModuleState::version).orElse(null);
    JsonArray reports = new JsonArray();
    statuses.forEach(status -> reports.add(new JsonObject()
        .put("botId", status.botId())
        .put("version", status.version())
        .put("current", current != null && status.version() == current)
        .put("ok", status.ok())
        .put("error", status.error())
        .put("updatedAt", status.updatedAt())
        .put("connected", status.connected())));
    // Bots apply in revision order: one that acked the state's revision holds its version, even
    // if it loaded it in bulk and reported nothing for it.
    long stateRevision = state.map(ModuleState::revision).orElse(Long.MAX_VALUE);
    Set<String> upToDate = statuses.stream()
        .filter(status -> current != null && status.version() >= current)
        .map(BotApplyStatus::botId).collect(Collectors.toCollection(HashSet::new));
    bots.stream().filter(bot -> bot.appliedRevision() >= stateRevision).forEach(bot -> upToDate.add(bot.botId()));
    List<String> responsible = bots.stream()
        .filter(bot -> bot.connected() && ShardSpec.parse(bot.shards()).contains(guildId))
        .map(KnownBot::botId).toList();
    List<String> waitingFor = responsible.stream().filter(botId -> !upToDate.contains(botId)).toList();
    boolean failing = statuses.stream().anyMatch(status -> current != null && status.version() == current && !status.ok()
        && responsible.contains(status.botId()));
    boolean live = state.isPresent() && state.get().enabled() && !responsible.isEmpty() && waitingFor.isEmpty()
        && !failing;
    return new JsonObject()
        .put("guildId", Long.toString(guildId))
        .put("moduleId", moduleId)
        .put("version", current)
        .put("enabled", state.map(ModuleState::enabled).orElse(false))
        .put("live", live)
        .put("responsible", new JsonArray(List.copyOf(responsible)))
        .put("waitingFor", new JsonArray(List.copyOf(waitingFor)))
        .put("bots", reports);
  }
}
