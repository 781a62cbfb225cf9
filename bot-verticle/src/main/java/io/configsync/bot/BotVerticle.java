package io.configsync.bot;

import io.configsync.bot.commands.ConfigProposer;
import io.configsync.bot.commands.SlashCommands;
import io.configsync.bot.discord.DiscordConnection;
import io.configsync.bot.discord.DiscordEvents;
import io.configsync.bot.discord.DiscordPort;
import io.configsync.bot.discord.HeadlessDiscordPort;
import io.configsync.bot.discord.SlashCommandDefinition;
import io.configsync.bot.modules.BundledModules;
import io.configsync.bot.sync.AppliedListeners;
import io.configsync.bot.sync.BackendClient;
import io.configsync.bot.sync.EventSequencer;
import io.configsync.bot.sync.GuildLifecycle;
import io.configsync.bot.sync.ModuleLoader;
import io.configsync.codecs.Addresses;
import io.configsync.codecs.PreflightAnswer;
import io.configsync.codecs.PreflightRequest;
import io.vertx.core.eventbus.Message;
import io.configsync.codecs.ApplyStatus;
import io.configsync.codecs.BotAck;
import io.configsync.codecs.Codecs;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ModuleChanges;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot role: runs the bundled modules for this bot's shards, loads their configs from the
 * backend, then applies live changes from the event bus. Serves {@code GET /bot/state}. Admins
 * change configs from Discord with its slash commands, which propose the change to the backend.
 */
