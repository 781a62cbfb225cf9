package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.testkit.ApiClient;
import io.configsync.testkit.HttpProbe;
import io.configsync.testkit.ModuleConfigs;
import io.configsync.testkit.Poll;
import io.configsync.testkit.Ports;
import io.configsync.testkit.TestProcess;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos run of issue 4, with every process real and separate, all on 127.0.0.1: an embedded
 * PostgreSQL, 2 backends, 2 gateways, 2 in-cluster bots and the Node bridge bot, while a writer makes
 * 5,000 random changes and the test kills -9 a bot, the publishing backend and a gateway, and
 * restarts PostgreSQL. Each process's output goes to its own file under {@code target/chaos/}.
 */
@DisplayName("Chaos across processes")
class ChaosIT {

  private static final Path CHAOS_DIR =
      Path.of(System.getProperty("basedir", ".")).resolve("target/chaos").toAbsolutePath();
  private static final String ADMIN_TOKEN = "chaos-admin-token-0123456789";
  private static final String NODE_BOT = "node-1";
  private static final String NODE_TOKEN = "chaos-node-token";
  private static final String BOT_TOKENS = NODE_BOT + ":" + NODE_TOKEN + ",bot-1:chaos-bot-1-token,bot-2:chaos-bot-2-token";
  private static final Map<String, String> BOT_SHARDS = Map.of("bot-1", "0,1/4", "bot-2", "2,3/4", NODE_BOT, "1,2/4");
  private static final int CHANGES = 5_000;
  private static final int GUILDS = 500;
  private static final int WRITER_THREADS = 4;
  /** Changes per second, all writer threads together. */
  private static final int RATE = 100;
  /** Change counts at which the chaos steps start; the writer waits at the next one until the previous step is done. */
  private static final int[] STEP_AT = {1_000, 2_000, 3_000, 4_000};
  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final Duration STEP_LIMIT = Duration.ofSeconds(150);
  private static final Duration WRITER_LIMIT = Duration.ofMinutes(5);
  private static final Duration CONVERGENCE = Duration.ofSeconds(30);
  private static final long NEXT_SHARD = 4_194_304L;

  private final List<Proc> processes = Collections.synchronizedList(new ArrayList<>());
  private final ApiClient api = new ApiClient(ADMIN_TOKEN);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final Thread killOnExit = new Thread(this::killAll, "chaos-kill-all");
  private volatile EmbeddedPostgres postgres;
  private Path work;
  private int pgPort;
  private String clusterName;
  private Path jar;
  private boolean passed;

