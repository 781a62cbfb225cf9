package io.configsync.launcher;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A blocking HTTP client for the backend's API and the bots' state, as an admin would use them. */
final class ApiClient {

  /** A response: status and JSON body. */
  record Reply(int status, JsonObject body) {}

  private final HttpClient http;
  private final String token;
  private final String base;

  ApiClient(String token) {
    this(token, "http://127.0.0.1", null);
  }

  /**
   * A client of nodes at {@code base} (e.g. {@code http://127.0.0.2} or {@code https://localhost});
   * {@code tls} trusts the test's CA for HTTPS, or null for the JDK's default.
   */
  ApiClient(String token, String base, javax.net.ssl.SSLContext tls) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
    this.token = token;
    this.base = base;
  }

  Reply put(int port, String guildId, String moduleId, JsonObject body) {
    return join(putAsync(port, guildId, moduleId, body));
  }

  CompletableFuture<Reply> putAsync(int port, String guildId, String moduleId, JsonObject body) {
    return send(request(port, "/api/guilds/" + guildId + "/modules/" + moduleId)
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  /** A PUT based on a version ({@code If-Match}, e.g. {@code "3"} with the quotes). */
  CompletableFuture<Reply> putIfMatchAsync(int port, String guildId, String moduleId, JsonObject body, String ifMatch) {
    return send(request(port, "/api/guilds/" + guildId + "/modules/" + moduleId)
        .header("Content-Type", "application/json")
        .header("If-Match", ifMatch)
        .PUT(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  Reply post(int port, String path, JsonObject body) {
    return join(send(request(port, path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()))));
  }

  Reply post(int port, String path) {
    return join(send(request(port, path).POST(HttpRequest.BodyPublishers.noBody())));
  }

  Reply delete(int port, String path) {
    return join(send(request(port, path).DELETE()));
  }

  Reply get(int port, String path) {
    return join(send(request(port, path).GET()));
  }

  JsonObject digest(int backendPort, String shards) {
    return get(backendPort, "/api/state/digest?shards=" + shards).body();
  }

  JsonObject botState(int botPort) {
    return get(botPort, "/bot/state").body();
  }

  private HttpRequest.Builder request(int port, String path) {
    return HttpRequest.newBuilder(URI.create(base + ":" + port + path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token);
  }

  private CompletableFuture<Reply> send(HttpRequest.Builder request) {
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> new Reply(response.statusCode(),
            response.body().isEmpty() ? new JsonObject() : new JsonObject(response.body())));
  }

  private static Reply join(CompletableFuture<Reply> reply) {
    try {
      return reply.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw new UncheckedIOException(io);
      }
      throw e;
    }
  }
}
