package io.configsync.backend.api;

import io.configsync.backend.db.SqlQueries;
import io.configsync.backend.modules.ModuleCatalog;
import io.configsync.backend.modules.ModuleCatalog.ModuleDefinition;
import io.configsync.backend.store.ModuleStateReader;
import io.configsync.codecs.ShardSpec;
import io.configsync.codecs.StateDigest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/** What bots and operators use to sync and check: bulk load, the event log, the digest. */
final class SyncRoutes {

  static final int DEFAULT_EVENT_PAGE = 1_000;
  static final int MAX_EVENT_PAGE = 10_000;
  static final String NDJSON = "application/x-ndjson";

  private static final byte[] ITEM_GUILD_ID = "{\"guildId\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ITEM_VERSION = "\",\"version\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ITEM_CONFIG = ",\"config\":".getBytes(StandardCharsets.US_ASCII);

  private final ModuleCatalog catalog;
  private final ModuleStateReader reader;

  SyncRoutes(ModuleCatalog catalog, ModuleStateReader reader) {
    this.catalog = catalog;
    this.reader = reader;
  }

  /**
   * {@code {"revision":R,"moduleId":..,"items":[{guildId,version,config}]}}: every enabled config
   * of a module as of revision R, streamed from a cursor so a million rows need no buffering.
   */
  void bulkLoad(RoutingContext ctx) {
    ModuleDefinition module = Requests.module(ctx, catalog);
    ShardSpec shards = Requests.shards(ctx);
    if (wantsNdjson(ctx)) {
      bulkLoadNdjson(ctx, module, shards);
      return;
    }
    HttpServerResponse response = ctx.response();
    reader.inSnapshot(snapshot -> {
      response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      response.write("{\"revision\":" + snapshot.revision() + ",\"moduleId\":\"" + module.id() + "\",\"items\":[");
      return snapshot.pipeRowsInto(SqlQueries.STREAM_ENABLED_OF_MODULE, shardParameters(module.id(), shards),
          response, arrayItems());
    }).onSuccess(v -> response.end("]}")).onFailure(ctx::fail);
  }

  /**
   * The same load as {@code application/x-ndjson}: a first line {@code {"revision":R,"moduleId":..}},
   * then one line per item, so that a client can parse it line by line without holding the body.
   * PostgreSQL prints jsonb on one line (a newline inside a string is escaped), so a config never
   * breaks a line.
   */
  private void bulkLoadNdjson(RoutingContext ctx, ModuleDefinition module, ShardSpec shards) {
    HttpServerResponse response = ctx.response();
    reader.inSnapshot(snapshot -> {
      response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, NDJSON);
      response.write("{\"revision\":" + snapshot.revision() + ",\"moduleId\":\"" + module.id() + "\"}\n");
      return snapshot.pipeRowsInto(SqlQueries.STREAM_ENABLED_OF_MODULE, shardParameters(module.id(), shards),
          response, (row, into) -> appendItem(row, into).appendByte((byte) '\n'));
    }).onSuccess(v -> response.end()).onFailure(ctx::fail);
  }

  /** Only an explicit {@code Accept: application/x-ndjson}; anything else (none, {@code *}{@code /*}) gets JSON. */
  private static boolean wantsNdjson(RoutingContext ctx) {
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
    return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains(NDJSON);
  }

  /** Each row's item as an element of a JSON array: a comma before all but the first. */
  private static BiConsumer<Row, Buffer> arrayItems() {
    boolean[] first = {true};
    return (row, into) -> {
      if (!first[0]) {
        into.appendByte((byte) ',');
      }
      first[0] = false;
      appendItem(row, into);
    };
  }

  /**
   * Appends {@code {"guildId":"..","version":..,"config":..}}, the config as the bytes the database
   * printed (a bytea of its text): decoding them to a string only to encode them again cost more
   * than anything else the backend does per item.
   */
  private static Buffer appendItem(Row row, Buffer into) {
    return into.appendBytes(ITEM_GUILD_ID).appendString(Long.toString(row.getLong(0)))
        .appendBytes(ITEM_VERSION).appendString(Long.toString(row.getLong(2)))
        .appendBytes(ITEM_CONFIG).appendBuffer(row.getBuffer(1)).appendByte((byte) '}');
  }

  /**
   * {@code {"after":A,"head":H,"through":T,"events":[...]}}, optionally of some shards only; 410 if
   * {@code after} is past retention.
   */
  void events(RoutingContext ctx) {
    long after = Requests.longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
    int limit = (int) Requests.longParam(ctx, "limit", DEFAULT_EVENT_PAGE, 1, MAX_EVENT_PAGE);
    ShardSpec shards = Requests.shards(ctx);
    reader.eventRowsAfter(after, limit, shards)
        .map(page -> EventPageBody.render(after, page))
        .onSuccess(chunks -> endInChunks(ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json"),
            chunks))
        .onFailure(ctx::fail);
  }

  /** One response of {@code chunks} in turn, its length declared up front. */
  private static void endInChunks(HttpServerResponse response, List<Buffer> chunks) {
    long length = 0;
    for (Buffer chunk : chunks) {
      length += chunk.length();
    }
    response.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
    for (Buffer chunk : chunks) {
      response.write(chunk);
    }
    response.end();
  }

  /** {@code {"revision":R,"digest":hex,"count":N,"shards":..}} of the enabled states in scope. */
  void digest(RoutingContext ctx) {
    ShardSpec shards = Requests.shards(ctx);
    reader.inSnapshot(snapshot -> {
      StateDigest digest = StateDigest.streaming();
      return snapshot.forEachRow(SqlQueries.STREAM_ENABLED_KEYS, shardParameters(shards),
              row -> digest.add(new StateDigest.Entry(row.getLong(0), row.getString(1), row.getLong(2))))
          .map(v -> new JsonObject()
              .put("revision", snapshot.revision())
              .put("digest", digest.result().digest())
              .put("count", digest.result().count())
              .put("shards", shards.toString()));
    }).onSuccess(body -> Responses.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  private static Tuple shardParameters(ShardSpec shards) {
    return Tuple.tuple().addValue(shards.count()).addValue(shardArray(shards));
  }

  private static Tuple shardParameters(String moduleId, ShardSpec shards) {
    return Tuple.tuple().addValue(moduleId).addValue(shards.count()).addValue(shardArray(shards));
  }

  private static Integer[] shardArray(ShardSpec shards) {
    return Arrays.stream(shards.shards()).boxed().toArray(Integer[]::new);
  }
}