  @AfterEach
  void stopEverything() throws IOException {
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException | IllegalArgumentException ignored) {
      // shutting down, or never added
    }
    EmbeddedPostgres db = postgres;
    postgres = null;
    if (db != null) {
      db.close();
    }
    // The logs stay under target/chaos/; the jar copy always goes, the database too when the run passed.
    if (jar != null) {
      Files.deleteIfExists(jar);
    }
    if (passed) {
      deleteTree(work.resolve("postgres"));
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private void killAll() {
    synchronized (processes) {
      for (Proc proc : processes) {
        proc.kill();
      }
    }
  }

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  @DisplayName("5,000 changes while a bot, the publisher, a gateway and PostgreSQL die: every bot converges, in order, nothing acknowledged is lost")
  void survivesChaos() throws Exception {
    long started = System.nanoTime();
    NodeBot.installDependencies();
    Runtime.getRuntime().addShutdownHook(killOnExit);
    work = Files.createDirectories(CHAOS_DIR.resolve("run-" + System.currentTimeMillis()));
    clusterName = "chaos-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    // A copy: the processes restart from the same bytes even if a build replaces target/configsync.jar meanwhile.
    jar = Files.copy(Path.of(System.getProperty("configsync.jar", "target/configsync.jar")),
        work.resolve("configsync.jar"));
    log("work dir %s, cluster %s", work, clusterName);

    // GIVEN PostgreSQL, 2 backends, 2 gateways, 2 in-cluster bots and a bridge bot
    pgPort = Ports.free();
    postgres = startPostgres();
    int[] backendPorts = {Ports.free(), Ports.free()};
    int[] gatewayPorts = {Ports.free(), Ports.free()};
    Map<String, Integer> botPorts = new LinkedHashMap<>();
    botPorts.put("bot-1", Ports.free());
    botPorts.put("bot-2", Ports.free());
    int nodeStatePort = Ports.free();

    Proc[] backends = {backend(1, backendPorts[0]), backend(2, backendPorts[1])};
    backends[0].start().awaitReady(); // one at a time: the first one migrates the schema
    backends[1].start();
    Proc[] gateways = {gateway(1, gatewayPorts[0]), gateway(2, gatewayPorts[1])};
    gateways[0].start();
    gateways[1].start();
    String backendUrls = "http://127.0.0.1:" + backendPorts[0] + ",http://127.0.0.1:" + backendPorts[1];
    Map<String, Proc> bots = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> bot : botPorts.entrySet()) {
      bots.put(bot.getKey(), bot(bot.getKey(), bot.getValue(), backendUrls).start());
    }
    backends[1].awaitReady();
    gateways[0].awaitReady();
    gateways[1].awaitReady();
    for (Proc bot : bots.values()) {
      bot.awaitReady();
    }
    nodeBot(gatewayPorts, backendPorts[0], nodeStatePort).start().awaitReady();
    log("everything up after %d s", seconds(started));

    // WHEN a writer makes 5,000 random changes against both backends, while the chaos thread kills
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    List<CountDownLatch> stepDone = new ArrayList<>();
    for (int i = 0; i < STEP_AT.length; i++) {
      stepDone.add(new CountDownLatch(1));
    }
    List<String> chaosReport = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    long writeStart = System.nanoTime();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < WRITER_THREADS; t++) {
      Thread writer = new Thread(() -> write(backendPorts, next, stepDone, acknowledged, statuses, failures),
          "chaos-writer-" + t);
      writers.add(writer);
      writer.start();
    }
    Thread chaos = new Thread(() -> {
      try {
        List<Runnable> steps = List.of(
            () -> restartBot(bots.get("bot-1"), chaosReport),
            () -> restartPublisher(backends, chaosReport),
            () -> restartGateway(gateways[0], chaosReport),
            () -> restartPostgres(backends, chaosReport));
        for (int i = 0; i < steps.size(); i++) {
          int at = STEP_AT[i];
          boundedWait(() -> next.get() >= at, WRITER_LIMIT, "the writer to reach change " + at);
          long stepStart = System.nanoTime();
          steps.get(i).run();
          chaosReport.add("step " + (i + 1) + " at change " + at + " took " + millis(stepStart) + " ms");
          stepDone.get(i).countDown();
        }
      } catch (Throwable e) {
        failures.add(e);
        stepDone.forEach(CountDownLatch::countDown);
      }
    }, "chaos-monkey");
    chaos.start();
    for (Thread writer : writers) {
      writer.join(WRITER_LIMIT.toMillis());
    }
    chaos.join(STEP_LIMIT.toMillis());
    long writeMillis = millis(writeStart);
    chaosReport.forEach(line -> log("chaos: %s", line));
    log("writer: %d changes in %d ms, %d acknowledged, statuses %s", Math.min(next.get(), CHANGES), writeMillis,
        acknowledged.size(), statuses);
    assertThat(failures).as("failures of the writer or the chaos thread").isEmpty();
    assertThat(writers).as("writers finished").noneMatch(Thread::isAlive);
    assertThat(chaos.isAlive()).as("chaos finished").isFalse();
    assertThat(acknowledged.size()).as("acknowledged changes").isGreaterThan(CHANGES / 2);
    // -1: no answer (that backend was down); 404: enable/disable/delete of a config that does not
    // exist; 503: PostgreSQL was down. Anything else (a 500) is a bug.
    assertThat(statuses.keySet()).as("answers to the writer").isSubsetOf(-1, 200, 404, 503).contains(200, 503);

