package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.configsync.backend.bots.BotRegistry;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** The bot registry stays bounded: bots not seen leave it, DELETE removes one, and the metric labels follow. */
@DisplayName("The bot registry")
class BotRegistryPruningTest {

  private static final Pattern LAG_LABEL = Pattern.compile("^configsync_bots_lag\\{bot=\"([^\"]+)\"", Pattern.MULTILINE);

  private static final HttpClient METRICS_CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path work;

  @Test
  @DisplayName("forgets bots not seen for the retention, DELETE /api/bots/{id} forgets one at once, and the bot label set shrinks")
  void pruningAndDelete() throws Exception {
    TestPostgres.Database database = TestPostgres.freshDatabase();
    ConfigSyncNode backend = ConfigSyncNode.start(NodeSettings.builder(Role.BACKEND).httpPort(0)
            .pgUrl(database.url()).dataDir(Files.createTempDirectory(work, "node")).cluster(false)
            .botId("backend").gatewayId("gateway").adminToken(TestNodes.ADMIN_TOKEN).readTokens(Set.of("reader"))
            .bots(new BotRegistry.Settings(Duration.ofHours(1), Duration.ofMillis(200))).build())
        .toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
    ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN);
    int port = backend.httpPort();
    try {
      execute(database, "INSERT INTO bot_presence (bot_id, shards, gateway, connected, applied_revision, first_seen,"
          + " last_seen) VALUES ('stale-bot', '0/1', NULL, true, 0, now(), now()),"
          + " ('kept-bot', '0/1', NULL, true, 0, now(), now()), ('deleted-bot', '0/1', 'gw', true, 0, now(), now())");
      execute(database, "INSERT INTO apply_status VALUES (81384788765712384, 'welcome', 'stale-bot', 1, true, NULL,"
          + " now()), (81384788765712384, 'welcome', 'deleted-bot', 1, false, 'no channel', now())");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(lagLabels(port)).containsExactly("deleted-bot", "kept-bot", "stale-bot"));

      // A bot last seen longer ago than the retention is forgotten by the periodic check.
      execute(database, "UPDATE bot_presence SET last_seen = now() - interval '2 hours' WHERE bot_id = 'stale-bot'");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(listedBots(api, port)).containsExactly("deleted-bot", "kept-bot"));
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(lagLabels(port)).containsExactly("deleted-bot", "kept-bot"));
      assertThat(count(database, "SELECT count(*) FROM apply_status WHERE bot_id = 'stale-bot'")).isZero();

      // DELETE needs the admin token, forgets at once, and says 404 for an unknown bot.
      assertThat(new ApiClient("reader").delete(port, "/api/bots/deleted-bot").status()).isEqualTo(403);
      assertThat(listedBots(api, port)).contains("deleted-bot");
      assertThat(api.delete(port, "/api/bots/deleted-bot").status()).isEqualTo(204);
      assertThat(listedBots(api, port)).containsExactly("kept-bot");
      assertThat(count(database, "SELECT count(*) FROM apply_status WHERE bot_id = 'deleted-bot'")).isZero();
      ApiClient.Reply again = api.delete(port, "/api/bots/deleted-bot");
      assertThat(again.status()).isEqualTo(404);
      assertThat(again.body().getJsonObject("error").getString("code")).isEqualTo("NOT_FOUND");
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(lagLabels(port)).containsExactly("kept-bot"));
    } finally {
      TestNodes.stop(backend);
    }
  }

  @Test
  @DisplayName("a bot without --bot-id warns that its id changes at every start")
  void defaultBotIdWarns() {
    Logger logger = (Logger) LoggerFactory.getLogger(LaunchCommand.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      CommandLine withoutId = ConfigSyncMain.commandLine();
      withoutId.parseArgs("bot");
      ((LaunchCommand) withoutId.getCommand()).settings();
      CommandLine withId = ConfigSyncMain.commandLine();
      withId.parseArgs("bot", "--bot-id", "eu-1");
      ((LaunchCommand) withId.getCommand()).settings();
    } finally {
      logger.detachAppender(appender);
    }
    assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
        .filteredOn(message -> message.startsWith("No --bot-id"))
        .singleElement().asString().contains("changes at every start").contains("CONFIGSYNC_BOT_ID");
  }

  private static Set<String> lagLabels(int port) throws Exception {
    HttpResponse<String> metrics = METRICS_CLIENT.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    Set<String> bots = new TreeSet<>();
    Matcher matcher = LAG_LABEL.matcher(metrics.body());
    while (matcher.find()) {
      bots.add(matcher.group(1));
    }
    return bots;
  }

  private static Set<String> listedBots(ApiClient api, int port) {
    Set<String> bots = new TreeSet<>();
    api.get(port, "/api/bots").body().getJsonArray("bots")
        .forEach(bot -> bots.add(((JsonObject) bot).getString("botId")));
    return bots;
  }

  private static void execute(TestPostgres.Database database, String sql) throws Exception {
    try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static long count(TestPostgres.Database database, String sql) throws Exception {
    try (Connection connection = database.connect(); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
