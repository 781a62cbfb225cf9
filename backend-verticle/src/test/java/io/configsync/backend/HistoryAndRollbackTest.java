package io.configsync.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ModuleConfigs;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every version of a config, with who made it, and rollback to any of them as a new version. */
@ExtendWith(VertxExtension.class)
@DisplayName("History and rollback")
class HistoryAndRollbackTest {

  private static final JsonObject FIRST = ModuleConfigs.welcome("first");
  private static final JsonObject SECOND = ModuleConfigs.welcome("second");

  private static BackendFixture fixture;
  private static ApiClient admin;
  private static ApiClient alice;
  private static ApiClient bob;
  /** welcome: v1 FIRST, v2 deleted, v3 SECOND; for the bad requests. */
  private static String guild;

  private record BadRequest(String what, Supplier<Future<HttpResponse<Buffer>>> send, int status, String code,
                            Consumer<JsonObject> errorCheck) {}

  @BeforeAll
  static void startBackend(Vertx vertx, VertxTestContext ctx) {
    guild = BackendFixture.newGuildId();
    BackendFixture.start(vertx, TestPostgres.freshDatabase())
        .compose(started -> {
          fixture = started;
          admin = started.api();
          alice = admin.withToken(TestBackend.ALICE_TOKEN);
          bob = admin.withToken(TestBackend.BOB_TOKEN);
          return admin.putConfig(guild, "welcome", FIRST);
        })
        .compose(response -> admin.delete(guild, "welcome"))
        .compose(response -> admin.putConfig(guild, "welcome", SECOND))
        .map(response -> {
          assertThat(Http.state(response).getLong("version")).isEqualTo(3);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @AfterAll
  static void stopBackend(VertxTestContext ctx) {
    fixture.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("rollback to version N makes version max+1 with N's config, keeps the enabled flag, is published, and the history lists it with its actor")
  void rollbackMakesANewVersion(VertxTestContext ctx) {
    String other = BackendFixture.newGuildId();
    AtomicLong head = new AtomicLong();
    AtomicInteger mark = new AtomicInteger();

    // GIVEN v1 by alice, v2 by the admin, v3 disabled by bob
    fixture.settledHead()
        .compose(settled -> {
          head.set(settled);
          mark.set(fixture.events().size());
          return alice.putConfig(other, "welcome", FIRST);
        })
        .compose(response -> admin.putConfig(other, "welcome", SECOND))
        .compose(response -> bob.disable(other, "welcome"))
        .compose(response -> {
          assertThat(Http.state(response).getLong("version")).isEqualTo(3);
          // WHEN bob rolls back to version 1, based on version 3
          return bob.rollbackRequest(other, "welcome").putHeader("If-Match", "\"3\"")
              .sendJsonObject(new JsonObject().put("version", 1));
        })
        .compose(response -> {
          // THEN version 4 has version 1's config, still disabled
          JsonObject state = Http.state(response);
          assertThat(state.getLong("version")).isEqualTo(4);
          assertThat(state.getJsonObject("config")).isEqualTo(FIRST);
          assertThat(state.getBoolean("enabled")).isFalse();
          // WHEN alice deletes it, then rolls back to version 2 without If-Match
          return alice.delete(other, "welcome");
        })
        .compose(response -> alice.rollback(other, "welcome", 2))
        .compose(response -> {
          // THEN a deleted config comes back, enabled, as version 6
          JsonObject state = Http.state(response);
          assertThat(state.getLong("version")).isEqualTo(6);
          assertThat(state.getJsonObject("config")).isEqualTo(SECOND);
          assertThat(state.getBoolean("enabled")).isTrue();
          // WHEN it is rolled back to the config it already has
          return admin.rollback(other, "welcome", 2);
        })
        .compose(response -> {
          // THEN nothing changes, as with a PUT of the same config
          assertThat(Http.state(response).getLong("version")).isEqualTo(6);
          return fixture.publishedSince(mark.get(), head.get() + 6);
        })
        .compose(published -> {
          // THEN the rollbacks were published like any change, with the full config for bots to apply
          assertThat(published).extracting(ModuleChangeEvent::version, ModuleChangeEvent::action,
                  ModuleChangeEvent::config)
              .containsExactly(
                  tuple(1L, ModuleAction.ENABLED, FIRST),
                  tuple(2L, ModuleAction.CONFIG_UPDATED, SECOND),
                  tuple(3L, ModuleAction.DISABLED, SECOND),
                  tuple(4L, ModuleAction.DISABLED, FIRST),
                  tuple(5L, ModuleAction.DISABLED, null),
                  tuple(6L, ModuleAction.ENABLED, SECOND));
          return admin.head();
        })
        .compose(after -> {
          assertThat(after).isEqualTo(head.get() + 6);
          // a read token may read the history
          return admin.withToken(TestBackend.READ_TOKEN).history(other, "welcome");
        })
        .map(response -> {
          JsonObject history = Http.ok(response);
          assertThat(history.fieldNames()).containsExactly("guildId", "moduleId", "versions");
          assertThat(history.getString("guildId")).isEqualTo(other);
          assertThat(history.getString("moduleId")).isEqualTo("welcome");
          List<JsonObject> versions = history.getJsonArray("versions").stream().map(JsonObject.class::cast).toList();
          assertThat(versions).allSatisfy(version -> {
            assertThat(version.fieldNames()).containsExactly("version", "revision", "action", "enabled", "config",
                "origin", "actor", "timestamp");
            assertThat(Instant.parse(version.getString("timestamp"))).isBefore(Instant.now().plusSeconds(1));
          });
          assertThat(versions).extracting(v -> v.getLong("revision")).isSorted().doesNotHaveDuplicates();
          assertThat(versions).extracting(v -> v.getLong("version"), v -> v.getString("action"),
                  v -> v.getBoolean("enabled"), v -> v.getJsonObject("config"), v -> v.getString("actor"),
                  v -> v.getString("origin"))
              .containsExactly(
                  tuple(1L, "enabled", true, FIRST, "alice", "backend"),
                  tuple(2L, "config_updated", true, SECOND, "admin", "backend"),
                  tuple(3L, "disabled", false, SECOND, "bob", "backend"),
                  tuple(4L, "disabled", false, FIRST, "bob", "backend"),
                  tuple(5L, "disabled", false, null, "alice", "backend"),
                  tuple(6L, "enabled", true, SECOND, "alice", "backend"));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("history: an unknown module is 404 UNKNOWN_MODULE, a module never configured 404 NOT_FOUND, a bad guild id 400, no token 401")
  void badHistoryRequests(VertxTestContext ctx) {
    String neverConfigured = BackendFixture.newGuildId();
    refuseAllAndChangeNothing(List.of(
        new BadRequest("unknown module", () -> admin.history(guild, "welcom"), 404, "UNKNOWN_MODULE", e -> {}),
        new BadRequest("never configured", () -> admin.history(neverConfigured, "welcome"), 404, "NOT_FOUND",
            e -> {}),
        new BadRequest("module never configured in a configured guild", () -> admin.history(guild, "automod"), 404,
            "NOT_FOUND", e -> {}),
        new BadRequest("bad guild id", () -> admin.history("123", "welcome"), 400, "INVALID_GUILD_ID", e -> {}),
        new BadRequest("guild id too large", () -> admin.history("9223372036854775808", "welcome"), 400,
            "INVALID_GUILD_ID", e -> {}),
        new BadRequest("no token", () -> admin.anonymous().history(guild, "welcome"), 401, "UNAUTHORIZED", e -> {})),
        ctx);
  }

  @Test
  @DisplayName("rollback: a missing or non-integer version is 400, a version that never existed 404, a deletion 422 NOT_RESTORABLE, a stale If-Match 412")
  void badRollbackRequests(VertxTestContext ctx) {
    String neverConfigured = BackendFixture.newGuildId();
    refuseAllAndChangeNothing(List.of(
        rollbackBody("no version", new JsonObject(), 400, "INVALID_REQUEST"),
        rollbackBody("version null", new JsonObject().putNull("version"), 400, "INVALID_REQUEST"),
        rollbackBody("version a string", new JsonObject().put("version", "1"), 400, "INVALID_REQUEST"),
        rollbackBody("version 1.5", new JsonObject().put("version", 1.5), 400, "INVALID_REQUEST"),
        rollbackBody("version true", new JsonObject().put("version", true), 400, "INVALID_REQUEST"),
        rollbackBody("version 0", new JsonObject().put("version", 0), 400, "INVALID_REQUEST"),
        rollbackBody("version -1", new JsonObject().put("version", -1), 400, "INVALID_REQUEST"),
        rollbackBody("an unknown field", new JsonObject().put("version", 1).put("enabled", true), 400,
            "INVALID_REQUEST"),
        new BadRequest("malformed JSON", () -> admin.rollbackRequest(guild, "welcome")
            .putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer("{\"version\":")), 400,
            "MALFORMED_JSON", e -> {}),
        new BadRequest("no body", () -> admin.rollbackRequest(guild, "welcome").send(), 400, "MALFORMED_JSON",
            e -> {}),
        new BadRequest("a form body", () -> admin.rollbackRequest(guild, "welcome")
            .sendForm(MultiMap.caseInsensitiveMultiMap().add("version", "1")), 415, "UNSUPPORTED_MEDIA_TYPE", e -> {}),
        new BadRequest("a version that never existed", () -> admin.rollback(guild, "welcome", 99), 404, "NOT_FOUND",
            e -> {}),
        new BadRequest("a module never configured", () -> admin.rollback(neverConfigured, "welcome", 1), 404,
            "NOT_FOUND", e -> {}),
        new BadRequest("the version that deleted it", () -> admin.rollback(guild, "welcome", 2), 422,
            "NOT_RESTORABLE", e -> assertThat(e.getString("message")).contains("deletion")),
        new BadRequest("a stale If-Match", () -> admin.rollbackRequest(guild, "welcome").putHeader("If-Match", "\"2\"")
            .sendJsonObject(new JsonObject().put("version", 1)), 412, "VERSION_CONFLICT",
            e -> assertThat(e.getJsonObject("details").getJsonObject("current").getLong("version")).isEqualTo(3)),
        new BadRequest("an If-Match that is no version", () -> admin.rollbackRequest(guild, "welcome")
            .putHeader("If-Match", "\"abc\"").sendJsonObject(new JsonObject().put("version", 1)), 400,
            "INVALID_REQUEST", e -> {}),
        new BadRequest("a read token", () -> admin.withToken(TestBackend.READ_TOKEN).rollback(guild, "welcome", 1), 403,
            "FORBIDDEN", e -> {}),
        new BadRequest("no token", () -> admin.anonymous().rollback(guild, "welcome", 1), 401, "UNAUTHORIZED",
            e -> {}),
        new BadRequest("an unknown module", () -> admin.rollback(guild, "welcom", 1), 404, "UNKNOWN_MODULE", e -> {}),
        new BadRequest("a bad guild id", () -> admin.rollback("123", "welcome", 1), 400, "INVALID_GUILD_ID", e -> {})),
        ctx);
  }

  @Test
  @DisplayName("rollback to a config today's schema refuses is 422 SCHEMA_VIOLATION, like any write")
  void rollbackIsValidatedAgainstTodaysSchema(VertxTestContext ctx) {
    String other = BackendFixture.newGuildId();
    admin.putConfig(other, "welcome", FIRST)
        .compose(response -> admin.putConfig(other, "welcome", SECOND))
        // GIVEN version 1 was stored under an older, laxer schema
        .compose(response -> fixture.update("UPDATE config_history SET config = '"
            + FIRST.copy().put("colour", "blue").encode() + "'::jsonb WHERE guild_id = " + other + " AND version = 1"))
        .compose(updated -> {
          assertThat(updated).isEqualTo(1);
          return NothingChanges.from(fixture);
        })
        .compose(nothing -> admin.rollback(other, "welcome", 1)
            .compose(response -> {
              assertThat(Http.violations(Http.error(response, 422, "SCHEMA_VIOLATION")))
                  .extracting(v -> v.getString("location")).contains("/colour");
              return nothing.check("a rollback to an invalid config");
            })
            .compose(v -> nothing.thenNextWriteIsTheNextEvent()))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static BadRequest rollbackBody(String what, JsonObject body, int status, String code) {
    return new BadRequest(what, () -> admin.rollbackRequest(guild, "welcome").sendJsonObject(body), status, code,
        e -> {});
  }

  private static void refuseAllAndChangeNothing(List<BadRequest> cases, VertxTestContext ctx) {
    NothingChanges.from(fixture)
        .compose(nothing -> Futures.sequentially(cases, bad -> bad.send().get()
                .map(response -> {
                  bad.errorCheck().accept(Http.error(response, bad.status(), bad.code()));
                  return null;
                })
                .recover(failure -> Future.failedFuture(new AssertionError("case '" + bad.what() + "': "
                    + failure.getMessage(), failure)))
                .compose(v -> nothing.check(bad.what())))
            .compose(v -> admin.getState(guild, "welcome"))
            .compose(response -> {
              JsonObject state = Http.state(response);
              assertThat(state.getLong("version")).isEqualTo(3);
              assertThat(state.getJsonObject("config")).isEqualTo(SECOND);
              return admin.history(guild, "welcome");
            })
            .compose(response -> {
              JsonArray versions = Http.ok(response).getJsonArray("versions");
              assertThat(versions).hasSize(3);
              return nothing.thenNextWriteIsTheNextEvent();
            }))
        .onComplete(ctx.succeedingThenComplete());
  }
}
