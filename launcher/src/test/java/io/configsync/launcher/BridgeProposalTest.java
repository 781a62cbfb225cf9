package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.GuildIds;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ModuleConfigs;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A bridge bot proposes config changes through the gateway: the gateway stamps its id and shards
 * over whatever it claims, the backend applies or refuses, and the answer comes back over the bridge.
 * On the same node, the launcher's named admin tokens reach the audit trail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Bridge bots propose changes through the gateway")
class BridgeProposalTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  /** High bits of the test guild ids, a multiple of 8 so that shard arithmetic stays readable. */
  private static final long GUILD_BASE = 100_000_000_000L;

  private static final String ALICE_TOKEN = "test-alice-token";

  private final ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN);
  private final AtomicLong guildSequence = new AtomicLong();
  private BridgeNode bridge;
  private ConfigSyncNode node;
  private BridgeTestClient bot;

  @BeforeAll
  void startNode() throws Exception {
    // An all node as CONFIGSYNC_ADMIN_TOKEN plus CONFIGSYNC_ADMIN_TOKENS=alice:.. configure it
    NodeSettings settings = NodeSettings.builder(Role.ALL).httpPort(0)
        .pgUrl(TestPostgres.freshDatabase().url()).dataDir(Files.createTempDirectory("configsync-node"))
        .cluster(false).botId("bot-local").gatewayId("gw-proposals").adminToken(TestNodes.ADMIN_TOKEN)
        .botTokens("bot-a:token-a").adminTokens(Map.of("alice", ALICE_TOKEN)).build();
    bridge = BridgeNode.start(settings);
    node = bridge.node();
    bot = bridge.connect("bot-a");
    bot.authenticate("bot-a", "token-a", "0,1/4", Addresses.moduleChangeShard(4, 0));
    await().atMost(WAIT).until(() -> !bot.messages(Addresses.moduleChangeShard(4, 0)).isEmpty());
    assertThat(bot.errors()).isEmpty();
  }

  @AfterAll
  void stopNode() throws Exception {
    if (bot != null) {
      bot.close();
    }
    if (bridge != null) {
      bridge.close();
    }
  }

  @Test
  @DisplayName("a write with a named admin token is recorded with its name; the single admin token is 'admin'")
  void namedAdminTokens() {
    String guild = guildOfShard(1);
    JsonObject body = new JsonObject().put("config",
        ModuleConfigs.welcome("by alice"));
    assertThat(new ApiClient(ALICE_TOKEN).put(node.httpPort(), guild, "welcome", body).status()).isEqualTo(200);
    assertThat(api.put(node.httpPort(), guild, "welcome", body.put("enabled", false)).status()).isEqualTo(200);
    JsonObject history = api.get(node.httpPort(), "/api/guilds/" + guild + "/modules/welcome/history").body();
    assertThat(history.getJsonArray("versions").stream().map(v -> ((JsonObject) v).getString("actor")))
        .containsExactly("alice", "admin");
  }

  @Test
  @DisplayName("a proposal for its own shard is applied with the bot as origin and actor, whatever id it claims; another shard's guild is refused with 403")
  void proposalsOverTheBridge() {
    String own = guildOfShard(0);
    String foreign = guildOfShard(2);
    JsonObject config = ModuleConfigs.welcome("set by bot-a");

    // WHEN bot-a proposes for a guild of its shard 0, claiming to be bot-b of every shard
    bot.send(Addresses.BOT_PROPOSAL, new JsonObject().put("botId", "bot-b").put("shards", "0-3/4")
        .put("guildId", own).put("moduleId", "welcome").put("baseVersion", 0).put("config", config), "reply-1");
    // THEN the reply comes back over the bridge: applied as version 1
    await().atMost(WAIT).until(() -> !bot.messages("reply-1").isEmpty());
    JsonObject reply = bot.messages("reply-1").get(0);
    assertThat(reply.getBoolean("ok")).as("reply %s", reply).isTrue();
    assertThat(reply.getJsonObject("state").getLong("version")).isEqualTo(1);
    // THEN every bot gets the event, the proposer too, with bot-a (not the claimed bot-b) as origin
    await().atMost(WAIT).until(() -> bot.messages(Addresses.moduleChangeShard(4, 0)).stream()
        .anyMatch(body -> own.equals(body.getString("guildId"))));
    JsonObject event = bot.messages(Addresses.moduleChangeShard(4, 0)).stream()
        .filter(body -> own.equals(body.getString("guildId"))).findFirst().orElseThrow();
    assertThat(event.getString("origin")).isEqualTo("bot-a");
    assertThat(event.getJsonObject("config")).isEqualTo(config);
    JsonObject history = api.get(node.httpPort(), "/api/guilds/" + own + "/modules/welcome/history").body();
    assertThat(history.getJsonArray("versions").getJsonObject(0).getString("actor")).isEqualTo("bot-a");

    // WHEN it proposes for a guild of shard 2, claiming every shard
    long head = head();
    bot.send(Addresses.BOT_PROPOSAL, new JsonObject().put("shards", "0-3/4").put("guildId", foreign)
        .put("moduleId", "welcome").put("baseVersion", 0).put("config", config), "reply-2");
    // THEN it is refused with 403, from the shards the gateway knows, and nothing is stored
    await().atMost(WAIT).until(() -> !failures("reply-2").isEmpty());
    assertThat(failures("reply-2").get(0).getInteger("failureCode")).isEqualTo(403);
    assertThat(head()).isEqualTo(head);
    assertThat(api.get(node.httpPort(), "/api/guilds/" + foreign + "/modules/welcome").status()).isEqualTo(404);
  }

  private List<JsonObject> failures(String replyAddress) {
    return bot.received(frame -> "err".equals(frame.type()) && replyAddress.equals(frame.address())).stream()
        .map(BridgeTestClient.Received::json).toList();
  }

  private long head() {
    return api.get(node.httpPort(), "/api/events?after=0&limit=1").body().getLong("head");
  }

  /** A new guild in shard {@code shard} of 4. */
  private String guildOfShard(int shard) {
    long high = GUILD_BASE + 8 * guildSequence.incrementAndGet() + shard;
    String guild = Long.toString((high << 22) + 17);
    assertThat(GuildIds.shardOf(Long.parseLong(guild), 4)).isEqualTo(shard);
    return guild;
  }
}
