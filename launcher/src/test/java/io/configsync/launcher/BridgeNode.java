package io.configsync.launcher;

import io.configsync.testkit.HttpProbe;
import io.configsync.testkit.Poll;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The prologue the bridge and HTTP hardening tests share: an all-in-one node on a fresh database,
 * ready ({@code /health/ready} answers 200), and a Vert.x of the test's own for its bridge and
 * WebSocket clients. {@link #close()} closes that Vert.x (and with it the clients), then stops the node.
 */
final class BridgeNode implements AutoCloseable {

  private static final Duration READY = Duration.ofSeconds(30);

  private final ConfigSyncNode node;
  private final Vertx clientVertx;

  private BridgeNode(ConfigSyncNode node) {
    this.node = node;
    this.clientVertx = Vertx.vertx();
  }

  /** An all-in-one node: gateway {@code gatewayId}, in-process bot "bot-local", bridge bots {@code botTokens}. */
  static BridgeNode start(String gatewayId, String botTokens) {
    return ready(new TestNodes(TestPostgres.freshDatabase()).startAllInOne("bot-local", gatewayId, botTokens));
  }

  /** A node of these settings. */
  static BridgeNode start(NodeSettings settings) throws Exception {
    return ready(ConfigSyncNode.start(settings).toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS));
  }

  private static BridgeNode ready(ConfigSyncNode node) {
    Poll.until(() -> HttpProbe.ready("http://127.0.0.1:" + node.httpPort()), READY, "the node to be ready");
    return new BridgeNode(node);
  }

  ConfigSyncNode node() {
    return node;
  }

  int port() {
    return node.httpPort();
  }

  /** The test's own Vert.x, for its clients of the node. */
  Vertx clientVertx() {
    return clientVertx;
  }

  /** A bridge client named {@code name}, connected over WebSocket. */
  BridgeTestClient connect(String name) {
    return BridgeTestClient.connect(clientVertx, port(), name);
  }

  @Override
  public void close() throws Exception {
    clientVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    TestNodes.stop(node);
  }
}
