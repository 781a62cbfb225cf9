package io.configsync.bench.anchors;

import io.configsync.bench.BenchRun;
import io.configsync.bench.propagation.ConfigWrites;
import io.configsync.bench.propagation.Writes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.util.List;

/**
 * Redis 7 from Debian's {@code redis-server} on loopback, persistence off (pub/sub keeps nothing
 * anyway): a PUBLISH of the bench's welcome config, prefixed by its sequence number, and one
 * subscriber connection that sees it.
 */
final class RedisAnchor implements AutoCloseable {

  static final String BINARY = "redis-server";
  private static final String CHANNEL = "configsync-bench";

  private final LoopbackServer server;
  private final Redis client;
  private final Deliveries deliveries = new Deliveries();
  private RedisConnection subscriber;

  private RedisAnchor(LoopbackServer server, Vertx vertx, int port, int maxConnections) {
    this.server = server;
    this.client = Redis.createClient(vertx, new RedisOptions()
        .setConnectionString("redis://" + LoopbackServer.HOST + ":" + port)
        .setMaxPoolSize(maxConnections).setMaxPoolWaiting(-1));
  }

  static RedisAnchor start(Vertx vertx, BenchRun run, int maxConnections) throws Exception {
    Path dir = run.newDir("redis");
    int port = LoopbackServer.freePort();
    LoopbackServer server = LoopbackServer.start(BINARY, List.of(BINARY, "--bind", LoopbackServer.HOST,
        "--port", Integer.toString(port), "--save", "", "--appendonly", "no", "--dir", dir.toString()), dir, port);
    RedisAnchor anchor = new RedisAnchor(server, vertx, port, maxConnections);
    return Anchors.awaitListening(anchor, anchor.subscribe());
  }

  /** Publishes; each completes with the message's sequence number once Redis took it. */
  Writes publishes() {
    return sequence -> {
      String message = sequence + ":" + ConfigWrites.body(sequence).getJsonObject("config").encode();
      return client.send(Request.cmd(Command.PUBLISH).arg(CHANNEL).arg(message)).map(sequence);
    };
  }

  Deliveries deliveries() {
    return deliveries;
  }

  private Future<Void> subscribe() {
    return client.connect().compose(connection -> {
      subscriber = connection;
      connection.handler(this::onPush);
      return connection.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)).mapEmpty();
    });
  }

  /** {@code ["message", channel, payload]}; subscription confirmations are skipped. */
  private void onPush(Response push) {
    if (push.size() == 3 && "message".equals(push.get(0).toString())) {
      String payload = push.get(2).toString();
      deliveries.seen(Long.parseLong(payload, 0, payload.indexOf(':'), 10));
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (subscriber != null) {
      subscriber.close();
    }
    client.close();
    server.close();
  }
}
