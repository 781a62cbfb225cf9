package io.configsync.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.backend.store.LogRetention;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.testkit.ModuleConfigs;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@DisplayName("Event log retention")
class LogRetentionTest {

  private static final LogRetention.Settings KEEP_NOTHING_OLD =
      new LogRetention.Settings(Duration.ZERO, 0, Duration.ofHours(1));

  @Test
  @DisplayName("removes superseded events only: the latest event of every key stays, and older replays get 410 with the horizon")
  void compactsSupersededEvents(Vertx vertx, VertxTestContext ctx) {
    TestPostgres.Database database = TestPostgres.freshDatabase();
    List<String> guilds = List.of(BackendFixture.newGuildId(), BackendFixture.newGuildId(), BackendFixture.newGuildId());
    Pool pool = PgBuilder.pool().connectingTo(DatabaseUrl.parse(database.url()).connectOptions()).using(vertx).build();

    // GIVEN 3 keys with 4 versions each, all published
    BackendFixture.start(vertx, database).compose(backend -> writeVersions(backend, guilds, 4)
            .compose(v -> backend.events().awaitRevision(12))
            .compose(v -> backend.eventually("publisher position saved",
                () -> backend.queryLong("SELECT revision FROM publisher_position").map(position -> position == 12)))
            // WHEN retention keeps nothing old
            .compose(v -> new LogRetention(pool, KEEP_NOTHING_OLD).compact())
            .compose(deleted -> {
              // THEN every event but the latest of each key is gone
              assertThat(deleted).isEqualTo(9);
              return backend.api().get("/api/events?after=0");
            })
            .compose(response -> {
              JsonObject error = Http.error(response, 410, "GONE");
              long horizon = error.getJsonObject("details").getLong("horizon");
              assertThat(horizon).isEqualTo(9);
              return backend.api().get("/api/events?after=" + horizon);
            })
            .compose(response -> {
              List<ModuleChangeEvent> kept = Http.ok(response).getJsonArray("events").stream()
                  .map(event -> ModuleChangeEvent.fromJson((JsonObject) event)).toList();
              assertThat(kept).extracting(ModuleChangeEvent::revision).containsExactly(10L, 11L, 12L);
              Map<String, Long> latest = kept.stream()
                  .collect(Collectors.toMap(ModuleChangeEvent::guildId, ModuleChangeEvent::version));
              assertThat(latest).containsOnlyKeys(guilds).allSatisfy((guild, version) -> assertThat(version).isEqualTo(4));
              return backend.api().get("/api/guilds/" + guilds.get(0) + "/modules/welcome/history");
            })
            .map(response -> {
              // AND the history (the audit trail, apart from the log) still has every version with its actor
              List<JsonObject> versions = Http.ok(response).getJsonArray("versions").stream()
                  .map(JsonObject.class::cast).toList();
              assertThat(versions).extracting(v -> v.getLong("version")).containsExactly(1L, 2L, 3L, 4L);
              assertThat(versions).allSatisfy(v -> assertThat(v.getString("actor")).isNotNull());
              return null;
            }))
        .eventually(pool::close)
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("keeps what the publisher has not published yet and the newest events asked for")
  void keepsUnpublishedAndRecentEvents(Vertx vertx, VertxTestContext ctx) {
    TestPostgres.Database database = TestPostgres.freshDatabase();
    List<String> guilds = List.of(BackendFixture.newGuildId(), BackendFixture.newGuildId());
    Pool pool = PgBuilder.pool().connectingTo(DatabaseUrl.parse(database.url()).connectOptions()).using(vertx).build();

    BackendFixture.start(vertx, database).compose(backend -> writeVersions(backend, guilds, 5)
            .compose(v -> backend.events().awaitRevision(10))
            .compose(v -> backend.eventually("publisher position saved",
                () -> backend.queryLong("SELECT revision FROM publisher_position").map(position -> position == 10)))
            // GIVEN a log whose newest 6 events must stay
            .compose(v -> new LogRetention(pool, new LogRetention.Settings(Duration.ZERO, 6, Duration.ofHours(1)))
                .compact())
            .compose(deleted -> {
              // THEN only superseded events at or before revision 4 went
              assertThat(deleted).isEqualTo(4);
              // GIVEN the publisher's saved position pushed back to 0, as if nothing was published
              return backend.update("UPDATE publisher_position SET revision = 0");
            })
            .compose(v -> new LogRetention(pool, KEEP_NOTHING_OLD).compact())
            .map(deleted -> {
              // THEN nothing more is removed: unpublished events are never compacted
              assertThat(deleted).isZero();
              return null;
            }))
        .eventually(pool::close)
        .onComplete(ctx.succeedingThenComplete());
  }

  /** {@code versions} changes of welcome in each guild, interleaved: revision order is guild by guild per round. */
  private static Future<Void> writeVersions(BackendFixture backend, List<String> guilds, int versions) {
    Future<Void> chain = Future.succeededFuture();
    for (int version = 1; version <= versions; version++) {
      for (String guild : guilds) {
        JsonObject config = ModuleConfigs.welcome("version " + version + " of " + guild);
        chain = chain.compose(v -> backend.api().putConfig(guild, "welcome", config).map(response -> {
          Http.state(response);
          return null;
        }));
      }
    }
    return chain;
  }
}
