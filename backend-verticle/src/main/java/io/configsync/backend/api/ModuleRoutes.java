package io.configsync.backend.api;

import io.configsync.backend.modules.ModuleCatalog;
import io.configsync.backend.modules.ModuleCatalog.ModuleDefinition;
import io.configsync.backend.modules.WriteRules;
import io.configsync.backend.store.ChangeRequest;
import io.configsync.backend.store.GroupCommitWriter;
import io.configsync.backend.store.GroupCommitWriter.WriteResult;
import io.configsync.backend.store.ModuleChange;
import io.configsync.backend.store.ModuleStateReader;
import io.configsync.backend.store.ModuleStateReader.PastVersion;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.RevisionLines;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading and editing the config of a (guild, module). */
final class ModuleRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(ModuleRoutes.class);

  private final ModuleCatalog catalog;
  private final ModuleStateReader reader;
  private final GroupCommitWriter writer;
  private final RevisionLines writtenLines;

  ModuleRoutes(Vertx vertx, ModuleCatalog catalog, ModuleStateReader reader, GroupCommitWriter writer) {
    this.catalog = catalog;
    this.reader = reader;
    this.writer = writer;
    this.writtenLines = new RevisionLines(vertx, Duration.ofSeconds(1), "Committed", LOG::info);
  }

  void listModules(RoutingContext ctx) {
    Responses.json(ctx, 200, catalog.describe());
  }

  void guildStates(RoutingContext ctx) {
    long guildId = Requests.guildId(ctx);
    reader.guildStates(guildId)
        .onSuccess(states -> Responses.json(ctx, 200, new JsonObject()
            .put("guildId", Long.toString(guildId))
            .put("modules", new JsonArray(states.stream().map(state -> (Object) state.toJson()).toList()))))
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    long guildId = Requests.guildId(ctx);
    ModuleDefinition module = Requests.module(ctx, catalog);
    reader.find(guildId, module.id())
        .onSuccess(state -> state.ifPresentOrElse(found -> Responses.state(ctx, found), () -> ctx.fail(
            new ApiException(ApiError.NOT_FOUND, "module '" + module.id() + "' has no config in guild " + guildId))))
        .onFailure(ctx::fail);
  }

  void put(RoutingContext ctx) {
    long guildId = Requests.guildId(ctx);
    ModuleDefinition module = Requests.module(ctx, catalog);
    Long expectedVersion = Requests.expectedVersion(ctx);
    Requests.PutBody body = Requests.putBody(ctx);
    WriteRules.checkSchema(ctx.vertx(), module, body.config(), body.configSize())
        .onSuccess(v -> submit(ctx, guildId, module, new ModuleChange.Put(body.config(), body.enabled()),
            expectedVersion))
        .onFailure(ctx::fail);
  }

  /**
   * A new version whose config is version N's. The enabled flag stays as it is (a deleted config
   * comes back enabled). Version N's config is checked against today's schema like any write; a
   * version that was a deletion has no config to restore (422 NOT_RESTORABLE). If the config already
   * is version N's, nothing changes, as with a PUT of the same config.
   */
  void rollback(RoutingContext ctx) {
    long guildId = Requests.guildId(ctx);
    ModuleDefinition module = Requests.module(ctx, catalog);
    Long expectedVersion = Requests.expectedVersion(ctx);
    long version = Requests.rollbackVersion(ctx);
    reader.pastVersion(guildId, module.id(), version)
        .map(past -> restorableConfig(guildId, module, version, past))
        .compose(config -> WriteRules.checkSchema(ctx.vertx(), module, config, WriteRules.checkSize(config))
            .map(config))
        .onSuccess(config -> submit(ctx, guildId, module, new ModuleChange.Put(config, null), expectedVersion))
        .onFailure(ctx::fail);
  }

  private static JsonObject restorableConfig(long guildId, ModuleDefinition module, long version,
                                             Optional<PastVersion> past) {
    JsonObject config = past.orElseThrow(() -> new ApiException(ApiError.NOT_FOUND,
        "module '" + module.id() + "' of guild " + guildId + " has no version " + version
            + " in the event log; see its history"))
        .config();
    if (config == null) {
      throw new ApiException(ApiError.NOT_RESTORABLE, "version " + version + " of module '" + module.id()
          + "' is its deletion and has no config to roll back to; pick a version with a config, or DELETE");
    }
    return config;
  }

  void enable(RoutingContext ctx) {
    setEnabled(ctx, true);
  }

  void disable(RoutingContext ctx) {
    setEnabled(ctx, false);
  }

  private void setEnabled(RoutingContext ctx, boolean enabled) {
    long guildId = Requests.guildId(ctx);
    ModuleDefinition module = Requests.module(ctx, catalog);
    submit(ctx, guildId, module, new ModuleChange.SetEnabled(enabled), Requests.expectedVersion(ctx));
  }

  void delete(RoutingContext ctx) {
    long guildId = Requests.guildId(ctx);
    ModuleDefinition module = Requests.module(ctx, catalog);
    submit(ctx, guildId, module, new ModuleChange.Delete(), Requests.expectedVersion(ctx));
  }

  private void submit(RoutingContext ctx, long guildId, ModuleDefinition module, ModuleChange change,
                      Long expectedVersion) {
    ChangeRequest request = new ChangeRequest(guildId, module.id(), change, expectedVersion,
        ModuleChangeEvent.ORIGIN_BACKEND, BearerAuth.actor(ctx));
    writer.submit(request)
        .onSuccess(result -> {
          logWrite(ctx, request, result);
          Responses.state(ctx, result.state());
        })
        .onFailure(ctx::fail);
  }

  /** Who changed what is in the audit trail (history); under load the log names ranges of revisions. */
  private void logWrite(RoutingContext ctx, ChangeRequest request, WriteResult result) {
    if (result.changed()) {
      ModuleChangeEvent event = result.event();
      writtenLines.add(event.revision(), () -> ctx.request().method() + " " + ctx.request().path() + ": guild "
          + event.guildId() + " module " + event.moduleId() + " " + event.action().wireName() + " v" + event.version()
          + " at revision " + event.revision() + " (origin " + event.origin() + ") by " + request.actor());
    } else {
      LOG.info("{} {}: guild {} module {} unchanged at v{} by {}", ctx.request().method(), ctx.request().path(),
          request.guildId(), request.moduleId(), result.state().version(), request.actor());
    }
  }
}
