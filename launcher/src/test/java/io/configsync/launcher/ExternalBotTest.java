package io.configsync.launcher;

import static io.configsync.testkit.ModuleConfigs.automodBody;
import static io.configsync.testkit.ModuleConfigs.welcomeBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.codecs.GuildIds;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Node example bot ({@code examples/external-bot}) against real nodes: a clustered backend and
 * clustered gateways, each its own Vert.x, and the bots as separate Node processes on the SockJS
 * bridge. What a bot developer gets: exactly the configs of their shards, in order, across the loss
 * of a gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("External Node bots over the SockJS bridge")
class ExternalBotTest {

  private static final String BOT_TOKENS = "node-a:tokA,node-b:tokB";
  private static final String LOW = "0,1/4";
  private static final String HIGH = "2,3/4";
  private static final String STABLE_GATEWAY = "gw-stable";
  private static final Duration CONVERGENCE = Duration.ofSeconds(30);
  /** Consecutive guild ids this far apart fall in consecutive shards (Discord: id >> 22). */
  private static final long NEXT_SHARD = 4_194_304L;

  private final ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN);
  private TestNodes nodes;
  private ConfigSyncNode backend;
  private ConfigSyncNode stableGateway;

  @BeforeAll
  void startNodes() {
    NodeBot.installDependencies();
    nodes = new TestNodes(TestPostgres.freshDatabase());
    backend = nodes.startBackend(BOT_TOKENS);
    stableGateway = nodes.startGateway(STABLE_GATEWAY, BOT_TOKENS);
  }

  @AfterAll
  void stopNodes() {
    TestNodes.stop(stableGateway, backend);
  }

  @Test
  @DisplayName("bots 0,1/4 and 2,3/4 each hold exactly their shards' configs of 1,000 guilds, in order, and show in /api/bots")
  void shardRouting() {
    List<String> guilds = IntStream.range(0, 1_000)
        .mapToObj(i -> Long.toString(810_000_000_000_000_000L + i * NEXT_SHARD + i)).toList();
    assertThat(guilds.stream().mapToInt(guild -> GuildIds.shardOf(Long.parseLong(guild), 4)).boxed()
        .collect(java.util.stream.Collectors.groupingBy(shard -> shard, java.util.stream.Collectors.counting()))
        .values()).as("guilds per shard").hasSize(4).allMatch(count -> count >= 200);

    try (NodeBot low = NodeBot.start("node-a", "tokA", LOW, List.of(stableGateway.httpPort()), backend.httpPort());
         NodeBot high = NodeBot.start("node-b", "tokB", HIGH, List.of(stableGateway.httpPort()), backend.httpPort())) {
      awaitConnected(low, stableGateway);
      awaitConnected(high, stableGateway);

      // Every guild gets a welcome config, a third also automod; then some are disabled, re-enabled
      // and deleted: the bots see every kind of action, live.
      List<CompletableFuture<ApiClient.Reply>> puts = new ArrayList<>();
      Semaphore inFlight = new Semaphore(32);
      for (int i = 0; i < guilds.size(); i++) {
        inFlight.acquireUninterruptibly();
        puts.add(api.putAsync(backend.httpPort(), guilds.get(i), "welcome", welcomeBody("shard test " + i))
            .whenComplete((reply, error) -> inFlight.release()));
        if (i % 3 == 0) {
          inFlight.acquireUninterruptibly();
          puts.add(api.putAsync(backend.httpPort(), guilds.get(i), "automod", automodBody("word" + i))
              .whenComplete((reply, error) -> inFlight.release()));
        }
      }
      puts.forEach(put -> assertThat(put.join().status()).isEqualTo(200));
      for (int i = 0; i < guilds.size(); i++) {
        String welcome = "/api/guilds/" + guilds.get(i) + "/modules/welcome";
        if (i % 7 == 0) {
          assertThat(api.post(backend.httpPort(), welcome + "/disable").status()).isEqualTo(200);
        }
        if (i % 14 == 0 && i % 11 != 0) {
          assertThat(api.post(backend.httpPort(), welcome + "/enable").status()).isEqualTo(200);
        }
        if (i % 11 == 0) {
          assertThat(api.delete(backend.httpPort(), welcome).status()).isBetween(200, 299);
        }
        if (i % 6 == 0) {
          assertThat(api.delete(backend.httpPort(), "/api/guilds/" + guilds.get(i) + "/modules/automod").status())
              .isBetween(200, 299);
        }
      }

      JsonObject lowExpected = api.digest(backend.httpPort(), LOW);
      JsonObject highExpected = api.digest(backend.httpPort(), HIGH);
      assertThat(lowExpected.getLong("count") + highExpected.getLong("count"))
          .isEqualTo(api.digest(backend.httpPort(), "0/1").getLong("count"));
      assertThat(lowExpected.getLong("count")).isGreaterThan(300);
      assertThat(highExpected.getLong("count")).isGreaterThan(300);

      awaitConverged(low, lowExpected);
      awaitConverged(high, highExpected);
      for (NodeBot bot : List.of(low, high)) {
        JsonObject state = bot.state();
        assertThat(state.getLong("outOfOrder")).as("outOfOrder of %s", bot.botId()).isZero();
        assertThat(state.getLong("fullReloads")).as("fullReloads of %s", bot.botId()).isEqualTo(1);
        assertThat(state.getLong("applied")).as("events applied by %s", bot.botId()).isPositive();
      }
      long head = awaitBotsListed(List.of(low, high), STABLE_GATEWAY, STABLE_GATEWAY);
      System.out.printf("shardRouting: head %d; %s holds %d configs (%s); %s holds %d (%s)%n", head,
          low.botId(), lowExpected.getLong("count"), summary(low), high.botId(), highExpected.getLong("count"),
          summary(high));
    }
  }

  @Test
  @DisplayName("a bot whose gateway stops during 2,000 changes reconnects to the other, resumes without a reload and converges")
  void failover() throws Exception {
    ConfigSyncNode doomedGateway = nodes.startGateway("gw-doomed", BOT_TOKENS);
    boolean doomedStopped = false;
    try (NodeBot a = NodeBot.start("node-a", "tokA", LOW,
             List.of(doomedGateway.httpPort(), stableGateway.httpPort()), backend.httpPort());
         NodeBot b = NodeBot.start("node-b", "tokB", HIGH,
             List.of(stableGateway.httpPort(), doomedGateway.httpPort()), backend.httpPort())) {
      awaitConnected(a, doomedGateway);
      awaitConnected(b, stableGateway);

      AtomicInteger written = new AtomicInteger();
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeSteadily(2_000, 200, written));
      await().atMost(Duration.ofSeconds(60)).until(() -> written.get() >= 1_000 || writer.isDone());
      long stopStarted = System.nanoTime();
      TestNodes.stop(doomedGateway);
      doomedStopped = true;
      System.out.printf("failover: gateway gw-doomed stopped after %d writes, in %d ms%n", written.get(),
          (System.nanoTime() - stopStarted) / 1_000_000);
      writer.get(90, TimeUnit.SECONDS);

      JsonObject lowExpected = api.digest(backend.httpPort(), LOW);
      JsonObject highExpected = api.digest(backend.httpPort(), HIGH);
      awaitConverged(a, lowExpected);
      awaitConverged(b, highExpected);

      JsonObject lost = a.state();
      assertThat(lost.getLong("outOfOrder")).isZero();
      assertThat(lost.getLong("reconnects")).as("reconnects of the bot that lost its gateway").isGreaterThanOrEqualTo(1);
      // It replays only what was published while it was between gateways (maybe nothing): never a reload.
      assertThat(lost.getLong("fullReloads")).as("only the initial load").isEqualTo(1);
      assertThat(a.output()).contains("reconnected to http://127.0.0.1:" + stableGateway.httpPort() + "/eventbus");
      JsonObject kept = b.state();
      assertThat(kept.getLong("outOfOrder")).isZero();
      assertThat(kept.getLong("fullReloads")).isEqualTo(1);
      assertThat(kept.getLong("reconnects")).as("the other bot kept its gateway").isZero();
      long head = awaitBotsListed(List.of(a, b), STABLE_GATEWAY, STABLE_GATEWAY);
      System.out.printf("failover: head %d; %s (lost its gateway): %s; %s: %s%n", head, a.botId(), summary(a),
          b.botId(), summary(b));
    } finally {
      if (!doomedStopped) {
        TestNodes.stop(doomedGateway);
      }
    }
  }

  /**
   * {@code count} changes, one at a time at ~200 a second, over {@code guildCount} guilds and both
   * modules; every one is a real change (a new revision): configs, disables, enables, deletes.
   */
  @Test
  @DisplayName("a Node bot restarted on its state file resumes from its revision and catches up, without a full reload")
  void restartResumesFromTheStateFile() throws Exception {
    Path stateFile = Files.createTempDirectory("node-bot-state").resolve("node-a.state");
    List<Integer> gateways = List.of(stableGateway.httpPort());
    try (NodeBot first = NodeBot.start("node-a", "tokA", LOW, gateways, backend.httpPort(), stateFile)) {
      writeGuilds(0, 200, "before");
      awaitConverged(first, api.digest(backend.httpPort(), LOW));
    }
    assertThat(stateFile).as("written when the bot stopped").exists();

    // WHILE it is stopped, 300 more changes
    writeGuilds(100, 300, "while away");

    try (NodeBot again = NodeBot.start("node-a", "tokA", LOW, gateways, backend.httpPort(), stateFile)) {
      awaitConverged(again, api.digest(backend.httpPort(), LOW));
      JsonObject state = again.state();
      assertThat(state.getLong("resumes")).isEqualTo(1);
      assertThat(state.getLong("fullReloads")).isZero();
      assertThat(state.getLong("replays")).isPositive();
      assertThat(state.getLong("outOfOrder")).isZero();
    }
  }

  private void writeGuilds(int from, int count, String what) {
    for (int i = from; i < from + count; i++) {
      String guild = Long.toString(830_000_000_000_000_000L + i * NEXT_SHARD + i);
      assertThat(api.put(backend.httpPort(), guild, "welcome", welcomeBody(what + " " + i)).status()).isEqualTo(200);
    }
  }

  private void writeSteadily(int count, int guildCount, AtomicInteger written) {
    Random random = new Random(20_240_501);
    Map<String, Boolean> enabledByKey = new HashMap<>(); // absent: no config
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long due = started + i * 5_000_000L;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        sleepNanos(wait);
      }
      int g = i % guildCount;
      String guild = Long.toString(820_000_000_000_000_000L + g * NEXT_SHARD + g);
      String module = (i / guildCount) % 2 == 0 ? "welcome" : "automod";
      String path = "/api/guilds/" + guild + "/modules/" + module;
      String key = guild + ":" + module;
      Boolean enabled = enabledByKey.get(key);
      int roll = random.nextInt(10);
      int status;
      if (enabled != null && roll == 0) {
        status = api.delete(backend.httpPort(), path).status();
        enabledByKey.remove(key);
      } else if (enabled != null && roll == 1) {
        status = api.post(backend.httpPort(), path + (enabled ? "/disable" : "/enable")).status();
        enabledByKey.put(key, !enabled);
      } else {
        JsonObject body = module.equals("welcome") ? welcomeBody("failover " + i) : automodBody("failover" + i);
        status = api.put(backend.httpPort(), guild, module, body).status();
        enabledByKey.putIfAbsent(key, true);
      }
      assertThat(status).as("write %d (%s)", i, path).isBetween(200, 299);
      written.incrementAndGet();
    }
  }

  private void awaitConnected(NodeBot bot, ConfigSyncNode gateway) {
    String connected = "connected to http://127.0.0.1:" + gateway.httpPort() + "/eventbus";
    await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(bot.output()).as("output of %s", bot).contains(connected));
    // Connected is not yet registered: its first progress message moves every shard's A to the head.
    long head = head();
    await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(bot.state().getJsonObject("revisions").stream()
        .mapToLong(entry -> ((Number) entry.getValue()).longValue()).min().orElse(-1)).isGreaterThanOrEqualTo(head));
  }

  private void awaitConverged(NodeBot bot, JsonObject expected) {
    await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      JsonObject state = bot.state();
      assertThat(state.getString("digest")).as("digest of %s (%s)", bot, state).isEqualTo(expected.getString("digest"));
      assertThat(state.getLong("count")).as("count of %s", bot).isEqualTo(expected.getLong("count"));
    });
  }

  /** Waits until {@code /api/bots} lists each bot connected through its gateway, with lag 0; returns the head. */
  private long awaitBotsListed(List<NodeBot> bots, String... gateways) {
    long[] head = new long[1];
    await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      JsonObject listed = api.get(backend.httpPort(), "/api/bots").body();
      head[0] = listed.getLong("head");
      JsonArray all = listed.getJsonArray("bots");
      for (int i = 0; i < bots.size(); i++) {
        String botId = bots.get(i).botId();
        JsonObject entry = all.stream().map(JsonObject.class::cast)
            .filter(bot -> botId.equals(bot.getString("botId"))).findFirst().orElse(null);
        assertThat(entry).as("%s in /api/bots %s", botId, all).isNotNull();
        assertThat(entry.getString("gateway")).as("gateway of %s", botId).isEqualTo(gateways[i]);
        assertThat(entry.getBoolean("connected")).as("%s connected", botId).isTrue();
        assertThat(entry.getLong("lag")).as("lag of %s", botId).isZero();
      }
    });
    return head[0];
  }

  private long head() {
    return api.get(backend.httpPort(), "/api/events?after=0&limit=1").body().getLong("head");
  }

  private static String summary(NodeBot bot) {
    JsonObject state = bot.state();
    return "applied " + state.getLong("applied") + ", replays " + state.getLong("replays") + ", reconnects "
        + state.getLong("reconnects") + ", fullReloads " + state.getLong("fullReloads") + ", outOfOrder "
        + state.getLong("outOfOrder") + ", revisions " + state.getJsonObject("revisions").encode();
  }

  private static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
