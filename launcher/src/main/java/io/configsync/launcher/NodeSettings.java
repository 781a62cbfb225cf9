package io.configsync.launcher;

import io.configsync.backend.api.AccessTokens;
import io.configsync.backend.store.LogRetention;
import io.configsync.codecs.ShardSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The validated settings of one process, from the command line, the environment and defaults.
 *
 * @param pgUrl external PostgreSQL, or null for the embedded one under {@code dataDir}
 * @param clusterConfig Hazelcast XML, or null for the bundled {@code cluster.xml}
 * @param clusterName overrides the Hazelcast cluster name (separate environments on one network)
 * @param backendUrls where the bot bulk-loads and catches up; empty means this process's own port
 * @param adminToken the admin bearer token, or null to use (or generate) the one in the data dir
 * @param backendToken the token the bot reads the backend with, or null to use the admin token
 * @param botTokens {@code botId:token,...} of bridge bots, or null ({@code all} then generates one)
 * @param adminTokens named admin tokens ({@code CONFIGSYNC_ADMIN_TOKENS}), name to token, in the order
 *     given; the name is recorded as the actor of each write made with the token
 */
public record NodeSettings(
    Role role,
    String httpHost,
    int httpPort,
    String pgUrl,
    Path dataDir,
    boolean cluster,
    Path clusterConfig,
    String clusterName,
    String clusterHost,
    ShardSpec shards,
    String botId,
    List<URI> backendUrls,
    String backendToken,
    String discordToken,
    String adminToken,
    Set<String> readTokens,
    boolean publicReads,
    String gatewayId,
    String botTokens,
    Map<String, String> adminTokens,
    LogRetention.Settings retention) {

  public NodeSettings {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clusterHost, "clusterHost");
    Objects.requireNonNull(shards, "shards");
    Objects.requireNonNull(botId, "botId");
    Objects.requireNonNull(gatewayId, "gatewayId");
    backendUrls = List.copyOf(backendUrls);
    readTokens = Set.copyOf(readTokens);
    adminTokens = Collections.unmodifiableMap(new LinkedHashMap<>(adminTokens));
    if (adminToken != null && adminTokens.containsKey(AccessTokens.DEFAULT_ADMIN_NAME)) {
      throw new IllegalArgumentException("CONFIGSYNC_ADMIN_TOKENS names '" + AccessTokens.DEFAULT_ADMIN_NAME
          + "', the name of CONFIGSYNC_ADMIN_TOKEN; pick another name");
    }
    Objects.requireNonNull(retention, "retention");
    if (httpPort < 0 || httpPort > 65_535) {
      throw new IllegalArgumentException("--http-port must be between 0 and 65535, got " + httpPort);
    }
  }

  /** With the default retention. */
  public NodeSettings(Role role, String httpHost, int httpPort, String pgUrl, Path dataDir, boolean cluster,
                      Path clusterConfig, String clusterName, String clusterHost, ShardSpec shards, String botId,
                      List<URI> backendUrls, String backendToken, String discordToken, String adminToken,
                      Set<String> readTokens, boolean publicReads, String gatewayId, String botTokens,
                      Map<String, String> adminTokens) {
    this(role, httpHost, httpPort, pgUrl, dataDir, cluster, clusterConfig, clusterName, clusterHost, shards, botId,
        backendUrls, backendToken, discordToken, adminToken, readTokens, publicReads, gatewayId, botTokens, adminTokens,
        LogRetention.Settings.DEFAULT);
  }

  /** Without named admin tokens. */
  public NodeSettings(Role role, String httpHost, int httpPort, String pgUrl, Path dataDir, boolean cluster,
                      Path clusterConfig, String clusterName, String clusterHost, ShardSpec shards, String botId,
                      List<URI> backendUrls, String backendToken, String discordToken, String adminToken,
                      Set<String> readTokens, boolean publicReads, String gatewayId, String botTokens) {
    this(role, httpHost, httpPort, pgUrl, dataDir, cluster, clusterConfig, clusterName, clusterHost, shards, botId,
        backendUrls, backendToken, discordToken, adminToken, readTokens, publicReads, gatewayId, botTokens, Map.of());
  }

  @Override
  public String toString() {
    return "NodeSettings[role=" + role.cliName() + ", http=" + httpHost + ":" + httpPort
        + ", database=" + (pgUrl == null ? "embedded in " + dataDir : "external")
        + ", cluster=" + cluster + ", shards=" + shards + ", botId=" + botId + "]";
  }
}
