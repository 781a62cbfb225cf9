package io.configsync.backend.api;

import io.configsync.backend.modules.ModuleCatalog;
import io.configsync.backend.modules.ModuleCatalog.ModuleDefinition;
import io.configsync.backend.modules.Violation;
import io.configsync.backend.store.ChangeRequest;
import io.configsync.backend.store.GroupCommitWriter;
import io.configsync.backend.store.GroupCommitWriter.WriteResult;
import io.configsync.backend.store.ModuleChange;
import io.configsync.backend.store.ModuleStateReader;
import io.configsync.codecs.ModuleChangeEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading and editing the config of a (guild, module). */
final class ModuleRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(ModuleRoutes.class);

  private final ModuleCatalog catalog;
  private final ModuleStateReader reader;
  private final GroupCommitWriter writer;

  ModuleRoutes(ModuleCatalog catalog, ModuleStateReader reader, GroupCommitWriter writer) {
    this.catalog = catalog;
    this.reader = reader;
    this.writer = writer;
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
    List<Violation> violations = ModuleCatalog.validate(module, body.config());
    if (!violations.isEmpty()) {
      // The deepest location names the actual problem; shallower ones summarise it.
      Violation headline = violations.stream()
          .max(Comparator.comparingInt(violation -> violation.location().length())).orElseThrow();
      throw new ApiException(ApiError.SCHEMA_VIOLATION,
          "the config does not match the " + module.id() + " schema: " + headline.message()
              + " at " + headline.toJson().getString("location"),
          new JsonArray(violations.stream().map(violation -> (Object) violation.toJson()).toList()));
    }
    submit(ctx, guildId, module, new ModuleChange.Put(body.config(), body.enabled()), expectedVersion);
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
    ChangeRequest request =
        new ChangeRequest(guildId, module.id(), change, expectedVersion, ModuleChangeEvent.ORIGIN_BACKEND);
    writer.submit(request)
        .onSuccess(result -> {
          logWrite(ctx, request, result);
          Responses.state(ctx, result.state());
        })
        .onFailure(ctx::fail);
  }

  private static void logWrite(RoutingContext ctx, ChangeRequest request, WriteResult result) {
    if (result.changed()) {
      ModuleChangeEvent event = result.event();
      LOG.info("{} {}: guild {} module {} {} v{} at revision {} (origin {})", ctx.request().method(),
          ctx.request().path(), event.guildId(), event.moduleId(), event.action().wireName(), event.version(),
          event.revision(), event.origin());
    } else {
      LOG.info("{} {}: guild {} module {} unchanged at v{}", ctx.request().method(), ctx.request().path(),
          request.guildId(), request.moduleId(), result.state().version());
    }
  }
}
