package io.configsync.launcher;

import io.configsync.codecs.ShardSpec;
import io.configsync.testkit.TestPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Real ConfigSync nodes for tests: clustered Vert.x with Hazelcast on loopback, each on its own port. */
final class TestNodes {

  static final String ADMIN_TOKEN = "test-admin-token";

  private final String clusterName = "configsync-test-" + UUID.randomUUID();
  private final TestPostgres.Database database;

  TestNodes(TestPostgres.Database database) {
    this.database = database;
  }

  ConfigSyncNode startBackend() {
    return startBackend(null);
  }

  /**
   * A clustered backend that also accepts the bridge bots' tokens for reads (bulk load, digest), as
   * a backend given {@code CONFIGSYNC_BOT_TOKENS} does.
   *
   * @param botTokens {@code botId:token,...}, or null for none
   */
  ConfigSyncNode startBackend(String botTokens) {
    return await(ConfigSyncNode.start(clustered(Role.BACKEND).pgUrl(database.url())
        .botId("backend").gatewayId("gateway").adminToken(ADMIN_TOKEN).botTokens(botTokens).build()).toCompletionStage().toCompletableFuture());
  }

  /**
   * A clustered gateway node (the SockJS bridge at {@code /eventbus} of its HTTP port), in the same
   * cluster as the other nodes of this instance.
   *
   * @param botTokens the bridge bots it lets in, {@code botId:token,...}
   */
  ConfigSyncNode startGateway(String gatewayId, String botTokens) {
    return await(ConfigSyncNode.start(clustered(Role.GATEWAY).botId(gatewayId).gatewayId(gatewayId)
        .botTokens(botTokens).build()).toCompletionStage().toCompletableFuture());
  }

  ConfigSyncNode startBot(String botId, ShardSpec shards, ConfigSyncNode backend) {
    return await(ConfigSyncNode.start(bot(botId, shards, backend).build()).toCompletionStage().toCompletableFuture());
  }

  /**
   * A clustered bot like {@link #startBot(String, ShardSpec, ConfigSyncNode)}, but with the data dir
   * given: a bot started again on the same one resumes from the snapshot file it left there.
   */
  ConfigSyncNode startBot(String botId, ShardSpec shards, ConfigSyncNode backend, Path dataDir) {
    return await(ConfigSyncNode.start(bot(botId, shards, backend).dataDir(dataDir).build()).toCompletionStage().toCompletableFuture());
  }

  /**
   * A standalone (not clustered) {@code all} node: backend, gateway (bridge at {@code /eventbus}) and
   * an in-process bot {@code botId} of every shard, on this database, admin token {@link #ADMIN_TOKEN}.
   *
   * @param botTokens the bridge bots, {@code botId:token,...}
   */
  ConfigSyncNode startAllInOne(String botId, String gatewayId, String botTokens) {
    return await(ConfigSyncNode.start(NodeSettings.builder(Role.ALL).httpPort(0)
        .pgUrl(database.url()).dataDir(tempDir()).cluster(false).clusterName(clusterName).botId(botId)
        .gatewayId(gatewayId).adminToken(ADMIN_TOKEN).botTokens(botTokens).build()).toCompletionStage().toCompletableFuture());
  }

  /**
   * Settings of a clustered node of {@code role} in this instance's cluster, on a free port and a
   * data dir of its own; a test adds what it needs and calls {@code build()}.
   */
  NodeSettings.Builder clustered(Role role) {
    return NodeSettings.builder(role).httpPort(0).dataDir(tempDir()).cluster(true).clusterName(clusterName);
  }

  /** A clustered bot's settings: it bulk-loads and catches up from {@code backend} with the admin token. */
  NodeSettings.Builder bot(String botId, ShardSpec shards, ConfigSyncNode backend) {
    return clustered(Role.BOT).shards(shards).botId(botId).gatewayId("gateway")
        .backendUrls(List.of(URI.create("http://127.0.0.1:" + backend.httpPort()))).backendToken(ADMIN_TOKEN);
  }

  /** The Hazelcast cluster name of these nodes: a test's own clustered Vert.x joins them with it. */
  String clusterName() {
    return clusterName;
  }

  static void stop(ConfigSyncNode... nodes) {
    for (ConfigSyncNode node : nodes) {
      if (node != null) {
        await(node.stop().toCompletionStage().toCompletableFuture());
      }
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("configsync-node");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
    try {
      return future.get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("node did not start or stop in time", e);
    }
  }
}
