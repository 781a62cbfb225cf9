package io.configsync.launcher;

import static io.configsync.testkit.ModuleConfigs.automodBody;
import static io.configsync.testkit.ModuleConfigs.welcomeBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.ModuleChanges;
import io.configsync.codecs.ShardSpec;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole path for real: a backend node and bot nodes, each a separate clustered Vert.x joined by
 * Hazelcast on loopback, sharing one PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Backend to bots over the clustered event bus")
class ClusteredSyncTest {

  private static final Duration CONVERGENCE = Duration.ofSeconds(30);

  private final ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN);
  private TestNodes nodes;
  private ConfigSyncNode backend;
  private ConfigSyncNode firstBot;
  private ConfigSyncNode secondBot;
  private final List<Long> firstBotBusOrder = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> secondBotBusOrder = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  void startCluster() {
    nodes = new TestNodes(TestPostgres.freshDatabase());
    backend = nodes.startBackend();
    firstBot = nodes.startBot("bot-1", ShardSpec.ALL, backend);
    secondBot = nodes.startBot("bot-2", ShardSpec.ALL, backend);
    recordBusOrder(firstBot, firstBotBusOrder);
    recordBusOrder(secondBot, secondBotBusOrder);
  }

  @AfterAll
  void stopCluster() {
    TestNodes.stop(secondBot, firstBot, backend);
  }

  @Test
  @DisplayName("a PUT reaches both bots, and disabling removes it from both")
  void putReachesBothBotsAndDisableRemovesIt() {
    String guild = "300000000000000001";
    ApiClient.Reply put = api.put(backend.httpPort(), guild, "welcome", welcomeBody("Hello {user}!"));
    assertThat(put.status()).isEqualTo(200);
    long revision = put.body().getLong("revision");

    awaitBothBotsConverged();
    assertThat(api.botState(firstBot.httpPort()).getLong("revision")).isGreaterThanOrEqualTo(revision);
    assertThat(heldVersion(firstBot, guild)).isEqualTo(1);

    ApiClient.Reply disabled = api.post(backend.httpPort(), "/api/guilds/" + guild + "/modules/welcome/disable");
    assertThat(disabled.status()).isEqualTo(200);
    awaitBothBotsConverged();
    assertThat(api.digest(backend.httpPort(), "0/1").getLong("count"))
        .isEqualTo(api.botState(secondBot.httpPort()).getLong("count"));
    assertThat(api.get(backend.httpPort(), "/api/modules/enabled/welcome").body().getJsonArray("items").stream()
        .map(item -> ((JsonObject) item).getString("guildId"))).doesNotContain(guild);
  }

  @Test
  @DisplayName("1,000 rapid updates across 50 guilds leave both bots with the database's digest, in revision order")
  void rapidUpdatesConverge() {
    int before = firstBotBusOrder.size();
    List<CompletableFuture<ApiClient.Reply>> replies = new ArrayList<>();
    Semaphore inFlight = new Semaphore(32);
    for (int i = 0; i < 1_000; i++) {
      String guild = Long.toString(400_000_000_000_000_000L + (i % 50) * 4_194_304L);
      String module = i % 3 == 0 ? "automod" : "welcome";
      JsonObject body = module.equals("welcome") ? welcomeBody("update " + i) : automodBody("word" + i);
      if (i % 17 == 0) {
        body.put("enabled", false);
      }
      inFlight.acquireUninterruptibly();
      replies.add(api.putAsync(backend.httpPort(), guild, module, body).whenComplete((r, e) -> inFlight.release()));
    }
    replies.forEach(reply -> assertThat(reply.join().status()).isEqualTo(200));

    awaitBothBotsConverged();
    assertStrictlyIncreasing(firstBotBusOrder.subList(before, firstBotBusOrder.size()));
    assertStrictlyIncreasing(secondBotBusOrder.subList(before, secondBotBusOrder.size()));
    assertThat(api.botState(firstBot.httpPort()).getLong("outOfOrder")).as("events received against order: the bus keeps one publisher's order").isZero();
    assertThat(api.botState(secondBot.httpPort()).getLong("outOfOrder")).as("events received against order: the bus keeps one publisher's order").isZero();
  }

  @Test
  @DisplayName("8 concurrent writers x 250 writes get gapless revisions and every bot converges")
  void concurrentWritersConverge() {
    long headBefore = head();
    List<CompletableFuture<List<Long>>> writers = IntStream.range(0, 8)
        .mapToObj(writer -> CompletableFuture.supplyAsync(() -> writeSequentially(writer, 250)))
        .toList();
    List<Long> revisions = new ArrayList<>();
    for (CompletableFuture<List<Long>> writer : writers) {
      List<Long> own = writer.join();
      assertStrictlyIncreasing(own);
      revisions.addAll(own);
    }
    Collections.sort(revisions);
    assertThat(revisions).hasSize(2_000);
    assertThat(revisions).containsExactlyElementsOf(
        IntStream.rangeClosed(1, 2_000).mapToObj(i -> headBefore + i).toList());

    JsonArray log = api.get(backend.httpPort(), "/api/events?after=" + headBefore + "&limit=10000")
        .body().getJsonArray("events");
    assertThat(log).hasSize(2_000);
    for (int i = 0; i < log.size(); i++) {
      assertThat(log.getJsonObject(i).getLong("revision")).isEqualTo(headBefore + 1 + i);
    }
    awaitBothBotsConverged();
  }

  @Test
  @DisplayName("a bot started after 500 changes bulk-loads them and holds the database's state at once")
  void lateBotBulkLoads() {
    for (int i = 0; i < 500; i++) {
      String guild = Long.toString(500_000_000_000_000_000L + i * 4_194_304L);
      assertThat(api.put(backend.httpPort(), guild, i % 2 == 0 ? "welcome" : "automod",
          i % 2 == 0 ? welcomeBody("late " + i) : automodBody("late" + i)).status()).isEqualTo(200);
    }
    JsonObject expected = api.digest(backend.httpPort(), "0/1");

    ConfigSyncNode lateBot = nodes.startBot("bot-late", ShardSpec.ALL, backend);
    try {
      JsonObject state = api.botState(lateBot.httpPort());
      assertThat(state.getString("digest")).isEqualTo(expected.getString("digest"));
      assertThat(state.getLong("count")).isEqualTo(expected.getLong("count")).isGreaterThanOrEqualTo(500);
      assertThat(state.getLong("eventsReplayed")).isZero();
      assertThat(state.getLong("fullReloads")).isEqualTo(1);
    } finally {
      TestNodes.stop(lateBot);
    }
  }

  @Test
  @DisplayName("a bot that misses events on the bus detects the gap, fetches them from the log and converges")
  void botMissingEventsCatchesUp() {
    ConfigSyncNode lossyBot = nodes.startBot("bot-lossy", ShardSpec.ALL, backend);
    AtomicBoolean dropping = new AtomicBoolean(true);
    AtomicInteger seen = new AtomicInteger();
    AtomicInteger dropped = new AtomicInteger();
    lossyBot.vertx().eventBus().addInboundInterceptor((DeliveryContext<Object> delivery) -> {
      boolean change = Addresses.MODULE_CHANGES.equals(delivery.message().address());
      if (change && dropping.get() && seen.incrementAndGet() % 3 == 0) {
        dropped.incrementAndGet();
        return;
      }
      delivery.next();
    });
    try {
      for (int i = 0; i < 60; i++) {
        String guild = Long.toString(600_000_000_000_000_000L + (i % 10) * 4_194_304L);
        assertThat(api.put(backend.httpPort(), guild, "welcome", welcomeBody("lossy " + i)).status()).isEqualTo(200);
      }
      dropping.set(false);
      assertThat(api.put(backend.httpPort(), "600000000000000000", "automod", automodBody("last")).status())
          .isEqualTo(200);

      JsonObject expected = api.digest(backend.httpPort(), "0/1");
      await().atMost(CONVERGENCE).untilAsserted(() ->
          assertThat(api.botState(lossyBot.httpPort()).getString("digest")).isEqualTo(expected.getString("digest")));
      JsonObject state = api.botState(lossyBot.httpPort());
      assertThat(dropped.get()).isGreaterThanOrEqualTo(15);
      assertThat(state.getLong("gapsDetected")).isPositive();
      assertThat(state.getLong("eventsReplayed")).isGreaterThanOrEqualTo(dropped.get());
      assertThat(state.getLong("outOfOrder")).as("events received against order: dropped ones come from the log, not the bus").isZero();
    } finally {
      TestNodes.stop(lossyBot);
    }
  }

  @Test
  @DisplayName("with 4 shards, bots 0,1/4 and 2,3/4 each hold exactly the guilds of their shards")
  void shardedBotsHoldExactlyTheirGuilds() {
    ConfigSyncNode lowShards = nodes.startBot("bot-shards-01", ShardSpec.parse("0,1/4"), backend);
    ConfigSyncNode highShards = nodes.startBot("bot-shards-23", ShardSpec.parse("2,3/4"), backend);
    try {
      List<CompletableFuture<ApiClient.Reply>> replies = new ArrayList<>();
      Semaphore inFlight = new Semaphore(32);
      for (int i = 0; i < 1_000; i++) {
        String guild = Long.toString(800_000_000_000_000_000L + i * 4_194_304L + i);
        inFlight.acquireUninterruptibly();
        replies.add(api.putAsync(backend.httpPort(), guild, "welcome", welcomeBody("shard " + i))
            .whenComplete((r, e) -> inFlight.release()));
      }
      replies.forEach(reply -> assertThat(reply.join().status()).isEqualTo(200));

      JsonObject low = api.digest(backend.httpPort(), "0,1/4");
      JsonObject high = api.digest(backend.httpPort(), "2,3/4");
      JsonObject all = api.digest(backend.httpPort(), "0/1");
      assertThat(low.getLong("count") + high.getLong("count")).isEqualTo(all.getLong("count"));
      assertThat(low.getLong("count")).isGreaterThan(100);
      assertThat(high.getLong("count")).isGreaterThan(100);
      await().atMost(CONVERGENCE).untilAsserted(() -> {
        JsonObject lowState = api.botState(lowShards.httpPort());
        JsonObject highState = api.botState(highShards.httpPort());
        assertThat(lowState.getString("digest")).isEqualTo(low.getString("digest"));
        assertThat(lowState.getLong("count")).isEqualTo(low.getLong("count"));
        assertThat(highState.getString("digest")).isEqualTo(high.getString("digest"));
        assertThat(highState.getLong("count")).isEqualTo(high.getLong("count"));
      });
    } finally {
      TestNodes.stop(highShards, lowShards);
    }
  }

  private List<Long> writeSequentially(int writer, int count) {
    List<Long> revisions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String guild = Long.toString(700_000_000_000_000_000L + ((writer * 7 + i) % 40) * 4_194_304L);
      ApiClient.Reply reply = api.put(backend.httpPort(), guild, "welcome", welcomeBody("writer " + writer + " #" + i));
      assertThat(reply.status()).isEqualTo(200);
      revisions.add(reply.body().getLong("revision"));
    }
    return revisions;
  }

  private long head() {
    return api.get(backend.httpPort(), "/api/events?after=0&limit=1").body().getLong("head");
  }

  private void awaitBothBotsConverged() {
    await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      JsonObject expected = api.digest(backend.httpPort(), "0/1");
      for (ConfigSyncNode bot : List.of(firstBot, secondBot)) {
        JsonObject state = api.botState(bot.httpPort());
        assertThat(state.getString("digest")).as("digest of %s", state.getString("botId"))
            .isEqualTo(expected.getString("digest"));
        assertThat(state.getLong("count")).isEqualTo(expected.getLong("count"));
      }
    });
  }

  /** The version the backend holds, which the converged bots hold too. */
  private long heldVersion(ConfigSyncNode bot, String guild) {
    return api.get(backend.httpPort(), "/api/guilds/" + guild + "/modules/welcome").body().getLong("version");
  }

  private void recordBusOrder(ConfigSyncNode bot, List<Long> order) {
    MessageConsumer<ModuleChanges> consumer = bot.vertx().eventBus().consumer(Addresses.MODULE_CHANGES,
        message -> message.body().events().forEach(event -> order.add(event.revision())));
    consumer.completion().toCompletionStage().toCompletableFuture().join();
  }

  private static void assertStrictlyIncreasing(List<Long> revisions) {
    List<Long> copy;
    synchronized (revisions) {
      copy = new ArrayList<>(revisions);
    }
    for (int i = 1; i < copy.size(); i++) {
      assertThat(copy.get(i)).as("revision after %s", copy.get(i - 1)).isGreaterThan(copy.get(i - 1));
    }
  }
}
