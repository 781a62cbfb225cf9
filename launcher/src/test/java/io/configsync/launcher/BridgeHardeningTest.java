package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.GuildIds;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ErrorLog;
import io.configsync.testkit.ModuleConfigs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the 2026-12 robustness run found on the bridge and in acks (issue #10, findings 4, 5, 6, 7,
 * 11 and 14), against a real {@code all} node driven over {@code /eventbus/websocket}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Bridge hardening: shard-bound tokens, honest acks and replays, frames that are not JSON")
class BridgeHardeningTest {

  /** bot-a's token is bound to shards 0 and 1 of 4; bot-b's is not bound. */
  private static final String BOT_TOKENS = "bot-a:token-a:0,1/4,bot-b:token-b";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final long GUILD_BASE = 200_000_000_000L;

  private final ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN);
  private final AtomicLong guildSequence = new AtomicLong();
  private final List<BridgeTestClient> clients = Collections.synchronizedList(new ArrayList<>());
  private BridgeNode node;
  private int port;
  private ErrorLog errors;

  @BeforeAll
  void startNode() {
    node = BridgeNode.start("gw-hardening", BOT_TOKENS);
    port = node.port();
    errors = ErrorLog.open();
  }

  @AfterEach
  void closeClients() {
    List<BridgeTestClient> open;
    synchronized (clients) {
      open = List.copyOf(clients);
      clients.clear();
    }
    open.forEach(BridgeTestClient::close);
    assertThat(errors.lines()).as("ERROR lines").isEmpty();
  }

  @AfterAll
  void stopNode() throws Exception {
    if (errors != null) {
      errors.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  @DisplayName("14. a token bound to 0,1/4 may claim 0/4 but not 0/1; an unbound token claims any shards")
  void tokensBoundToShards() {
    BridgeTestClient wide = connect("bot-a wide");
    wide.authenticate("bot-a", "token-a", "0/1", Addresses.moduleChangeShard(1, 0));
    await().atMost(WAIT).until(() -> wide.errorBodies().contains("rejected"));
    assertThat(wide.deliveries()).isEmpty();

    authenticated("bot-a", "token-a", "0/4", Addresses.moduleChangeShard(4, 0));
    authenticated("bot-b", "token-b", "0/1", Addresses.moduleChangeShard(1, 0));
  }

  @Test
  @DisplayName("4. statuses of guilds outside the sender's shards are dropped; its own are recorded")
  void forgedStatusesAreDropped() {
    String own = write(0);
    String foreign = write(2);
    BridgeTestClient botA = authenticated("bot-a", "token-a", "0,1/4", Addresses.moduleChangeShard(4, 0));

    botA.send(Addresses.BOT_ACK, new JsonObject().put("revision", head()).put("statuses", new JsonArray()
        .add(status(foreign, "FORGED")).add(status(own, "REAL"))), null);

    await().atMost(WAIT).until(() -> botStatus(own, "bot-a") != null);
    assertThat(botStatus(own, "bot-a").getString("error")).isEqualTo("REAL");
    assertThat(botStatus(foreign, "bot-a")).as("bot-a's status of a guild in shard 2").isNull();
  }

  @Test
  @DisplayName("5, 6. an ack above the head is refused, and one with a null status is refused without a stack trace")
  void impossibleAcksAreRefused() {
    write(1);
    long head = head();
    BridgeTestClient botA = authenticated("bot-a", "token-a", "0,1/4", Addresses.moduleChangeShard(4, 1));

    botA.send(Addresses.BOT_ACK, new JsonObject().put("revision", Long.MAX_VALUE), null);
    botA.send(Addresses.BOT_ACK, new JsonObject().put("revision", 1).put("statuses", new JsonArray().addNull()), null);
    botA.send(Addresses.BOT_ACK, new JsonObject().put("revision", 1e30), null);
    botA.send(Addresses.BOT_ACK, new JsonObject().put("revision", head), null);

    await().atMost(WAIT).until(() -> bot("bot-a") != null && bot("bot-a").getLong("appliedRevision") == head);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
        .until(() -> bot("bot-a").getLong("appliedRevision") == head);
  }

  @Test
  @DisplayName("7. a replay after 1e30 is refused; limit 0 answers the head and claims nothing past 'after'")
  void replayEdges() {
    write(0);
    BridgeTestClient botA = authenticated("bot-a", "token-a", "0,1/4", Addresses.moduleChangeShard(4, 0));

    botA.send(Addresses.REPLAY, new JsonObject().put("after", 1e30).put("limit", 10), "reply-big");
    botA.send(Addresses.REPLAY, new JsonObject().put("after", 0).put("limit", 0), "reply-zero");

    await().atMost(WAIT).until(() -> reply(botA, "reply-big") != null && reply(botA, "reply-zero") != null);
    assertThat(reply(botA, "reply-big").getString("type")).isEqualTo("err");
    assertThat(reply(botA, "reply-big").getInteger("failureCode")).isEqualTo(400);
    JsonObject zero = reply(botA, "reply-zero").getJsonObject("body");
    assertThat(zero.getJsonArray("events")).isEmpty();
    assertThat(zero.getLong("through")).isZero();
    assertThat(zero.getLong("head")).isPositive();
  }

  @Test
  @DisplayName("11. frames that are not JSON count as refusals: an authenticated socket sending 3,000 is closed")
  void invalidJsonFramesCloseTheSocket() {
    BridgeTestClient botA = authenticated("bot-a", "token-a", "0,1/4", Addresses.moduleChangeShard(4, 0));
    for (int i = 0; i < 3_000 && !botA.isClosed(); i++) {
      botA.sendText("{");
    }
    await().atMost(WAIT).until(botA::isClosed);
    assertThat(botA.errorBodies()).contains("invalid_json");

    BridgeTestClient anonymous = connect("anonymous");
    for (int i = 0; i < 10 && !anonymous.isClosed(); i++) {
      anonymous.sendText("not json");
    }
    await().atMost(WAIT).until(anonymous::isClosed);
  }

  @Test
  @DisplayName("lenient parses, decided: a socket claims at most 64 shards; a frame with a key twice is invalid JSON")
  void shardsPerSocketAndDuplicateKeys() {
    BridgeTestClient wide = connect("bot-b 65 shards");
    wide.authenticate("bot-b", "token-b", "0-64/128", Addresses.moduleChangeShard(128, 0));
    await().atMost(WAIT).until(() -> wide.errorBodies().contains("rejected"));
    authenticated("bot-b", "token-b", "0-63/128", Addresses.moduleChangeShard(128, 0));

    BridgeTestClient botA = authenticated("bot-a", "token-a", "0,1/4", Addresses.moduleChangeShard(4, 0));
    botA.sendText("{\"type\":\"send\",\"address\":\"configsync.replay\",\"address\":\"configsync.bot.ack\","
        + "\"body\":{\"after\":0,\"limit\":1}}");
    await().atMost(WAIT).until(() -> botA.errorBodies().contains("invalid_json"));
  }

  @Test
  @DisplayName("a bot holds at most 16 sockets on a gateway; the 17th is refused, and a closed one frees its place")
  void socketsPerBot() {
    List<BridgeTestClient> sockets = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      sockets.add(authenticated("bot-b", "token-b", "0/1", Addresses.moduleChangeShard(1, 0)));
    }
    BridgeTestClient extra = connect("bot-b 17th");
    extra.authenticate("bot-b", "token-b", "0/1", Addresses.moduleChangeShard(1, 0));
    await().atMost(WAIT).until(() -> extra.errorBodies().contains("rejected"));
    sockets.get(0).close();
    await().atMost(WAIT).untilAsserted(() -> {
      BridgeTestClient again = connect("bot-b again");
      again.authenticate("bot-b", "token-b", "0/1", Addresses.moduleChangeShard(1, 0));
      await().atMost(Duration.ofSeconds(5)).until(() -> !again.received().isEmpty());
      assertThat(again.errorBodies()).isEmpty();
    });
  }

  // ---- helpers

  private BridgeTestClient connect(String name) {
    BridgeTestClient client = node.connect(name);
    clients.add(client);
    return client;
  }

  private BridgeTestClient authenticated(String botId, String token, String shards, String address) {
    BridgeTestClient client = connect(botId + "@" + address);
    client.authenticate(botId, token, shards, address);
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(client.errors()).as("errors of %s", client).isEmpty();
      assertThat(client.received(frame -> "rec".equals(frame.type()) && address.equals(frame.address())))
          .as("progress on %s", address).isNotEmpty();
    });
    return client;
  }

  private static JsonObject reply(BridgeTestClient client, String replyAddress) {
    return client.received().stream().map(BridgeTestClient.Received::json)
        .filter(json -> replyAddress.equals(json.getString("address"))).findFirst().orElse(null);
  }

  private static JsonObject status(String guildId, String error) {
    return new JsonObject().put("guildId", guildId).put("moduleId", "welcome").put("version", 1).put("ok", false)
        .put("error", error);
  }

  private JsonObject botStatus(String guildId, String botId) {
    JsonArray bots = api.get(port, "/api/guilds/" + guildId + "/modules/welcome/status").body().getJsonArray("bots");
    return bots.stream().map(JsonObject.class::cast).filter(bot -> botId.equals(bot.getString("botId")))
        .findFirst().orElse(null);
  }

  private JsonObject bot(String botId) {
    return api.get(port, "/api/bots").body().getJsonArray("bots").stream().map(JsonObject.class::cast)
        .filter(bot -> botId.equals(bot.getString("botId"))).findFirst().orElse(null);
  }

  private long head() {
    return api.get(port, "/api/events?after=0&limit=1").body().getLong("head");
  }

  /** A welcome config in a new guild of shard {@code shard} of 4; its guild id. */
  private String write(int shard) {
    long high = GUILD_BASE + 8 * guildSequence.incrementAndGet() + shard;
    String guild = Long.toString((high << 22) + 17);
    assertThat(GuildIds.shardOf(Long.parseLong(guild), 4)).isEqualTo(shard);
    ApiClient.Reply reply = api.put(port, guild, "welcome", new JsonObject().put("config",
        ModuleConfigs.welcome("hello " + guild)));
    assertThat(reply.status()).as("PUT %s: %s", guild, reply.body()).isEqualTo(200);
    return guild;
  }
}
