package io.configsync.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Predicate;

/**
 * A raw client of the bridge's WebSocket endpoint ({@code /eventbus/websocket}, bridge JSON without
 * SockJS framing). Frames go out as text; the server answers in binary frames, each recorded as
 * JSON. Tests wait for frames with {@link #next}, never for time.
 */
final class BridgeSocket {

  static final String PATH = "/eventbus/websocket";

  /** Held: Vert.x closes a client that is no longer referenced, and its connection with it. */
  private final WebSocketClient client;
  private final WebSocket socket;
  private final Arrivals<JsonObject> received = new Arrivals<>();
  private final Arrivals<String> texts = new Arrivals<>();
  private final Promise<Void> closed = Promise.promise();

  private BridgeSocket(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.binaryMessageHandler(buffer -> record(buffer.toString()));
    socket.textMessageHandler(this::record);
    socket.closeHandler(v -> closed.tryComplete());
    socket.exceptionHandler(e -> { });
  }

  static Future<BridgeSocket> connect(Vertx vertx, int port) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(30_000));
    return client.connect(port, "127.0.0.1", PATH).map(socket -> new BridgeSocket(client, socket));
  }

  private void record(String text) {
    texts.add(text);
    received.add(new JsonObject(text));
  }

  /** The first frame, received or still to come, that {@code matches}. */
  Future<JsonObject> next(Predicate<JsonObject> matches) {
    return received.next(matches);
  }

  /** The {@code n}th error frame (from 1) of the bridge's own, {@code {"type":"err","body":..}}. */
  Future<JsonObject> error(int n) {
    int[] seen = {0};
    return next(frame -> "err".equals(frame.getString("type")) && frame.getValue("address") == null
        && ++seen[0] == n);
  }

  /** A message delivered to {@code address} (a registered address, or a reply address). */
  Future<JsonObject> message(String address, Predicate<JsonObject> matches) {
    return next(frame -> address.equals(frame.getValue("address")) && "rec".equals(frame.getString("type"))
        && frame.getValue("body") instanceof JsonObject body && matches.test(body));
  }

  List<JsonObject> received() {
    return received.all();
  }

  /** Every frame received, as its text. */
  List<String> texts() {
    return texts.all();
  }

  /** Stops reading from the connection: what the gateway writes piles up in the buffers between. */
  void pause() {
    socket.pause();
  }

  void resume() {
    socket.resume();
  }

  /** The error bodies of the bridge, in order: {@code rejected}, {@code invalid_json}... */
  List<String> errorBodies() {
    return received.all().stream().filter(frame -> "err".equals(frame.getString("type")) && frame.getValue("address") == null)
        .map(frame -> String.valueOf(frame.getValue("body"))).toList();
  }

  Future<Void> closed() {
    return closed.future();
  }

  boolean isClosed() {
    return closed.future().isComplete();
  }

  Future<Void> authenticate(String botId, String token, String shards, String address) {
    return send(new JsonObject().put("type", "register").put("address", address)
        .put("headers", new JsonObject().put("botId", botId).put("token", token).put("shards", shards)));
  }

  Future<Void> register(String address) {
    return send(new JsonObject().put("type", "register").put("address", address));
  }

  Future<Void> send(String address, JsonObject body, String replyAddress) {
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("body", body);
    return send(replyAddress == null ? frame : frame.put("replyAddress", replyAddress));
  }

  Future<Void> publish(String address, JsonObject body) {
    return send(new JsonObject().put("type", "publish").put("address", address).put("body", body));
  }

  Future<Void> send(JsonObject frame) {
    return sendText(frame.encode());
  }

  Future<Void> sendText(String text) {
    return socket.writeTextMessage(text);
  }

  Future<Void> sendBinary(Buffer data) {
    return socket.writeBinaryMessage(data);
  }

  Future<Void> close() {
    return socket.close().eventually(client::close);
  }
}
