package io.configsync.backend;

import io.configsync.backend.api.AccessTokens;
import io.configsync.backend.bots.BotRegistry;
import io.configsync.backend.db.DatabaseUrl;
import io.configsync.backend.publish.OutboxPublisher;
import io.configsync.backend.store.LogRetention;
import java.util.Objects;

/**
 * Everything the backend role needs, validated once.
 *
 * @param maxBatchSize most writes committed in one transaction
 * @param maxQueuedWrites writes waiting for the database beyond which new ones get 503
 * @param retention how long superseded events stay in the log
 * @param bots how long a bot not seen stays in {@code /api/bots} and the metrics
 */
public record BackendConfig(
    DatabaseUrl database,
    AccessTokens tokens,
    int poolSize,
    int maxBatchSize,
    int maxQueuedWrites,
    OutboxPublisher.Settings publisher,
    LogRetention.Settings retention,
    BotRegistry.Settings bots) {

  public BackendConfig {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(bots, "bots");
    if (poolSize < 2 || maxBatchSize < 1 || maxQueuedWrites < maxBatchSize) {
      throw new IllegalArgumentException("invalid backend sizes: pool " + poolSize + ", batch " + maxBatchSize
          + ", queue " + maxQueuedWrites);
    }
  }

  public static BackendConfig defaults(DatabaseUrl database, AccessTokens tokens) {
    return new BackendConfig(database, tokens, 8, 512, 50_000, OutboxPublisher.Settings.DEFAULT,
        LogRetention.Settings.DEFAULT, BotRegistry.Settings.DEFAULT);
  }

  public BackendConfig withRetention(LogRetention.Settings retention) {
    return new BackendConfig(database, tokens, poolSize, maxBatchSize, maxQueuedWrites, publisher, retention, bots);
  }

  public BackendConfig withBots(BotRegistry.Settings bots) {
    return new BackendConfig(database, tokens, poolSize, maxBatchSize, maxQueuedWrites, publisher, retention, bots);
  }
}
