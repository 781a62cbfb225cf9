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
import java.util.concurrent.TimeUnit;
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
  private TestProcess second;

  /** SIGTERM first: a process killed outright would leave its embedded PostgreSQL running. */
  @AfterEach
  void stopLeftover() {
    for (TestProcess started : new TestProcess[] {second, process}) {
      if (started != null) {
        started.close();
      }
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

  @Test
  @DisplayName("after kill -9 it starts again on its data dir, stopping the PostgreSQL the killed run left; a second one on a live data dir is refused")
  void restartsAfterKillNine() throws Exception {
    // A relative data dir, as the README's default ./data: PostgreSQL records it canonicalized
    Path dataDir = work.resolve("data");
    int port = Ports.free();
    process = TestProcess.of("all", TestProcess.fatJar(List.of("-Xmx512m"), "all", "--data-dir", "./data",
        "--http-port", Integer.toString(port)), work).directory(work).readyAt("http://127.0.0.1:" + port);
    process.start().awaitReady(STARTUP);
    ApiClient api = new ApiClient(Files.readString(dataDir.resolve("admin-token"), StandardCharsets.UTF_8).trim());
    JsonObject config = ModuleConfigs.welcome("Still here, {user.mention}");
    assertThat(api.put(port, GUILD, "welcome", new JsonObject().put("config", config)).status()).isEqualTo(200);
    ProcessHandle firstServer = postmaster(dataDir);

    // WHEN a second ConfigSync starts on the same data dir
    int otherPort = Ports.free();
    second = TestProcess.of("second", TestProcess.fatJar(List.of("-Xmx384m"), "all", "--data-dir",
        dataDir.toString(), "--http-port", Integer.toString(otherPort)), work);
    // THEN it exits saying why, and the first one goes on serving
    assertThat(second.start().awaitExit(STARTUP)).as("exit code of the second ConfigSync").isEqualTo(1);
    assertThat(second.output()).contains("another ConfigSync is running on " + dataDir.resolve("postgres")
        + " (its embedded PostgreSQL has pid " + firstServer.pid() + ")");
    assertThat(api.get(port, "/api/guilds/" + GUILD + "/modules/welcome").status()).isEqualTo(200);

    // WHEN the first is killed outright: its PostgreSQL outlives it
    process.kill();
    assertThat(firstServer.isAlive()).as("the embedded PostgreSQL after kill -9 of its ConfigSync").isTrue();
    // THEN a new start stops that server, starts its own on the same data, and has the state
    process.start().awaitReady(STARTUP);
    assertThat(firstServer.isAlive()).as("the PostgreSQL the killed run left").isFalse();
    assertThat(process.output()).contains("The embedded PostgreSQL of a previous run is still running on "
        + dataDir.resolve("postgres") + " (pid " + firstServer.pid() + ")");
    ApiClient.Reply read = api.get(port, "/api/guilds/" + GUILD + "/modules/welcome");
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body().getJsonObject("config")).isEqualTo(config);

    // THEN a clean stop stops its PostgreSQL too
    ProcessHandle secondServer = postmaster(dataDir);
    assertThat(process.stop(Duration.ofSeconds(40))).isZero();
    assertThat(secondServer.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
  }

  /** The live postmaster of the embedded database, as its pid file names it. */
  private static ProcessHandle postmaster(Path dataDir) throws Exception {
    long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
    return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
  }
}
