package io.configsync.backend.api;

import io.configsync.backend.db.SqlQueries;
import io.configsync.backend.modules.ModuleCatalog;
import io.configsync.backend.modules.ModuleCatalog.ModuleDefinition;
import io.configsync.backend.store.ModuleStateReader;
import io.configsync.codecs.ModuleAction;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/** Every version of a (guild, module), read from the event log: who changed what, and when. */
final class HistoryRoutes {

  private final ModuleCatalog catalog;
  private final ModuleStateReader reader;

  HistoryRoutes(ModuleCatalog catalog, ModuleStateReader reader) {
    this.catalog = catalog;
    this.reader = reader;
  }

  /**
   * {@code {"guildId","moduleId","versions":[{version,revision,action,enabled,config,origin,actor,timestamp}]}},
   * oldest first, streamed: a long history of large configs needs no buffering. {@code actor} is
   * null for changes logged before actors were recorded. It reads the audit trail, which log retention
   * does not compact: every version stays. {@code ?after=N} gives only the versions after N.
   */
  void history(RoutingContext ctx) {
    long guildId = Requests.guildId(ctx);
    ModuleDefinition module = Requests.module(ctx, catalog);
    long after = Requests.longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
    Tuple key = Tuple.of(guildId, module.id());
    HttpServerResponse response = ctx.response();
    reader.inSnapshot(snapshot -> snapshot.query(SqlQueries.HAS_HISTORY, key).compose(rows -> {
      if (!rows.iterator().next().getBoolean(0)) {
        return Future.failedFuture(new ApiException(ApiError.NOT_FOUND,
            "module '" + module.id() + "' was never configured in guild " + guildId));
      }
      response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      // Both are safe as they are: a number and a registered module name.
      response.write("{\"guildId\":\"" + guildId + "\",\"moduleId\":\"" + module.id() + "\",\"versions\":[");
      return snapshot.pipeRows(SqlQueries.SELECT_HISTORY, Tuple.of(guildId, module.id(), after), response,
          Responses.arrayElements(HistoryRoutes::renderVersion));
    })).onSuccess(v -> response.end("]}")).onFailure(ctx::fail);
  }

  private static Buffer renderVersion(Row row) {
    ModuleAction action = ModuleAction.fromWireName(row.getString("action"));
    JsonObject version = new JsonObject()
        .put("version", row.getLong("version"))
        .put("revision", row.getLong("revision"))
        .put("action", action.wireName())
        .put("enabled", action.leavesEnabled())
        .put("config", row.getJsonObject("config"))
        .put("origin", row.getString("origin"))
        .put("actor", row.getString("actor"))
        .put("timestamp", row.getOffsetDateTime("created_at").toInstant().toString());
    return version.toBuffer();
  }
}
