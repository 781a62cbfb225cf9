package io.configsync.launcher;

import io.configsync.backend.api.AccessTokens;
import io.configsync.backend.bots.BotRegistry;
import io.configsync.backend.store.LogRetention;
import io.configsync.codecs.ShardSpec;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The validated settings of one process, from the command line, the environment and defaults.
 * Build them with {@link #builder(Role)}: every field has a name and a default.
 *
 * @param httpTls the HTTP port's certificate and key, or null for plain HTTP
 * @param pgUrl external PostgreSQL, or null for the embedded one under {@code dataDir}
 * @param clusterConfig Hazelcast XML, or null for the bundled {@code cluster.xml}
 * @param clusterName overrides the Hazelcast cluster name (separate environments on one network)
 * @param clusterNetwork this member's address, ports and the members it looks for
 * @param backendUrls where the bot bulk-loads and catches up; empty means this process's own port
 * @param adminToken the admin bearer token, or null to use (or generate) the one in the data dir
 * @param backendToken the token the bot reads the backend with, or null to use the admin token
 * @param botTokens {@code botId:token,...} of bridge bots, or null ({@code all} then generates one)
 * @param adminTokens named admin tokens ({@code CONFIGSYNC_ADMIN_TOKENS}), name to token, in the order
 *     given; the name is recorded as the actor of each write made with the token
 * @param publicUrl the URL browsers reach the dashboard at, or null for the request's own host
 * @param discordUrl Discord's base URL for the dashboard's sign-in (a stand-in in tests)
 * @param discordClientId the Discord application's client id, or null: token sign-in only
 * @param discordClientSecret its secret, from the environment only
 */
public record NodeSettings(
    Role role,
    String httpHost,
    int httpPort,
    HttpTls httpTls,
    String pgUrl,
    Path dataDir,
    boolean cluster,
    Path clusterConfig,
    String clusterName,
    ClusterNetwork clusterNetwork,
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
    LogRetention.Settings retention,
    BotRegistry.Settings bots,

    URI publicUrl,
    URI discordUrl,
    String discordClientId,
    String discordClientSecret) {

  /** Built by {@link Builder} only, which requires the role and defaults the bot and gateway ids. */
  public NodeSettings {
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(clusterNetwork, "clusterNetwork");
    Objects.requireNonNull(shards, "shards");
    backendUrls = List.copyOf(backendUrls);
    readTokens = Set.copyOf(readTokens);
    adminTokens = Collections.unmodifiableMap(new LinkedHashMap<>(adminTokens));
    if (adminToken != null && adminTokens.containsKey(AccessTokens.DEFAULT_ADMIN_NAME)) {
      throw new IllegalArgumentException("CONFIGSYNC_ADMIN_TOKENS names '" + AccessTokens.DEFAULT_ADMIN_NAME
          + "', the name of CONFIGSYNC_ADMIN_TOKEN; pick another name");
    }
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(bots, "bots");
    Objects.requireNonNull(discordUrl, "discordUrl");
    if (httpPort < 0 || httpPort > 65_535) {
      throw new IllegalArgumentException("--http-port must be between 0 and 65535, got " + httpPort);
    }
  }

  /** Settings for {@code role} with every other field at its default; see {@link Builder}. */
  public static Builder builder(Role role) {
    return new Builder(role);
  }

  /** {@code host-pid}: the default bot and gateway id, new at every start. */
  public static String defaultNodeId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "configsync";
    }
    return host + "-" + ProcessHandle.current().pid();
  }

  /**
   * Named settings with the CLI's defaults: HTTP on 127.0.0.1:8080, embedded PostgreSQL in
   * {@code ./data}, clustered as the role is by default, every shard, ids {@code host-pid}, no
   * tokens, the default retention.
   */
  public static final class Builder {
    private final Role role;
    private String httpHost = "127.0.0.1";
    private int httpPort = 8080;
    private HttpTls httpTls;
    private String pgUrl;
    private Path dataDir = Path.of("data");
    private Boolean cluster;
    private Path clusterConfig;
    private String clusterName;
    private ClusterNetwork clusterNetwork = ClusterNetwork.LOCAL;
    private ShardSpec shards = ShardSpec.ALL;
    private String botId;
    private List<URI> backendUrls = List.of();
    private String backendToken;
    private String discordToken;
    private String adminToken;
    private Set<String> readTokens = Set.of();
    private boolean publicReads;
    private String gatewayId;
    private String botTokens;
    private Map<String, String> adminTokens = Map.of();
    private LogRetention.Settings retention = LogRetention.Settings.DEFAULT;
    private BotRegistry.Settings bots = BotRegistry.Settings.DEFAULT;
    private URI publicUrl;
    private URI discordUrl = URI.create("https://discord.com");
    private String discordClientId;
    private String discordClientSecret;

    private Builder(Role role) {
      this.role = Objects.requireNonNull(role, "role");
    }

    public Builder httpHost(String httpHost) {
      this.httpHost = httpHost;
      return this;
    }

    public Builder httpPort(int httpPort) {
      this.httpPort = httpPort;
      return this;
    }

    public Builder httpTls(HttpTls httpTls) {
      this.httpTls = httpTls;
      return this;
    }

    public Builder pgUrl(String pgUrl) {
      this.pgUrl = pgUrl;
      return this;
    }

    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    public Builder cluster(boolean cluster) {
      this.cluster = cluster;
      return this;
    }

    public Builder clusterConfig(Path clusterConfig) {
      this.clusterConfig = clusterConfig;
      return this;
    }

    public Builder clusterName(String clusterName) {
      this.clusterName = clusterName;
      return this;
    }

    public Builder clusterHost(String clusterHost) {
      this.clusterNetwork = clusterNetwork.withHost(clusterHost);
      return this;
    }

    public Builder clusterNetwork(ClusterNetwork clusterNetwork) {
      this.clusterNetwork = clusterNetwork;
      return this;
    }

    public Builder shards(ShardSpec shards) {
      this.shards = shards;
      return this;
    }

    public Builder botId(String botId) {
      this.botId = botId;
      return this;
    }

    public Builder backendUrls(List<URI> backendUrls) {
      this.backendUrls = backendUrls;
      return this;
    }

    public Builder backendToken(String backendToken) {
      this.backendToken = backendToken;
      return this;
    }

    public Builder discordToken(String discordToken) {
      this.discordToken = discordToken;
      return this;
    }

    public Builder adminToken(String adminToken) {
      this.adminToken = adminToken;
      return this;
    }

    public Builder readTokens(Set<String> readTokens) {
      this.readTokens = readTokens;
      return this;
    }

    public Builder publicReads(boolean publicReads) {
      this.publicReads = publicReads;
      return this;
    }

    public Builder gatewayId(String gatewayId) {
      this.gatewayId = gatewayId;
      return this;
    }

    public Builder botTokens(String botTokens) {
      this.botTokens = botTokens;
      return this;
    }

    public Builder adminTokens(Map<String, String> adminTokens) {
      this.adminTokens = adminTokens;
      return this;
    }

    public Builder retention(LogRetention.Settings retention) {
      this.retention = retention;
      return this;
    }

    /** Backend: how long a bot not seen stays in {@code /api/bots} and the metrics. */
    public Builder bots(BotRegistry.Settings bots) {
      this.bots = bots;
      return this;
    }

    public Builder publicUrl(URI publicUrl) {
      this.publicUrl = publicUrl;
      return this;
    }

    public Builder discordUrl(URI discordUrl) {
      this.discordUrl = discordUrl;
      return this;
    }

    /** The Discord application the dashboard signs users in with; null id: token sign-in only. */
    public Builder discordClient(String clientId, String clientSecret) {
      this.discordClientId = clientId;
      this.discordClientSecret = clientSecret;
      return this;
    }

    public NodeSettings build() {
      return new NodeSettings(role, httpHost, httpPort, httpTls, pgUrl, dataDir,
          cluster != null ? cluster : role.clusteredByDefault(), clusterConfig, clusterName, clusterNetwork, shards,
          botId != null ? botId : defaultNodeId(), backendUrls, backendToken, discordToken, adminToken, readTokens,
          publicReads, gatewayId != null ? gatewayId : defaultNodeId(), botTokens, adminTokens, retention, bots,
          publicUrl, discordUrl, discordClientId, discordClientSecret);
    }
  }

  @Override
  public String toString() {
    return "NodeSettings[role=" + role.cliName() + ", " + (httpTls == null ? "http" : "https") + "=" + httpHost + ":"
        + httpPort
        + ", database=" + (pgUrl == null ? "embedded in " + dataDir : "external")
        + ", cluster=" + cluster + ", shards=" + shards + ", botId=" + botId + "]";
  }
}
