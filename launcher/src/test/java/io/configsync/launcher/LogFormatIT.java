package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.testkit.HttpProbe;
import io.configsync.testkit.Ports;
import io.configsync.testkit.TestProcess;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fat jar's logs: ISO-8601 plain lines by default, one JSON object per line with --log-format json. */
@DisplayName("The log format")
class LogFormatIT {

  @TempDir
  Path work;

  @Test
  @DisplayName("plain lines start with an ISO-8601 time; --log-format json writes one JSON object per line; logs go to stderr")
  void plainAndJson() throws Exception {
    List<String> plain = runGateway(List.of());
    assertThat(plain).isNotEmpty();
    assertThat(plain).allMatch(line -> line.matches("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) .*")
        || line.startsWith(" ") || line.startsWith("\t"));
    assertThat(String.join("\n", plain)).contains("ConfigSync gateway ready at http://127.0.0.1:");

    List<String> json = runGateway(List.of("--log-format", "json"));
    List<JsonObject> events = new ArrayList<>();
    for (String line : json) {
      events.add(new JsonObject(line));
    }
    assertThat(events).isNotEmpty().allMatch(event -> event.containsKey("level") && event.containsKey("formattedMessage")
        && event.containsKey("timestamp") && event.containsKey("loggerName"));
    assertThat(events).anyMatch(event -> event.getString("formattedMessage").startsWith("ConfigSync gateway ready at"));

    Process bad = new ProcessBuilder(TestProcess.fatJar(List.of(), "--log-format", "xml")).redirectErrorStream(true).start();
    String out = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(2);
    assertThat(out).contains("--log-format (CONFIGSYNC_LOG_FORMAT) takes plain or json");
  }

  /** Starts a standalone gateway, waits until it is ready, stops it; returns its stderr lines (stdout must be empty). */
  private List<String> runGateway(List<String> extra) throws Exception {
    Path err = Files.createTempFile(work, "err", ".log");
    Path out = Files.createTempFile(work, "out", ".log");
    int port = Ports.free();
    List<String> command = new ArrayList<>(TestProcess.fatJar(List.of("-Xmx256m"), "gateway", "--cluster=false",
        "--http-port", Integer.toString(port)));
    command.addAll(extra);
    Process process = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(out.toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(process.isAlive()).as(Files.readString(err)).isTrue();
        // A gateway without a backend is never ready (it has no head); it serves once it is started.
        assertThat(HttpProbe.live("http://127.0.0.1:" + port)).as("serving").isTrue();
      });
      // the ready line follows the start of the HTTP server by a moment
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(Files.readString(err)).contains("ConfigSync gateway ready at"));
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(Files.readString(out)).as("standard output").isEmpty();
    return Files.readAllLines(err).stream().filter(line -> !line.isBlank()).toList();
  }
}
