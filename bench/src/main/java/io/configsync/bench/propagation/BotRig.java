package io.configsync.bench.propagation;

import io.configsync.bench.BenchRun;
import io.configsync.codecs.Addresses;
import io.configsync.codecs.ModuleChanges;
import io.configsync.launcher.ConfigSyncNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LoopbackCluster} with a probe in each of its bots, the bridge bots connected to its
 * gateway, and the load side: a Vert.x of its own (not clustered) for the HTTP writers and the
 * bridge bots' sockets, as separate client processes would have. Closing stops everything.
 */
final class BotRig implements AutoCloseable {

  /** Connections the writers may open to the backend: enough for 5,000 writes/s in flight. */
  private static final int MAX_CONNECTIONS = 512;
  private static final long TIMEOUT_S = 30;

  private final LoopbackCluster cluster;
  private final Vertx clientVertx = Vertx.vertx();
  private final List<AppliedProbe> probes = new ArrayList<>();
  private final List<BridgeBot> bridgeBots = new ArrayList<>();
  private final AppliedProbe published = new AppliedProbe("backend-bus", true);
  private final ConfigWrites writes;
  private final BackendStats backend;
  private final CpuMeter cpu;
  private final GcPauses gcPauses = GcPauses.listen();

  private BotRig(LoopbackCluster cluster) {
    this.cluster = cluster;
    this.writes = new ConfigWrites(clientVertx, cluster.backend().httpPort(), MAX_CONNECTIONS);
    this.backend = new BackendStats(cluster.backendUrl());
    this.cpu = new CpuMeter(cluster.postgres().pid(), LoadGeneratorThreads.of(clientVertx));
  }

  /**
   * Starts the nodes with {@code clusterBots} in-cluster bots and a gateway that admits up to
   * {@code bridgeBotsAllowed} bridge bots, of which {@code bridgeBotsConnected} connect at once.
   */
  static BotRig start(BenchRun run, int clusterBots, int bridgeBotsAllowed, int bridgeBotsConnected) {
    LoopbackCluster cluster = LoopbackCluster.start(run, clusterBots, bridgeBotsAllowed);
    BotRig rig = new BotRig(cluster);
    try {
      cluster.bots().forEach(rig::watch);
      rig.watchPublished();
      rig.connectBridgeBots(bridgeBotsConnected);
      return rig;
    } catch (RuntimeException | Error e) {
      rig.close();
      throw e;
    }
  }

  static BotRig start(BenchRun run, int clusterBots, int bridgeBots) {
    return start(run, clusterBots, bridgeBots, bridgeBots);
  }

  private void watch(ConfigSyncNode bot) {
    AppliedProbe probe = new AppliedProbe("cluster-bot-" + (probes.size() + 1), true);
    bot.onEventApplied(event -> probe.applied(event.revision(), event.timestamp()));
    probes.add(probe);
  }

  /** A consumer of the change address on the backend's own node: it sees each event as it is published. */
  private void watchPublished() {
    MessageConsumer<ModuleChanges> consumer = cluster.backend().vertx().eventBus()
        .consumer(Addresses.MODULE_CHANGES, message -> message.body().events()
            .forEach(event -> published.applied(event.revision(), event.timestamp())));
    await(consumer.completion(), "the backend's bus probe did not register");
  }

  /** Connects more of the admitted bridge bots, up to {@code total} connected. */
  void connectBridgeBots(int total) {
    List<Future<BridgeBot>> connecting = new ArrayList<>();
    for (int i = bridgeBots.size(); i < total; i++) {
      connecting.add(BridgeBot.connect(clientVertx, cluster.gateway().httpPort(), cluster.bridgeBots().get(i)));
    }
    connecting.forEach(future -> future.onSuccess(this::addBridgeBot));
    await(Future.all(connecting), "bridge bots did not connect");
  }

  private synchronized void addBridgeBot(BridgeBot bot) {
    bridgeBots.add(bot);
    probes.add(bot.probe());
  }

  /** PostgreSQL's durability settings; fails unless commits wait for the disk, as they must in production. */
  String checkDurableCommits() {
    String settings = cluster.postgres().durability(clientVertx);
    if (!settings.equals("synchronous_commit=on, fsync=on")) {
      throw new IllegalStateException("PostgreSQL runs with " + settings
          + ": the figures would not be those of durable commits");
    }
    return settings;
  }

  /** A phase over every bot connected now. */
  synchronized PropagationPhase phase() {
    return new PropagationPhase(clientVertx, writes, backend, probes, published, cpu, gcPauses);
  }

  synchronized List<AppliedProbe> probes() {
    return List.copyOf(probes);
  }

  synchronized List<BridgeBot> bridgeBots() {
    return List.copyOf(bridgeBots);
  }

  /** The bare event bus under this rig: its backend node publishing to its cluster bots' nodes. */
  BusFloor busFloor() {
    return new BusFloor(cluster.backend().vertx(), cluster.bots().stream().map(ConfigSyncNode::vertx).toList());
  }

  Vertx clientVertx() {
    return clientVertx;
  }

  ConfigWrites writes() {
    return writes;
  }

  CpuMeter cpu() {
    return cpu;
  }

  BackendStats backend() {
    return backend;
  }

  private static void await(Future<?> future, String what) {
    try {
      future.toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(what + " within " + TIMEOUT_S + " s", e);
    }
  }

  @Override
  public void close() {
    gcPauses.stop();
    try {
      List<Future<Void>> closing = bridgeBots().stream().map(bot -> bot.close(clientVertx)).toList();
      Future.join(closing).toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(BotRig.class).warn("Bridge bots did not close cleanly", e);
    } finally {
      writes.close();
      try {
        clientVertx.close().toCompletionStage().toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS);
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(BotRig.class).warn("The load side's Vert.x did not close cleanly", e);
      }
      cluster.close();
    }
  }
}
