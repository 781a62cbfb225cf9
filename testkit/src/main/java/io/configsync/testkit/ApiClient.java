package io.configsync.testkit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Real HTTP calls to the API of one node (or several), as an admin, a reader or nobody makes them,
 * with one bearer token (or none). Its calls answer futures on the client's own port; the ones that
 * take a port first are for tests that drive whole nodes from the JUnit thread: they wait for the
 * answer and give a {@link Reply}, which reads the contract's error shape.
 */
public final class ApiClient {

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final long REQUEST_TIMEOUT_MILLIS = 30_000;

  /** A response: status and JSON body (empty when there was none). */
  public record Reply(int status, JsonObject body) {

    static Reply of(HttpResponse<Buffer> response) {
      Buffer body = response.body();
      return new Reply(response.statusCode(), body == null || body.length() == 0 ? new JsonObject()
          : new JsonObject(body));
    }

    /** The error of the contract's shape this reply carries, if it is one. */
    public java.util.Optional<ApiError> error() {
      return ApiError.in(body);
    }
  }

  private final WebClient client;
  private final String host;
  private final int port;
  private final String token;

  /** A client of the node at {@code port} on 127.0.0.1, on {@code client}'s Vert.x. */
  public ApiClient(WebClient client, int port, String token) {
    this(client, "127.0.0.1", port, token);
  }

  /** A client of nodes on 127.0.0.1 over HTTP, for tests on the JUnit thread. */
  public ApiClient(String token) {
    this(token, "http://127.0.0.1", null);
  }

  /**
   * A client of nodes at {@code base} ({@code http://127.0.0.2}, {@code https://localhost}), for
   * tests on the JUnit thread; {@code caCert} is the PEM CA that HTTPS trusts, or null for the JDK's.
   */
  public ApiClient(String token, String base, Path caCert) {
    this(WebClient.create(SharedVertx.get(), options(URI.create(base), caCert)), URI.create(base).getHost(), 0, token);
  }

  private ApiClient(WebClient client, String host, int port, String token) {
    this.client = client;
    this.host = host;
    this.port = port;
    this.token = token;
  }

  private static WebClientOptions options(URI base, Path caCert) {
    WebClientOptions options = new WebClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
    if ("https".equals(base.getScheme())) {
      options.setSsl(true).setVerifyHost(true);
      if (caCert != null) {
        options.setTrustOptions(new PemTrustOptions().addCertPath(caCert.toString()));
      }
    }
    return options;
  }

  public ApiClient withToken(String otherToken) {
    return new ApiClient(client, host, port, otherToken);
  }

  public ApiClient anonymous() {
    return withToken(null);
  }

  /** The same client, calling the node at {@code otherPort}. */
  public ApiClient at(int otherPort) {
    return new ApiClient(client, host, otherPort, token);
  }

  public static String modulePath(String guildId, String moduleId) {
    return "/api/guilds/" + guildId + "/modules/" + moduleId;
  }

  // ---------------------------------------------------------------- futures, on this client's port

