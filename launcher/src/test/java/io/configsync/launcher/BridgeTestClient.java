package io.configsync.launcher;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bridge client for tests, speaking the Vert.x event-bus bridge protocol over the gateway's raw
 * WebSocket endpoint ({@code /eventbus/websocket}, bridge JSON without SockJS framing). Frames go out
 * as text; every frame that comes back (the server writes binary frames; text ones are taken too) is
 * recorded, parsed as JSON, with the time it arrived, and so is the socket closing.
 *
 * <p>Thread-safe: the recording happens on the client's event loop, the assertions on the test thread.
 */
final class BridgeTestClient implements AutoCloseable {

  static final String PATH = "/eventbus/websocket";

  /** One frame received: its JSON (or {@code {"unparsed": text}}), whether it was binary, when it arrived. */
  record Received(JsonObject json, boolean binary, long atNanos) {

    String type() {
      return json.getString("type");
    }

    String address() {
      return json.getValue("address") instanceof String address ? address : null;
    }

    JsonObject body() {
      return json.getValue("body") instanceof JsonObject body ? body : null;
    }
  }

  private final WebSocketClient client;
  private final WebSocket socket;
  private final String name;
  private final List<Received> received = new ArrayList<>();
  private volatile long closedAtNanos;
  private volatile Short closeStatus;
  private long pingTimer = -1;
  private final Vertx vertx;

  private BridgeTestClient(Vertx vertx, WebSocketClient client, WebSocket socket, String name) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    this.name = name;
    socket.binaryMessageHandler(buffer -> record(buffer.toString(), true));
    socket.textMessageHandler(text -> record(text, false));
    socket.closeHandler(v -> {
      closeStatus = socket.closeStatusCode();
      closedAtNanos = System.nanoTime();
    });
    socket.exceptionHandler(e -> { });
  }

  /**
   * Connects, waiting at most 10 s. The socket pings every 3 s (the bridge closes a socket silent for
   * 10 s); {@link #stopPinging()} turns that off.
   */
  static BridgeTestClient connect(Vertx vertx, int port, String name) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setConnectTimeout(5_000)
        .setMaxMessageSize(1024 * 1024));
    try {
      WebSocket socket = client.connect(port, "127.0.0.1", PATH)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      BridgeTestClient bridge = new BridgeTestClient(vertx, client, socket, name);
      bridge.pingTimer = vertx.setPeriodic(3_000, id -> {
        if (!bridge.isClosed()) {
          bridge.ping();
        }
      });
      return bridge;
    } catch (Exception e) {
      client.close();
      throw new IllegalStateException("cannot connect " + name + " to ws://127.0.0.1:" + port + PATH, e);
    }
  }

  private void record(String text, boolean binary) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (RuntimeException e) {
      json = new JsonObject().put("unparsed", text);
    }
    synchronized (received) {
      received.add(new Received(json, binary, System.nanoTime()));
    }
  }

  // ---- sending

  /** A {@code register} with headers (null for none). */
  BridgeTestClient register(String address, JsonObject headers) {
    JsonObject frame = new JsonObject().put("type", "register").put("address", address);
    if (headers != null) {
      frame.put("headers", headers);
    }
    return sendFrame(frame);
  }

  /** The first {@code register} of a bot: authenticates with {@code botId}, {@code token}, {@code shards}. */
  BridgeTestClient authenticate(String botId, String token, String shards, String address) {
    return register(address, credentials(botId, token, shards));
  }

  static JsonObject credentials(String botId, String token, String shards) {
    JsonObject headers = new JsonObject().put("botId", botId).put("token", token);
    if (shards != null) {
      headers.put("shards", shards);
    }
    return headers;
  }

  BridgeTestClient unregister(String address) {
    return sendFrame(new JsonObject().put("type", "unregister").put("address", address));
  }

  /** A {@code send}; {@code replyAddress} may be null. */
  BridgeTestClient send(String address, Object body, String replyAddress) {
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("body", body);
    if (replyAddress != null) {
      frame.put("replyAddress", replyAddress);
    }
    return sendFrame(frame);
  }

  BridgeTestClient publish(String address, Object body) {
    return sendFrame(new JsonObject().put("type", "publish").put("address", address).put("body", body));
  }

  BridgeTestClient ping() {
    return sendFrame(new JsonObject().put("type", "ping"));
  }

  /** Any JSON frame, as one text message. */
  BridgeTestClient sendFrame(JsonObject frame) {
    return sendText(frame.encode());
  }

  /**
   * Any text as one text message; the client splits a message longer than a WebSocket frame (64 KiB)
   * into fragments, which the server joins again.
   */
  BridgeTestClient sendText(String text) {
    if (!socket.isClosed()) {
      socket.writeTextMessage(text);
    }
    return this;
  }

  /** Text in ONE final WebSocket frame, however long. */
  BridgeTestClient sendSingleFrame(String text) {
    if (!socket.isClosed()) {
      socket.writeFrame(WebSocketFrame.textFrame(text, true));
    }
    return this;
  }

  BridgeTestClient sendBinary(Buffer bytes) {
    if (!socket.isClosed()) {
      socket.writeBinaryMessage(bytes);
    }
    return this;
  }

  /** Stops the keep-alive pings (the bridge then closes the socket after its ping timeout). */
  void stopPinging() {
    vertx.cancelTimer(pingTimer);
  }

  // ---- what came back

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  List<Received> received(Predicate<Received> filter) {
    return received().stream().filter(filter).toList();
  }

  /** {@code {"type":"err",...}} frames. */
  List<Received> errors() {
    return received(frame -> "err".equals(frame.type()));
  }

  /** The {@code body} of each {@code err} frame that has one ("rejected", "access_denied", ...). */
  List<String> errorBodies() {
    return errors().stream().map(frame -> frame.json().getValue("body"))
        .filter(String.class::isInstance).map(String.class::cast).toList();
  }

  /** The bodies of the messages delivered for {@code address} (a registration or a reply address). */
  List<JsonObject> messages(String address) {
    return received(frame -> "rec".equals(frame.type()) && address.equals(frame.address())).stream()
        .map(Received::body).toList();
  }

  /** Every {@code rec} frame. */
  List<Received> deliveries() {
    return received(frame -> "rec".equals(frame.type()));
  }

  int count() {
    synchronized (received) {
      return received.size();
    }
  }

  boolean isClosed() {
    return closedAtNanos != 0 || socket.isClosed();
  }

  /** The close status the server sent, or null. */
  Short closeStatus() {
    return closeStatus;
  }

  long closedAtNanos() {
    return closedAtNanos;
  }

  String name() {
    return name;
  }

  @Override
  public void close() {
    stopPinging();
    try {
      if (!socket.isClosed()) {
        socket.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      }
    } catch (Exception ignored) {
      // closing a test socket is best effort
    } finally {
      client.close();
    }
  }

  @Override
  public String toString() {
    return name + (isClosed() ? " (closed " + closeStatus + ")" : "") + " received " + count() + " frame(s)";
  }
}
