package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
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

  private Process process;

  @AfterEach
  void killLeftover() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  @Test
  @DisplayName("on an empty data dir becomes healthy, serves the tour, stops on SIGTERM and keeps its state across a restart")
  void runsTheTourAndKeepsStateAcrossRestart() throws Exception {
    Path dataDir = work.resolve("data");
    int port = freePort();
    Path firstLog = work.resolve("first.log");

    process = start(dataDir, port, firstLog);
    awaitReady(firstLog);
    assertThat(Files.readString(firstLog)).contains("Generated an admin token").contains("runs headless");
    String token = Files.readString(dataDir.resolve("admin-token"), StandardCharsets.UTF_8).trim();
    ApiClient api = new ApiClient(token);
    assertThat(api.get(port, "/health").body().getString("status")).isEqualTo("UP");
    assertThat(Files.readString(firstLog)).contains("dashboard: http://127.0.0.1:" + port + "/");
    assertThat(DashboardPages.status(port, "/")).isEqualTo(200);
    assertThat(DashboardPages.status(port, "/webjars/json-editor__json-editor/2.15.2/dist/jsoneditor.js")).isEqualTo(200);

    JsonObject config = new JsonObject().put("channelId", "81384788765712390").put("message", "Welcome {user.mention}!");
    ApiClient.Reply put = api.put(port, GUILD, "welcome", new JsonObject().put("config", config));
    assertThat(put.status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(api.botState(port).getString("digest")).isEqualTo(api.digest(port, "0/1").getString("digest")));
    assertThat(Files.readString(firstLog)).contains("Applied revision 1: guild " + GUILD + " module welcome enabled v1");
    String digest = api.digest(port, "0/1").getString("digest");

    process.destroy();
    assertThat(process.waitFor(40, TimeUnit.SECONDS)).as("stops within 40 s of SIGTERM").isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(Files.readString(firstLog))
        .contains("Publisher stopping: published everything committed, through revision 1")
        .contains("ConfigSync stopped");

    Path secondLog = work.resolve("second.log");
    process = start(dataDir, port, secondLog);
    awaitReady(secondLog);
    assertThat(Files.readString(secondLog)).doesNotContain("Generated an admin token");
    ApiClient.Reply read = api.get(port, "/api/guilds/" + GUILD + "/modules/welcome");
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body().getLong("version")).isEqualTo(1);
    assertThat(read.body().getJsonObject("config")).isEqualTo(config);
    assertThat(api.digest(port, "0/1").getString("digest")).isEqualTo(digest);
    assertThat(api.botState(port).getString("digest")).isEqualTo(digest);

    process.destroy();
    assertThat(process.waitFor(40, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
  }

  private Process start(Path dataDir, int port, Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    String jar = System.getProperty("configsync.jar", "target/configsync.jar");
    ProcessBuilder builder = new ProcessBuilder(List.of(java, "-Xmx512m", "-jar", jar, "all",
        "--data-dir", dataDir.toString(), "--http-port", Integer.toString(port)))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().remove("CONFIGSYNC_ADMIN_TOKEN");
    builder.environment().remove("DISCORD_TOKEN");
    return builder.start();
  }

  private void awaitReady(Path log) {
    await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      assertThat(process.isAlive()).as("process alive; log:%n%s", Files.readString(log)).isTrue();
      assertThat(Files.readString(log)).contains("ConfigSync all ready at http://127.0.0.1:");
    });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
