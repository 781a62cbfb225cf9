package io.configsync.launcher;

import static io.configsync.testkit.ModuleConfigs.welcomeBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.ShardSpec;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Bot-side edits and rollbacks with real bots on the clustered bus: every bot ends on the winner. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Two-way sync, end to end")
class TwoWaySyncEndToEndTest {

  private static final Duration CONVERGENCE = Duration.ofSeconds(30);

  private final ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN);
  private ConfigSyncNode backend;
  private ConfigSyncNode proposingBot;
  private ConfigSyncNode otherBot;

  @BeforeAll
  void startCluster() {
    TestNodes nodes = new TestNodes(TestPostgres.freshDatabase());
    backend = nodes.startBackend();
    proposingBot = nodes.startBot("bot-proposer", ShardSpec.ALL, backend);
    otherBot = nodes.startBot("bot-other", ShardSpec.ALL, backend);
  }

  @AfterAll
  void stopCluster() {
    TestNodes.stop(otherBot, proposingBot, backend);
  }

  @Test
  @DisplayName("a bot proposal racing an HTTP edit from the same version: exactly one applies, the loser gets a conflict, all bots converge on the winner")
  void proposalRacingAnHttpEdit() {
    for (int round = 0; round < 10; round++) {
      String guild = Long.toString(310_000_000_000_000_000L + round * 4_194_304L);
      assertThat(api.put(backend.httpPort(), guild, "welcome", welcomeBody("base " + round)).status()).isEqualTo(200);

      // WHEN the bot and an admin both change version 1 at the same time
      CompletableFuture<Message<JsonObject>> proposal = proposingBot.vertx().eventBus().<JsonObject>request(
          Addresses.BOT_PROPOSAL, new JsonObject()
              .put("botId", "bot-proposer").put("shards", "0/1").put("guildId", guild).put("moduleId", "welcome")
              .put("baseVersion", 1).put("config", welcomeBody("from the bot " + round).getJsonObject("config")))
          .toCompletionStage().toCompletableFuture();
      CompletableFuture<ApiClient.Reply> edit = api.putIfMatchAsync(backend.httpPort(), guild, "welcome",
          welcomeBody("from the admin " + round), "\"1\"");
      JsonObject proposed = proposal.join().body();
      ApiClient.Reply edited = edit.join();

      // THEN exactly one of them applied, and the other was told so
      boolean botWon = proposed.getBoolean("ok");
      assertThat(botWon).as("round %d: exactly one winner", round).isNotEqualTo(edited.status() == 200);
      if (botWon) {
        assertThat(edited.status()).isEqualTo(412);
        assertThat(edited.body().getJsonObject("error").getString("code")).isEqualTo("VERSION_CONFLICT");
      } else {
        assertThat(proposed.getString("code")).isEqualTo("VERSION_CONFLICT");
        assertThat(proposed.getLong("currentVersion")).isEqualTo(2);
      }
      JsonObject state = api.get(backend.httpPort(), "/api/guilds/" + guild + "/modules/welcome").body();
      assertThat(state.getLong("version")).isEqualTo(2);
      assertThat(state.getJsonObject("config").getString("message"))
          .isEqualTo(botWon ? "from the bot " + round : "from the admin " + round);
      JsonArray history = api.get(backend.httpPort(), "/api/guilds/" + guild + "/modules/welcome/history")
          .body().getJsonArray("versions");
      assertThat(history).hasSize(2);
      assertThat(history.getJsonObject(1).getString("origin")).isEqualTo(botWon ? "bot-proposer" : "backend");
    }
    awaitBotsConverged();
  }

  @Test
  @DisplayName("a rollback to version N makes a new version with N's config, and every bot applies it")
  void rollbackReachesTheBots() {
    String guild = "320000000000000001";
    for (int version = 1; version <= 3; version++) {
      assertThat(api.put(backend.httpPort(), guild, "welcome", welcomeBody("version " + version)).status()).isEqualTo(200);
    }

    ApiClient.Reply rolledBack = api.post(backend.httpPort(), "/api/guilds/" + guild + "/modules/welcome/rollback",
        new JsonObject().put("version", 1));

    assertThat(rolledBack.status()).isEqualTo(200);
    assertThat(rolledBack.body().getLong("version")).isEqualTo(4);
    assertThat(rolledBack.body().getJsonObject("config").getString("message")).isEqualTo("version 1");
    awaitBotsConverged();
  }

  private void awaitBotsConverged() {
    await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      JsonObject expected = api.digest(backend.httpPort(), "0/1");
      for (ConfigSyncNode bot : List.of(proposingBot, otherBot)) {
        assertThat(api.botState(bot.httpPort()).getString("digest")).isEqualTo(expected.getString("digest"));
      }
    });
  }
}
