package io.configsync.launcher;

import io.configsync.backend.BackendConfig;
import io.configsync.backend.BackendVerticle;
import io.configsync.backend.api.AccessTokens;
import io.configsync.backend.db.DatabaseUrl;
import io.configsync.bot.BotConfig;
import io.configsync.bot.BotVerticle;
import io.configsync.codecs.Codecs;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.dashboard.DashboardSettings;
import io.configsync.dashboard.DashboardVerticle;
import io.configsync.gateway.BotCredentials;
import io.configsync.gateway.GatewayConfig;
import io.configsync.gateway.GatewayVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.spi.cluster.hazelcast.ClusterHealthCheck;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running ConfigSync process: its Vert.x, its HTTP port, and the roles it was asked for. The
 * only place where the roles are wired together.
 */
public final class ConfigSyncNode {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigSyncNode.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /**
   * What the roles' deployment leaves behind: the HTTP port bound, the HTTP server's deployment
   * (stopped first), and the bot if there is one.
   */
  private record Deployed(int httpPort, String httpDeployment, BotVerticle bot) {}

  private final NodeSettings settings;
  private final EmbeddedDatabase embeddedDatabase;
  private final Vertx vertx;
  private final int httpPort;
  private final String httpDeployment;
  private final BotVerticle bot;

  private ConfigSyncNode(NodeSettings settings, EmbeddedDatabase embeddedDatabase, Vertx vertx, Deployed deployed) {
    this.settings = settings;
    this.embeddedDatabase = embeddedDatabase;
    this.vertx = vertx;
    this.httpPort = deployed.httpPort();
    this.httpDeployment = deployed.httpDeployment();
    this.bot = deployed.bot();
  }

  /**
   * Starts a node. Blocking parts (embedded database, token file) run on the calling thread, which
   * must not be an event loop; the future completes when the node is ready.
   */
  public static Future<ConfigSyncNode> start(NodeSettings settings) {
    EmbeddedDatabase embedded = settings.role().runsBackend() && settings.pgUrl() == null
        ? EmbeddedDatabase.start(settings.dataDir()) : null;
    try {
      DatabaseUrl database = embedded != null ? embedded.url()
          : settings.pgUrl() != null ? DatabaseUrl.parse(settings.pgUrl()) : null;
      // Generated only when no admin token at all is given.
      String adminToken = settings.adminToken() != null || !settings.role().runsBackend()
          || !settings.adminTokens().isEmpty()
          ? settings.adminToken() : GeneratedSecrets.adminToken(settings.dataDir());
      BotCredentials bridgeBots = BotCredentials.parse(settings.botTokens() != null ? settings.botTokens()
          : settings.role() == Role.ALL ? GeneratedSecrets.botTokens(settings.dataDir()) : null);
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      BuildInfo.current().register(metrics);
      ClusterMembership membership = new ClusterMembership();
      return VertxFactory.create(settings, metrics, membership)
          .compose(vertx -> deployRoles(settings, vertx, metrics, database, adminToken, bridgeBots, membership)
              .map(deployed -> new ConfigSyncNode(settings, embedded, vertx, deployed))
              .onFailure(failure -> vertx.close()))
          .onSuccess(ConfigSyncNode::logReady)
          .onFailure(failure -> closeQuietly(embedded));
    } catch (RuntimeException e) {
      closeQuietly(embedded);
      return Future.failedFuture(e);
    }
  }

