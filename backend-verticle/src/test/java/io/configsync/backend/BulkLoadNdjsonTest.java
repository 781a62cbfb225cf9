package io.configsync.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ModuleConfigs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /api/modules/enabled/{moduleId}} with {@code Accept: application/x-ndjson}: the bulk load line by line. */
@ExtendWith(VertxExtension.class)
@DisplayName("Bulk load as NDJSON")
class BulkLoadNdjsonTest {

  private static BackendFixture fixture;
  private static ApiClient api;

  @BeforeAll
  static void startBackend(Vertx vertx, VertxTestContext ctx) {
    BackendFixture.startForClass(vertx, ctx, started -> {
      fixture = started;
      api = started.api();
    });
  }

  @AfterAll
  static void stopBackend(VertxTestContext ctx) {
    fixture.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a header line with the revision, then one line per enabled config: the same items as the JSON load, per shard too")
  void sameItemsAsTheJsonLoad(VertxTestContext ctx) {
    String enabled = BackendFixture.newGuildId();
    String disabled = BackendFixture.newGuildId();
    String other = BackendFixture.newGuildId();
    // A newline inside a config string must not break the line framing; text beyond ASCII is copied as bytes.
    JsonObject multiLine = ModuleConfigs.welcome("line one\nline two {user}, grüße \u2014 \uD83C\uDF89");

    api.putConfig(enabled, "welcome", multiLine).map(Http::ok)
        .compose(v -> api.put(disabled, "welcome",
            new JsonObject().put("config", ModuleConfigs.welcome("off")).put("enabled", false)).map(Http::ok))
        .compose(v -> api.putConfig(other, "welcome", ModuleConfigs.welcome("other")).map(Http::ok))
        .compose(v -> api.head())
        .compose(head -> ndjson("/api/modules/enabled/welcome").compose(response -> {
          assertThat(response.statusCode()).isEqualTo(200);
          assertThat(response.getHeader("Content-Type")).isEqualTo("application/x-ndjson");
          String body = response.bodyAsString();
          assertThat(body).endsWith("\n");
          List<JsonObject> lines = Arrays.stream(body.split("\n")).map(JsonObject::new).toList();
          assertThat(lines.get(0)).isEqualTo(new JsonObject().put("revision", head).put("moduleId", "welcome"));
          Map<String, JsonObject> items = byGuild(lines.subList(1, lines.size()));
          assertThat(items).containsKeys(enabled, other).doesNotContainKey(disabled);
          assertThat(items.get(enabled)).isEqualTo(new JsonObject().put("guildId", enabled).put("version", 1)
              .put("config", multiLine));
          return api.get("/api/modules/enabled/welcome").map(json -> {
            assertThat(response.getHeader("Content-Type")).isNotEqualTo(json.getHeader("Content-Type"));
            Map<String, JsonObject> expected = byGuild(Http.ok(json).getJsonArray("items").stream()
                .map(JsonObject.class::cast).toList());
            assertThat(items).isEqualTo(expected);
            return null;
          });
        }))
        .compose(v -> ndjson("/api/modules/enabled/welcome?shards=" + shardOf(enabled) + "/4"))
        .map(response -> {
          List<String> lines = Arrays.asList(response.bodyAsString().split("\n"));
          assertThat(lines.subList(1, lines.size())).allSatisfy(line ->
              assertThat(shardOf(new JsonObject(line).getString("guildId"))).isEqualTo(shardOf(enabled)));
          assertThat(lines).anySatisfy(line -> assertThat(line).contains(enabled));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("errors stay JSON errors: an unknown module is 404 UNKNOWN_MODULE, bad shards 400 INVALID_REQUEST, no token 401")
  void errorsAreTheUsualOnes(VertxTestContext ctx) {
    ndjson("/api/modules/enabled/nosuchmodule")
        .map(response -> Http.error(response, 404, "UNKNOWN_MODULE"))
        .compose(v -> ndjson("/api/modules/enabled/welcome?shards=5/4"))
        .map(response -> Http.error(response, 400, "INVALID_REQUEST"))
        .compose(v -> api.anonymous().request(HttpMethod.GET, "/api/modules/enabled/welcome")
            .putHeader("Accept", "application/x-ndjson").send())
        .map(response -> Http.error(response, 401, "UNAUTHORIZED"))
        .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<HttpResponse<Buffer>> ndjson(String path) {
    return api.request(HttpMethod.GET, path).putHeader("Accept", "application/x-ndjson").send();
  }

  private static Map<String, JsonObject> byGuild(List<JsonObject> items) {
    Map<String, JsonObject> byGuild = new TreeMap<>();
    items.forEach(item -> assertThat(byGuild.put(item.getString("guildId"), item)).as("listed twice: %s", item).isNull());
    return byGuild;
  }

  private static long shardOf(String guildId) {
    return (Long.parseLong(guildId) >> 22) % 4;
  }
}
