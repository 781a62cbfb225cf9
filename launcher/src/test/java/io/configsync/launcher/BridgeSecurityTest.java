package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.BotAck;
import io.configsync.codecs.BotPresence;
import io.configsync.codecs.GuildIds;
import io.configsync.codecs.ShardAddress;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The gateway's bridge policy ({@code BridgeGuard}) against a real {@code all} node (backend,
 * gateway and an in-process bot, standalone Vert.x, its own database), driven over the raw
 * WebSocket endpoint {@code /eventbus/websocket} the way a hostile or broken bridge client would.
 *
 * <p>Each case checks both sides: what the client gets back, and that nothing it was refused reached
 * the node. "Reached" is observed with an outbound interceptor on the node's event bus (it sees every
 * send and publish, without taking point-to-point messages away from their real consumer the way an
 * extra consumer on {@code configsync.bot.ack} would), with a consumer on
 * {@code configsync.module.changes}, and through the backend's head revision and {@code /api/bots}.
 * Refused frames carry a unique {@link Probe} to look for. Absence is proved with a sentinel, never by
 * waiting quietly: after the refused frames, a legitimate ack goes through the same gateway and must
 * reach the node's bus; once it did, nothing refused may have.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Bridge security: the gateway refuses what a bridge bot may not do")
class BridgeSecurityTest {

  private static final String GATEWAY = "gw-bridge-test";
  private static final String LOCAL_BOT = "bot-local";
  private static final String BOT_TOKENS = "bot-a:token-a,bot-b:token-b";
  private static final String REJECTED = "rejected";
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** Probe acks carry revisions far above the head: the backend refuses them, the bus still shows them. */
  private static final AtomicLong PROBE_REVISIONS = new AtomicLong(1_000_000_000L);
  /** High bits of the test guild ids, a multiple of 8 so that shard arithmetic stays readable. */
  private static final long GUILD_BASE = 100_000_000_000L;

