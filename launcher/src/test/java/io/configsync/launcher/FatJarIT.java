package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ModuleConfigs;
import io.configsync.testkit.Ports;
import io.configsync.testkit.TestProcess;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar configsync.jar} as a user runs it: embedded PostgreSQL, the tour, a restart. */
@DisplayName("The fat jar")
class FatJarIT {

  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static final String GUILD = "81384788765712384";

  @TempDir
  Path work;

  private TestProcess process;

  @AfterEach
  void killLeftover() {
    if (process != null) {
      process.kill();
    }
  }

  @Test
  @DisplayName("on an empty data dir becomes healthy, serves the tour, stops on SIGTERM and keeps its state across a restart")
  void runsTheTourAndKeepsStateAcrossRestart() throws Exception {
    Path dataDir = work.resolve("data");
    int port = Ports.free();
    process = TestProcess.of("all", TestProcess.fatJar(List.of("-Xmx512m"), "all", "--data-dir", dataDir.toString(),
        "--http-port", Integer.toString(port)), work).readyAt("http://127.0.0.1:" + port);

    process.start().awaitReady(STARTUP);
    Path firstLog = process.log();
    assertThat(Files.readString(firstLog)).contains("Generated an admin token").contains("runs headless");
    String token = Files.readString(dataDir.resolve("admin-token"), StandardCharsets.UTF_8).trim();
    ApiClient api = new ApiClient(token);
    assertThat(api.get(port, "/health").body().getString("status")).isEqualTo("UP");
    // the ready line follows the ready probe by a moment
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(Files.readString(firstLog)).contains("dashboard: http://127.0.0.1:" + port + "/"));
    assertThat(DashboardPages.status(port, "/")).isEqualTo(200);
    assertThat(DashboardPages.status(port, "/webjars/json-editor__json-editor/2.15.2/dist/jsoneditor.js")).isEqualTo(200);

    JsonObject config = ModuleConfigs.welcome("Welcome {user.mention}!");
    ApiClient.Reply put = api.put(port, GUILD, "welcome", new JsonObject().put("config", config));
    assertThat(put.status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(api.botState(port).getString("digest")).isEqualTo(api.digest(port, "0/1").getString("digest")));
    assertThat(Files.readString(firstLog)).contains("Applied revision 1: guild " + GUILD + " module welcome enabled v1");
    String digest = api.digest(port, "0/1").getString("digest");

    assertThat(process.stop(Duration.ofSeconds(40))).as("exit code within 40 s of SIGTERM").isZero();
    assertThat(Files.readString(firstLog))
        .contains("Publisher stopping: published everything committed, through revision 1")
        .contains("ConfigSync stopped");

    process.start().awaitReady(STARTUP);
    Path secondLog = process.log();
    assertThat(Files.readString(secondLog)).doesNotContain("Generated an admin token");
    ApiClient.Reply read = api.get(port, "/api/guilds/" + GUILD + "/modules/welcome");
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body().getLong("version")).isEqualTo(1);
    assertThat(read.body().getJsonObject("config")).isEqualTo(config);
    assertThat(api.digest(port, "0/1").getString("digest")).isEqualTo(digest);
    assertThat(api.botState(port).getString("digest")).isEqualTo(digest);

    assertThat(process.stop(Duration.ofSeconds(40))).isZero();
  }
}
