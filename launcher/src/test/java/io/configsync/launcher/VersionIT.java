package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.testkit.Ports;
import io.configsync.testkit.TestProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar knows its version and commit: {@code --version} and {@code configsync_build_info}. */
@DisplayName("The build info")
class VersionIT {

  @TempDir
  Path work;

  @Test
  @DisplayName("--version prints the version and the commit the jar was built from, and the metric carries them")
  void versionAndBuildInfo() throws Exception {
    String commit = git("log", "-1", "--format=%h");
    String version = run(List.of("--version"));
    assertThat(version.trim()).startsWith("ConfigSync 0.1.0-SNAPSHOT (commit " + commit + " of ");

    int port = Ports.free();
    Path log = work.resolve("node.log");
    Process process = new ProcessBuilder(TestProcess.fatJar(List.of("-Xmx256m"), "gateway", "--cluster=false",
        "--http-port", Integer.toString(port))).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("configsync_build_info\\{commit=\"" + commit
            + "\",version=\"0.1.0-SNAPSHOT\"} 1(\\.0)?\n");
      });
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static String run(List<String> arguments) throws Exception {
    List<String> command = TestProcess.fatJar(List.of(), arguments.toArray(String[]::new));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  private static String git(String... arguments) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    process.waitFor(30, TimeUnit.SECONDS);
    return out;
  }
}
