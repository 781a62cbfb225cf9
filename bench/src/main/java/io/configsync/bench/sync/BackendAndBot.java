package io.configsync.bench.sync;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.launcher.ConfigSyncNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** A backend node and, once started, a bot of every shard that loads from it. Closing stops both. */
final class BackendAndBot implements AutoCloseable {

  private final ConfigSyncNode backend;
  private ConfigSyncNode bot;

  private BackendAndBot(ConfigSyncNode backend) {
    this.backend = backend;
  }

  static BackendAndBot startBackend(DatabaseUrl database, Path dataDir) throws Exception {
    return new BackendAndBot(BenchNodes.startBackend(database, dataDir));
  }

  /** The backend's {@code /api/state/digest}: what the bot must hold once it has caught up. */
  JsonObject backendDigest() throws Exception {
    return BenchNodes.getJson(backend, "/api/state/digest");
  }

  /** Starts the bot and waits until it is ready. */
  ConfigSyncNode startBot(String botId, Path dataDir) throws Exception {
    bot = BenchNodes.await(BenchNodes.startBot(botId, backend, dataDir));
    return bot;
  }

  @Override
  public void close() {
    BenchNodes.stopAll(bot, backend);
  }
}
