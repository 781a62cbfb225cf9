package io.configsync.bench.sync;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.launcher.ConfigSyncNode;
import io.configsync.launcher.NodeSettings;
import io.configsync.launcher.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real ConfigSync nodes on loopback, each a process of its own would be in production: a backend
 * role on the bench's PostgreSQL and bot roles that reach it over HTTP. None is clustered: bulk load
 * and catch-up go through the backend's HTTP API only, which is what these scenarios measure.
 */
final class BenchNodes {

  static final String ADMIN_TOKEN = "bench-admin-token";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private BenchNodes() {}

  static ConfigSyncNode startBackend(DatabaseUrl database, Path dataDir) throws Exception {
    return await(ConfigSyncNode.start(NodeSettings.builder(Role.BACKEND).httpPort(0)
        .pgUrl(database.toString()).dataDir(dataDir).cluster(false).botId("bench-backend").gatewayId("bench-gateway")
        .adminToken(ADMIN_TOKEN).build()));
  }

  /**
   * A bot of every shard; the future completes when it is ready (bulk-loaded, or resumed from the
   * snapshot file in {@code dataDir} with its catch-up under way).
   */
  static Future<ConfigSyncNode> startBot(String botId, ConfigSyncNode backend, Path dataDir) {
    return ConfigSyncNode.start(NodeSettings.builder(Role.BOT).httpPort(0).dataDir(dataDir).cluster(false)
        .botId(botId).gatewayId("bench-gateway").backendUrls(List.of(URI.create("http://127.0.0.1:" + backend.httpPort())))
        .backendToken(ADMIN_TOKEN).build());
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Stops every node given, in turn, whatever happens to the others. */
  static void stopAll(ConfigSyncNode... nodes) {
    for (ConfigSyncNode node : nodes) {
      if (node != null) {
        try {
          await(node.stop());
        } catch (Exception e) {
          System.err.println("A node did not stop cleanly: " + e);
        }
      }
    }
  }

  static JsonObject getJson(ConfigSyncNode node, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.httpPort() + path))
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return new JsonObject(response.body());
  }

  /** The revision a bot applied, from its health check: cheap enough to poll, unlike its digest. */
  static long appliedRevision(ConfigSyncNode bot) throws IOException, InterruptedException {
    JsonObject health;
    try {
      health = getJson(bot, "/health");
    } catch (IllegalStateException notReady) {
      return -1;
    }
    for (Object check : health.getJsonArray("checks")) {
      JsonObject data = ((JsonObject) check).getJsonObject("data");
      if (data != null && data.getLong("revision") != null) {
        return data.getLong("revision");
      }
    }
    return -1;
  }
}
