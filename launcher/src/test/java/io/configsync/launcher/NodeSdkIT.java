package io.configsync.launcher;

import static io.configsync.testkit.ModuleConfigs.automodBody;
import static io.configsync.testkit.ModuleConfigs.welcomeBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.codecs.GuildIds;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ModuleConfigs;
import io.configsync.testkit.Ports;
import io.configsync.testkit.TestProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Node SDK as a user gets it: {@code npm pack} of {@code clients/node}, {@code npm install} of the
 * tarball into a new project, and a bot written on it ({@code src/test/node/sdk-user-bot.js}), against
 * {@code configsync.jar} run as two processes: {@code all} (backend, gateway gw-all, embedded
 * PostgreSQL) and a second gateway gw-2 in the same cluster. Output under {@code target/node-sdk/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("The Node SDK, installed from its tarball, against the fat jar")
class NodeSdkIT {

  private static final Path WORK_ROOT =
      Path.of(System.getProperty("basedir", ".")).resolve("target/node-sdk").toAbsolutePath();
  private static final Path USER_BOT =
      Path.of(System.getProperty("basedir", ".")).resolve("src/test/node/sdk-user-bot.js").toAbsolutePath();
  private static final String ADMIN_TOKEN = "node-sdk-admin-token-0123456789";
  private static final String BOT_ID = "sdk-bot";
  private static final String BOT_TOKEN = "sdk-bot-token-abcdef";
  private static final String SHARDS = "0,2/4";
  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final Duration CONVERGENCE = Duration.ofSeconds(60);
  /** Consecutive guild ids this far apart fall in consecutive shards (Discord: id >> 22). */
  private static final long NEXT_SHARD = 4_194_304L;

  private final ApiClient api = new ApiClient(ADMIN_TOKEN);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<TestProcess> processes = Collections.synchronizedList(new ArrayList<>());
  private final Thread killOnExit = new Thread(this::killAll, "node-sdk-it-kill-all");
  private Path work;
  private Path project;
  private Path stateFile;
  private TestProcess all;
  private TestProcess secondGateway;
  private int allPort;
  private int secondGatewayPort;

  @BeforeAll
  void installTheSdkAndStartConfigSync() throws IOException {
    String node = NodeBot.requireNode("the Node SDK against the fat jar");
    Runtime.getRuntime().addShutdownHook(killOnExit);
    work = Files.createDirectories(WORK_ROOT.resolve("run-" + System.currentTimeMillis()));
    stateFile = work.resolve("sdk-bot.state");

    // The SDK as npm packs it (only what package.json's "files" lists), installed like any package.
    Path packed = Files.createDirectories(work.resolve("packed"));
    String packOutput = NodeBot.run(NodeSdkPackageTest.SDK_DIR, List.of(NodeBot.npm(), "pack", "--pack-destination",
        packed.toString()), Duration.ofMinutes(2), work.resolve("npm-pack.log"), "npm is needed to pack the SDK");
    Path tarball;
    try (var files = Files.list(packed)) {
      tarball = files.filter(file -> file.getFileName().toString().endsWith(".tgz")).findFirst()
          .orElseThrow(() -> new IllegalStateException("npm pack made no tarball:\n" + packOutput));
    }
    assertThat(tarball.getFileName().toString()).startsWith("configsync-bot-client-");
    project = Files.createDirectories(work.resolve("user-bot"));
    Files.writeString(project.resolve("package.json"),
        "{\"name\":\"a-users-bot\",\"version\":\"1.0.0\",\"private\":true}\n");
    NodeBot.run(project, List.of(NodeBot.npm(), "install", "--no-audit", "--no-fund", "--prefer-offline",
        tarball.toString()), Duration.ofMinutes(3), work.resolve("npm-install.log"), "npm is needed to install the SDK");
    assertThat(project.resolve("node_modules/@configsync/bot-client/src/index.d.ts")).exists();
    assertThat(project.resolve("node_modules/@configsync/bot-client/test")).as("tests are not shipped").doesNotExist();
    Files.copy(USER_BOT, project.resolve("bot.js"));
    System.out.println("Node SDK " + tarball.getFileName() + " installed in " + project + " (node " + node.trim() + ")");

    String cluster = "node-sdk-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    allPort = Ports.free();
    secondGatewayPort = Ports.free();
    all = fatJar("all", allPort, List.of("all", "--data-dir", dir("data-all"), "--http-port",
        Integer.toString(allPort), "--cluster", "--cluster-name", cluster));
    all.start().awaitReady(STARTUP);
    secondGateway = fatJar("gateway-2", secondGatewayPort, List.of("gateway", "--gateway-id", "gw-2", "--http-port",
        Integer.toString(secondGatewayPort), "--cluster", "--cluster-name", cluster, "--data-dir", dir("data-gw-2")));
    secondGateway.start().awaitReady(STARTUP);
  }

  /** SIGTERM first: a fat jar killed outright would leave its embedded PostgreSQL running. */
  @AfterAll
  void stopEverything() {
    synchronized (processes) {
      processes.forEach(TestProcess::close);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException | IllegalArgumentException ignored) {
      // shutting down, or never added
    }
  }

  @Test
  @Order(0)
  @DisplayName("a TypeScript bot compiles with tsc --noEmit --strict against the installed package's types")
  void typesOfTheInstalledPackage() throws IOException {
    Path typed = Files.createDirectories(project.resolve("typed"));
    Path sdkTypes = NodeSdkPackageTest.SDK_DIR.resolve("test/types");
    Files.copy(sdkTypes.resolve("usage.ts"), typed.resolve("usage.ts"));
    Files.copy(sdkTypes.resolve("usage-esm.mts"), typed.resolve("usage-esm.mts"));
    Files.copy(sdkTypes.resolve("tsconfig.json"), typed.resolve("tsconfig.json"));
    String typescript = new JsonObject(Files.readString(NodeSdkPackageTest.SDK_DIR.resolve("package.json")))
        .getJsonObject("devDependencies").getString("typescript");
    String nodeTypes = new JsonObject(Files.readString(NodeSdkPackageTest.SDK_DIR.resolve("package.json")))
        .getJsonObject("devDependencies").getString("@types/node");
    NodeBot.run(project, List.of(NodeBot.npm(), "install", "--no-audit", "--no-fund", "--prefer-offline", "--save-dev",
        "typescript@" + typescript, "@types/node@" + nodeTypes), Duration.ofMinutes(3), work.resolve("npm-install-ts.log"),
        "npm is needed to install TypeScript");
    // run() fails with tsc's output if it finds an error.
    NodeBot.run(project, List.of("node", "node_modules/typescript/bin/tsc", "--noEmit", "--strict", "-p", "typed"),
        Duration.ofMinutes(2), work.resolve("tsc.log"), "TypeScript's tsc");
    // And it does find them: a wrong type in a proposal.
    Files.writeString(typed.resolve("usage.ts"), Files.readString(typed.resolve("usage.ts"))
        .replace("baseVersion: 3,", "baseVersion: '3',"));
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> NodeBot.run(project, List.of("node",
            "node_modules/typescript/bin/tsc", "--noEmit", "--strict", "-p", "typed"), Duration.ofMinutes(2),
        work.resolve("tsc-wrong.log"), "TypeScript's tsc")))
        .hasMessageContaining("Type 'string' is not assignable to type 'number'");
  }

  @Test
  @Order(1)
  @DisplayName("a bot on 0,2/4 holds only its guilds, converges on the backend's digest after 2,000 changes, and survives the death of its gateway")
  void shardsChangesAndFailover() {
    // GIVEN configs in every shard before the bot starts (its bulk load) ...
    List<String> guilds = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      guilds.add(Long.toString(820_000_000_000_000_000L + i * NEXT_SHARD + i));
    }
    for (int i = 0; i < 40; i++) {
      assertThat(api.put(allPort, guilds.get(i), "welcome", welcomeBody("before " + i)).status()).isEqualTo(200);
    }
    // ... and a bot preferring gw-2, then the gateway of the all-in-one process
    SdkBot bot = startUserBot(List.of(secondGatewayPort, allPort));
    int port = bot.port();
    awaitLive(port);
    assertThat(bot.output()).contains("connected to http://127.0.0.1:" + secondGatewayPort + "/eventbus");

    // WHEN 2,000 changes are made, and gw-2 is killed -9 halfway
    Random random = new Random(20_261_204);
    Map<String, Boolean> enabled = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      enabled.put(guilds.get(i) + ":welcome", true);
    }
    for (int i = 0; i < 2_000; i++) {
      if (i == 1_000) {
        secondGateway.kill();
      }
      change(random, guilds, enabled, i);
    }

    // THEN it holds exactly what the database holds for 0,2/4, and only guilds of its shards
    JsonObject expected = api.digest(allPort, SHARDS);
    assertThat(expected.getLong("count")).isGreaterThan(50);
    awaitDigest(port, expected);
    JsonObject state = state(port);
    assertThat(state.getJsonArray("enabledGuilds")).isNotEmpty()
        .allSatisfy(guild -> assertThat(GuildIds.shardOf(Long.parseLong((String) guild), 4)).isIn(0, 2));
    String otherShard = guilds.stream().filter(guild -> GuildIds.shardOf(Long.parseLong(guild), 4) == 1)
        .filter(guild -> api.get(allPort, "/api/guilds/" + guild + "/modules/welcome").status() == 200)
        .findFirst().orElseThrow();
    assertThat(getJson(port, "/config?module=welcome&guild=" + otherShard).getValue("config")).isNull();
    assertThat(state.getLong("outOfOrder")).isZero();
    assertThat(state.getLong("fullReloads")).isEqualTo(1);
    assertThat(state.getLong("reconnects")).as("moved to the other gateway").isGreaterThanOrEqualTo(1);
    assertThat(bot.output()).contains("reconnected to http://127.0.0.1:" + allPort + "/eventbus");
    // The backend sees it, acked through the gateway it moved to.
    await().atMost(CONVERGENCE).untilAsserted(() -> {
      JsonObject entry = botEntry();
      assertThat(entry).isNotNull();
      assertThat(entry.getBoolean("connected")).isTrue();
      assertThat(entry.getLong("lag")).isZero();
    });
    System.out.printf("shardsChangesAndFailover: %d configs held, digest %s, %s%n", expected.getLong("count"),
        expected.getString("digest"), state.encode());
    bot.stop();
  }

  @Test
  @Order(2)
  @DisplayName("a proposal on the current version is applied; one on a stale baseVersion gets VERSION_CONFLICT with the current state; another shard's guild 403")
  void proposals() {
    String guild = Long.toString(840_000_000_012_582_912L); // shard 0 of 4
    assertThat(GuildIds.shardOf(Long.parseLong(guild), 4)).isZero();
    assertThat(api.put(allPort, guild, "welcome", welcomeBody("v1")).status()).isEqualTo(200);
    assertThat(api.put(allPort, guild, "welcome", welcomeBody("v2")).status()).isEqualTo(200);
    SdkBot bot = startUserBot(List.of(allPort));
    int port = bot.port();
    awaitLive(port);

    JsonObject config = ModuleConfigs.welcome("from the bot");
    JsonObject applied = post(port, "/propose", new JsonObject().put("guildId", guild).put("moduleId", "welcome")
        .put("baseVersion", 2).put("config", config));
    assertThat(applied.getBoolean("ok")).as("%s", applied).isTrue();
    assertThat(applied.getJsonObject("state").getLong("version")).isEqualTo(3);
    JsonObject conflict = post(port, "/propose", new JsonObject().put("guildId", guild).put("moduleId", "welcome")
        .put("baseVersion", 2).put("config", config.copy().put("message", "stale")));
    assertThat(conflict.getBoolean("ok")).as("%s", conflict).isFalse();
    assertThat(conflict.getString("code")).isEqualTo("VERSION_CONFLICT");
    assertThat(conflict.getLong("currentVersion")).isEqualTo(3);
    assertThat(conflict.getJsonObject("current").getJsonObject("config")).isEqualTo(config);
    JsonObject notOurs = post(port, "/propose", new JsonObject().put("guildId", Long.toString(840_000_000_000_000_000L)).put("moduleId", "welcome").put("baseVersion", 0).put("config", config));
    assertThat(notOurs.getJsonObject("error").getString("code")).as("%s", notOurs).isEqualTo("PROPOSAL_REFUSED");
    assertThat(notOurs.getJsonObject("error").getInteger("status")).isEqualTo(403);

    // The stale one changed nothing; the applied one reached the bot itself like any change.
    assertThat(api.get(allPort, "/api/guilds/" + guild + "/modules/welcome").body().getLong("version")).isEqualTo(3);
    await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(getJson(port, "/config?module=welcome&guild=" + guild)
        .getJsonObject("config")).isEqualTo(config));
    bot.stop();
  }

  @Test
  @Order(3)
  @DisplayName("a hook that throws, or says it cannot act, shows as the bot's error in the config's status; a fixed config is live")
  void hookOutcomesInTheStatusEndpoint() {
    String guild = Long.toString(860_000_000_000_000_000L + 3 * NEXT_SHARD); // shard 2 of 4
    assertThat(GuildIds.shardOf(Long.parseLong(guild), 4)).isEqualTo(2);
    SdkBot bot = startUserBot(List.of(allPort));
    int port = bot.port();
    awaitLive(port);
    String status = "/api/guilds/" + guild + "/modules/welcome/status";

    assertThat(api.put(allPort, guild, "welcome", welcomeBody("fail: the welcome channel is gone")).status()).isEqualTo(200);
    awaitBotStatus(status, 1, false, "the welcome channel is gone");
    assertThat(api.put(allPort, guild, "welcome", welcomeBody("cannot: missing permission to post")).status()).isEqualTo(200);
    awaitBotStatus(status, 2, false, "missing permission to post");
    assertThat(api.put(allPort, guild, "welcome", welcomeBody("Welcome {user.mention}!")).status()).isEqualTo(200);
    awaitBotStatus(status, 3, true, null);
    await().atMost(CONVERGENCE).untilAsserted(() ->
        assertThat(api.get(allPort, status).body().getBoolean("live")).as("%s", api.get(allPort, status).body()).isTrue());
    bot.stop();
  }

  private void awaitBotStatus(String path, long version, boolean ok, String error) {
    await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      JsonObject status = api.get(allPort, path).body();
      JsonObject ours = status.getJsonArray("bots").stream().map(JsonObject.class::cast)
          .filter(bot -> BOT_ID.equals(bot.getString("botId"))).findFirst().orElse(null);
      assertThat(ours).as("%s in %s", BOT_ID, status).isNotNull();
      assertThat(ours.getLong("version")).as("%s", status).isEqualTo(version);
      assertThat(ours.getBoolean("ok")).as("%s", status).isEqualTo(ok);
      assertThat(ours.getString("error")).as("%s", status).isEqualTo(error);
    });
  }

  @Test
  @Order(4)
  @DisplayName("a bot restarted on its state file resumes with a replay of what it missed, not a reload")
  void restartFromTheStateFile() {
    SdkBot first = startUserBot(List.of(allPort));
    int port = first.port();
    awaitLive(port);
    awaitDigest(port, api.digest(allPort, SHARDS));
    first.stop();
    assertThat(stateFile).exists();

    for (int i = 0; i < 300; i++) {
      String guild = Long.toString(850_000_000_000_000_000L + i * NEXT_SHARD + i);
      assertThat(api.put(allPort, guild, "welcome", welcomeBody("while away " + i)).status()).isEqualTo(200);
    }

    SdkBot again = startUserBot(List.of(allPort));
    int againPort = again.port();
    awaitLive(againPort);
    awaitDigest(againPort, api.digest(allPort, SHARDS));
    JsonObject state = state(againPort);
    assertThat(state.getLong("resumes")).isEqualTo(1);
    assertThat(state.getLong("fullReloads")).isZero();
    assertThat(state.getLong("replays")).isPositive();
    assertThat(state.getLong("eventsReplayed")).isGreaterThanOrEqualTo(100);
    assertThat(state.getLong("outOfOrder")).isZero();
    again.stop();
  }

  // ---------------------------------------------------------------- helpers

  /** One change out of every kind: configs of both modules, disables, enables, deletes. */
  private void change(Random random, List<String> guilds, Map<String, Boolean> enabledByKey, int i) {
    String guild = guilds.get(random.nextInt(guilds.size()));
    String module = random.nextInt(3) == 0 ? "automod" : "welcome";
    String path = "/api/guilds/" + guild + "/modules/" + module;
    String key = guild + ":" + module;
    Boolean enabled = enabledByKey.get(key);
    int roll = random.nextInt(10);
    int status;
    if (enabled != null && roll == 0) {
      status = api.delete(allPort, path).status();
      enabledByKey.remove(key);
    } else if (enabled != null && roll <= 2) {
      status = api.post(allPort, path + (enabled ? "/disable" : "/enable")).status();
      enabledByKey.put(key, !enabled);
    } else {
      JsonObject body = module.equals("welcome") ? welcomeBody("change " + i) : automodBody("word" + i);
      status = api.put(allPort, guild, module, body).status();
      enabledByKey.putIfAbsent(key, true);
    }
    assertThat(status).as("change %d (%s)", i, path).isBetween(200, 299);
  }

  /** Starts the user's bot; returns once its state server answers. */
  private SdkBot startUserBot(List<Integer> gatewayPorts) {
    int statePort = Ports.free();
    TestProcess bot = TestProcess.of("sdk-bot-" + processes.size(), List.of("node", "bot.js"), work)
        .directory(project)
        .env("GATEWAY_URLS", String.join(",", gatewayPorts.stream().map(p -> "http://127.0.0.1:" + p).toList()))
        .env("BACKEND_URL", "http://127.0.0.1:" + allPort)
        .env("BOT_ID", BOT_ID)
        .env("BOT_TOKEN", BOT_TOKEN)
        .env("SHARDS", SHARDS)
        .env("STATE_FILE", stateFile.toString())
        .env("STATE_PORT", Integer.toString(statePort))
        .readyWhen200(URI.create("http://127.0.0.1:" + statePort + "/state"));
    processes.add(bot);
    bot.start().awaitReady(STARTUP);
    return new SdkBot(bot, statePort);
  }

  /** A node of the fat jar on {@code port}, ready when its {@code /health/ready} answers 200. */
  private TestProcess fatJar(String name, int port, List<String> args) {
    TestProcess node = TestProcess.of(name, TestProcess.fatJar(List.of("-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Dhazelcast.wait.seconds.before.join=0", "-Dhazelcast.phone.home.enabled=false"),
            args.toArray(String[]::new)), work)
        .env("CONFIGSYNC_ADMIN_TOKEN", ADMIN_TOKEN)
        .env("CONFIGSYNC_BOT_TOKENS", BOT_ID + ":" + BOT_TOKEN)
        .readyAt("http://127.0.0.1:" + port);
    processes.add(node);
    return node;
  }

  private void awaitLive(int port) {
    await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(state(port).getBoolean("live")).as("live").isTrue());
  }

  private void awaitDigest(int port, JsonObject expected) {
    await().atMost(CONVERGENCE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      JsonObject state = state(port);
      assertThat(state.getString("digest")).as("digest of the bot (%s), backend %s", state, expected)
          .isEqualTo(expected.getString("digest"));
      assertThat(state.getLong("count")).isEqualTo(expected.getLong("count"));
    });
  }

  private JsonObject botEntry() {
    JsonArray bots = api.get(allPort, "/api/bots").body().getJsonArray("bots");
    return bots.stream().map(JsonObject.class::cast).filter(bot -> BOT_ID.equals(bot.getString("botId")))
        .findFirst().orElse(null);
  }

  private JsonObject state(int port) {
    return getJson(port, "/state");
  }

  private JsonObject getJson(int port, String path) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET());
  }

  private JsonObject post(int port, String path, JsonObject body) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private JsonObject send(HttpRequest.Builder request) {
    try {
      return new JsonObject(http.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String dir(String name) throws IOException {
    return Files.createDirectories(work.resolve(name)).toString();
  }

  private void killAll() {
    synchronized (processes) {
      processes.forEach(TestProcess::kill);
    }
  }

  /** The user's bot, a process of the test, and the port of its state server. */
  private record SdkBot(TestProcess process, int port) {
    String output() {
      return process.output();
    }

    /** SIGTERM (the bot saves its state file), SIGKILL if it lingers. */
    void stop() {
      process.close();
    }
  }
}
