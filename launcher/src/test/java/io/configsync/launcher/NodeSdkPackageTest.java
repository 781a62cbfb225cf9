package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Node SDK's own suite ({@code clients/node}: {@code tsc --noEmit --strict} on a TypeScript bot,
 * then {@code node --test} against a scripted gateway), run by the Maven build. Skipped with a notice
 * where Node.js is missing, required under {@code CI=true}.
 */
@DisplayName("Node SDK @configsync/bot-client: its own tests")
class NodeSdkPackageTest {

  static final Path SDK_DIR =
      Path.of(System.getProperty("basedir", ".")).resolve("../clients/node").toAbsolutePath().normalize();

  @Test
  @DisplayName("npm ci, then npm test: the types compile under --strict and every node --test case passes")
  void npmTestPasses() {
    NodeBot.requireNode("the Node SDK's tests in " + SDK_DIR);
    Path logs = NodeBot.logDir();
    NodeBot.run(SDK_DIR, List.of(NodeBot.npm(), "ci", "--no-audit", "--no-fund", "--prefer-offline"),
        Duration.ofMinutes(3), logs.resolve("sdk-npm-ci.log"), "npm (with Node.js 20) is needed to install the SDK's "
            + "dependencies in " + SDK_DIR);
    // run() fails with the whole output when npm test exits non-zero.
    String output = NodeBot.run(SDK_DIR, List.of(NodeBot.npm(), "test"), Duration.ofMinutes(5),
        logs.resolve("sdk-npm-test.log"), "npm is needed to run the SDK's tests in " + SDK_DIR);
    System.out.println(output.lines().filter(line -> line.startsWith("# ")).reduce("", (a, b) -> a + b + "\n"));
    assertThat(output).contains("tsc --noEmit --strict").contains("# fail 0").doesNotContain("not ok");
    assertThat(output).containsPattern("# pass [1-9][0-9]");
  }
}
