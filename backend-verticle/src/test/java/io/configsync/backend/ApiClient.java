package io.configsync.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.codecs.ModuleChangeEvent;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;

/** Real HTTP calls to one backend, with one bearer token (or none). */
final class ApiClient {

  private final WebClient client;
  private final int port;
  private final String token;

  ApiClient(WebClient client, int port, String token) {
    this.client = client;
    this.port = port;
    this.token = token;
  }

  ApiClient withToken(String otherToken) {
    return new ApiClient(client, port, otherToken);
  }

  ApiClient anonymous() {
    return withToken(null);
  }

  static String modulePath(String guildId, String moduleId) {
    return "/api/guilds/" + guildId + "/modules/" + moduleId;
  }

  HttpRequest<Buffer> request(HttpMethod method, String path) {
    HttpRequest<Buffer> request = client.request(method, port, "127.0.0.1", path);
    if (token != null) {
      request.putHeader("Authorization", "Bearer " + token);
    }
    return request;
  }

  Future<HttpResponse<Buffer>> get(String path) {
    return request(HttpMethod.GET, path).send();
  }

  Future<HttpResponse<Buffer>> getState(String guildId, String moduleId) {
    return get(modulePath(guildId, moduleId));
  }

  Future<HttpResponse<Buffer>> put(String guildId, String moduleId, JsonObject body) {
    return request(HttpMethod.PUT, modulePath(guildId, moduleId)).sendJsonObject(body);
  }

  Future<HttpResponse<Buffer>> putConfig(String guildId, String moduleId, JsonObject config) {
    return put(guildId, moduleId, new JsonObject().put("config", config));
  }

  Future<HttpResponse<Buffer>> putIfMatch(String guildId, String moduleId, JsonObject config, String ifMatch) {
    return request(HttpMethod.PUT, modulePath(guildId, moduleId)).putHeader("If-Match", ifMatch)
        .sendJsonObject(new JsonObject().put("config", config));
  }

  /** A PUT whose body is sent byte for byte, declared as JSON. */
  Future<HttpResponse<Buffer>> putRaw(String guildId, String moduleId, Buffer body) {
    return request(HttpMethod.PUT, modulePath(guildId, moduleId)).putHeader("Content-Type", "application/json")
        .sendBuffer(body);
  }

  Future<HttpResponse<Buffer>> enable(String guildId, String moduleId) {
    return request(HttpMethod.POST, modulePath(guildId, moduleId) + "/enable").send();
  }

  Future<HttpResponse<Buffer>> disable(String guildId, String moduleId) {
    return request(HttpMethod.POST, modulePath(guildId, moduleId) + "/disable").send();
  }

  Future<HttpResponse<Buffer>> delete(String guildId, String moduleId) {
    return request(HttpMethod.DELETE, modulePath(guildId, moduleId)).send();
  }

  Future<HttpResponse<Buffer>> history(String guildId, String moduleId) {
    return get(modulePath(guildId, moduleId) + "/history");
  }

  /** {@code POST .../rollback} with {@code {"version":N}}. */
  Future<HttpResponse<Buffer>> rollback(String guildId, String moduleId, long version) {
    return rollbackRequest(guildId, moduleId).sendJsonObject(new JsonObject().put("version", version));
  }

  HttpRequest<Buffer> rollbackRequest(String guildId, String moduleId) {
    return request(HttpMethod.POST, modulePath(guildId, moduleId) + "/rollback");
  }

  /** {@code GET /api/events?after=..&limit=..}, which must answer 200. */
  Future<JsonObject> events(long after, int limit) {
    return get("/api/events?after=" + after + "&limit=" + limit).map(Http::ok);
  }

  /** The head revision, as the event log reports it. */
  Future<Long> head() {
    return events(0, 1).map(page -> page.getLong("head"));
  }

  /** The whole event log, read page by page. */
  Future<List<ModuleChangeEvent>> allEvents() {
    return eventsFrom(0, new ArrayList<>());
  }

  private Future<List<ModuleChangeEvent>> eventsFrom(long after, List<ModuleChangeEvent> collected) {
    return events(after, 500).compose(page -> {
      JsonArray events = page.getJsonArray("events");
      if (events.isEmpty()) {
        return Future.succeededFuture(collected);
      }
      events.forEach(event -> collected.add(ModuleChangeEvent.fromJson((JsonObject) event)));
      assertThat(collected.get(collected.size() - 1).revision()).isGreaterThan(after);
      return eventsFrom(collected.get(collected.size() - 1).revision(), collected);
    });
  }
}
