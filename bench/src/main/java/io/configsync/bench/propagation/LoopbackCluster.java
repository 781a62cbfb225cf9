package io.configsync.bench.propagation;

import io.configsync.bench.BenchRun;
import io.configsync.launcher.ConfigSyncNode;
import io.configsync.launcher.NodeSettings;
import io.configsync.launcher.Role;
import io.vertx.core.Future;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The ConfigSync nodes of one scenario, each a clustered Vert.x of its own in this JVM, joined by
 * Hazelcast on 127.0.0.1 under a cluster name of their own: a backend with its embedded PostgreSQL,
 * a gateway, and in-cluster bots (headless, every shard). Closing stops them all, newest first.
 */
final class LoopbackCluster implements AutoCloseable {

  static final String ADMIN_TOKEN = "bench-admin-token";
  private static final long START_TIMEOUT_S = 90;

  private final BenchRun run;
  private final String clusterName = "configsync-bench-" + UUID.randomUUID();
  private final List<BridgeBot.Credentials> bridgeBots;
  /** Guarded by itself; a node that starts after {@link #close()} (a start that timed out) is stopped at once. */
  private final List<ConfigSyncNode> started = new ArrayList<>();
  private boolean closed;
  private final Path backendDir;
  private ConfigSyncNode backend;
  private ConfigSyncNode gateway;
  private final List<ConfigSyncNode> bots = new ArrayList<>();

  /**
   * Starts the backend, the gateway (which admits {@code bridgeBotCount} bridge bots) and
   * {@code clusterBotCount} in-cluster bots. On failure, what was started is stopped again.
   */
  static LoopbackCluster start(BenchRun run, int clusterBotCount, int bridgeBotCount) {
    LoopbackCluster cluster = new LoopbackCluster(run, bridgeBotCount);
    try {
      cluster.startNodes(clusterBotCount);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private LoopbackCluster(BenchRun run, int bridgeBotCount) {
    this.run = run;
    this.bridgeBots = IntStream.rangeClosed(1, bridgeBotCount)
        .mapToObj(i -> new BridgeBot.Credentials("bridge-bot-" + i, "bench-token-" + i + "-" + UUID.randomUUID()))
        .toList();
    this.backendDir = run.newDir("backend");
  }

  private void startNodes(int clusterBotCount) {
    String botTokens = bridgeBots.isEmpty() ? null
        : bridgeBots.stream().map(bot -> bot.botId() + ":" + bot.token()).collect(Collectors.joining(","));
    // The backend first: it brings the database, and the head revision the gateway starts from.
    backend = await(ConfigSyncNode.start(settings(Role.BACKEND, backendDir, "backend", List.of(), botTokens))
        .onSuccess(this::track));
    List<Future<ConfigSyncNode>> others = new ArrayList<>();
    others.add(ConfigSyncNode.start(settings(Role.GATEWAY, run.newDir("gateway"), "gateway", List.of(), botTokens)));
    for (int i = 1; i <= clusterBotCount; i++) {
      others.add(ConfigSyncNode.start(settings(Role.BOT, run.newDir("bot-" + i), "cluster-bot-" + i,
          List.of(URI.create(backendUrl())), null)));
    }
    others.forEach(future -> future.onSuccess(this::track));
    await(Future.join(others));
    gateway = others.get(0).result();
    others.subList(1, others.size()).forEach(bot -> bots.add(bot.result()));
  }

  private NodeSettings settings(Role role, Path dataDir, String id, List<URI> backendUrls, String botTokens) {
    return NodeSettings.builder(role).httpPort(0).dataDir(dataDir).cluster(true).clusterName(clusterName)
        .botId(id).gatewayId(id).backendUrls(backendUrls).backendToken(role == Role.BOT ? ADMIN_TOKEN : null)
        .adminToken(role == Role.BACKEND ? ADMIN_TOKEN : null).botTokens(botTokens).build();
  }

  private void track(ConfigSyncNode node) {
    synchronized (started) {
      if (!closed) {
        started.add(node);
        return;
      }
    }
    node.stop();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("ConfigSync nodes did not start within " + START_TIMEOUT_S + " s", e);
    }
  }

  ConfigSyncNode backend() {
    return backend;
  }

  ConfigSyncNode gateway() {
    return gateway;
  }

  List<ConfigSyncNode> bots() {
    return List.copyOf(bots);
  }

  List<BridgeBot.Credentials> bridgeBots() {
    return bridgeBots;
  }

  String backendUrl() {
    return "http://127.0.0.1:" + backend.httpPort();
  }

  /** The backend's embedded PostgreSQL server. */
  PostgresServer postgres() {
    return PostgresServer.of(backendDir.resolve("postgres"));
  }

  @Override
  public void close() {
    List<ConfigSyncNode> nodes;
    synchronized (started) {
      closed = true;
      nodes = new ArrayList<>(started);
      started.clear();
    }
    Collections.reverse(nodes);
    for (ConfigSyncNode node : nodes) {
      try {
        node.stop().toCompletionStage().toCompletableFuture().get(START_TIMEOUT_S, TimeUnit.SECONDS);
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(LoopbackCluster.class).warn("A bench node did not stop cleanly", e);
      }
    }
  }
}