  private final ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN);
  private final AtomicLong guildSequence = new AtomicLong();
  private final List<BridgeTestClient> clients = Collections.synchronizedList(new ArrayList<>());
  /** Sends and publishes on the node's bus (as JSON) that carry a probe, or go to the ack, replay or presence address. */
  private final List<Sent> busTraffic = Collections.synchronizedList(new ArrayList<>());
  /** Whatever reached a consumer on {@code configsync.module.changes} in the node. */
  private final List<Object> changeConsumerBodies = Collections.synchronizedList(new ArrayList<>());

  private ConfigSyncNode node;
  private Vertx clientVertx;
  private int port;

  /** One message put on the node's bus, its body as JSON. */
  private record Sent(String address, JsonObject body, long atNanos) {}

  /**
   * Marks a frame: {@code probe} in its body, and for an ack (which the gateway forwards as a typed
   * {@link BotAck}, dropping fields it does not know) its revision, as stamped with this gateway.
   */
  private record Probe(String id, long revision) {

    boolean marks(Sent sent) {
      if (Addresses.BOT_ACK.equals(sent.address())) {
        return GATEWAY.equals(sent.body().getString("gateway")) && sent.body().getLong("revision") == revision;
      }
      return id.equals(sent.body().getValue("probe"));
    }
  }

  /** A write through the HTTP API: the guild, its shard of 4 and the revision the backend gave it. */
  private record Write(String guildId, int shardOf4, long revision) {}

  @BeforeAll
  void startNode() {
    node = new TestNodes(TestPostgres.freshDatabase()).startAllInOne(LOCAL_BOT, GATEWAY, BOT_TOKENS);
    port = node.httpPort();
    node.vertx().eventBus().addOutboundInterceptor((DeliveryContext<Object> delivery) -> {
      String address = delivery.message().address();
      JsonObject body = asJson(delivery.message().body());
      if (body != null && (body.containsKey("probe") || Addresses.BOT_ACK.equals(address)
          || Addresses.REPLAY.equals(address) || Addresses.BOT_PRESENCE.equals(address))) {
        busTraffic.add(new Sent(address, body.copy(), System.nanoTime()));
      }
      delivery.next();
    });
    MessageConsumer<Object> changes = node.vertx().eventBus()
        .consumer(Addresses.MODULE_CHANGES, message -> changeConsumerBodies.add(message.body()));
    changes.completion().toCompletionStage().toCompletableFuture().join();
    clientVertx = Vertx.vertx();
    // The gateway serves bots once it knows the backend's head.
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertHealthUp());
  }

  @AfterEach
  void closeClients() {
    List<BridgeTestClient> open;
    synchronized (clients) {
      open = List.copyOf(clients);
      clients.clear();
    }
    open.forEach(BridgeTestClient::close);
  }

  @AfterAll
  void stopNode() throws Exception {
    closeClients();
    if (clientVertx != null) {
      clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    TestNodes.stop(node);
  }

  @Test
  @Order(1)
  @DisplayName("1. without a token, a register and an ack are rejected and nothing reaches the bus")
  void noToken() {
    BridgeTestClient anonymous = connect("anonymous");
    anonymous.register(shard(4, 0), null);
    awaitErrors(anonymous, 1);
    Probe probe = probe();
    anonymous.send(Addresses.BOT_ACK, ack(probe), null);
    awaitErrors(anonymous, 2);

    assertThat(anonymous.errorBodies()).containsExactly(REJECTED, REJECTED);
    assertThat(anonymous.isClosed()).as("open after 2 failed authentications").isFalse();
    // The sentinel: the same socket authenticates (for shard 1 only) and acks; that ack reaches the bus.
    anonymous.authenticate("bot-a", "token-a", "0,1/4", shard(4, 1));
    assertNotForwardedBeforeSentinel(probe, anonymous);

    // The refused register did not subscribe: an authenticated bot gets a shard-0 write, the anonymous one nothing.
    BridgeTestClient observer = authenticated("bot-a", "token-a", "0,1/4", shard(4, 0));
    Write write = write(0);
    awaitEvent(observer, shard(4, 0), write.revision());
    assertThat(anonymous.messages(shard(4, 0))).isEmpty();
    assertThat(botIds()).doesNotContain("bot-x");
  }

  @Test
  @Order(2)
  @DisplayName("2. wrong tokens are rejected; the third failure closes the socket, and nothing after it counts")
  void wrongToken() {
    BridgeTestClient guesser = connect("guesser");
    guesser.authenticate("bot-a", "wrong-token", "0,1/4", shard(4, 0));
    awaitErrors(guesser, 1);
    assertThat(guesser.isClosed()).isFalse();
    guesser.authenticate("bot-a", "token-b", "0,1/4", shard(4, 0)); // another bot's token
    awaitErrors(guesser, 2);
    assertThat(guesser.isClosed()).isFalse();
    // The third failure, and right behind it (before the close reaches the client) a right guess.
    guesser.authenticate("bot-x", "token-a", "0/1", shard(1, 0)); // an unknown bot
    guesser.authenticate("bot-b", "token-b", "3/8", shard(8, 3));
    await().atMost(WAIT).until(guesser::isClosed);

    // The frame that hit the limit is not answered: the socket is closed first.
    assertThat(guesser.errorBodies()).hasSizeGreaterThanOrEqualTo(2).containsOnly(REJECTED);
    assertThat(guesser.deliveries()).isEmpty();
    // The right guess behind the third failure did not authenticate: no presence for it, before the
    // presence of a socket that authenticates after the close (the sentinel), nor after.
    authenticated("bot-b", "token-b", "2/8", shard(8, 2));
    await().atMost(WAIT).until(() -> busTraffic().stream().anyMatch(sent -> presenceOf(sent, "2/8")));
    assertThat(busTraffic()).noneMatch(sent -> presenceOf(sent, "3/8"));
    assertThat(botIds()).doesNotContain("bot-x");
    assertThat(bots()).noneMatch(bot -> "3/8".equals(bot.getString("shards")));
  }

  @Test
  @Order(3)
  @DisplayName("3. bot-a (0,1/4) gets the events of shards 0 and 1 of 4 only, and progress every second")
  void goodTokenReceivesItsShards() {
    BridgeTestClient botA = authenticated("bot-a", "token-a", "0,1/4", shard(4, 0), shard(4, 1));
    Write first0 = write(0);
    Write w1 = write(1);
    Write w2 = write(2);
    Write w3 = write(3);
    Write second0 = write(0);

    awaitEvent(botA, shard(4, 1), w1.revision());
    awaitEvent(botA, shard(4, 0), second0.revision());
    assertThat(botA.errors()).isEmpty();
    assertEventsMatchTheirShard(botA);
    assertThat(guildsReceived(botA)).contains(first0.guildId(), w1.guildId(), second0.guildId())
        .doesNotContain(w2.guildId(), w3.guildId());

    JsonObject event = eventOf(botA, shard(4, 0), second0.revision());
    assertThat(event.getString("kind")).isEqualTo("event");
    assertThat(event.getString("guildId")).isEqualTo(second0.guildId());
    assertThat(event.getString("moduleId")).isEqualTo("welcome");
    assertThat(event.getString("action")).isEqualTo("enabled");
    assertThat(event.getJsonObject("config").getString("channelId")).isEqualTo("81384788765712390");
    // The shard's own chain: nothing of shard 0 lies between the two shard-0 writes.
    assertThat(event.getLong("prev")).isEqualTo(first0.revision());

    // Progress, about once a second, on each registered shard, and eventually past the writes.
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(progressOf(botA, shard(4, 0))).hasSizeGreaterThanOrEqualTo(3);
      assertThat(progressOf(botA, shard(4, 1))).hasSizeGreaterThanOrEqualTo(3);
      List<BridgeTestClient.Received> shard0 = progressOf(botA, shard(4, 0));
      assertThat(shard0.get(shard0.size() - 1).body().getLong("revision")).isGreaterThanOrEqualTo(second0.revision());
    });
    List<BridgeTestClient.Received> progress = progressOf(botA, shard(4, 0));
    long spanNanos = progress.get(progress.size() - 1).atNanos() - progress.get(0).atNanos();
    assertThat(Duration.ofNanos(spanNanos / (progress.size() - 1))).as("mean interval between progress messages")
        .isBetween(Duration.ofMillis(600), Duration.ofMillis(1_600));
    for (int i = 1; i < progress.size(); i++) {
      assertThat(Duration.ofNanos(progress.get(i).atNanos() - progress.get(i - 1).atNanos()))
          .as("gap between progress messages").isLessThan(Duration.ofSeconds(3));
    }
    BridgeTestClient.Received last = progress.get(progress.size() - 1);
    assertThat(last.body().getLong("prev")).isEqualTo(second0.revision());
  }

  @Test
  @Order(4)
  @DisplayName("4. an authenticated bot cannot listen to another shard, shard count or address")
  void otherShardsAndAddressesAreRefused() {
    BridgeTestClient botA = authenticated("bot-a", "token-a", "0,1/4", shard(4, 0));
    botA.register(shard(4, 2), null);
    botA.register(shard(8, 0), null);
    botA.register(Addresses.MODULE_CHANGES, null);
    botA.register(Addresses.BOT_ACK, null);
    botA.register(Addresses.REVISION_HEAD, null);
    // Authenticating again, as another bot with other shards, changes nothing.
    botA.authenticate("bot-b", "token-b", "2,3/4", shard(4, 3));
    awaitErrors(botA, 6);
    assertThat(botA.errorBodies()).containsOnly(REJECTED);

    Write w2 = write(2);
    Write w3 = write(3);
    Write eightZero = write(0, 8);
    Write w0 = write(0);
    awaitEvent(botA, shard(4, 0), w0.revision());
    assertThat(botA.deliveries()).extracting(BridgeTestClient.Received::address).containsOnly(shard(4, 0));
    assertThat(guildsReceived(botA)).contains(eightZero.guildId(), w0.guildId())
        .doesNotContain(w2.guildId(), w3.guildId());
    assertEventsMatchTheirShard(botA);
  }

  @Test
  @Order(5)
  @DisplayName("5. publishing or sending change events is refused; nothing reaches the node, the head stays")
  void publishingChangesIsRefused() {
    long headBefore = head();
    String digestBefore = api.botState(port).getString("digest");
    BridgeTestClient botA = authenticated("bot-a", "token-a", "0,1/4", shard(4, 0));
    Probe probe = probe();
    JsonObject forged = forgedEvent(guildOfShard(0, 4), headBefore + 1, probe.id());

    botA.publish(Addresses.MODULE_CHANGES, forged);
    botA.publish(shard(4, 0), forged);
    botA.send(Addresses.MODULE_CHANGES, forged, null);
    botA.send(shard(4, 0), forged, null);
    botA.publish(Addresses.BOT_ACK, ack(probe));
    botA.publish(Addresses.REPLAY, new JsonObject().put("after", 0).put("probe", probe.id()));
    awaitErrors(botA, 6);

    assertThat(botA.errorBodies()).containsOnly(REJECTED).hasSize(6);
    assertNotForwardedBeforeSentinel(probe, botA);
    assertThat(changeConsumerBodies).noneMatch(body -> body instanceof JsonObject json && json.containsKey("probe"));
    assertThat(botA.received()).noneMatch(frame -> frame.json().encode().contains(probe.id()));
    assertThat(head()).isEqualTo(headBefore);
    assertThat(api.botState(port).getString("digest")).isEqualTo(digestBefore);
  }

  @Test
  @Order(6)
  @DisplayName("6. an ack claiming to be bot-b reaches the backend stamped as bot-a of this gateway")
  void ackIsStampedWithTheSocketsBot() {
    BridgeTestClient botA = authenticated("bot-a", "token-a", "0,1/4", shard(4, 0));
    write(0);
    long claimed = head(); // an ack above the head would be refused
    Probe probe = new Probe("probe-" + UUID.randomUUID(), claimed);
    botA.send(Addresses.BOT_ACK, new JsonObject().put("botId", "bot-b").put("revision", claimed)
        .put("shards", "0-3/4").put("gateway", "evil-gateway"), null);

    await().atMost(WAIT).until(() -> !forwarded(probe).isEmpty());
    assertThat(forwarded(probe)).singleElement().satisfies(sent -> {
      assertThat(sent.address()).isEqualTo(Addresses.BOT_ACK);
      assertThat(sent.body().getString("botId")).isEqualTo("bot-a");
      assertThat(sent.body().getString("gateway")).isEqualTo(GATEWAY);
      assertThat(sent.body().getString("shards")).isEqualTo("0,1/4");
    });
    await().atMost(WAIT).untilAsserted(() -> {
      JsonObject entry = bot("bot-a");
      assertThat(entry).isNotNull();
      assertThat(entry.getLong("appliedRevision")).isEqualTo(claimed);
    });
    JsonObject botAEntry = bot("bot-a");
    assertThat(botAEntry.getString("gateway")).isEqualTo(GATEWAY);
    assertThat(botAEntry.getString("shards")).isEqualTo("0,1/4");
    JsonObject botB = bot("bot-b");
    assertThat(botB == null || botB.getLong("appliedRevision") < claimed).as("bot-b %s", botB).isTrue();
    assertThat(bots()).noneMatch(bot -> "evil-gateway".equals(bot.getString("gateway")));
    assertThat(botA.errors()).isEmpty();
  }

  @Test
  @Order(7)
  @DisplayName("7. a replay asking for all shards gets only the bot's own shards")
  void replayIsLimitedToTheBotsShards() {
    List<Write> writes = List.of(write(0), write(1), write(2), write(3));
    BridgeTestClient botA = authenticated("bot-a", "token-a", "0,1/4", shard(4, 0));
    String replyAddress = "replay-" + UUID.randomUUID().toString().substring(0, 8);
    botA.send(Addresses.REPLAY, new JsonObject().put("after", 0).put("limit", 100).put("shards", "0-3/4"),
        replyAddress);

    await().atMost(WAIT).until(() -> !botA.messages(replyAddress).isEmpty());
    JsonObject page = botA.messages(replyAddress).get(0);
    JsonArray events = page.getJsonArray("events");
    List<String> guilds = events.stream().map(event -> ((JsonObject) event).getString("guildId")).toList();
    assertThat(guilds).isNotEmpty().allSatisfy(guild ->
        assertThat(GuildIds.shardOf(Long.parseLong(guild), 4)).isIn(0, 1));
    assertThat(guilds).contains(writes.get(0).guildId(), writes.get(1).guildId())
        .doesNotContain(writes.get(2).guildId(), writes.get(3).guildId());
    JsonArray expected = api.get(port, "/api/events?after=0&limit=100&shards=0,1/4").body().getJsonArray("events");
    assertThat(events.stream().map(event -> ((JsonObject) event).getLong("revision")).toList())
        .isEqualTo(expected.stream().map(event -> ((JsonObject) event).getLong("revision")).toList());
    assertThat(busTraffic()).filteredOn(sent -> Addresses.REPLAY.equals(sent.address()))
        .anySatisfy(sent -> assertThat(sent.body().getString("shards")).isEqualTo("0,1/4"))
        .noneSatisfy(sent -> assertThat(sent.body().getString("shards")).isEqualTo("0-3/4"));
    assertThat(botA.errors()).isEmpty();
  }

  @Test
  @Order(8)
  @DisplayName("8. a 100 KiB frame is refused and not forwarded; the socket then still works")
  void oversizeFrameIsRefused() {
    BridgeTestClient botA = authenticated("bot-a", "token-a", "0,1/4", shard(4, 0));
    Probe probe = probe();
    String padding = "x".repeat(100 * 1024);
    // One text message, which the client sends in 64 KiB fragments: the server joins them and the guard sees it.
    botA.send(Addresses.BOT_ACK, ack(probe).put("padding", padding), null);
    awaitErrors(botA, 1);
    assertThat(botA.errorBodies()).containsExactly(REJECTED);

    // The limit is about size: a normal ack on the same socket goes through (the sentinel).
    assertNotForwardedBeforeSentinel(probe, botA);
    assertThat(botA.isClosed()).isFalse();

    // The same in ONE WebSocket frame is over the server's frame limit (64 KiB): the connection is closed.
    BridgeTestClient single = authenticated("bot-a", "token-a", "0,1/4", shard(4, 1));
    Probe singleProbe = probe();
    single.sendSingleFrame(new JsonObject().put("type", "send").put("address", Addresses.BOT_ACK)
        .put("body", ack(singleProbe).put("padding", padding)).encode());
    await().atMost(WAIT).until(single::isClosed);
    assertNotForwardedBeforeSentinel(singleProbe, botA);
  }

  @Test
  @Order(9)
  @DisplayName("9. garbage frames crash nothing, and another bot keeps receiving its events")
  void garbageFrames() {
    BridgeTestClient botB = authenticated("bot-b", "token-b", "2,3/4", shard(4, 2), shard(4, 3));
    BridgeTestClient anonymous = connect("garbage-anonymous");
    BridgeTestClient botA = authenticated("bot-a", "token-a", "0,1/4", shard(4, 0));
    List<String> garbage = List.of(
        "not json at all",
        "{",
        "[1,2,3]",
        "null",
        "42",
        "",
        "{}",
        "{\"type\":null}",
        "{\"type\":5}",
        "{\"type\":\"bogus\",\"address\":\"x\"}",
        "{\"type\":\"send\"}",
        "{\"type\":\"send\",\"address\":5,\"body\":{}}",
        "{\"type\":\"send\",\"address\":\"configsync.bot.ack\",\"body\":\"a string\"}",
        "{\"type\":\"send\",\"address\":\"configsync.bot.ack\",\"body\":[1]}",
        "{\"type\":\"send\",\"address\":\"configsync.replay\",\"body\":{\"after\":\"x\"},\"replyAddress\":\"r1\"}",
        "{\"type\":\"send\",\"address\":\"configsync.replay\",\"body\":{},\"replyAddress\":\""
            + "r".repeat(100) + "\"}",
        "{\"type\":\"register\",\"address\":\"configsync.module.change.shard.4.0\",\"headers\":\"oops\"}",
        "{\"type\":\"register\",\"address\":\"configsync.module.change.shard.4.0\",\"headers\":{\"botId\":7,"
            + "\"token\":[1]}}",
        "{\"type\":\"register\",\"address\":\"configsync.module.change.shard.x.y\"}",
        "{\"type\":\"register\",\"address\":\"configsync.module.change.shard.4\"}",
        "{\"type\":\"register\",\"address\":\"configsync.module.change.shard.4.0.1\"}",
        "{\"type\":\"register\",\"address\":\"configsync.module.change.shard.99999999999999.0\"}",
        "{\"type\":\"unregister\",\"address\":\"configsync.module.change.shard.4.2\"}",
        "{\"type\":\"ping\",\"address\":{\"a\":[[[[[[[[[[]]]]]]]]]]}}");
    List<Write> writes = new ArrayList<>();
    for (int i = 0; i < garbage.size(); i++) {
      anonymous.sendText(garbage.get(i));
      botA.sendText(garbage.get(i));
      if (i % 6 == 0) {
        writes.add(write(2 + (i / 6) % 2));
      }
    }
    // Wrongly typed credentials, as the very first frames of a socket.
    BridgeTestClient typed = connect("garbage-typed");
    typed.sendText("{\"type\":\"register\",\"address\":\"configsync.module.change.shard.4.0\",\"headers\":\"oops\"}");
    typed.sendText("{\"type\":\"register\",\"address\":\"configsync.module.change.shard.4.0\",\"headers\":[1]}");
    typed.sendText("{\"type\":\"register\",\"address\":\"configsync.module.change.shard.4.0\","
        + "\"headers\":{\"botId\":[\"bot-a\"],\"token\":{\"t\":1},\"shards\":5}}");
    typed.sendText("{\"type\":\"register\",\"address\":\"configsync.module.change.shard.4.0\","
        + "\"headers\":{\"botId\":\"bot-a\",\"token\":\"token-a\",\"shards\":[0]}}");
    anonymous.sendBinary(Buffer.buffer(new byte[] {0, (byte) 0xff, (byte) 0xfe, 0x7b, 0x22}));
    botA.sendBinary(Buffer.buffer(new byte[] {0, (byte) 0xff, (byte) 0xfe, 0x7b, 0x22}));
    writes.add(write(3));

    // What the bridge cannot parse is answered with the bridge's own errors (by the guard, which counts
    // them); the guard refuses the rest, a second register of the same address included (the anonymous
    // socket is closed after its third refused frame, all counting as failed authentications).
    await().atMost(WAIT).untilAsserted(() -> assertThat(botA.errorBodies())
        .contains("invalid_json", "missing_type", "missing_address", "invalid_type", "invalid_reply_address",
            REJECTED));
    assertThat(botA.isClosed()).isFalse();
    await().atMost(WAIT).until(anonymous::isClosed);
    // Malformed credentials are failed authentications like any other: the third closes the socket.
    await().atMost(WAIT).until(typed::isClosed);
    assertThat(typed.errorBodies()).hasSizeBetween(2, 3).containsOnly(REJECTED);
    for (Write write : writes) {
      awaitEvent(botB, shard(4, write.shardOf4()), write.revision());
    }
    assertThat(botB.isClosed()).isFalse();
    assertThat(botB.errors()).isEmpty();
    assertEventsMatchTheirShard(botB);
    assertThat(anonymous.deliveries()).isEmpty();
    assertThat(botA.deliveries()).extracting(BridgeTestClient.Received::address).containsOnly(shard(4, 0));
    assertHealthUp();

    // Still serving new sockets.
    BridgeTestClient later = authenticated("bot-a", "token-a", "0,1/4", shard(4, 1));
    Write after = write(1);
    awaitEvent(later, shard(4, 1), after.revision());
  }

  @Test
  @Order(10)
  @DisplayName("10. a flood of 3,000 frames is refused and closed; another bot keeps receiving, health stays UP")
  void flood() throws Exception {
    BridgeTestClient botB = authenticated("bot-b", "token-b", "2,3/4", shard(4, 2), shard(4, 3));
    BridgeTestClient flooder = authenticated("bot-a", "token-a", "0,1/4", shard(4, 0));
    BridgeTestClient pingFlooder = authenticated("bot-a", "token-a", "0,1/4", shard(4, 1));
    Probe probe = probe();

    AtomicBoolean flooding = new AtomicBoolean(true);
    List<String> healthDuringFlood = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<List<Write>> writer = CompletableFuture.supplyAsync(() -> {
      List<Write> writes = new ArrayList<>();
      for (int i = 0; i < 40 && (flooding.get() || writes.size() < 10); i++) {
        writes.add(write(2 + i % 2));
        healthDuringFlood.add(health().getString("status"));
      }
      return writes;
    });
    long start = System.nanoTime();
    JsonObject ack = ack(probe);
    for (int i = 0; i < 3_000; i++) {
      if (i % 2 == 0) {
        flooder.ping();
      } else {
        flooder.send(Addresses.BOT_ACK, ack, null);
      }
      pingFlooder.ping();
    }
    await().atMost(WAIT).until(flooder::isClosed);
    double seconds = (System.nanoTime() - start) / 1e9;
    flooding.set(false);
    List<Write> writes = writer.get(30, TimeUnit.SECONDS);

    assertThat(flooder.errorBodies()).isNotEmpty().containsOnly(REJECTED);
    // A burst of 400, then 100/s: far fewer than the 1,500 acks sent were forwarded.
    assertThat(forwarded(probe)).hasSizeLessThanOrEqualTo((int) (400 + 100 * seconds) + 10);
    await().atMost(WAIT).until(pingFlooder::isClosed);
    for (Write write : writes) {
      awaitEvent(botB, shard(4, write.shardOf4()), write.revision());
    }
    assertThat(botB.isClosed()).isFalse();
    assertThat(botB.errors()).isEmpty();
    assertEventsMatchTheirShard(botB);
    assertThat(healthDuringFlood).isNotEmpty().containsOnly("UP");
    assertHealthUp();
  }

  // ---- helpers

  private BridgeTestClient connect(String name) {
    BridgeTestClient client = BridgeTestClient.connect(clientVertx, port, name);
    clients.add(client);
    return client;
  }

  /**
   * A socket authenticated as {@code botId} and registered on {@code addresses}; returns once a
   * progress message arrived on each, so that the registrations are known to be in place.
   */
  private BridgeTestClient authenticated(String botId, String token, String shards, String... addresses) {
    BridgeTestClient client = connect(botId + "@" + String.join("+", addresses));
    client.authenticate(botId, token, shards, addresses[0]);
    for (int i = 1; i < addresses.length; i++) {
      client.register(addresses[i], null);
    }
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(client.errors()).as("errors of %s", client).isEmpty();
      for (String address : addresses) {
        assertThat(progressOf(client, address)).as("progress on %s", address).isNotEmpty();
      }
    });
    return client;
  }

  private static void awaitErrors(BridgeTestClient client, int count) {
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(client.errors()).as("%s", client).hasSizeGreaterThanOrEqualTo(count));
  }

  private static void awaitEvent(BridgeTestClient client, String address, long revision) {
    await().atMost(WAIT).untilAsserted(() -> assertThat(eventOf(client, address, revision))
        .as("event %d on %s at %s", revision, address, client).isNotNull());
  }

  private static JsonObject eventOf(BridgeTestClient client, String address, long revision) {
    return client.messages(address).stream()
        .filter(body -> "event".equals(body.getString("kind")) && body.getLong("revision") == revision)
        .findFirst().orElse(null);
  }

  private static List<BridgeTestClient.Received> progressOf(BridgeTestClient client, String address) {
    return client.received(frame -> "rec".equals(frame.type()) && address.equals(frame.address())
        && frame.body() != null && "progress".equals(frame.body().getString("kind")));
  }

  private static Set<String> guildsReceived(BridgeTestClient client) {
    return client.deliveries().stream().map(BridgeTestClient.Received::body)
        .filter(body -> body != null && body.getString("guildId") != null)
        .map(body -> body.getString("guildId")).collect(Collectors.toSet());
  }

  /** Every event delivered on a shard address belongs to that shard. */
  private static void assertEventsMatchTheirShard(BridgeTestClient client) {
    List<BridgeTestClient.Received> events = client.deliveries().stream()
        .filter(frame -> frame.body() != null && "event".equals(frame.body().getString("kind"))).toList();
    assertThat(events).isNotEmpty().allSatisfy(frame -> {
      ShardAddress shard = ShardAddress.parse(frame.address()).orElseThrow();
      long guild = Long.parseLong(frame.body().getString("guildId"));
      assertThat(GuildIds.shardOf(guild, shard.count())).as("shard of guild %s", guild).isEqualTo(shard.shard());
    });
  }

  /**
   * Nothing marked by {@code refused} was put on the node's bus: {@code client} (authenticated, and
   * the socket of the refused frames or one whose frames the gateway reads after them) sends a
   * legitimate ack, the sentinel; once it reached the bus, so would have anything forwarded before it.
   */
  private void assertNotForwardedBeforeSentinel(Probe refused, BridgeTestClient client) {
    Probe sentinel = probe();
    client.send(Addresses.BOT_ACK, ack(sentinel), null);
    await().atMost(WAIT).until(() -> !forwarded(sentinel).isEmpty());
    assertThat(forwarded(refused)).as("forwarded before the sentinel").isEmpty();
  }

  private List<Sent> forwarded(Probe probe) {
    return busTraffic().stream().filter(probe::marks).toList();
  }

  private static boolean presenceOf(Sent sent, String shards) {
    return Addresses.BOT_PRESENCE.equals(sent.address()) && shards.equals(sent.body().getString("shards"));
  }

  /** A bus body as JSON: JSON itself, or the JSON of the typed records a gateway forwards; else null. */
  private static JsonObject asJson(Object body) {
    if (body instanceof BotAck ack) {
      return ack.toJson();
    }
    if (body instanceof BotPresence presence) {
      return presence.toJson();
    }
    return body instanceof JsonObject json ? json : null;
  }

  private List<Sent> busTraffic() {
    synchronized (busTraffic) {
      return List.copyOf(busTraffic);
    }
  }

  private static Probe probe() {
    return new Probe("probe-" + UUID.randomUUID(), PROBE_REVISIONS.incrementAndGet());
  }

  private static String shard(int count, int shard) {
    return Addresses.moduleChangeShard(count, shard);
  }

  /** An ack marked by {@code probe}. */
  private static JsonObject ack(Probe probe) {
    return new JsonObject().put("botId", "bot-a").put("revision", probe.revision()).put("probe", probe.id());
  }

  private static JsonObject forgedEvent(String guildId, long revision, String probe) {
    return new JsonObject().put("revision", revision).put("guildId", guildId).put("moduleId", "welcome")
        .put("action", "enabled").put("config", new JsonObject().put("channelId", "1").put("message", "forged"))
        .put("version", 99).put("timestamp", "2024-01-01T00:00:00Z").put("origin", "backend")
        .put("kind", "event").put("prev", 0).put("probe", probe);
  }

  /** A new guild in shard {@code shard} of {@code count} (count divides 8). */
  private String guildOfShard(int shard, int count) {
    long high = GUILD_BASE + 8 * guildSequence.incrementAndGet() + shard;
    String guild = Long.toString((high << 22) + 17);
    assertThat(GuildIds.isValid(guild)).isTrue();
    assertThat(GuildIds.shardOf(Long.parseLong(guild), count)).isEqualTo(shard);
    return guild;
  }

  private Write write(int shardOf4) {
    return write(shardOf4, 4);
  }

  private Write write(int shard, int count) {
    String guild = guildOfShard(shard, count);
    ApiClient.Reply reply = api.put(port, guild, "welcome", new JsonObject().put("config",
        new JsonObject().put("channelId", "81384788765712390").put("message", "hello " + guild)));
    assertThat(reply.status()).as("PUT %s: %s", guild, reply.body()).isEqualTo(200);
    return new Write(guild, GuildIds.shardOf(Long.parseLong(guild), 4), reply.body().getLong("revision"));
  }

  private long head() {
    return api.get(port, "/api/events?after=0&limit=1").body().getLong("head");
  }

  private List<JsonObject> bots() {
    return api.get(port, "/api/bots").body().getJsonArray("bots").stream().map(JsonObject.class::cast).toList();
  }

  private List<String> botIds() {
    return bots().stream().map(bot -> bot.getString("botId")).toList();
  }

  private JsonObject bot(String botId) {
    return bots().stream().filter(bot -> botId.equals(bot.getString("botId"))).findFirst().orElse(null);
  }

  private JsonObject health() {
    return api.get(port, "/health").body();
  }

  private void assertHealthUp() {
    assertThat(health().getString("status")).isEqualTo("UP");
  }
}