  private static Future<Deployed> deployRoles(NodeSettings settings, Vertx vertx, PrometheusMeterRegistry metrics,
                                             DatabaseUrl database, String adminToken, BotCredentials bridgeBots,
                                             ClusterMembership membership) {
    Codecs.registerAll(vertx.eventBus());
    Router router = Router.router(vertx);
    HealthChecks health = readiness(vertx, settings);
    HealthCheckHandler ready = HealthCheckHandler.createWithHealthChecks(health);
    router.get("/health/ready").handler(ready);
    router.get("/health").handler(ready);
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(liveness(vertx)));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));

    BackendConfig backendConfig = settings.role().runsBackend()
        ? backendConfig(settings, database, adminToken, bridgeBots) : null;
    // The dashboard first: its session guard must run before the API's routes.
    Future<String> backend = settings.role().runsBackend()
        ? vertx.deployVerticle(new DashboardVerticle(dashboardSettings(settings), backendConfig.tokens(), router))
            .compose(v -> vertx.deployVerticle(new BackendVerticle(backendConfig, router, health, metrics)))
        : Future.succeededFuture();
    return backend
        .compose(v -> settings.role().runsGateway()
            ? vertx.deployVerticle(new GatewayVerticle(GatewayConfig.defaults(settings.gatewayId(), bridgeBots), router,
                health, metrics))
            : Future.succeededFuture())
        .compose(v -> HttpServerVerticle.deploy(vertx, settings.httpHost(), settings.httpPort(), router,
            settings.httpTls()))
        .compose(http -> (settings.role().runsBot()
            ? deployBot(new BotVerticle(botConfig(settings, http.port(), adminToken), router, health, metrics),
                vertx, membership)
            : Future.<BotVerticle>succeededFuture())
            .map(bot -> new Deployed(http.port(), http.deploymentId(), bot)));
  }

  /**
   * {@code /health/ready} (and {@code /health}): can this process serve? Each role adds its checks
   * (database reachable, bot loaded); a clustered one also needs Hazelcast's cluster to be safe.
   */
  private static HealthChecks readiness(Vertx vertx, NodeSettings settings) {
    HealthChecks health = HealthChecks.create(vertx);
    if (settings.cluster()) {
      health.register("cluster", 2_000, ClusterHealthCheck.createProcedure(vertx));
    }
    return health;
  }

  /**
   * {@code /health/live}: does the process work? Only its event loop answering; a database outage or
   * a bulk load in progress must not make an orchestrator kill the process.
   */
  private static HealthChecks liveness(Vertx vertx) {
    return HealthChecks.create(vertx).register("event-loop", 2_000, promise -> promise.complete(Status.OK()));
  }

  /** A clustered bot re-checks against the backend's head when a cluster member joins or leaves. */
  private static Future<BotVerticle> deployBot(BotVerticle bot, Vertx vertx, ClusterMembership membership) {
    return vertx.deployVerticle(bot).onSuccess(id -> membership.onChange(bot::clusterMembershipChanged)).map(bot);
  }

  /** Bridge bots read the backend (bulk load) with their own tokens. */
  private static BackendConfig backendConfig(NodeSettings settings, DatabaseUrl database, String adminToken,
                                             BotCredentials bridgeBots) {
    Set<String> readTokens = new HashSet<>(settings.readTokens());
    readTokens.addAll(bridgeBots.tokens());
    Map<String, String> adminTokens = new LinkedHashMap<>();
    if (adminToken != null) {
      adminTokens.put(AccessTokens.DEFAULT_ADMIN_NAME, adminToken);
    }
    adminTokens.putAll(settings.adminTokens());
    return BackendConfig.defaults(database, new AccessTokens(adminTokens, readTokens, settings.publicReads()))
        .withRetention(settings.retention()).withBots(settings.bots());
  }

  private static DashboardSettings dashboardSettings(NodeSettings settings) {
    return DashboardSettings.defaults().withPublicUrl(settings.publicUrl())
        .withDiscord(settings.discordUrl(), settings.discordClientId(), settings.discordClientSecret());
  }

  private static BotConfig botConfig(NodeSettings settings, int port, String adminToken) {
    boolean ownPort = settings.backendUrls().isEmpty();
    List<URI> backends = ownPort
        ? List.of(URI.create((settings.httpTls() == null ? "http" : "https") + "://" + ownAddress(settings) + ":" + port))
        : settings.backendUrls();
    String token = settings.backendToken() != null ? settings.backendToken()
        : adminToken != null ? adminToken
        : settings.adminTokens().values().stream().findFirst().orElse(null);
    return BotConfig.builder().botId(settings.botId()).shards(settings.shards()).backendUrls(backends)
        .backendToken(token).discordToken(settings.discordToken()).dataDir(settings.dataDir())
        // Its own port presents its own certificate, whatever names that certificate has.
        .pinnedBackendCertificate(ownPort && settings.httpTls() != null ? settings.httpTls().certificate() : null)
        .build();
  }

  /** Where this process's own HTTP port is reached: its --http-host, or loopback for a wildcard. */
  private static String ownAddress(NodeSettings settings) {
    String host = settings.httpHost();
    return "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
  }

  private void logReady() {
    String host = "0.0.0.0".equals(settings.httpHost()) ? "127.0.0.1" : settings.httpHost();
    String scheme = settings.httpTls() == null ? "http" : "https";
    LOG.info("ConfigSync {} ready at {}://{}:{} (health: /health/live, /health/ready{}{}{})", settings.role().cliName(),
        scheme, host, httpPort,
        settings.role().runsBackend() ? ", dashboard: " + (settings.publicUrl() != null ? settings.publicUrl() + "/"
            : scheme + "://" + host + ":" + httpPort + "/") : "",
        settings.role().runsGateway() ? ", bridge: /eventbus" : "",
        settings.role().runsBot() ? ", bot state: /bot/state" : "");
  }

  public int httpPort() {
    return httpPort;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * For processes that embed a node: {@code listener} learns of every event this node's bot applies,
   * on the bot's context, in revision order, once everything before it is applied too. It must not
   * block.
   *
   * @throws IllegalStateException if this node runs no bot
   */
  public void onEventApplied(Consumer<ModuleChangeEvent> listener) {
    if (bot == null) {
      throw new IllegalStateException("this node (" + settings.role().cliName() + ") runs no bot");
    }
    bot.appliedListeners().add(listener);
  }

  /**
   * Stops gracefully: the HTTP port first (requests in flight finish and their writes commit), then
   * every role (the publisher publishes what is committed, bots save their snapshot), then leaves the
   * cluster and stops the embedded database.
   */
  public Future<Void> stop() {
    LOG.info("ConfigSync {} stopping", settings.role().cliName());
    // Context-less: vertx.close() terminates the event loops that a composed future would complete on.
    Promise<Void> stopped = Promise.promise();
    vertx.undeploy(httpDeployment).onComplete(drained -> {
      if (drained.failed()) {
        LOG.warn("The HTTP port did not stop cleanly: {}", drained.cause().toString());
      }
      vertx.close().onComplete(closed -> {
        closeQuietly(embeddedDatabase);
        stopped.handle(closed);
      });
    });
    return stopped.future();
  }

  /** For the JVM shutdown hook: stops and waits, at most {@link #STOP_TIMEOUT}. */
  void stopAndWait() {
    try {
      stop().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      LOG.info("ConfigSync stopped");
    } catch (Exception e) {
      LOG.warn("ConfigSync did not stop cleanly within {} s: {}", STOP_TIMEOUT.toSeconds(), e.toString());
    }
  }

  private static void closeQuietly(EmbeddedDatabase embedded) {
    if (embedded != null) {
      embedded.close();
    }
  }
}
