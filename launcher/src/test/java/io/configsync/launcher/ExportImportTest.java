package io.configsync.launcher;

import static io.configsync.testkit.ModuleConfigs.automodBody;
import static io.configsync.testkit.ModuleConfigs.welcomeBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.backend.db.Migrations;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code export} and {@code import}: a backup, moved to a fresh data dir, and a file with a bad line. */
@DisplayName("export and import")
class ExportImportTest {

  private static final String GUILD_A = "81384788765712384";
  private static final String GUILD_B = "81384788765712999";

  private record Run(int status, String out, String err) {}

  private final ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN);

  @TempDir
  Path work;

  @Test
  @DisplayName("export -> a fresh data dir -> import -> export gives the same configs and enabled flags")
  void roundTripThroughAFreshDataDir() throws Exception {
    TestPostgres.Database source = TestPostgres.freshDatabase();
    ConfigSyncNode backend = ConfigSyncNode.start(NodeSettings.builder(Role.BACKEND).httpPort(0)
            .pgUrl(source.url()).dataDir(work.resolve("source-node")).cluster(false).botId("backend")
            .gatewayId("gateway").adminToken(TestNodes.ADMIN_TOKEN).build())
        .toCompletionStage().toCompletableFuture().get(90, java.util.concurrent.TimeUnit.SECONDS);
    try {
      int port = backend.httpPort();
      assertThat(api.put(port, GUILD_A, "welcome", welcomeBody("one")).status()).isEqualTo(200);
      assertThat(api.put(port, GUILD_A, "welcome", welcomeBody("two: ünïcode, \"quotes\"")).status()).isEqualTo(200);
      assertThat(api.put(port, GUILD_A, "automod", automodBody("spam")).status()).isEqualTo(200);
      assertThat(api.post(port, "/api/guilds/" + GUILD_A + "/modules/automod/disable").status()).isEqualTo(200);
      assertThat(api.put(port, GUILD_B, "welcome", welcomeBody("b")).status()).isEqualTo(200);
      assertThat(api.put(port, GUILD_B, "automod", automodBody("gone")).status()).isEqualTo(200);
      assertThat(api.delete(port, "/api/guilds/" + GUILD_B + "/modules/automod").status()).isBetween(200, 299);
    } finally {
      TestNodes.stop(backend);
    }

    Run exported = run("export", "--pg-url", source.url());
    assertThat(exported.status()).as(exported.err()).isZero();
    List<JsonObject> lines = lines(exported.out());
    assertThat(lines).hasSize(3);
    assertThat(lines).extracting(line -> line.getString("guildId") + "/" + line.getString("moduleId") + " v"
        + line.getLong("version") + " " + line.getBoolean("enabled"))
        .containsExactly(GUILD_A + "/automod v2 false", GUILD_A + "/welcome v2 true", GUILD_B + "/welcome v1 true");
    Path backup = Files.writeString(work.resolve("state.ndjson"), exported.out());

    Path fresh = work.resolve("fresh");
    Run imported = run("import", "--data-dir", fresh.toString(), backup.toString());
    assertThat(imported.status()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("Imported 3 (guild, module) configs").contains("3 new version(s)");

    Run again = run("export", "--data-dir", fresh.toString());
    assertThat(again.status()).as(again.err()).isZero();
    assertThat(withoutVersions(lines(again.out()))).isEqualTo(withoutVersions(lines));

    // The imported configs are ordinary changes: in the history, by 'import', and a bot gets them.
    ConfigSyncNode restored = ConfigSyncNode.start(NodeSettings.builder(Role.ALL).httpPort(0).dataDir(fresh)
            .cluster(false).adminToken(TestNodes.ADMIN_TOKEN).botTokens("b:t").build())
        .toCompletionStage().toCompletableFuture().get(90, java.util.concurrent.TimeUnit.SECONDS);
    try {
      JsonArray history = api.get(restored.httpPort(), "/api/guilds/" + GUILD_A + "/modules/welcome/history")
          .body().getJsonArray("versions");
      assertThat(history).hasSize(1);
      assertThat(history.getJsonObject(0).getString("actor")).isEqualTo("import");
      assertThat(api.get(restored.httpPort(), "/api/guilds/" + GUILD_A + "/modules/automod").body()
          .getBoolean("enabled")).isFalse();
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(api.botState(restored.httpPort()).getString("digest"))
              .isEqualTo(api.digest(restored.httpPort(), "0/1").getString("digest")));
    } finally {
      TestNodes.stop(restored);
    }
  }

  @Test
  @DisplayName("an import beside a running node is published: its bot, already loaded, receives the imported configs live")
  void importIsPublishedToARunningBot() throws Exception {
    TestPostgres.Database database = TestPostgres.freshDatabase();
    ConfigSyncNode node = ConfigSyncNode.start(NodeSettings.builder(Role.ALL).httpPort(0).pgUrl(database.url())
            .dataDir(work.resolve("running")).cluster(false).botId("live-bot").gatewayId("gw")
            .adminToken(TestNodes.ADMIN_TOKEN).botTokens("b:t").build())
        .toCompletionStage().toCompletableFuture().get(90, java.util.concurrent.TimeUnit.SECONDS);
    try {
      int port = node.httpPort();
      assertThat(api.botState(port).getLong("count")).isZero();
      Path file = Files.writeString(work.resolve("live.ndjson"), String.join("\n",
          line(GUILD_A, "welcome", true, welcomeBody("imported a").getJsonObject("config")),
          line(GUILD_B, "welcome", false, welcomeBody("imported b").getJsonObject("config"))) + "\n");

      Run imported = run("import", "--pg-url", database.url(), file.toString());

      assertThat(imported.status()).as(imported.err()).isZero();
      JsonArray events = api.get(port, "/api/events?after=0").body().getJsonArray("events");
      assertThat(events).hasSize(2);
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
        JsonObject state = api.botState(port);
        assertThat(state.getLong("revision")).isEqualTo(2);
        assertThat(state.getString("digest")).isEqualTo(api.digest(port, "0/1").getString("digest"));
      });
    } finally {
      TestNodes.stop(node);
    }
  }

  @Test
  @DisplayName("a file with a bad line imports nothing and names the line")
  void aBadLineImportsNothing() throws Exception {
    TestPostgres.Database target = TestPostgres.freshDatabase();
    Migrations.migrate(DatabaseUrl.parse(target.url()));
    String good = line(GUILD_A, "welcome", true, welcomeBody("fine").getJsonObject("config"));
    String schemaViolation = line(GUILD_B, "welcome", true, new JsonObject().put("message", 42));
    Path file = Files.writeString(work.resolve("bad.ndjson"), String.join("\n", good,
        line(GUILD_B, "automod", false, automodBody("ok").getJsonObject("config")),
        schemaViolation,
        "",
        "{not json",
        line("12", "welcome", true, welcomeBody("x").getJsonObject("config")),
        line(GUILD_A, "no-such-module", true, new JsonObject()),
        good) + "\n");

    Run imported = run("import", "--pg-url", target.url(), file.toString());

    assertThat(imported.status()).isEqualTo(ImportCommand.BAD_LINES);
    assertThat(imported.err())
        .contains("5 bad line(s)")
        .contains("nothing was imported")
        .contains("line 3: the config does not match the welcome schema")
        .contains("line 5: not a JSON object")
        .contains("line 6: ")
        .contains("line 7: unknown module 'no-such-module'")
        .contains("line 8: guild " + GUILD_A + " module welcome is already on line 1")
        .doesNotContain("line 1:").doesNotContain("line 2:").doesNotContain("line 4:");
    try (Connection connection = target.connect(); Statement statement = connection.createStatement();
         ResultSet counts = statement.executeQuery("SELECT (SELECT count(*) FROM module_event) AS events,"
             + " (SELECT count(*) FROM module_state) AS states, (SELECT value FROM revision_counter) AS head")) {
      counts.next();
      assertThat(counts.getLong("events")).isZero();
      assertThat(counts.getLong("states")).isZero();
      assertThat(counts.getLong("head")).isZero();
    }
  }

  private static Run run(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = ConfigSyncMain.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int status = command.execute(arguments);
    return new Run(status, out.toString(), err.toString());
  }

  private static List<JsonObject> lines(String ndjson) {
    return Arrays.stream(ndjson.split("\n")).filter(line -> !line.isBlank()).map(JsonObject::new).toList();
  }

  private static List<JsonObject> withoutVersions(List<JsonObject> lines) {
    return lines.stream().map(line -> line.copy().put("version", 0)).collect(Collectors.toList());
  }

  private static String line(String guildId, String moduleId, boolean enabled, JsonObject config) {
    return new JsonObject().put("guildId", guildId).put("moduleId", moduleId).put("enabled", enabled)
        .put("version", 1).put("config", config).encode();
  }
}
