package io.configsync.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.backend.store.ChangeRejected;
import io.configsync.backend.store.ChangeRequest;
import io.configsync.backend.store.GroupCommitWriter;
import io.configsync.backend.store.GroupCommitWriter.WriteResult;
import io.configsync.backend.store.LogRetention;
import io.configsync.backend.store.ModuleChange;
import io.configsync.backend.store.StateRebuilder;
import io.configsync.backend.store.StateRebuilder.Difference;
import io.configsync.backend.store.StateRebuilder.Report;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ModuleConfigs;
import io.configsync.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Event sourcing made true: folding the log gives exactly the state table, and can repair it. */
@ExtendWith(VertxExtension.class)
@DisplayName("Rebuilding the state from the event log")
class StateRebuildTest {

  private static final int CHANGES = 5_000;
  /** Changes made through a writer of the test's own, in waves; the rest go over HTTP. */
  private static final int WRITER_CHANGES = 4_500;
  private static final int WAVE = 500;
  private static final int HTTP_CLIENTS = 20;
  private static final int GUILDS = 50;
  private static final List<String> MODULES = List.of("welcome", "automod");
  private static final List<String> TOKENS =
      List.of(TestBackend.ADMIN_TOKEN, TestBackend.ALICE_TOKEN, TestBackend.BOB_TOKEN);

  private static Vertx vertx;
  private static BackendFixture fixture;
  private static DatabaseUrl database;

  private record Key(String guildId, String moduleId) {}

  @BeforeAll
  static void startBackend(Vertx testVertx, VertxTestContext ctx) {
    vertx = testVertx;
    TestPostgres.Database db = TestPostgres.freshDatabase();
    database = DatabaseUrl.parse(db.url());
    BackendFixture.start(vertx, db).onComplete(ctx.succeeding(started -> {
      fixture = started;
      ctx.completeNow();
    }));
  }

