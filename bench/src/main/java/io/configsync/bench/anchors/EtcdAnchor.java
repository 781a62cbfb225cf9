package io.configsync.bench.anchors;

import io.configsync.bench.BenchRun;
import io.configsync.bench.propagation.ConfigWrites;
import io.configsync.bench.propagation.Writes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * etcd 3.4 from Debian's {@code etcd-server}, one member on loopback with its defaults (fsync on
 * every commit), reached through its HTTP/JSON gateway ({@code /v3/kv/put}, {@code /v3/watch}) with
 * keep-alive connections: a put of the bench's welcome config to one of 1,000 keys, and a watch on
 * their prefix that sees each put's revision.
 */
final class EtcdAnchor implements AutoCloseable {

  static final String BINARY = "etcd";
  private static final String PREFIX = "configsync-bench/";
  /** The end of {@link #PREFIX}'s range: the prefix with its last byte plus one. */
  private static final String PREFIX_END = "configsync-bench0";
  private static final int KEYS = 1_000;

  private final LoopbackServer server;
  private final HttpClientAgent client;
  private final HttpClientAgent watchClient;
  private final int port;
  private final Deliveries deliveries = new Deliveries();

  private EtcdAnchor(LoopbackServer server, Vertx vertx, int port, int maxConnections) {
    this.server = server;
    this.port = port;
    this.client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000))
        .with(new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1))
        .build();
    this.watchClient = vertx.httpClientBuilder().with(new HttpClientOptions().setIdleTimeout(0)).build();
  }

  /** Starts a fresh etcd in a directory of the run and opens the watch. */
  static EtcdAnchor start(Vertx vertx, BenchRun run, int maxConnections) throws Exception {
    Path dir = run.newDir("etcd");
    int clientPort = LoopbackServer.freePort();
    int peerPort = LoopbackServer.freePort();
    String clientUrl = "http://" + LoopbackServer.HOST + ":" + clientPort;
    String peerUrl = "http://" + LoopbackServer.HOST + ":" + peerPort;
    LoopbackServer server = LoopbackServer.start(BINARY, List.of(BINARY, "--name", "bench",
        "--data-dir", dir.resolve("data").toString(),
        "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
        "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
        "--initial-cluster", "bench=" + peerUrl), dir, clientPort);
    EtcdAnchor anchor = new EtcdAnchor(server, vertx, clientPort, maxConnections);
    return Anchors.awaitListening(anchor, anchor.watch());
  }

  /** Puts of the bench's welcome config; each completes with the revision etcd gave it. */
  Writes puts() {
    return sequence -> {
      JsonObject put = new JsonObject()
          .put("key", base64(PREFIX + sequence % KEYS))
          .put("value", base64(ConfigWrites.body(sequence).getJsonObject("config").encode()));
      return post(client, "/v3/kv/put", put).compose(response -> response.body().map(body -> {
        if (response.statusCode() != 200) {
          throw new Writes.Refused("etcd answered HTTP " + response.statusCode() + ": " + body);
        }
        return revisionOf(new JsonObject(body).getJsonObject("header"));
      }));
    };
  }

  Deliveries deliveries() {
    return deliveries;
  }

  long pid() {
    return server.pid();
  }

  private Future<Void> watch() {
    JsonObject create = new JsonObject().put("create_request", new JsonObject()
        .put("key", base64(PREFIX)).put("range_end", base64(PREFIX_END)));
    Promise<Void> created = Promise.promise();
    post(watchClient, "/v3/watch", create).onSuccess(response -> {
      if (response.statusCode() != 200) {
        created.tryFail("etcd refused the watch: HTTP " + response.statusCode());
        return;
      }
      response.handler(RecordParser.newDelimited("\n", line -> onWatchMessage(line, created)));
      response.exceptionHandler(created::tryFail);
    }).onFailure(created::tryFail);
    return created.future();
  }

  private void onWatchMessage(Buffer line, Promise<Void> created) {
    JsonObject result = new JsonObject(line).getJsonObject("result", new JsonObject());
    if (result.getBoolean("created", false)) {
      created.tryComplete();
    }
    JsonArray events = result.getJsonArray("events", new JsonArray());
    for (int i = 0; i < events.size(); i++) {
      deliveries.seen(Long.parseLong(events.getJsonObject(i).getJsonObject("kv").getString("mod_revision")));
    }
  }

  private Future<io.vertx.core.http.HttpClientResponse> post(HttpClientAgent agent, String path, JsonObject body) {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost(LoopbackServer.HOST)
        .setPort(port).setURI(path);
    return agent.request(request).compose(sent -> sent.send(body.toBuffer()));
  }

  /** etcd's JSON gateway writes 64-bit numbers as strings. */
  private static long revisionOf(JsonObject header) {
    return Long.parseLong(header.getString("revision"));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() throws InterruptedException {
    watchClient.close();
    client.close();
    server.close();
  }
}
