package io.configsync.bot;

import io.configsync.codecs.ShardSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the bot role needs, validated once.
 *
 * @param backendUrls base URLs of the backend, tried in turn for bulk load and catch-up
 * @param backendToken bearer token for the backend's read API, or null where reads are public
 * @param discordToken JDA login token, or null for a headless bot
 * @param catchUpPageSize events fetched per catch-up request
 * @param retryDelay first delay before retrying a failed bulk load or catch-up (doubles, capped)
 * @param dataDir where the bot keeps its snapshot file to resume from after a restart, or null to
 *     reload the full state at every start
 * @param snapshotInterval the longest the snapshot file lags behind what the bot applied (but for a
 *     crash, the file is written at stop too)
 * @param pinnedBackendCertificate a PEM certificate that an {@code https} backend must present, with
 *     no host name check (the bot of {@code all} reaching its own TLS port on 127.0.0.1), or null to
 *     trust the JVM's CAs with host name checks
 */
public record BotConfig(
    String botId,
    ShardSpec shards,
    List<URI> backendUrls,
    String backendToken,
    String discordToken,
    int catchUpPageSize,
    Duration retryDelay,
    Path dataDir,
    Duration snapshotInterval,
    Path pinnedBackendCertificate) {

  public BotConfig {
    Objects.requireNonNull(botId, "botId");
    Objects.requireNonNull(shards, "shards");
    backendUrls = List.copyOf(backendUrls);
    if (backendUrls.isEmpty()) {
      throw new IllegalArgumentException("the bot needs at least one backend URL");
    }
    if (catchUpPageSize < 1) {
      throw new IllegalArgumentException("catchUpPageSize must be positive");
    }
    Objects.requireNonNull(snapshotInterval, "snapshotInterval");
    if (snapshotInterval.toMillis() < 1) {
      throw new IllegalArgumentException("snapshotInterval must be at least 1 ms");
    }
  }

  public static BotConfig of(String botId, ShardSpec shards, List<URI> backendUrls, String backendToken,
                             String discordToken) {
    return new BotConfig(botId, shards, backendUrls, backendToken, discordToken, 10_000, Duration.ofMillis(200), null,
        Duration.ofSeconds(5), null);
  }

  /** This config, resuming from a snapshot file in {@code dataDir} (null: never). */
  public BotConfig withDataDir(Path dataDir) {
    return new BotConfig(botId, shards, backendUrls, backendToken, discordToken, catchUpPageSize, retryDelay, dataDir,
        snapshotInterval, pinnedBackendCertificate);
  }

  /** This config, its backend reached over TLS presenting exactly {@code certificate} (PEM). */
  public BotConfig withPinnedBackendCertificate(Path certificate) {
    return new BotConfig(botId, shards, backendUrls, backendToken, discordToken, catchUpPageSize, retryDelay, dataDir,
        snapshotInterval, certificate);
  }

  public boolean headless() {
    return discordToken == null || discordToken.isBlank();
  }

  @Override
  public String toString() {
    return "BotConfig[botId=" + botId + ", shards=" + shards + ", backendUrls=" + backendUrls
        + ", backendToken=" + (backendToken == null ? "none" : "***")
        + ", discord=" + (headless() ? "headless" : "token ***")
        + ", snapshot=" + (dataDir == null ? "none" : "in " + dataDir) + "]";
  }
}
