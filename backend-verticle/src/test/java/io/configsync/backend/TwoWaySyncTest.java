package io.configsync.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ModuleConfigs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Edits from two sides at once, admins over HTTP and bots over the bus: based on the same version,
 * exactly one applies, the other is told who won, and the history says who did what.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Two-way sync without lost updates")
class TwoWaySyncTest {

  private static Vertx vertx;
  private static BackendFixture fixture;
  private static ApiClient api;

  @BeforeAll
  static void startBackend(Vertx testVertx, VertxTestContext ctx) {
    vertx = testVertx;
    BackendFixture.startForClass(vertx, ctx, started -> {
      fixture = started;
      api = started.api();
    });
  }

  @AfterAll
  static void stopBackend(VertxTestContext ctx) {
    fixture.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("alice and bob edit the same version: one wins, the other gets 412 with the winner's state, and the history names both actors")
  void twoAdminsEditTheSameVersion(VertxTestContext ctx) {
    String guild = BackendFixture.newGuildId();
    ApiClient alice = fixture.backend().newClient().withToken(TestBackend.ALICE_TOKEN);
    ApiClient bob = fixture.backend().newClient().withToken(TestBackend.BOB_TOKEN);
    JsonObject original = ModuleConfigs.welcome("original");
    JsonObject byAlice = ModuleConfigs.welcome("alice's welcome");
    JsonObject byBob = ModuleConfigs.welcome("bob's welcome");
    AtomicReference<JsonObject> winner = new AtomicReference<>();
    AtomicReference<String> loser = new AtomicReference<>();

    // GIVEN a config at version 1, made with the single admin token
    api.putConfig(guild, "welcome", original)
        .compose(response -> {
          String etag = response.getHeader("ETag");
          assertThat(etag).isEqualTo("\"1\"");
          // WHEN alice and bob both edit it, both based on version 1, at the same time
          return Future.join(alice.putIfMatch(guild, "welcome", byAlice, etag),
              bob.putIfMatch(guild, "welcome", byBob, etag));
        })
        .compose(both -> {
          HttpResponse<Buffer> fromAlice = both.resultAt(0);
          HttpResponse<Buffer> fromBob = both.resultAt(1);
          // THEN exactly one is applied as version 2
          assertThat(List.of(fromAlice.statusCode(), fromBob.statusCode())).containsExactlyInAnyOrder(200, 412);
          boolean aliceWon = fromAlice.statusCode() == 200;
          winner.set(Http.state(aliceWon ? fromAlice : fromBob));
          loser.set(aliceWon ? "bob" : "alice");
          assertThat(winner.get().getLong("version")).isEqualTo(2);
          assertThat(winner.get().getJsonObject("config")).isEqualTo(aliceWon ? byAlice : byBob);
          // THEN the other is refused with the winner's state, to merge with
          JsonObject error = Http.error(aliceWon ? fromBob : fromAlice, 412, "VERSION_CONFLICT");
          assertThat(error.getJsonObject("details").getJsonObject("current")).isEqualTo(winner.get());
          return api.history(guild, "welcome");
        })
        .compose(response -> {
          // THEN the history holds the original and the winner, each with its actor; not the loser
          String winnerName = "alice".equals(loser.get()) ? "bob" : "alice";
          JsonArray versions = Http.ok(response).getJsonArray("versions");
          assertThat(versions).hasSize(2);
          assertThat(versionsOf(versions)).extracting(v -> v.getLong("version"), v -> v.getString("actor"),
                  v -> v.getJsonObject("config"))
              .containsExactly(tuple(1L, "admin", original),
                  tuple(2L, winnerName, winner.get().getJsonObject("config")));
          // WHEN the loser merges and retries based on the winner
          ApiClient retrying = "alice".equals(loser.get()) ? alice : bob;
          return retrying.putIfMatch(guild, "welcome", ModuleConfigs.welcome("merged by " + loser.get()), "\"2\"");
        })
        .compose(response -> {
          assertThat(Http.state(response).getLong("version")).isEqualTo(3);
          return api.history(guild, "welcome");
        })
        .map(response -> {
          // THEN nothing was lost silently: every applied edit is a version, with who made it
          JsonArray versions = Http.ok(response).getJsonArray("versions");
          assertThat(versionsOf(versions)).extracting(v -> v.getLong("version"), v -> v.getString("actor"),
                  v -> v.getString("origin"))
              .containsExactly(tuple(1L, "admin", "backend"),
                  tuple(2L, "alice".equals(loser.get()) ? "bob" : "alice", "backend"),
                  tuple(3L, loser.get(), "backend"));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a bot proposal races an HTTP edit from the same version, 20 times: exactly one applies each time, the loser gets the conflict, only winners are published")
  void proposalRacesHttpEdit(VertxTestContext ctx) {
    int rounds = 20;
    List<String> guilds = new ArrayList<>();
    AtomicLong head = new AtomicLong();
    AtomicInteger mark = new AtomicInteger();
    List<Future<Object>> races = new ArrayList<>();
    // Filled from the HTTP client's and the bus's callbacks
    List<JsonObject> winners = Collections.synchronizedList(new ArrayList<>());

    Futures.sequentially(IntStream.range(0, rounds).boxed().toList(), round -> {
          String guild = BackendFixture.newGuildId();
          guilds.add(guild);
          return api.putConfig(guild, "welcome", ModuleConfigs.welcome("base " + round)).map(Http::state);
        })
        .compose(v -> fixture.settledHead())
        .compose(settled -> {
          head.set(settled);
          mark.set(fixture.events().size());
          // WHEN in each guild a bot proposes and an admin PUTs, both based on version 1, at once
          for (String guild : guilds) {
            JsonObject fromBot = ModuleConfigs.welcome("from the bot in " + guild);
            JsonObject fromAdmin = ModuleConfigs.welcome("from the admin in " + guild);
            Future<JsonObject> proposal = Proposals.send(vertx, Proposals.config(guild, "welcome", 1, fromBot));
            Future<HttpResponse<Buffer>> edit = fixture.backend().newClient().withToken(TestBackend.ALICE_TOKEN)
                .putIfMatch(guild, "welcome", fromAdmin, "\"1\"");
            races.add(Future.join(proposal, edit).map(both -> {
              JsonObject reply = both.resultAt(0);
              HttpResponse<Buffer> response = both.resultAt(1);
              // THEN exactly one applies; the loser is told the winner's state
              if (reply.getBoolean("ok")) {
                assertThat(reply.getJsonObject("state").getJsonObject("config")).isEqualTo(fromBot);
                JsonObject error = Http.error(response, 412, "VERSION_CONFLICT");
                assertThat(error.getJsonObject("details").getJsonObject("current"))
                    .isEqualTo(reply.getJsonObject("state"));
                winners.add(reply.getJsonObject("state"));
              } else {
                JsonObject state = Http.state(response);
                assertThat(state.getJsonObject("config")).isEqualTo(fromAdmin);
                assertThat(reply.getString("code")).isEqualTo("VERSION_CONFLICT");
                assertThat(reply.getString("message")).isNotBlank();
                assertThat(reply.getJsonObject("current")).isEqualTo(state);
                assertThat(reply.getLong("currentVersion")).isEqualTo(2);
                winners.add(state);
              }
              return null;
            }));
          }
          return Future.all(races);
        })
        .compose(all -> fixture.publishedSince(mark.get(), head.get() + rounds))
        .compose(published -> {
          // THEN the bus carried the winners only: one version 2 per guild, with the winner's origin
          assertThat(published).hasSize(rounds);
          assertThat(published).extracting(ModuleChangeEvent::guildId, ModuleChangeEvent::version,
                  ModuleChangeEvent::config, ModuleChangeEvent::origin)
              .containsExactlyInAnyOrderElementsOf(winners.stream().map(winner -> tuple(winner.getString("guildId"),
                  2L, winner.getJsonObject("config"),
                  winner.getJsonObject("config").getString("message").startsWith("from the bot")
                      ? Proposals.BOT_ID : "backend")).toList());
          return api.head();
        })
        .map(after -> {
          assertThat(after).isEqualTo(head.get() + rounds);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("an accepted proposal is stored, published with the bot as origin, and in the history with the bot as actor; a stale one gets the conflict and changes nothing")
  void proposalAppliesOrConflicts(VertxTestContext ctx) {
    String guild = BackendFixture.newGuildId();
    JsonObject fromBot = ModuleConfigs.automod(Configs.capsRule("caps"));
    AtomicLong head = new AtomicLong();
    AtomicInteger mark = new AtomicInteger();
    AtomicReference<JsonObject> state = new AtomicReference<>();

    fixture.settledHead()
        .compose(settled -> {
          head.set(settled);
          mark.set(fixture.events().size());
          // WHEN a bot proposes the first config of a module, based on version 0 (none)
          return Proposals.send(vertx, Proposals.config(guild, "automod", 0, fromBot));
        })
        .compose(reply -> {
          assertThat(reply.getBoolean("ok")).as("reply %s", reply).isTrue();
          assertThat(reply.getBoolean("changed")).isTrue();
          state.set(reply.getJsonObject("state"));
          assertThat(state.get().getLong("version")).isEqualTo(1);
          assertThat(state.get().getBoolean("enabled")).isTrue();
          // WHEN it proposes to disable it, based on version 1
          return Proposals.send(vertx, Proposals.enabled(guild, "automod", 1, false));
        })
        .compose(reply -> {
          assertThat(reply.getBoolean("ok")).as("reply %s", reply).isTrue();
          state.set(reply.getJsonObject("state"));
          assertThat(state.get().getBoolean("enabled")).isFalse();
          // WHEN it proposes again based on version 1, now stale
          return Proposals.send(vertx, Proposals.enabled(guild, "automod", 1, true));
        })
        .compose(reply -> {
          assertThat(reply.fieldNames())
              .containsExactlyInAnyOrder("ok", "code", "message", "current", "currentVersion");
          assertThat(reply.getBoolean("ok")).isFalse();
          assertThat(reply.getString("code")).isEqualTo("VERSION_CONFLICT");
          assertThat(reply.getJsonObject("current")).isEqualTo(state.get());
          assertThat(reply.getLong("currentVersion")).isEqualTo(2);
          return api.getState(guild, "automod");
        })
        .compose(response -> {
          assertThat(Http.state(response)).isEqualTo(state.get());
          return fixture.publishedSince(mark.get(), head.get() + 2);
        })
        .compose(published -> {
          assertThat(published).extracting(ModuleChangeEvent::revision, ModuleChangeEvent::version,
                  ModuleChangeEvent::action, ModuleChangeEvent::origin)
              .containsExactly(tuple(head.get() + 1, 1L, ModuleAction.ENABLED, Proposals.BOT_ID),
                  tuple(head.get() + 2, 2L, ModuleAction.DISABLED, Proposals.BOT_ID));
          return api.history(guild, "automod");
        })
        .compose(response -> {
          JsonArray versions = Http.ok(response).getJsonArray("versions");
          assertThat(versionsOf(versions)).extracting(v -> v.getString("actor"), v -> v.getString("origin"),
                  v -> v.getBoolean("enabled"))
              .containsExactly(tuple(Proposals.BOT_ID, Proposals.BOT_ID, true),
                  tuple(Proposals.BOT_ID, Proposals.BOT_ID, false));
          return api.head();
        })
        .map(after -> {
          assertThat(after).isEqualTo(head.get() + 2);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a slash command's proposal names the Discord user who ran it as the actor; a malformed user id is refused and stores nothing")
  void slashCommandActorIsTheDiscordUser(VertxTestContext ctx) {
    String guild = BackendFixture.newGuildId();
    String user = "80351110224678919";
    fixture.settledHead()
        .compose(head -> Proposals.send(vertx,
            Proposals.config(guild, "automod", 0, ModuleConfigs.automod(Configs.capsRule("caps"))).put("userId", user)
                .put("userName", "carol")))
        .compose(reply -> {
          assertThat(reply.getBoolean("ok")).as("reply %s", reply).isTrue();
          return Proposals.refusal(vertx, Proposals.enabled(guild, "automod", 1, false).put("userId", "alice"));
        })
        .compose(refused -> {
          assertThat(refused.failureCode()).isEqualTo(400);
          return api.history(guild, "automod");
        })
        .map(response -> {
          JsonArray versions = Http.ok(response).getJsonArray("versions");
          assertThat(versionsOf(versions)).extracting(v -> v.getString("actor"), v -> v.getString("origin"))
              .containsExactly(tuple("carol (discord " + user + ") via " + Proposals.BOT_ID, Proposals.BOT_ID));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  private static List<JsonObject> versionsOf(JsonArray versions) {
    return versions.stream().map(JsonObject.class::cast).toList();
  }
}