public final class BotVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BotVerticle.class);
  private static final long ACK_INTERVAL_MS = 1_000;

  private final BotConfig config;
  private final DiscordPort givenPort;
  private final Router router;
  private final HealthChecks health;
  private final MeterRegistry metrics;
  private final AppliedListeners appliedListeners = new AppliedListeners();

  private DiscordConnection discord;
  private BackendClient backend;
  private EventSequencer sequencer;
  private MessageConsumer<ModuleChanges> changes;
  private MessageConsumer<io.configsync.codecs.RevisionHead> heads;
  private MessageConsumer<PreflightRequest> preflights;
  private ModuleLoader loader;
  private long ackTimer;

  /** A bot that talks to Discord with JDA when the config has a token, headless otherwise. */
  public BotVerticle(BotConfig config, Router router, HealthChecks health, MeterRegistry metrics) {
    this(config, null, router, health, metrics);
  }

  /** A bot whose modules act through {@code port} (e.g. a recording port in tests). */
  public BotVerticle(BotConfig config, DiscordPort port, Router router, HealthChecks health, MeterRegistry metrics) {
    this.config = config;
    this.givenPort = port;
    this.router = router;
    this.health = health;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    Codecs.registerAll(vertx.eventBus());
    DiscordEvents discordEvents = new DiscordEvents(context);
    loader = new ModuleLoader(config.shards());
    SlashCommands commands = new SlashCommands(
        new ConfigProposer(vertx, config.botId(), config.shards()), loader.heldConfigs());
    List<BotModule> modules = BundledModules.create(discordPort(discordEvents, commands.definitions()));
    BundledModules.listenersAmong(modules).forEach(discordEvents::register);
    discordEvents.register(commands);
    modules.forEach(loader::register);

    backend = new BackendClient(vertx, config.backendUrls(), config.backendToken(),
        config.pinnedBackendCertificate());
    sequencer = new EventSequencer(vertx, config, loader, backend, metrics);
    sequencer.onApplied(propagationTimer().andThen(appliedListeners));
    discordEvents.register(new GuildLifecycle(config.shards(), loader, backend, sequencer::isReady));
    changes = vertx.eventBus().consumer(Addresses.MODULE_CHANGES,
        message -> message.body().events().forEach(sequencer::onEvent));
    heads = vertx.eventBus().consumer(Addresses.REVISION_HEAD, message -> sequencer.onHead(message.body().head()));
    preflights = vertx.eventBus().consumer(Addresses.preflight(config.botId()), this::answerPreflight);
    // The router runs on the HTTP server's event loop; what the sequencer holds is read on ours.
    router.get("/bot/state").handler(ctx -> context.runOnContext(v -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(sequencer.state().toBuffer())));
    health.register(healthCheckName(), promise -> promise.complete(sequencer.isReady()
        ? Status.OK(new JsonObject().put("revision", sequencer.appliedRevision()))
        : Status.KO(new JsonObject().put("reason", "loading configs from the backend"))));

    LOG.info("Bot {} starting for shards {} with modules {} ({})", config.botId(), config.shards(),
        loader.moduleIds(), config);
    return Future.join(changes.completion(), heads.completion(), preflights.completion())
        .compose(v -> sequencer.start())
        .onSuccess(v -> ackTimer = vertx.setPeriodic(ACK_INTERVAL_MS, id -> ack()))
        .compose(v -> discord == null ? Future.succeededFuture() : discord.start())
        .onSuccess(v -> LOG.info("Bot {} ready at revision {}", config.botId(), sequencer.appliedRevision()));
  }

  /** The dashboard asks whether a config would work here: the module looks, nothing is applied. */
  private void answerPreflight(Message<PreflightRequest> message) {
    PreflightRequest request = message.body();
    Future<Void> checked = loader.module(request.moduleId())
        .map(module -> module.preflight(request.guildId(), request.config()))
        .orElseGet(() -> Future.failedFuture("this bot does not run module " + request.moduleId()));
    checked.onComplete(result -> message.reply(new PreflightAnswer(config.botId(),
        result.succeeded() ? List.of() : List.of(String.valueOf(result.cause().getMessage())))));
  }

  /** Whoever wants to know, on this bot's context, of each event it applied. */
  public AppliedListeners appliedListeners() {
    return appliedListeners;
  }

  /**
   * Commit to applied, as the backend's and this bot's clocks see it (the event's timestamp is the
   * commit time): how long a change takes to reach this bot, catch-up included.
   */
  private Consumer<ModuleChangeEvent> propagationTimer() {
    Timer propagation = Timer.builder("configsync.bot.propagation").tag("bot", config.botId())
        .description("Commit in the backend to applied in this bot (wall clocks)")
        .publishPercentileHistogram().register(metrics);
    return event -> propagation.record(Duration.between(event.timestamp(), Instant.now()));
  }

  /**
   * Tells the backend how far this bot is and how its modules took the configs, as often as the
   * apply-status ledger's ack policy says (at least a heartbeat).
   */
  private void ack() {
    loader.statuses().acksDue(sequencer.appliedRevision(), System.currentTimeMillis())
        .forEach(due -> sendAck(due.revision(), due.statuses()));
  }

  private void sendAck(long revision, List<ApplyStatus> statuses) {
    vertx.eventBus().send(Addresses.BOT_ACK,
        new BotAck(config.botId(), revision, config.shards().toString(), null, statuses));
  }

  /**
   * A member joined or left the Vert.x cluster: re-checks against the backend's head, as bus
   * subscriptions can be lost when a partitioned cluster heals. May be called from any thread.
   */
  public void clusterMembershipChanged() {
    if (context != null) {
      context.runOnContext(v -> {
        if (sequencer != null) {
          sequencer.recheck();
        }
      });
    }
  }

  private DiscordPort discordPort(DiscordEvents discordEvents, List<SlashCommandDefinition> commands) {
    if (givenPort != null) {
      return givenPort;
    }
    if (config.headless()) {
      LOG.info("No DISCORD_TOKEN: bot {} runs headless (configs sync; nothing is sent to Discord)", config.botId());
      return new HeadlessDiscordPort();
    }
    discord = new DiscordConnection(vertx, config.discordToken(), config.shards().count(), config.shards().shards(),
        discordEvents, commands);
    return discord.port();
  }

  private String healthCheckName() {
    return "bot-" + config.botId();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(ackTimer);
    Future<Void> snapshotSaved = sequencer == null ? Future.succeededFuture() : sequencer.stop();
    health.unregister(healthCheckName());
    Future<Void> unregistered = changes == null ? Future.succeededFuture()
        : Future.join(changes.unregister(), heads.unregister(), preflights.unregister()).mapEmpty();
    Future<Void> discordClosed = discord == null ? Future.succeededFuture() : discord.shutdown();
    return Future.join(unregistered, discordClosed, snapshotSaved).eventually(() -> backend == null
        ? Future.succeededFuture() : backend.close());
  }
}
