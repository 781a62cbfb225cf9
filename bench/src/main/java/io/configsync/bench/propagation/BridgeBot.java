package io.configsync.bench.propagation;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.ShardStreamMessage;
import io.configsync.codecs.ShardSpec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A bot outside the cluster, as a bridge client in any language would be: it connects to the
 * gateway's raw bridge endpoint, authenticates with its token in the headers of its first
 * {@code register} (every shard of 1), and applies the events of its shard stream as they arrive,
 * checking each message's {@code prev} against what it holds. It acks every second and pings to
 * keep the socket open. It holds no configs: applying an event here means parsing it, checking
 * its place in the stream and recording it in the probe.
 *
 * <p>A hole in the stream (a lost message) is counted, not repaired: in a benchmark it is a fault
 * to report, and the probe then misses that revision.
 */
final class BridgeBot {

  /** A bridge bot's identity, as the gateway's {@code CONFIGSYNC_BOT_TOKENS} lists it. */
  record Credentials(String botId, String token) {}

  private static final String PATH = "/eventbus/websocket";
  private static final String SHARD_ADDRESS = Addresses.moduleChangeShard(ShardSpec.ALL.count(), 0);

  private final Credentials credentials;
  private final AppliedProbe probe;
  private final WebSocketClient client;
  private final Promise<Void> streaming = Promise.promise();
  private WebSocket socket;
  private long completeThrough = -1;
  /** Written on the socket's event loop only; read by the bench thread. */
  private volatile long holes;
  private volatile long refusals;
  private long timer;
  private int ticks;

  private BridgeBot(Vertx vertx, Credentials credentials) {
    this.credentials = credentials;
    this.probe = new AppliedProbe(credentials.botId(), false);
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(5_000)
        .setMaxMessageSize(1024 * 1024));
  }

  /** Connects and subscribes; completes once the first message of its stream (events or progress) arrived. */
  static Future<BridgeBot> connect(Vertx vertx, int gatewayPort, Credentials credentials) {
    BridgeBot bot = new BridgeBot(vertx, credentials);
    return bot.client.connect(gatewayPort, "127.0.0.1", PATH)
        .compose(socket -> bot.listen(vertx, socket))
        .map(bot)
        .onFailure(e -> bot.client.close());
  }

  private Future<Void> listen(Vertx vertx, WebSocket socket) {
    this.socket = socket;
    socket.binaryMessageHandler(this::onFrame);
    socket.textMessageHandler(text -> onFrame(Buffer.buffer(text)));
    socket.closeHandler(v -> streaming.tryFail("the gateway closed the socket of " + credentials.botId()));
    socket.exceptionHandler(e -> { });
    send(new JsonObject().put("type", "register").put("address", SHARD_ADDRESS).put("headers", new JsonObject()
        .put("botId", credentials.botId()).put("token", credentials.token()).put("shards", ShardSpec.ALL.toString())));
    timer = vertx.setPeriodic(1_000, id -> everySecond());
    return streaming.future();
  }

  private void onFrame(Buffer frame) {
    JsonObject json = new JsonObject(frame);
    if ("err".equals(json.getString("type"))) {
      refusals++;
      return;
    }
    if (!"rec".equals(json.getString("type")) || !(json.getValue("body") instanceof JsonObject body)) {
      return;
    }
    streaming.tryComplete();
    long prev = body.getLong("prev");
    if (completeThrough >= 0 && prev > completeThrough) {
      holes++;
    }
    if (ShardStreamMessage.KIND_EVENT.equals(body.getString("kind"))) {
      long revision = body.getLong("revision");
      completeThrough = revision;
      probe.applied(revision, IsoInstants.parse(body.getString("timestamp")));
    } else if (completeThrough < 0) {
      completeThrough = body.getLong("revision");
    }
  }

  private void everySecond() {
    if (completeThrough >= 0) {
      send(new JsonObject().put("type", "send").put("address", Addresses.BOT_ACK)
          .put("body", new JsonObject().put("revision", completeThrough).put("statuses", new JsonArray())));
    }
    if (++ticks % 3 == 0) {
      send(new JsonObject().put("type", "ping"));
    }
  }

  private void send(JsonObject frame) {
    if (!socket.isClosed()) {
      socket.writeTextMessage(frame.encode());
    }
  }

  AppliedProbe probe() {
    return probe;
  }

  /** Messages that revealed a hole in the stream (a message of this shard was lost). */
  long holes() {
    return holes;
  }

  /** Frames the gateway refused. */
  long refusals() {
    return refusals;
  }

  Future<Void> close(Vertx vertx) {
    vertx.cancelTimer(timer);
    Future<Void> closed = socket != null && !socket.isClosed() ? socket.close() : Future.succeededFuture();
    return closed.eventually(client::close);
  }
}
