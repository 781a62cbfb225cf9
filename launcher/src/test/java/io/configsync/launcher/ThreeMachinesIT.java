package io.configsync.launcher;

import static io.configsync.testkit.ModuleConfigs.welcomeBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.testkit.ApiClient;
import io.configsync.testkit.TestPostgres;
import io.configsync.testkit.TestProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three "machines" on 127.0.0.2, .3 and .4: a backend, a gateway and a bot, each a process of the
 * fat jar, joined with {@code --cluster-members} and fixed ports, no XML edited; and a Node bridge
 * bot through the gateway.
 */
@DisplayName("Three machines")
class ThreeMachinesIT {

  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final String ADMIN_TOKEN = "three-machines-admin";
  private static final String BRIDGE_BOTS = "node-a:tokA";

  /** One machine: its address and the ports it was given. */
  private record Machine(String host, int httpPort, int eventBusPort, int hazelcastPort) {
    String member() {
      return host + ":" + hazelcastPort;
    }

    String url() {
      return "http://" + host + ":" + httpPort;
    }
  }

  @TempDir
  Path work;

  private final List<TestProcess> processes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    processes.forEach(TestProcess::close);
  }

  @Test
  @DisplayName("a PUT on the backend reaches the bot on another machine and a Node bot through the gateway on a third")
  void backendGatewayAndBotOnThreeMachines() throws Exception {
    Machine a = machine("127.0.0.2");
    Machine b = machine("127.0.0.3");
    Machine c = machine("127.0.0.4");
    String members = String.join(",", a.member(), b.member(), c.member());
    String cluster = "three-machines-" + UUID.randomUUID();
    TestPostgres.Database database = TestPostgres.freshDatabase();

    Path backendLog = start("backend", a, members, cluster, List.of("--pg-url", database.url()), "backend");
    Path gatewayLog = start("gateway", b, members, cluster, List.of("--gateway-id", "gateway-b"), "gateway");
    Path botLog = start("bot", c, members, cluster, List.of("--bot-id", "bot-c", "--backend-url", a.url()), "bot");
    processes.forEach(process -> process.awaitReady(STARTUP));
    for (Machine machine : List.of(a, b, c)) {
      ApiClient.Reply ready = new ApiClient(ADMIN_TOKEN, "http://" + machine.host(), null)
          .get(machine.httpPort(), "/health/ready");
      assertThat(ready.body().encode()).as("%s checks its cluster before it is ready", machine).contains("\"cluster\"");
    }
    // the ready line follows the ready probe by a moment
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(Files.readString(backendLog)).contains("ConfigSync backend ready at http://127.0.0.2:" + a.httpPort());
      assertThat(Files.readString(gatewayLog)).contains("ConfigSync gateway ready at http://127.0.0.3:" + b.httpPort());
    });
    for (Machine machine : List.of(a, b, c)) {
      try (Socket eventBus = new Socket(machine.host(), machine.eventBusPort())) {
        assertThat(eventBus.isConnected()).as("event bus of %s on its fixed port", machine).isTrue();
      }
    }

    ApiClient backend = new ApiClient(ADMIN_TOKEN, "http://127.0.0.2", null);
    ApiClient bot = new ApiClient(ADMIN_TOKEN, "http://127.0.0.4", null);
    assertThat(backend.put(a.httpPort(), "81384788765712384", "welcome", welcomeBody("first")).status()).isEqualTo(200);
    String digest = backend.digest(a.httpPort(), "0/1").getString("digest");
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
        assertThat(bot.botState(c.httpPort()).getString("digest")).isEqualTo(digest));

    try (NodeBot nodeBot = NodeBot.start("node-a", "tokA", "0/1", List.of(b.url()), a.url(), null, Map.of())) {
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(nodeBot.state().getString("digest")).as("%s", nodeBot).isEqualTo(digest));
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(nodeBot.output()).contains("connected to " + b.url() + "/eventbus"));

      // A change made now travels live: backend (A) -> bus -> bot (C) and gateway (B) -> bridge -> Node bot.
      assertThat(backend.put(a.httpPort(), "81384788765712384", "welcome", welcomeBody("second")).status())
          .isEqualTo(200);
      String second = backend.digest(a.httpPort(), "0/1").getString("digest");
      assertThat(second).isNotEqualTo(digest);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        assertThat(bot.botState(c.httpPort()).getString("digest")).isEqualTo(second);
        assertThat(nodeBot.state().getString("digest")).isEqualTo(second);
      });
    }
    assertThat(Files.readString(botLog)).contains("Cluster member joined").doesNotContain("cluster.xml");
  }

  private Path start(String name, Machine machine, String members, String cluster, List<String> extra, String role) {
    List<String> arguments = new ArrayList<>(List.of(role,
        "--http-host", machine.host(), "--http-port", Integer.toString(machine.httpPort()),
        "--data-dir", work.resolve(name + "-data").toString(),
        "--cluster-host", machine.host(), "--cluster-port", Integer.toString(machine.eventBusPort()),
        "--hazelcast-port", Integer.toString(machine.hazelcastPort()),
        "--cluster-members", members, "--cluster-name", cluster));
    arguments.addAll(extra);
    TestProcess process = TestProcess.of(name, TestProcess.fatJar(List.of("-Xmx384m",
            "-Dhazelcast.wait.seconds.before.join=0"), arguments.toArray(String[]::new)), work)
        .env("CONFIGSYNC_ADMIN_TOKEN", ADMIN_TOKEN)
        .env("CONFIGSYNC_BACKEND_TOKEN", ADMIN_TOKEN)
        .env("CONFIGSYNC_BOT_TOKENS", BRIDGE_BOTS)
        .readyAt(machine.url());
    processes.add(process.start());
    return process.log();
  }

  private static Machine machine(String host) throws IOException {
    return new Machine(host, freePort(host), freePort(host), freePort(host));
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    }
  }
}
