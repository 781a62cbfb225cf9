package io.configsync.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ModuleChanges;
import io.configsync.codecs.ShardAddress;
import io.configsync.codecs.ShardStreamMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shard streams through a real gateway to raw bridge sockets, which its two HTTP servers spread over
 * two event loops: the frames the gateway writes once per message, byte for byte the bridge's own.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Bridge shard streams: every socket of a shard gets its messages, in order, and only those")
class BridgeShardStreamTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ShardAddress SHARD_0 = new ShardAddress(2, 0);
  private static final ShardAddress SHARD_1 = new ShardAddress(2, 1);
  /** A guild of each shard of 2. */
  private static final Map<ShardAddress, String> GUILD = Map.of(SHARD_0, Long.toString(2L << 22),
      SHARD_1, Long.toString(3L << 22));

  private Vertx vertx;
  private GatewayFixture gateway;
  private final List<ModuleChangeEvent> published = new ArrayList<>();

  @BeforeEach
  void startGateway(Vertx vertx) throws Exception {
    this.vertx = vertx;
    GatewayConfig config = GatewayConfig.builder(GatewayFixture.GATEWAY_ID,
        BotCredentials.parse("bot-a:token-bot-a,bot-b:token-bot-b")).progressInterval(Duration.ofMillis(100)).build();
    gateway = join(GatewayFixture.start(vertx, config));
  }

  @AfterEach
  void stopGateway() throws Exception {
    join(gateway.stop());
  }

  @Test
  @DisplayName("each socket of a shard, whatever its event loop, gets each of the shard's events in order, as the bridge's frame")
  void everyEventInOrder() throws Exception {
    // GIVEN three sockets on shard 0 and one on shard 1
    List<BridgeSocket> shard0 = List.of(listening("bot-a", SHARD_0), listening("bot-a", SHARD_0),
        listening("bot-a", SHARD_0));
    BridgeSocket shard1 = listening("bot-b", SHARD_1);

    // WHEN 300 changes are committed, of either shard
    for (int i = 0; i < 300; i++) {
      publish(i % 3 == 1 ? SHARD_1 : SHARD_0, new JsonObject().put("n", i).put("text", "héllo ✓ \"quoted\""));
    }

    // THEN every socket has exactly its shard's events, chained by prev, in the bridge's own envelope
    List<String> expected0 = expectedEvents(SHARD_0);
    List<String> expected1 = expectedEvents(SHARD_1);
    for (BridgeSocket socket : shard0) {
      await().atMost(WAIT).until(() -> events(socket).size() >= expected0.size());
      assertThat(events(socket)).containsExactlyElementsOf(expected0);
    }
    await().atMost(WAIT).until(() -> events(shard1).size() >= expected1.size());
    assertThat(events(shard1)).containsExactlyElementsOf(expected1);
    assertThat(shard1.texts()).noneMatch(text -> text.contains(SHARD_0.address()));
    assertThat(gateway.skipped()).isZero();
  }

  @Test
  @DisplayName("a socket that stops reading holds up no other: it misses messages, counted, and sees the hole by prev")
  void socketThatStopsReading() throws Exception {
    // GIVEN two sockets on shard 0, one of which stops reading
    BridgeSocket healthy = listening("bot-a", SHARD_0);
    BridgeSocket stalled = listening("bot-b", SHARD_0);
    stalled.pause();

    // WHEN changes of 32 KiB are committed until the gateway finds the stalled socket's queue full
    // (the stalled bot still pings, as a bot whose reading lags would)
    JsonObject big = new JsonObject().put("text", "x".repeat(32 * 1024));
    while (gateway.skipped() == 0 && published.size() < 4_000) {
      join(stalled.send(new JsonObject().put("type", "ping")));
      for (int i = 0; i < 50; i++) {
        publish(SHARD_0, big);
      }
      await().atMost(WAIT).until(() -> events(healthy).size() == published.size() || gateway.skipped() > 0);
    }
    assertThat(gateway.skipped()).as("the stalled socket's queue filled up").isPositive();
    publish(SHARD_0, new JsonObject().put("last", true));

    // THEN the healthy socket got every one of them in order; the stalled one, once it reads again,
    // gets some in order and can tell, by a prev beyond what it holds, that it missed the others
    List<String> expected = expectedEvents(SHARD_0);
    await().atMost(WAIT).until(() -> events(healthy).size() == expected.size());
    assertThat(events(healthy)).containsExactlyElementsOf(expected);
    stalled.resume();
    long last = published.get(published.size() - 1).revision();
    await().atMost(WAIT).until(() -> stalled.received().stream().anyMatch(frame -> isProgressThrough(frame, last)));
    List<JsonObject> got = events(stalled).stream().map(text -> new JsonObject(text).getJsonObject("body")).toList();
    assertThat(got.size()).isLessThan(expected.size());
    assertThat(got).extracting(body -> body.getLong("revision")).isSorted().doesNotHaveDuplicates();
    assertThat(holeRevealed(stalled.received(), last)).as("a message whose prev is past what the socket holds")
        .isTrue();
  }

  /** An authenticated socket listening to {@code shard}, once it has had its first progress message. */
  private BridgeSocket listening(String botId, ShardAddress shard) throws Exception {
    BridgeSocket socket = join(gateway.connect());
    join(socket.authenticate(botId, "token-" + botId, shard.shard() + "/" + shard.count(), shard.address()));
    join(socket.message(shard.address(), body -> "progress".equals(body.getString("kind"))));
    return socket;
  }

  private void publish(ShardAddress shard, JsonObject config) {
    ModuleChangeEvent event = new ModuleChangeEvent(published.size() + 1, GUILD.get(shard), "welcome",
        ModuleAction.ENABLED, config, published.size() + 1, Instant.EPOCH, ModuleChangeEvent.ORIGIN_BACKEND);
    published.add(event);
    vertx.eventBus().publish(Addresses.MODULE_CHANGES, new ModuleChanges(List.of(event)));
  }

  /** The frames the Vert.x bridge itself would write for the shard's events, prev chained. */
  private List<String> expectedEvents(ShardAddress shard) {
    List<String> frames = new ArrayList<>();
    Map<ShardAddress, Long> previous = new HashMap<>();
    for (ModuleChangeEvent event : published) {
      ShardAddress of = ShardAddress.ofGuild(Long.parseLong(event.guildId()), shard.count());
      long prev = previous.getOrDefault(of, 0L);
      previous.put(of, event.revision());
      if (of.equals(shard)) {
        frames.add(new JsonObject().put("type", "rec").put("address", shard.address())
            .put("body", new ShardStreamMessage.Event(event, prev).toJson()).encode());
      }
    }
    return frames;
  }

  /** The event frames a socket received, as their text. */
  private static List<String> events(BridgeSocket socket) {
    return socket.texts().stream().filter(text -> text.contains("\"kind\":\"event\"")).toList();
  }

  private static boolean isProgressThrough(JsonObject frame, long revision) {
    return frame.getValue("body") instanceof JsonObject body && "progress".equals(body.getString("kind"))
        && body.getLong("revision") >= revision;
  }

  /** Whether a message of the stream came with a prev beyond everything received before it. */
  private static boolean holeRevealed(List<JsonObject> frames, long through) {
    long held = 0;
    for (JsonObject frame : frames) {
      if (frame.getValue("body") instanceof JsonObject body && body.getValue("prev") != null) {
        if (body.getLong("prev") > held) {
          return true;
        }
        held = Math.max(held, "event".equals(body.getString("kind")) ? body.getLong("revision") : held);
      }
    }
    return false;
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
