package io.configsync.launcher;

import io.configsync.backend.api.AccessTokens;
import io.configsync.backend.bots.BotRegistry;
import io.configsync.backend.store.LogRetention;
import io.configsync.codecs.ShardSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;
import sun.misc.Signal;

/** {@code java -jar configsync.jar [all|backend|bot] [options]} (CONTRACT §1). */
@Command(
    name = "configsync",
    mixinStandardHelpOptions = true,
    versionProvider = LaunchCommand.Version.class,
    sortOptions = false,
    description = {
        "Keeps the per-guild configuration of Discord bots in sync, in real time and in order.",
        "Every option can also be set with the environment variable in brackets.",
        "Secrets come from the environment only: CONFIGSYNC_ADMIN_TOKEN, CONFIGSYNC_ADMIN_TOKENS,",
        "CONFIGSYNC_READ_TOKENS, CONFIGSYNC_BOT_TOKENS, CONFIGSYNC_BACKEND_TOKEN, DISCORD_TOKEN,",
        "CONFIGSYNC_DISCORD_CLIENT_ID, CONFIGSYNC_DISCORD_CLIENT_SECRET (the dashboard's Discord sign-in)."},
    subcommands = {RebuildStateCommand.class, ExportCommand.class, ImportCommand.class})
public final class LaunchCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(LaunchCommand.class);

  @Parameters(index = "0", arity = "0..1", defaultValue = "all", paramLabel = "ROLE",
      description = "all (default): backend, gateway and a bot in one process; backend; gateway; bot.")
  Role role;

  @Option(names = "--config", defaultValue = "${env:CONFIGSYNC_CONFIG}", paramLabel = "FILE",
      description = "Settings file, YAML (http-port: 8080) or .properties (http-port=8080), keys = these options "
          + "without dashes; flags and environment variables override it; no secrets in it [CONFIGSYNC_CONFIG]. "
          + "Before a subcommand: configsync --config FILE export.")
  Path configFile;

  @Option(names = "--http-host", defaultValue = "${env:CONFIGSYNC_HTTP_HOST:-127.0.0.1}",
      description = "Interface the HTTP port binds to; 0.0.0.0 for every one [CONFIGSYNC_HTTP_HOST]. Default: ${DEFAULT-VALUE}.")
  String httpHost;

  @Option(names = "--http-port", defaultValue = "${env:CONFIGSYNC_HTTP_PORT:-8080}",
      description = "HTTP port: API, bot state, health, metrics [CONFIGSYNC_HTTP_PORT]. Default: ${DEFAULT-VALUE}.")
  int httpPort;

  @Option(names = "--tls-cert", defaultValue = "${env:CONFIGSYNC_TLS_CERT}", paramLabel = "PEM",
      description = "Certificate chain (PEM): the HTTP port speaks HTTPS, the bridge WSS [CONFIGSYNC_TLS_CERT]. "
          + "Needs --tls-key.")
  Path tlsCert;

  @Option(names = "--tls-key", defaultValue = "${env:CONFIGSYNC_TLS_KEY}", paramLabel = "PEM",
      description = "Private key (PEM, PKCS#8 or PKCS#1) of --tls-cert [CONFIGSYNC_TLS_KEY].")
  Path tlsKey;

  @Option(names = "--pg-url", defaultValue = "${env:CONFIGSYNC_PG_URL}", paramLabel = "URL",
      description = "postgresql://user:pass@host:port/db; absent: embedded PostgreSQL in the data dir [CONFIGSYNC_PG_URL].")
  String pgUrl;

  @Option(names = "--data-dir", defaultValue = "${env:CONFIGSYNC_DATA_DIR:-./data}", paramLabel = "DIR",
      description = "Embedded PostgreSQL data, the generated admin token, and the bot's snapshot file it resumes "
          + "from after a restart [CONFIGSYNC_DATA_DIR]. Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(names = "--cluster", arity = "0..1", fallbackValue = "true", defaultValue = "${env:CONFIGSYNC_CLUSTER}",
      description = "Join the Hazelcast cluster [CONFIGSYNC_CLUSTER]. Default: off for all, on for single roles.")
  Boolean cluster;

  @Option(names = "--cluster-config", defaultValue = "${env:CONFIGSYNC_CLUSTER_CONFIG}", paramLabel = "FILE",
      description = "Hazelcast XML [CONFIGSYNC_CLUSTER_CONFIG]. Default: the bundled cluster.xml (members on 127.0.0.1).")
  Path clusterConfig;

  @Option(names = "--cluster-name", defaultValue = "${env:CONFIGSYNC_CLUSTER_NAME}",
      description = "Overrides the cluster name, to keep environments apart [CONFIGSYNC_CLUSTER_NAME].")
  String clusterName;

  @Option(names = "--cluster-host", defaultValue = "${env:CONFIGSYNC_CLUSTER_HOST:-127.0.0.1}",
      description = "This machine's address on the cluster network: Hazelcast and the event bus bind it and other "
          + "members reach this one at it [CONFIGSYNC_CLUSTER_HOST]. Default: ${DEFAULT-VALUE}.")
  String clusterHost;

  @Option(names = "--cluster-port", defaultValue = "${env:CONFIGSYNC_CLUSTER_PORT:-0}", paramLabel = "PORT",
      description = "Fixed TCP port of the clustered event bus, to open in a firewall [CONFIGSYNC_CLUSTER_PORT]. "
          + "Default: 0, a free one.")
  int clusterPort;

  @Option(names = "--hazelcast-port", defaultValue = "${env:CONFIGSYNC_HAZELCAST_PORT:-5701}", paramLabel = "PORT",
      description = "Hazelcast's member port [CONFIGSYNC_HAZELCAST_PORT]. Default: ${DEFAULT-VALUE} "
          + "(or the next free one up to 5800).")
  int hazelcastPort;

  @Option(names = "--cluster-members", defaultValue = "${env:CONFIGSYNC_CLUSTER_MEMBERS}", split = ",",
      paramLabel = "HOST:PORT",
      description = "Hazelcast members to join, host:port,... (their --cluster-host and --hazelcast-port) "
          + "[CONFIGSYNC_CLUSTER_MEMBERS]. Default: the cluster XML's list (127.0.0.1).")
  List<String> clusterMembers;

  @Option(names = "--shards", defaultValue = "${env:CONFIGSYNC_SHARDS:-0/1}", converter = ShardsConverter.class,
      description = "Bot only: shards run by this bot, e.g. 0,1/4 [CONFIGSYNC_SHARDS]. Default: all shards of 1.")
  ShardSpec shards;

  @Option(names = "--bot-id", defaultValue = "${env:CONFIGSYNC_BOT_ID}",
      description = "Bot identity for acks and status [CONFIGSYNC_BOT_ID]. Default: host-pid.")
  String botId;

  @Option(names = "--retention-days", defaultValue = "${env:CONFIGSYNC_RETENTION_DAYS:-7}", paramLabel = "DAYS",
      description = "Backend: superseded events older than this leave the event log [CONFIGSYNC_RETENTION_DAYS]. "
          + "Default: ${DEFAULT-VALUE}.")
  long retentionDays;

  @Option(names = "--retention-min-events", defaultValue = "${env:CONFIGSYNC_RETENTION_MIN_EVENTS:-100000}",
      paramLabel = "N",
      description = "Backend: the newest N events always stay in the log [CONFIGSYNC_RETENTION_MIN_EVENTS]. "
          + "Default: ${DEFAULT-VALUE}.")
  long retentionMinEvents;

  @Option(names = "--bot-retention-days", defaultValue = "${env:CONFIGSYNC_BOT_RETENTION_DAYS:-7}", paramLabel = "DAYS",
      description = "Backend: a bot not seen for this long leaves /api/bots and the metrics "
          + "[CONFIGSYNC_BOT_RETENTION_DAYS]. Default: ${DEFAULT-VALUE}.")
  double botRetentionDays;

  @Option(names = "--gateway-id", defaultValue = "${env:CONFIGSYNC_GATEWAY_ID}",
      description = "Gateway identity in bot presence [CONFIGSYNC_GATEWAY_ID]. Default: host-pid.")
  String gatewayId;

  @Option(names = "--backend-url", defaultValue = "${env:CONFIGSYNC_BACKEND_URL}", split = ",", paramLabel = "URL",
      description = "Bot only: backend base URL(s), comma-separated, tried in turn [CONFIGSYNC_BACKEND_URL]. "
          + "Default: this process in all, else http://127.0.0.1:8080.")
  List<URI> backendUrls;

  @Option(names = "--public-reads", arity = "0..1", fallbackValue = "true",
      defaultValue = "${env:CONFIGSYNC_PUBLIC_READS:-false}",
      description = "Backend: allow GET requests without a token [CONFIGSYNC_PUBLIC_READS]. Default: ${DEFAULT-VALUE}.")
  boolean publicReads;

  @Option(names = "--log-format", defaultValue = "${env:CONFIGSYNC_LOG_FORMAT:-plain}", paramLabel = "FORMAT",
      description = "plain (ISO-8601 time, level, thread, logger, message) or json (one object per line) "
          + "[CONFIGSYNC_LOG_FORMAT]. Logs go to standard error. Default: ${DEFAULT-VALUE}.")
  String logFormat;

  @Option(names = "--public-url", defaultValue = "${env:CONFIGSYNC_PUBLIC_URL}", paramLabel = "URL",
      description = "Backend: the URL browsers reach the dashboard at; the Discord redirect URI is <URL>/dashboard/oauth/callback "
          + "[CONFIGSYNC_PUBLIC_URL]. Default: the host the browser asked for.")
  URI publicUrl;

  @Option(names = "--discord-url", defaultValue = "${env:CONFIGSYNC_DISCORD_URL:-https://discord.com}", paramLabel = "URL",
      description = "Backend: Discord's base URL for the dashboard's sign-in [CONFIGSYNC_DISCORD_URL]. Default: ${DEFAULT-VALUE}.")
  URI discordUrl;

  @Override
  public Integer call() {
    NodeSettings settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException e) {
      LOG.error("ConfigSync {} cannot start: {}", role.cliName(), e.getMessage());
      return 1;
    }
    LOG.info("Starting {} with {}", BuildInfo.current().describe(), settings);
    ConfigSyncNode node;
    try {
      node = ConfigSyncNode.start(settings).toCompletionStage().toCompletableFuture().join();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof IllegalArgumentException) {
        LOG.error("ConfigSync {} cannot start: {}", settings.role().cliName(), cause.getMessage());
      } else {
        LOG.error("ConfigSync {} failed to start: {}", settings.role().cliName(), cause.getMessage(), cause);
      }
      return 1;
    }
    awaitStopSignal();
    node.stopAndWait();
    return 0;
  }

  /**
   * Waits for SIGTERM or Ctrl-C. Handling the signals ourselves (instead of a shutdown hook) lets
   * the process stop its roles in order and then exit with status 0, as process managers expect.
   */
  private static void awaitStopSignal() {
    CountDownLatch stopRequested = new CountDownLatch(1);
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(new Signal(name), signal -> {
        LOG.info("Received SIG{}: stopping", signal.getName());
        stopRequested.countDown();
      });
    }
    awaitQuietly(stopRequested);
  }

  NodeSettings settings() {
    NodeSettings.Builder settings = NodeSettings.builder(role)
        .httpHost(httpHost)
        .httpPort(httpPort)
        .httpTls(HttpTls.of(tlsCert, tlsKey))
        .pgUrl(blankToNull(pgUrl))
        .dataDir(dataDir)
        .clusterConfig(clusterConfig)
        .clusterName(blankToNull(clusterName))
        .clusterNetwork(new ClusterNetwork(clusterHost, clusterPort, hazelcastPort,
            clusterMembers == null ? List.of() : clusterMembers.stream().map(String::trim)
                .filter(member -> !member.isEmpty()).toList()))
        .shards(shards)
        .botId(blankToNull(botId))
        .backendUrls(role == Role.BOT && (backendUrls == null || backendUrls.isEmpty())
            ? List.of(URI.create("http://127.0.0.1:8080"))
            : backendUrls == null ? List.of() : backendUrls)
        .backendToken(blankToNull(System.getenv("CONFIGSYNC_BACKEND_TOKEN")))
        .discordToken(blankToNull(System.getenv("DISCORD_TOKEN")))
        .adminToken(blankToNull(System.getenv("CONFIGSYNC_ADMIN_TOKEN")))
        .readTokens(commaSeparated(System.getenv("CONFIGSYNC_READ_TOKENS")))
        .publicReads(publicReads)
        .gatewayId(blankToNull(gatewayId))
        .botTokens(blankToNull(System.getenv("CONFIGSYNC_BOT_TOKENS")))
        .adminTokens(AccessTokens.parseNamed(blankToNull(System.getenv("CONFIGSYNC_ADMIN_TOKENS"))))
        .retention(retention())
        .bots(botRetention())
        .publicUrl(publicUrl)
        .discordUrl(discordUrl)
        .discordClient(blankToNull(System.getenv("CONFIGSYNC_DISCORD_CLIENT_ID")),
            blankToNull(System.getenv("CONFIGSYNC_DISCORD_CLIENT_SECRET")));
    if (cluster != null) {
      settings.cluster(cluster);
    }
    NodeSettings built = settings.build();
    if (role.runsBot() && blankToNull(botId) == null) {
      LOG.warn("No --bot-id: this bot is {}, an id that changes at every start, so /api/bots and the metrics "
          + "gain an entry per start (forgotten after {} days). Give each bot a stable --bot-id "
          + "(CONFIGSYNC_BOT_ID).", built.botId(), botRetentionDays);
    }
    return built;
  }

  private BotRegistry.Settings botRetention() {
    if (!(botRetentionDays > 0) || botRetentionDays > 36_500) {
      throw new IllegalArgumentException("--bot-retention-days must be a positive number of days, got "
          + botRetentionDays);
    }
    return new BotRegistry.Settings(Duration.ofSeconds(Math.round(botRetentionDays * 86_400)),
        BotRegistry.Settings.DEFAULT.checkInterval());
  }

  private LogRetention.Settings retention() {
    if (retentionDays < 0 || retentionMinEvents < 0) {
      throw new IllegalArgumentException("--retention-days and --retention-min-events must not be negative");
    }
    return new LogRetention.Settings(Duration.ofDays(retentionDays), retentionMinEvents,
        LogRetention.Settings.DEFAULT.checkInterval());
  }

  private static Set<String> commaSeparated(String value) {
    return value == null ? Set.of()
        : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Turns {@code 0,1/4} into a {@link ShardSpec}, with the parser's message on error. */
  static final class ShardsConverter implements ITypeConverter<ShardSpec> {
    @Override
    public ShardSpec convert(String value) {
      try {
        return ShardSpec.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** The version and commit of the jar. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {BuildInfo.current().describe()};
    }
  }
}
