package io.configsync.launcher;

import io.configsync.testkit.HttpProbe;
import io.configsync.testkit.Poll;
import io.configsync.testkit.Ports;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Node example bot ({@code examples/external-bot/bot.js}) run as a real process against real
 * gateways: the way a bot developer's bot talks to ConfigSync. Its output goes to a file under
 * {@code target/external-bot/}.
 */
final class NodeBot implements AutoCloseable {

  /** Where the example lives, from the launcher module (surefire's working directory). */
  static final Path BOT_DIR =
      Path.of(System.getProperty("basedir", ".")).resolve("../examples/external-bot").toAbsolutePath().normalize();

  private static final Path LOG_DIR =
      Path.of(System.getProperty("basedir", ".")).resolve("target/external-bot").toAbsolutePath();
  private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
  private static boolean installed;

  private final String botId;
  private final Process process;
  private final Path log;
  private final Thread killOnExit;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private int statePort;

  private NodeBot(String botId, Process process, Path log) {
    this.botId = botId;
    this.process = process;
    this.log = log;
    // A test JVM killed mid-run must not leave bots behind.
    this.killOnExit = new Thread(process::destroyForcibly, "kill-node-bot-" + botId);
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /**
   * Checks that Node is there and runs {@code npm ci} in the example once per JVM (it installs the
   * SDK of {@code clients/node} as a user's bot would). Without Node the calling tests are skipped with a notice on a
   * developer's machine (the README promises a suite that needs only a JDK and Maven), but fail
   * under CI ({@code CI=true}), where the example must run.
   *
   * @throws IllegalStateException with what to do if node or npm is missing in CI or the install fails
   */
  static synchronized void installDependencies() {
    if (installed) {
      return;
    }
    String version = requireNode("the external bot example " + BOT_DIR);
    // Always: the example installs a copy of the SDK from clients/node (.npmrc install-links), which
    // would otherwise stay whatever it was when node_modules was first made.
    run(BOT_DIR, List.of(npm(), "ci", "--no-audit", "--no-fund", "--prefer-offline"), NPM_CI_TIMEOUT,
        LOG_DIR.resolve("npm-ci.log"), "npm (with Node.js 20) is needed to install the external bot example's "
            + "dependencies in " + BOT_DIR);
    System.out.println("External bot example " + BOT_DIR + " with node " + version.trim());
    installed = true;
  }

  /**
   * The version of {@code node} on the PATH. Without it the calling test is skipped with a notice on
   * a developer's machine, but fails under CI ({@code CI=true}).
   */
  static String requireNode(String needsIt) {
    createLogDir();
    try {
      return run(BOT_DIR, List.of("node", "--version"), Duration.ofSeconds(20), LOG_DIR.resolve("node-version.log"),
          "Node.js 20 (node on the PATH) is needed to run " + needsIt);
    } catch (IllegalStateException noNode) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw noNode;
      }
      System.out.println("NOTICE: " + noNode.getMessage() + "; skipping the tests that run it");
      Assumptions.abort("Node.js is not installed: " + noNode.getMessage());
      throw noNode;
    }
  }

  /** {@code npm}, as it is called on this system. */
  static String npm() {
    return WINDOWS ? "npm.cmd" : "npm";
  }

  /**
   * Starts the bot and waits until its state server is up (it has then not necessarily loaded yet).
   *
   * @param gatewayPorts the gateways' HTTP ports, the preferred one first
   */
  static NodeBot start(String botId, String token, String shards, List<Integer> gatewayPorts, int backendPort) {
    return start(botId, token, shards, gatewayPorts, backendPort, null);
  }

  /** A bot that remembers what it holds in {@code stateFile} across its restarts (null: it does not). */
  static NodeBot start(String botId, String token, String shards, List<Integer> gatewayPorts, int backendPort,
                       Path stateFile) {
    return start(botId, token, shards, gatewayPorts.stream().map(port -> "http://127.0.0.1:" + port).toList(),
        "http://127.0.0.1:" + backendPort, stateFile, java.util.Map.of());
  }

  /**
   * A bot of gateways and a backend anywhere ({@code http://} or {@code https://} URLs), with
   * {@code environment} added to its own (e.g. {@code NODE_EXTRA_CA_CERTS} for a test CA).
   */
  static NodeBot start(String botId, String token, String shards, List<String> gatewayUrls, String backendUrl,
                       Path stateFile, java.util.Map<String, String> environment) {
    installDependencies();
    Path log = LOG_DIR.resolve(botId + "-" + RUNS.incrementAndGet() + ".log");
    ProcessBuilder builder = new ProcessBuilder("node", "bot.js")
        .directory(BOT_DIR.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("GATEWAY_URLS", String.join(",", gatewayUrls));
    builder.environment().put("BACKEND_URL", backendUrl);
    builder.environment().putAll(environment);
    builder.environment().put("BOT_ID", botId);
    builder.environment().put("BOT_TOKEN", token);
    builder.environment().put("SHARDS", shards);
    int statePort = Ports.free();
    builder.environment().put("STATE_PORT", Integer.toString(statePort));
    if (stateFile != null) {
      builder.environment().put("STATE_FILE", stateFile.toAbsolutePath().toString());
    }
    NodeBot bot;
    try {
      bot = new NodeBot(botId, builder.start(), log);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start node for the external bot example: " + e.getMessage(), e);
    }
    try {
      bot.statePort = statePort;
      bot.awaitStateServer();
      return bot;
    } catch (RuntimeException e) {
      bot.close();
      throw e;
    }
  }

  String botId() {
    return botId;
  }

  /** {@code GET /state} of the bot. */
  JsonObject state() {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + statePort + "/state")).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("bot " + botId + " does not answer on its state port (alive: "
          + process.isAlive() + "); its log: " + log, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Everything the bot printed so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path logFile() {
    return log;
  }

  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  @Override
  public String toString() {
    return "NodeBot[" + botId + ", log " + log + "]";
  }

  /** Ready when its state server answers: the bot's own probe, not a line of its output. */
  private void awaitStateServer() {
    Poll.until(() -> {
      if (!process.isAlive()) {
        throw new IllegalStateException("bot " + botId + " exited with " + process.exitValue() + ":\n" + output());
      }
      return HttpProbe.status(URI.create("http://127.0.0.1:" + statePort + "/state")) == 200;
    }, STARTUP, "bot " + botId + " to serve its state (log " + log + ")");
  }


  /** Runs a command in {@code dir} to completion within {@code timeout}; returns its output. */
  static String run(Path dir, List<String> command, Duration timeout, Path output, String missing) {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(output.toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException(missing + ", but '" + command.get(0) + "' cannot be run: " + e.getMessage(), e);
    }
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
            + " s in " + dir + "; output in " + output);
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed in " + dir + " (exit "
            + process.exitValue() + "):\n" + text);
      }
      return text;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path logDir() {
    createLogDir();
    return LOG_DIR;
  }

  private static void createLogDir() {
    try {
      Files.createDirectories(LOG_DIR);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
