package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.bot.BotConfig;
import io.configsync.bot.BotVerticle;
import io.configsync.codecs.Codecs;
import io.configsync.codecs.ShardSpec;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The apply status for real: a backend node and a bot in its own clustered Vert.x, whose modules
 * act on a Discord where only some channels exist; the bot acks how its modules took each config,
 * and {@code GET /api/guilds/{g}/modules/{m}/status} shows it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Apply status: whether a config is live, or why not")
class ApplyStatusTest {

  private static final Duration CONVERGENCE = Duration.ofSeconds(60);
  private static final String BOT_ID = "bot-apply-status";
  private static final String EXISTING_CHANNEL = "500000000000000001";
  private static final String MISSING_CHANNEL = "500000000000000099";

  private final ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN);
  private ConfigSyncNode backend;
  private Vertx botVertx;

  @BeforeAll
  void startBackendAndBot() throws Exception {
    TestNodes nodes = new TestNodes(TestPostgres.freshDatabase());
    backend = nodes.startBackend();
    List<URI> backendUrls = List.of(URI.create("http://127.0.0.1:" + backend.httpPort()));
    NodeSettings settings = nodes.bot(BOT_ID, ShardSpec.ALL, backend).build();
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    botVertx = join(VertxFactory.create(settings, metrics));
    Codecs.registerAll(botVertx.eventBus());
    BotVerticle bot = new BotVerticle(
        BotConfig.builder().botId(BOT_ID).shards(ShardSpec.ALL).backendUrls(backendUrls)
            .backendToken(TestNodes.ADMIN_TOKEN).build(),
        new ApplyStatusDiscordPort(Set.of(EXISTING_CHANNEL)),
        Router.router(botVertx), HealthChecks.create(botVertx), metrics);
    join(botVertx.deployVerticle(bot));
  }

  @AfterAll
  void stopAll() throws Exception {
    try {
      if (botVertx != null) {
        join(botVertx.close());
      }
    } finally {
      TestNodes.stop(backend);
    }
  }

  @Test
  @DisplayName("a welcome config whose channel exists is live, the bot having applied it without error")
  void existingChannelIsLive() {
    String guild = "310000000000000001";
    long version = putWelcome(guild, EXISTING_CHANNEL);

    await().atMost(CONVERGENCE).untilAsserted(() -> {
      JsonObject status = status(guild);
      assertThat(status.getLong("version")).isEqualTo(version);
      assertThat(status.getBoolean("live")).as("live: %s", status).isTrue();
      assertThat(status.getJsonArray("waitingFor")).isEmpty();
      JsonObject report = botReport(status);
      assertThat(report.getLong("version")).isEqualTo(version);
      assertThat(report.getBoolean("current")).isTrue();
      assertThat(report.getBoolean("ok")).isTrue();
      assertThat(report.getString("error")).isNull();
      assertThat(report.getBoolean("connected")).isTrue();
    });
  }

  @Test
  @DisplayName("a welcome config whose channel is missing is applied but not live, the bot naming the channel")
  void missingChannelIsNotLive() {
    String guild = "310000000000000002";
    long version = putWelcome(guild, MISSING_CHANNEL);

    // Never shown live on the way either: not before the bot acked, nor between its ack and its error.
    List<JsonObject> shownLive = new CopyOnWriteArrayList<>();
    await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
      JsonObject status = status(guild);
      if (status.getBoolean("live")) {
        shownLive.add(status);
      }
      JsonObject report = botReport(status);
      assertThat(report.getLong("version")).isEqualTo(version);
      assertThat(report.getBoolean("current")).isTrue();
      assertThat(report.getBoolean("ok")).isFalse();
      assertThat(report.getString("error")).contains(MISSING_CHANNEL).contains("does not exist");
      assertThat(status.getBoolean("live")).as("live: %s", status).isFalse();
    });
    assertThat(shownLive).as("statuses shown live while the channel is missing").isEmpty();

    // Pointing the config at a channel that exists makes it live: the newer status replaces the error.
    long fixed = putWelcome(guild, EXISTING_CHANNEL);
    await().atMost(CONVERGENCE).untilAsserted(() -> {
      JsonObject status = status(guild);
      JsonObject report = botReport(status);
      assertThat(report.getLong("version")).isEqualTo(fixed);
      assertThat(report.getBoolean("ok")).isTrue();
      assertThat(report.getString("error")).isNull();
      assertThat(status.getBoolean("live")).as("live: %s", status).isTrue();
    });
  }

  @Test
  @DisplayName("GET /api/bots lists the bot, connected and not behind")
  void botIsListedConnectedWithoutLag() {
    putWelcome("310000000000000003", EXISTING_CHANNEL);

    await().atMost(CONVERGENCE).untilAsserted(() -> {
      ApiClient.Reply reply = api.get(backend.httpPort(), "/api/bots");
      assertThat(reply.status()).isEqualTo(200);
      JsonObject bot = ourBot(reply.body().getJsonArray("bots"));
      assertThat(bot.getBoolean("connected")).isTrue();
      assertThat(bot.getLong("lag")).isZero();
      assertThat(bot.getLong("appliedRevision")).isEqualTo(reply.body().getLong("head"));
      assertThat(bot.getString("shards")).isEqualTo(ShardSpec.ALL.toString());
    });
  }

  private long putWelcome(String guild, String channelId) {
    ApiClient.Reply put = api.put(backend.httpPort(), guild, "welcome",
        new JsonObject().put("config", new JsonObject().put("channelId", channelId).put("message", "Hi {user}")));
    assertThat(put.status()).as("PUT: %s", put.body()).isEqualTo(200);
    return put.body().getLong("version");
  }

  private JsonObject status(String guild) {
    ApiClient.Reply reply = api.get(backend.httpPort(), "/api/guilds/" + guild + "/modules/welcome/status");
    assertThat(reply.status()).as("status: %s", reply.body()).isEqualTo(200);
    return reply.body();
  }

  /** The bot's entry in a list of bots; an assertion error (awaited again) while it is missing. */
  private static JsonObject ourBot(JsonArray bots) {
    Optional<JsonObject> ours = bots.stream().map(JsonObject.class::cast)
        .filter(bot -> BOT_ID.equals(bot.getString("botId"))).findFirst();
    assertThat(ours).as("%s among %s", BOT_ID, bots).isPresent();
    return ours.get();
  }

  private static JsonObject botReport(JsonObject status) {
    return ourBot(status.getJsonArray("bots"));
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
  }
}
