package io.configsync.bot;

import io.configsync.codecs.ShardSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the bot role needs, validated once. Build it with named fields: {@link #builder()},
 * or {@link #toBuilder()} to change a few of an existing config.
 *
 * @param botId the bot's id, as it acks and proposes
 * @param shards the shards whose guilds this bot serves
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
    Objects.requireNonNull(retryDelay, "retryDelay");
    if (snapshotInterval.toMillis() < 1) {
      throw new IllegalArgumentException("snapshotInterval must be at least 1 ms");
    }
  }

  /** A config to fill in; {@code botId}, {@code shards} and {@code backendUrls} have no default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's fields, to change some of them. */
  public Builder toBuilder() {
    return new Builder().botId(botId).shards(shards).backendUrls(backendUrls).backendToken(backendToken)
        .discordToken(discordToken).catchUpPageSize(catchUpPageSize).retryDelay(retryDelay).dataDir(dataDir)
        .snapshotInterval(snapshotInterval).pinnedBackendCertificate(pinnedBackendCertificate);
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

  /**
   * Named fields for a {@link BotConfig}, each described on the record; {@link #build()} validates
   * them. The setters are one line each: they only store.
   */
  public static final class Builder {
    private String botId;
    private ShardSpec shards;
    private List<URI> backendUrls;
    private String backendToken;
    private String discordToken;
    private int catchUpPageSize = 10_000;
    private Duration retryDelay = Duration.ofMillis(200);
    private Path dataDir;
    private Duration snapshotInterval = Duration.ofSeconds(5);
    private Path pinnedBackendCertificate;

    private Builder() {}

    public Builder botId(String id) { this.botId = id; return this; }
    public Builder shards(ShardSpec spec) { this.shards = spec; return this; }
    public Builder backendUrls(List<URI> urls) { this.backendUrls = urls; return this; }
    public Builder backendToken(String token) { this.backendToken = token; return this; }
    public Builder discordToken(String token) { this.discordToken = token; return this; }
    public Builder catchUpPageSize(int size) { this.catchUpPageSize = size; return this; }
    public Builder retryDelay(Duration delay) { this.retryDelay = delay; return this; }
    public Builder dataDir(Path dir) { this.dataDir = dir; return this; }
    public Builder snapshotInterval(Duration interval) { this.snapshotInterval = interval; return this; }
    public Builder pinnedBackendCertificate(Path pem) { this.pinnedBackendCertificate = pem; return this; }

    public BotConfig build() {
      return new BotConfig(botId, shards, backendUrls, backendToken, discordToken, catchUpPageSize, retryDelay,
          dataDir, snapshotInterval, pinnedBackendCertificate);
    }
  }
}