    // THEN every process is still there, every bot converges within 30 s, in order
    for (Proc proc : processes) {
      if (!proc.killed) {
        assertThat(proc.process.isAlive()).as("%s alive; log %s", proc.name, proc.log()).isTrue();
      }
    }
    long convergeStart = System.nanoTime();
    Map<String, String> lastSeen = new ConcurrentHashMap<>();
    try {
      await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        for (Map.Entry<String, Integer> bot : botPorts.entrySet()) {
          JsonObject expected = api.digest(backendPorts[0], BOT_SHARDS.get(bot.getKey()));
          JsonObject state = api.botState(bot.getValue());
          lastSeen.put(bot.getKey(), "bot " + state.encode() + " backend " + expected.encode());
          assertThat(state.getString("digest")).as("digest of %s", bot.getKey()).isEqualTo(expected.getString("digest"));
        }
        JsonObject expected = api.digest(backendPorts[0], BOT_SHARDS.get(NODE_BOT));
        JsonObject state = getJson(nodeStatePort, "/state");
        lastSeen.put(NODE_BOT, "bot " + state.encode() + " backend " + expected.encode());
        assertThat(state.getString("digest")).as("digest of %s", NODE_BOT).isEqualTo(expected.getString("digest"));
      });
    } finally {
      lastSeen.forEach((bot, line) -> log("%s: %s", bot, line));
    }
    long convergeMillis = millis(convergeStart);
    for (Map.Entry<String, Integer> bot : botPorts.entrySet()) {
      assertThat(api.botState(bot.getValue()).getLong("outOfOrder")).as("events %s received against order (re-published after a failover): a diagnostic", bot.getKey()).isNotNegative();
    }
    assertThat(getJson(nodeStatePort, "/state").getLong("outOfOrder")).as("outOfOrder of %s", NODE_BOT).isZero();
    assertThat(api.botState(botPorts.get("bot-1")).getLong("resumes"))
        .as("bot-1 restarted from its snapshot, not a full reload").isEqualTo(1);
    for (Proc proc : processes) {
      if (proc.name.startsWith("bot-")) {
        assertThat(proc.output()).as("log of %s", proc.log()).doesNotContainIgnoringCase("out of order");
      }
    }

    // AND every acknowledged change is in the event log
    Set<String> logged = loggedVersions();
    Set<String> missing = new HashSet<>(acknowledged);
    missing.removeAll(logged);
    assertThat(missing).as("acknowledged changes missing from module_event").isEmpty();
    passed = true;
    log("PASSED in %d s: %d changes, %d acknowledged, %d kills, converged %d ms after the writer and chaos ended",
        seconds(started), CHANGES, acknowledged.size(), 4, convergeMillis);
  }

  // ---------------------------------------------------------------- the writer

  private void write(int[] backendPorts, AtomicInteger next, List<CountDownLatch> stepDone, Set<String> acknowledged,
                     Map<Integer, AtomicInteger> statuses, List<Throwable> failures) {
    long deadline = System.nanoTime() + WRITER_LIMIT.toNanos();
    long interval = WRITER_THREADS * 1_000L / RATE;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    try {
      while (System.nanoTime() < deadline) {
        int change = next.getAndIncrement();
        if (change >= CHANGES) {
          return;
        }
        for (int step = 1; step < STEP_AT.length; step++) {
          if (change == STEP_AT[step]) {
            // the previous chaos step happens while changes are being written
            if (!stepDone.get(step - 1).await(STEP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
              throw new IllegalStateException("chaos step " + step + " did not finish within " + STEP_LIMIT);
            }
          }
        }
        long begin = System.nanoTime();
        String guild = Long.toString(810_000_000_000_000_000L + random.nextInt(GUILDS) * (NEXT_SHARD + 1));
        String module = random.nextBoolean() ? "welcome" : "automod";
        int port = backendPorts[change % 2];
        String path = "/api/guilds/" + guild + "/modules/" + module;
        int roll = random.nextInt(100);
        ApiClient.Reply reply;
        try {
          if (roll < 50) {
            reply = api.put(port, guild, module, config(module, change));
          } else if (roll < 65) {
            reply = api.post(port, path + "/enable");
          } else if (roll < 80) {
            reply = api.post(port, path + "/disable");
          } else {
            reply = api.delete(port, path);
          }
        } catch (RuntimeException e) {
          statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet(); // backend down: no answer
          pause(interval, begin);
          continue;
        }
        statuses.computeIfAbsent(reply.status(), s -> new AtomicInteger()).incrementAndGet();
        if (reply.status() >= 200 && reply.status() < 300) {
          acknowledged.add(guild + ":" + module + ":" + reply.body().getLong("version"));
        }
        pause(interval, begin);
      }
    } catch (Throwable e) {
      failures.add(e);
    }
  }

  private static JsonObject config(String module, int change) {
    JsonObject config = "welcome".equals(module)
        ? ModuleConfigs.welcome("chaos change " + change)
        : new JsonObject().put("rules", new io.vertx.core.json.JsonArray().add(new JsonObject()
            .put("id", "words").put("type", "banned_words").put("action", "delete")
            .put("words", new io.vertx.core.json.JsonArray().add("word" + change))));
    return new JsonObject().put("config", config);
  }

  private static void pause(long intervalMillis, long beginNanos) throws InterruptedException {
    long left = intervalMillis - (System.nanoTime() - beginNanos) / 1_000_000;
    if (left > 0) {
      Thread.sleep(left);
    }
  }

  // ---------------------------------------------------------------- the chaos steps

  private void restartBot(Proc bot, List<String> report) {
    bot.kill();
    report.add("kill -9 " + bot.name);
    bot.start().awaitReady();
    report.add(bot.name + " back after " + bot.readyMillis() + " ms");
  }

  private void restartPublisher(Proc[] backends, List<String> report) {
    AtomicInteger holder = new AtomicInteger(-1);
    boundedWait(() -> {
      for (int i = 0; i < backends.length; i++) {
        if (backends[i].holdsLease()) {
          holder.set(i);
          return true;
        }
      }
      return false;
    }, Duration.ofSeconds(30), "a backend to hold the publisher lease");
    Proc publisher = backends[holder.get()];
    Proc other = backends[1 - holder.get()];
    int otherMark = other.output().length();
    long killed = System.nanoTime();
    publisher.kill();
    report.add("kill -9 the publisher " + publisher.name);
    boundedWait(() -> other.output().substring(Math.min(otherMark, other.output().length()))
        .contains("This backend holds the publisher lease"), Duration.ofSeconds(30),
        other.name + " to take the publisher lease over");
    report.add(other.name + " took the lease over after " + millis(killed) + " ms");
    publisher.start().awaitReady();
    report.add(publisher.name + " back after " + publisher.readyMillis() + " ms");
  }

  private void restartGateway(Proc gateway, List<String> report) {
    gateway.kill();
    report.add("kill -9 " + gateway.name);
    gateway.start().awaitReady();
    report.add(gateway.name + " back after " + gateway.readyMillis() + " ms");
  }

  private void restartPostgres(Proc[] backends, List<String> report) {
    try {
      EmbeddedPostgres db = postgres;
      postgres = null;
      db.close();
      report.add("stopped PostgreSQL");
      for (Proc backend : backends) {
        boundedWait(() -> status(backend.port, "/health/ready") == 503, Duration.ofSeconds(30),
            backend.name + " to report the outage");
      }
      report.add("both backends not ready without PostgreSQL");
      postgres = startPostgres();
      report.add("started PostgreSQL again");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long back = System.nanoTime();
    for (Proc backend : backends) {
      boundedWait(() -> status(backend.port, "/health") == 200, Duration.ofSeconds(60),
          backend.name + " healthy again");
    }
    report.add("both backends healthy " + millis(back) + " ms after PostgreSQL came back");
  }

  // ---------------------------------------------------------------- processes

  private Proc backend(int n, int port) {
    return node("backend-" + n, port, fatJar("backend-" + n, "backend", "--pg-url",
        "postgresql://postgres@127.0.0.1:" + pgPort + "/postgres", "--http-port", Integer.toString(port), "--cluster",
        "--cluster-name", clusterName, "--data-dir", dir("backend-" + n))
        .env("CONFIGSYNC_ADMIN_TOKEN", ADMIN_TOKEN).env("CONFIGSYNC_BOT_TOKENS", BOT_TOKENS));
  }

  private Proc gateway(int n, int port) {
    return node("gateway-" + n, port, fatJar("gateway-" + n, "gateway", "--gateway-id", "gw-" + n, "--http-port",
        Integer.toString(port), "--cluster", "--cluster-name", clusterName, "--data-dir", dir("gateway-" + n))
        .env("CONFIGSYNC_BOT_TOKENS", BOT_TOKENS));
  }

  private Proc bot(String botId, int port, String backendUrls) {
    return node(botId, port, fatJar(botId, "bot", "--bot-id", botId, "--shards", BOT_SHARDS.get(botId),
        "--backend-url", backendUrls, "--http-port", Integer.toString(port), "--data-dir", dir(botId), "--cluster",
        "--cluster-name", clusterName)
        .env("CONFIGSYNC_BACKEND_TOKEN", ADMIN_TOKEN));
  }

  private Proc nodeBot(int[] gatewayPorts, int backendPort, int statePort) {
    // The bot's state server answering is its readiness probe.
    return new Proc(NODE_BOT, statePort, TestProcess.of(NODE_BOT, List.of("node", "bot.js"), work)
        .directory(NodeBot.BOT_DIR)
        .env("GATEWAY_URLS", "http://127.0.0.1:" + gatewayPorts[0] + ",http://127.0.0.1:" + gatewayPorts[1])
        .env("BACKEND_URL", "http://127.0.0.1:" + backendPort)
        .env("BOT_ID", NODE_BOT)
        .env("BOT_TOKEN", NODE_TOKEN)
        .env("SHARDS", BOT_SHARDS.get(NODE_BOT))
        .env("STATE_PORT", Integer.toString(statePort))
        .readyWhen200(URI.create("http://127.0.0.1:" + statePort + "/state")));
  }

  /** A node of the fat jar on {@code port}: ready when its {@code /health/ready} answers 200. */
  private Proc node(String name, int port, TestProcess process) {
    return new Proc(name, port, process.readyAt("http://127.0.0.1:" + port));
  }

  /** The process {@code name}: the copy of the fat jar run with {@code args}, logging under the work dir. */
  private TestProcess fatJar(String name, String... args) {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dhazelcast.wait.seconds.before.join=0",
        "-Dhazelcast.phone.home.enabled=false", "-jar", jar.toString()));
    command.addAll(List.of(args));
    return TestProcess.of(name, command, work);
  }

  private String dir(String name) {
    try {
      return Files.createDirectories(work.resolve("data-" + name)).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A process the test starts, kills -9 and starts again; each start logs to a new file. */
  private final class Proc {
    final String name;
    final int port;
    final TestProcess process;
    volatile boolean killed;

    Proc(String name, int port, TestProcess process) {
      this.name = name;
      this.port = port;
      this.process = process;
      processes.add(this);
    }

    Proc start() {
      process.start();
      killed = false;
      return this;
    }

    Proc awaitReady() {
      process.awaitReady(STARTUP);
      return this;
    }

    long readyMillis() {
      return process.readyMillis();
    }

    /** Whether its last lease line says it holds the publisher lease (no probe tells which backend publishes). */
    boolean holdsLease() {
      if (killed || !process.isAlive()) {
        return false;
      }
      String out = output();
      int held = out.lastIndexOf("This backend holds the publisher lease");
      int lost = Math.max(out.lastIndexOf("Lost the publisher lease"), out.lastIndexOf("giving up the lease"));
      return held >= 0 && held > lost;
    }

    /** kill -9, then wait until its port answers nothing any more. */
    void kill() {
      if (process.isAlive()) {
        killed = true;
        process.kill();
        boundedWait(() -> HttpProbe.status(URI.create("http://127.0.0.1:" + port + "/health/live")) == -1,
            Duration.ofSeconds(10), name + "'s port to be closed");
      }
    }

    String output() {
      return process.output();
    }

    Path log() {
      return process.log();
    }
  }

  // ---------------------------------------------------------------- helpers

  private EmbeddedPostgres startPostgres() throws IOException {
    Path dataDir = Files.createDirectories(work.resolve("postgres"));
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(pgPort)
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(work.resolve("postgres.log").toFile()))
        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(work.resolve("postgres.log").toFile()))
        .start();
  }

  private Set<String> loggedVersions() throws Exception {
    Set<String> versions = new HashSet<>();
    try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
        "postgres", ""); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT guild_id, module_id, version FROM module_event")) {
      while (rows.next()) {
        versions.add(rows.getLong(1) + ":" + rows.getString(2) + ":" + rows.getLong(3));
      }
    }
    return versions;
  }

  private static int status(int port, String path) {
    return HttpProbe.status(URI.create("http://127.0.0.1:" + port + path));
  }

  private JsonObject getJson(int port, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return new JsonObject(response.body());
  }

  private static void boundedWait(BooleanSupplier condition, Duration limit, String what) {
    Poll.until(condition, limit, what);
  }

  private static long millis(long since) {
    return (System.nanoTime() - since) / 1_000_000;
  }

  private static long seconds(long since) {
    return millis(since) / 1_000;
  }

  private static void log(String format, Object... args) {
    System.out.printf("[chaos] " + format + "%n", args);
  }
}