  /** A request with the bearer token, to add headers to and send. */
  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    HttpRequest<Buffer> request = client.request(method, port, host, path).timeout(REQUEST_TIMEOUT_MILLIS);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return request;
  }

  public Future<HttpResponse<Buffer>> get(String path) {
    return request(HttpMethod.GET, path).send();
  }

  public Future<HttpResponse<Buffer>> getState(String guildId, String moduleId) {
    return get(modulePath(guildId, moduleId));
  }

  public Future<HttpResponse<Buffer>> put(String guildId, String moduleId, JsonObject body) {
    return request(HttpMethod.PUT, modulePath(guildId, moduleId)).sendJsonObject(body);
  }

  public Future<HttpResponse<Buffer>> putConfig(String guildId, String moduleId, JsonObject config) {
    return put(guildId, moduleId, ModuleConfigs.body(config));
  }

  /** A PUT of {@code config} based on a version ({@code If-Match}, e.g. {@code "3"} with the quotes). */
  public Future<HttpResponse<Buffer>> putIfMatch(String guildId, String moduleId, JsonObject config, String ifMatch) {
    return putBodyIfMatch(guildId, moduleId, ModuleConfigs.body(config), ifMatch);
  }

  /** A PUT of a whole request {@code body} based on a version ({@code If-Match}). */
  public Future<HttpResponse<Buffer>> putBodyIfMatch(String guildId, String moduleId, JsonObject body, String ifMatch) {
    return request(HttpMethod.PUT, modulePath(guildId, moduleId)).putHeader("If-Match", ifMatch).sendJsonObject(body);
  }

  /** A PUT whose body is sent byte for byte, declared as JSON. */
  public Future<HttpResponse<Buffer>> putRaw(String guildId, String moduleId, Buffer body) {
    return request(HttpMethod.PUT, modulePath(guildId, moduleId)).putHeader("Content-Type", "application/json")
        .sendBuffer(body);
  }

  public Future<HttpResponse<Buffer>> enable(String guildId, String moduleId) {
    return request(HttpMethod.POST, modulePath(guildId, moduleId) + "/enable").send();
  }

  public Future<HttpResponse<Buffer>> disable(String guildId, String moduleId) {
    return request(HttpMethod.POST, modulePath(guildId, moduleId) + "/disable").send();
  }

  public Future<HttpResponse<Buffer>> delete(String guildId, String moduleId) {
    return request(HttpMethod.DELETE, modulePath(guildId, moduleId)).send();
  }

  public Future<HttpResponse<Buffer>> history(String guildId, String moduleId) {
    return get(modulePath(guildId, moduleId) + "/history");
  }

  /** {@code POST .../rollback} with {@code {"version":N}}. */
  public Future<HttpResponse<Buffer>> rollback(String guildId, String moduleId, long version) {
    return rollbackRequest(guildId, moduleId).sendJsonObject(new JsonObject().put("version", version));
  }

  public HttpRequest<Buffer> rollbackRequest(String guildId, String moduleId) {
    return request(HttpMethod.POST, modulePath(guildId, moduleId) + "/rollback");
  }

  /** {@code GET /api/events?after=..&limit=..}; fails unless it answers 200. */
  public Future<JsonObject> events(long after, int limit) {
    return get("/api/events?after=" + after + "&limit=" + limit).compose(ApiClient::okJson);
  }

  /** The head revision, as the event log reports it. */
  public Future<Long> head() {
    return events(0, 1).map(page -> page.getLong("head"));
  }

  /** The whole event log, read page by page, each event read by {@code reader}. */
  public <T> Future<List<T>> allEvents(Function<JsonObject, T> reader) {
    return eventsFrom(0, new ArrayList<>()).map(events -> events.stream().map(reader).toList());
  }

  private Future<List<JsonObject>> eventsFrom(long after, List<JsonObject> collected) {
    return events(after, 500).compose(page -> {
      JsonArray events = page.getJsonArray("events");
      if (events.isEmpty()) {
        return Future.succeededFuture(collected);
      }
      events.forEach(event -> collected.add((JsonObject) event));
      long last = collected.get(collected.size() - 1).getLong("revision");
      return last > after ? eventsFrom(last, collected)
          : Future.failedFuture(new IllegalStateException("the event log went back from " + after + " to " + last));
    });
  }

  private static Future<JsonObject> okJson(HttpResponse<Buffer> response) {
    return response.statusCode() == 200 ? Future.succeededFuture(response.bodyAsJsonObject())
        : Future.failedFuture(new IllegalStateException("answered " + response.statusCode() + ": "
            + response.bodyAsString()));
  }

  // ---------------------------------------------------------------- waiting, on any port

  public Reply put(int port, String guildId, String moduleId, JsonObject body) {
    return join(putAsync(port, guildId, moduleId, body));
  }

  public CompletableFuture<Reply> putAsync(int port, String guildId, String moduleId, JsonObject body) {
    return completable(at(port).put(guildId, moduleId, body));
  }

  /** A PUT based on a version ({@code If-Match}, e.g. {@code "3"} with the quotes). */
  public CompletableFuture<Reply> putIfMatchAsync(int port, String guildId, String moduleId, JsonObject body,
                                                  String ifMatch) {
    return completable(at(port).putBodyIfMatch(guildId, moduleId, body, ifMatch));
  }

  public Reply post(int port, String path, JsonObject body) {
    return join(completable(at(port).request(HttpMethod.POST, path).sendJsonObject(body)));
  }

  public Reply post(int port, String path) {
    return join(completable(at(port).request(HttpMethod.POST, path).send()));
  }

  public Reply delete(int port, String path) {
    return join(completable(at(port).request(HttpMethod.DELETE, path).send()));
  }

  public Reply get(int port, String path) {
    return join(completable(at(port).get(path)));
  }

  /** {@code GET /api/state/digest?shards=..} of a backend. */
  public JsonObject digest(int backendPort, String shards) {
    return get(backendPort, "/api/state/digest?shards=" + shards).body();
  }

  /** {@code GET /bot/state} of a bot. */
  public JsonObject botState(int botPort) {
    return get(botPort, "/bot/state").body();
  }

  private static CompletableFuture<Reply> completable(Future<HttpResponse<Buffer>> response) {
    return response.map(Reply::of).toCompletionStage().toCompletableFuture();
  }

  private static Reply join(CompletableFuture<Reply> reply) {
    return reply.join();
  }

  /** The Vert.x of the clients made without one: small, made once, for the life of the test JVM. */
  private static final class SharedVertx {
    private static Vertx vertx;

    static synchronized Vertx get() {
      if (vertx == null) {
        vertx = Vertx.vertx();
      }
      return vertx;
    }
  }
}