  @AfterAll
  static void stopBackend(VertxTestContext ctx) {
    fixture.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("after 5,000 random puts, enables, disables, deletes and rollbacks over 100 keys (through the writer and HTTP), the fold equals module_state; a tampered table is reported and repaired")
  void foldOfTheLogIsTheState(VertxTestContext ctx) {
    List<Key> keys = new ArrayList<>();
    for (int g = 0; g < GUILDS; g++) {
      String guildId = BackendFixture.newGuildId();
      MODULES.forEach(moduleId -> keys.add(new Key(guildId, moduleId)));
    }
    Map<Key, Long> versions = new ConcurrentHashMap<>();
    Map<Key, Map<Long, JsonObject>> configs = new HashMap<>();
    AtomicLong head = new AtomicLong();
    Pool pool = PgBuilder.pool().connectingTo(database.connectOptions()).using(vertx).build();
    GroupCommitWriter writer = new GroupCommitWriter(vertx.getOrCreateContext(), pool, 512, 10_000,
        new SimpleMeterRegistry());

    // WHEN random changes go through a second writer on the database, in waves of 500, up to 4,500
    writeInWaves(writer, new Random(20_241_123L), keys, versions, configs, head)
        .eventually(pool::close)
        .compose(v -> {
          // WHEN 20 admin clients then change random keys over HTTP until the log holds 5,000 changes
          List<Future<Void>> clients = new ArrayList<>();
          for (int client = 0; client < HTTP_CLIENTS; client++) {
            ApiClient api = fixture.backend().newClient().withToken(TOKENS.get(client % TOKENS.size()));
            clients.add(changeAtRandom(api, new Random(17L * client + 1), keys, versions, head));
          }
          return Future.all(clients);
        })
        .compose(all -> fixture.api().head())
        .compose(finalHead -> {
          assertThat(finalHead).isGreaterThanOrEqualTo(CHANGES);
          head.set(finalHead);
          return vertx.executeBlocking(() -> StateRebuilder.verify(database));
        })
        .compose(report -> {
          // THEN folding the log gives exactly the table
          assertThat(report.differences()).isEmpty();
          assertThat(report.logProblems()).isEmpty();
          assertThat(report.consistent()).isTrue();
          assertThat(report.events()).isEqualTo(head.get());
          assertThat(report.head()).isEqualTo(head.get());
          assertThat(report.keys()).isEqualTo(versions.size());
          return fixture.queryLong("SELECT count(*) FROM module_event WHERE actor IS NULL");
        })
        .compose(withoutActor -> {
          assertThat(withoutActor).as("events without an actor").isZero();
          // WHEN the table is tampered with behind the backend's back
          return vertx.executeBlocking(StateRebuildTest::tamper);
        })
        .compose(tampered -> vertx.executeBlocking(() -> StateRebuilder.verify(database))
            .map(report -> {
              // THEN verify reports every tampered row, and changes nothing
              assertThat(report.consistent()).isFalse();
              assertDifferences(report, tampered);
              assertThat(report.repaired()).isFalse();
              return tampered;
            }))
        .compose(tampered -> vertx.executeBlocking(() -> StateRebuilder.repair(database))
            .map(report -> {
              // THEN repair rewrites exactly those rows
              assertThat(report.repaired()).isTrue();
              assertThat(report.consistent()).isTrue();
              assertDifferences(report, tampered);
              return tampered;
            }))
        .compose(tampered -> vertx.executeBlocking(() -> StateRebuilder.verify(database))
            .compose(report -> {
              // THEN the table equals the fold again, and the API serves the log's state
              assertThat(report.differences()).isEmpty();
              assertThat(report.consistent()).isTrue();
              return fixture.queryLong("SELECT version FROM module_state WHERE module_id = 'welcome' AND guild_id = "
                  + tampered.bumped());
            })
            .compose(version -> {
              assertThat(version).isEqualTo(versions.get(new Key(Long.toString(tampered.bumped()), "welcome")));
              return fixture.queryLong("SELECT count(*) FROM module_state WHERE guild_id = " + tampered.inserted());
            })
            .map(inserted -> {
              assertThat(inserted).isZero();
              return null;
            }))
        // WHEN retention compacts everything it may: every superseded event goes
        .compose(v -> fixture.settledHead())
        .compose(settled -> compactAll())
        .compose(deleted -> {
          assertThat(deleted).isPositive();
          return vertx.executeBlocking(() -> StateRebuilder.verify(database));
        })
        .map(report -> {
          // THEN the compacted log still folds into exactly the table
          assertThat(report.horizon()).isPositive();
          assertThat(report.events()).isLessThan(head.get());
          assertThat(report.differences()).isEmpty();
          assertThat(report.logProblems()).isEmpty();
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  /**
   * Waves of {@link #WAVE} random changes submitted at once, each wave based on what the previous
   * ones made, until the head reaches {@link #WRITER_CHANGES}. A rollback is what the API makes of
   * it: a put of an earlier version's config.
   */
  private static Future<Void> writeInWaves(GroupCommitWriter writer, Random random, List<Key> keys,
                                           Map<Key, Long> versions, Map<Key, Map<Long, JsonObject>> configs,
                                           AtomicLong head) {
    if (head.get() >= WRITER_CHANGES) {
      return Future.succeededFuture();
    }
    List<Future<WriteResult>> wave = new ArrayList<>();
    for (int i = 0; i < WAVE; i++) {
      Key key = keys.get(random.nextInt(keys.size()));
      String actor = List.of("alice", "bob", "bot-b").get(random.nextInt(3));
      ChangeRequest request = new ChangeRequest(Long.parseLong(key.guildId()), key.moduleId(),
          randomChange(random, key, configs.getOrDefault(key, Map.of())), null,
          actor.startsWith("bot") ? actor : ModuleChangeEvent.ORIGIN_BACKEND, actor);
      // a change to a config that is not there is refused: part of the game
      wave.add(writer.submit(request).recover(failure -> failure instanceof ChangeRejected
          ? Future.succeededFuture(null) : Future.failedFuture(failure)));
    }
    return Future.all(wave).compose(all -> {
      for (Future<WriteResult> write : wave) {
        WriteResult result = write.result();
        if (result != null && result.changed()) {
          Key key = new Key(result.event().guildId(), result.event().moduleId());
          configs.computeIfAbsent(key, k -> new HashMap<>()).put(result.event().version(), result.event().config());
          versions.merge(key, result.event().version(), Math::max);
          head.accumulateAndGet(result.event().revision(), Math::max);
        }
      }
      return writeInWaves(writer, random, keys, versions, configs, head);
    });
  }

  private static ModuleChange randomChange(Random random, Key key, Map<Long, JsonObject> configs) {
    int dice = random.nextInt(100);
    if (dice < 40 || configs.isEmpty()) {
      return new ModuleChange.Put(randomConfig(key.moduleId(), random), null);
    } else if (dice < 55) {
      return new ModuleChange.SetEnabled(true);
    } else if (dice < 70) {
      return new ModuleChange.SetEnabled(false);
    } else if (dice < 80) {
      return new ModuleChange.Delete();
    }
    JsonObject earlier = configs.get(1L + random.nextInt(configs.size()));
    return earlier == null ? new ModuleChange.Delete() : new ModuleChange.Put(earlier, null);
  }

  private static Future<Long> compactAll() {
    Pool pool = PgBuilder.pool().connectingTo(database.connectOptions()).using(vertx).build();
    return new LogRetention(pool, new LogRetention.Settings(Duration.ZERO, 0, Duration.ofMinutes(1))).compact()
        .eventually(pool::close);
  }

  /** One client: random changes, one at a time, until the head reaches {@link #CHANGES}. */
  private static Future<Void> changeAtRandom(ApiClient api, Random random, List<Key> keys, Map<Key, Long> versions,
                                             AtomicLong head) {
    if (head.get() >= CHANGES) {
      return Future.succeededFuture();
    }
    Key key = keys.get(random.nextInt(keys.size()));
    return randomChange(api, random, key, versions.getOrDefault(key, 0L))
        .compose(response -> {
          int status = response.statusCode();
          if (status == 200) {
            JsonObject state = Http.state(response);
            versions.merge(key, state.getLong("version"), Math::max);
            head.accumulateAndGet(state.getLong("revision"), Math::max);
          } else {
            // a change to a config that is not there (404), a rollback to a deletion (422)
            String code = response.bodyAsJsonObject().getJsonObject("error").getString("code");
            assertThat(List.of(status, code)).as("refusal of a random change: %s", response.bodyAsString())
                .isIn(List.of(404, "NOT_FOUND"), List.of(422, "NOT_RESTORABLE"));
          }
          return changeAtRandom(api, random, keys, versions, head);
        });
  }

  private static Future<HttpResponse<Buffer>> randomChange(ApiClient api, Random random, Key key, long knownVersion) {
    int dice = random.nextInt(100);
    if (dice < 40 || knownVersion == 0) {
      return api.putConfig(key.guildId(), key.moduleId(), randomConfig(key.moduleId(), random));
    } else if (dice < 55) {
      return api.enable(key.guildId(), key.moduleId());
    } else if (dice < 70) {
      return api.disable(key.guildId(), key.moduleId());
    } else if (dice < 80) {
      return api.delete(key.guildId(), key.moduleId());
    }
    return api.rollback(key.guildId(), key.moduleId(), 1 + random.nextInt((int) knownVersion));
  }

  private static JsonObject randomConfig(String moduleId, Random random) {
    return "welcome".equals(moduleId)
        ? ModuleConfigs.welcome("welcome #" + random.nextInt(20)).put("dm", random.nextBoolean())
        : ModuleConfigs.automod(Configs.capsRule("caps-" + random.nextInt(20)));
  }

  /** The guilds of the tampered welcome rows. */
  private record Tampered(long bumped, long reconfigured, long deleted, long inserted) {}

  /**
   * Changes one row's version, another's config, deletes a third and adds one the log never
   * mentions.
   */
  private static Tampered tamper() throws SQLException {
    List<Long> guilds = new ArrayList<>();
    long inserted = Long.parseLong(BackendFixture.newGuildId());
    try (Connection connection = fixture.database().connect(); Statement statement = connection.createStatement()) {
      try (ResultSet result = statement.executeQuery(
          "SELECT guild_id FROM module_state WHERE module_id = 'welcome' ORDER BY guild_id LIMIT 3")) {
        while (result.next()) {
          guilds.add(result.getLong(1));
        }
      }
      assertThat(guilds).hasSize(3);
      assertThat(statement.executeUpdate("UPDATE module_state SET version = version + 7 WHERE guild_id = "
          + guilds.get(0) + " AND module_id = 'welcome'")).isEqualTo(1);
      assertThat(statement.executeUpdate("UPDATE module_state SET enabled = true, config = '"
          + ModuleConfigs.welcome("tampered").encode() + "'::jsonb WHERE guild_id = " + guilds.get(1)
          + " AND module_id = 'welcome'")).isEqualTo(1);
      assertThat(statement.executeUpdate("DELETE FROM module_state WHERE guild_id = " + guilds.get(2)
          + " AND module_id = 'welcome'")).isEqualTo(1);
      assertThat(statement.executeUpdate("INSERT INTO module_state VALUES (" + inserted
          + ", 'welcome', true, '" + ModuleConfigs.welcome("never logged").encode() + "'::jsonb, 1, 1, now())"))
          .isEqualTo(1);
    }
    return new Tampered(guilds.get(0), guilds.get(1), guilds.get(2), inserted);
  }

  /** The differences are the four tampered rows, each as it was tampered with. */
  private static void assertDifferences(Report report, Tampered tampered) {
    assertThat(report.differences()).extracting(Difference::guildId, Difference::moduleId)
        .containsExactlyInAnyOrder(tuple(tampered.bumped(), "welcome"), tuple(tampered.reconfigured(), "welcome"),
            tuple(tampered.deleted(), "welcome"), tuple(tampered.inserted(), "welcome"));
    Difference bumped = difference(report, tampered.bumped());
    assertThat(bumped.inTable().version()).isEqualTo(bumped.fromLog().version() + 7);
    assertThat(bumped.inTable().config()).isEqualTo(bumped.fromLog().config());
    Difference reconfigured = difference(report, tampered.reconfigured());
    assertThat(reconfigured.inTable().config()).contains("tampered");
    assertThat(reconfigured.fromLog().config()).as("a deleted config, or another one")
        .satisfiesAnyOf(config -> assertThat(config).isNull(), config -> assertThat(config).doesNotContain("tampered"));
    assertThat(reconfigured.inTable().version()).isEqualTo(reconfigured.fromLog().version());
    assertThat(difference(report, tampered.deleted()).inTable()).isNull();
    assertThat(difference(report, tampered.deleted()).fromLog()).isNotNull();
    assertThat(difference(report, tampered.inserted()).fromLog()).isNull();
    assertThat(report.differences()).allSatisfy(d -> assertThat(d.describe()).contains(Long.toString(d.guildId())));
  }

  private static Difference difference(Report report, long guildId) {
    return report.differences().stream().filter(d -> d.guildId() == guildId).findFirst().orElseThrow();
  }
}
