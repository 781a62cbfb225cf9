package io.configsync.bot.discord;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's login to Discord: a JDA shard manager for some shards of the bot, whose events go to
 * {@link DiscordEvents} and whose actions are reached through {@link #port()}.
 *
 * <p>The port's apply checks wait until every shard of this connection is connected (at most
 * {@link #CHECKS_WAIT}): the bot loads its configs before it logs in, and a check against a cache
 * still empty would report every config as failing.
 */
public final class DiscordConnection {

  private static final Logger log = LoggerFactory.getLogger(DiscordConnection.class);

  // GUILD_MEMBERS (join events) and MESSAGE_CONTENT are privileged: enable them for the bot in
  // Discord's developer portal, or the login is refused.
  private static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(
      GatewayIntent.GUILD_MEMBERS, GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT);

  /** How often, and how long at most, the checks wait for the shards to connect. */
  static final Duration CHECKS_POLL = Duration.ofSeconds(1);
  static final Duration CHECKS_WAIT = Duration.ofMinutes(5);

  private final Vertx vertx;
  private final String token;
  private final int shardCount;
  private final int[] shards;
  private final DiscordEvents events;
  private final List<SlashCommandDefinition> commands;
  private final SwitchedPort port = new SwitchedPort();
  private Future<ShardManager> login;
  private long checksTimer = -1;

  /**
   * @param token the bot token; never logged
   * @param shardCount how many shards the bot has in total
   * @param shards the shards this process runs, each in {@code [0, shardCount)}
   */
  public DiscordConnection(
      Vertx vertx, String token, int shardCount, int[] shards, DiscordEvents events) {
    this(vertx, token, shardCount, shards, events, List.of());
  }

  /**
   * A connection that also registers {@code commands} with Discord once a shard is ready; their
   * uses are delivered to {@code events} as {@link SlashCommandInvoked}.
   */
  public DiscordConnection(Vertx vertx, String token, int shardCount, int[] shards, DiscordEvents events,
                           List<SlashCommandDefinition> commands) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.token = requireToken(token);
    this.shardCount = shardCount;
    this.shards = requireShards(shardCount, shards);
    this.events = Objects.requireNonNull(events, "events");
    this.commands = List.copyOf(commands);
  }

  /** Logs in; the shards then connect in the background. Call it once. */
  public synchronized Future<Void> start() {
    if (login != null) {
      return Future.failedFuture(new IllegalStateException("Discord connection already started"));
    }
    // Building the shard manager already calls Discord's REST API.
    login = vertx.executeBlocking(this::buildShardManager)
        .onSuccess(built -> {
          port.connectTo(new JdaDiscordPort(built));
          openChecksOnceConnected(built);
          log.info("Discord login started for shards {} of {}", Arrays.toString(shards), shardCount);
        })
        .onFailure(e -> {
          port.loginFailed(e);
          log.error("Discord login failed for shards {} of {}: {}",
              Arrays.toString(shards), shardCount, e.getMessage());
        });
    return login.mapEmpty();
  }

  /** Opens the port's checks when every shard is connected, or after {@link #CHECKS_WAIT}. */
  private synchronized void openChecksOnceConnected(ShardManager built) {
    long deadline = System.nanoTime() + CHECKS_WAIT.toNanos();
    checksTimer = vertx.setPeriodic(CHECKS_POLL.toMillis(), timer -> {
      boolean connected = allConnected(built);
      if (!connected && System.nanoTime() - deadline < 0) {
        return;
      }
      stopChecksTimer();
      if (connected) {
        log.info("Discord shards {} of {} connected", Arrays.toString(shards), shardCount);
      } else {
        log.warn("Discord shards {} of {} not all connected after {}: {}; apply checks of their"
            + " guilds report it", Arrays.toString(shards), shardCount, CHECKS_WAIT,
            built.getStatuses().values());
      }
      port.openChecks();
    });
  }

  private boolean allConnected(ShardManager built) {
    return built.getShardsQueued() == 0
        && built.getShards().size() >= shards.length
        && built.getShards().stream().allMatch(shard -> shard.getStatus() == JDA.Status.CONNECTED);
  }

  /**
   * Disconnects every shard, after a login still under way; the port fails from now on, checks
   * still waiting included. Does nothing more when not started or when the login failed.
   */
  public synchronized Future<Void> shutdown() {
    stopChecksTimer();
    if (login == null) {
      port.disconnect();
      return Future.succeededFuture();
    }
    Future<ShardManager> stopping = login;
    login = Future.failedFuture(new IllegalStateException("Discord connection shut down"));
    return stopping
        .transform(outcome -> outcome.succeeded()
            ? shutDown(outcome.result())
            : Future.<Void>succeededFuture());
  }

  private synchronized void stopChecksTimer() {
    if (checksTimer != -1) {
      vertx.cancelTimer(checksTimer);
      checksTimer = -1;
    }
  }

  private Future<Void> shutDown(ShardManager running) {
    // The login may have completed, and started the timer, after shutdown() was called.
    stopChecksTimer();
    port.disconnect();
    return vertx.<Void>executeBlocking(() -> {
      running.shutdown();
      return null;
    }).onSuccess(ignored -> log.info("Discord shards {} of {} shut down",
        Arrays.toString(shards), shardCount));
  }

  /** The port to Discord; usable at once, its calls fail while not connected. */
  public DiscordPort port() {
    return port;
  }

  private ShardManager buildShardManager() {
    // "Light": no member or extra caches; modules need ids and names from the events only.
    return DefaultShardManagerBuilder.createLight(token, INTENTS)
        .setShardsTotal(shardCount)
        .setShards(shards)
        .addEventListeners(new JdaEventForwarder(events), new JdaSlashCommands(commands))
        .build();
  }

  private static String requireToken(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("a Discord bot token is required");
    }
    return token;
  }

  private static int[] requireShards(int shardCount, int[] shards) {
    if (shardCount < 1) {
      throw new IllegalArgumentException("shard count must be at least 1, was " + shardCount);
    }
    if (shards == null || shards.length == 0) {
      throw new IllegalArgumentException("at least one shard is required");
    }
    for (int shard : shards) {
      if (shard < 0 || shard >= shardCount) {
        throw new IllegalArgumentException(
            "shard " + shard + " is outside 0.." + (shardCount - 1));
      }
    }
    return shards.clone();
  }

  /**
   * Lets modules hold one port across the connection's life. Actions fail while not connected;
   * checks wait until {@link #openChecks}, then run on the connected port.
   */
  private static final class SwitchedPort implements DiscordPort {

    private volatile DiscordPort connected;
    private final Promise<Void> checksOpen = Promise.promise();

    void connectTo(DiscordPort port) {
      connected = port;
    }

    void openChecks() {
      checksOpen.tryComplete();
    }

    void loginFailed(Throwable cause) {
      checksOpen.tryFail(new DiscordPortException(
          "the bot could not log in to Discord: " + cause.getMessage(), cause));
    }

    void disconnect() {
      connected = null;
      checksOpen.tryFail(new DiscordPortException("not connected to Discord (shut down)"));
    }

    @Override
    public Future<Void> sendMessage(String channelId, String content) {
      return whenConnected(port -> port.sendMessage(channelId, content));
    }

    @Override
    public Future<Void> sendDirectMessage(String userId, String content) {
      return whenConnected(port -> port.sendDirectMessage(userId, content));
    }

    @Override
    public Future<Void> deleteMessage(String channelId, String messageId) {
      return whenConnected(port -> port.deleteMessage(channelId, messageId));
    }

    @Override
    public Future<Void> timeoutMember(
        String guildId, String userId, Duration duration, String reason) {
      return whenConnected(port -> port.timeoutMember(guildId, userId, duration, reason));
    }

    @Override
    public Future<Void> checkCanPost(String guildId, String channelId) {
      return whenChecksOpen(port -> port.checkCanPost(guildId, channelId));
    }

    @Override
    public Future<Void> checkPermissions(String guildId, Set<ModerationPermission> needed) {
      Set<ModerationPermission> copy = Set.copyOf(needed);
      return whenChecksOpen(port -> port.checkPermissions(guildId, copy));
    }

    /**
     * Runs {@code check} once the checks are open; its outcome completes the returned future on
     * the caller's context, in the order the checks were asked for.
     */
    private Future<Void> whenChecksOpen(Function<DiscordPort, Future<Void>> check) {
      Context caller = Vertx.currentContext();
      Future<Void> checked = checksOpen.future().compose(open -> whenConnected(check));
      if (caller == null || checked.isComplete()) {
        return checked;
      }
      Promise<Void> onCaller = Promise.promise();
      checked.onComplete(outcome -> completeOn(caller, onCaller, outcome));
      return onCaller.future();
    }

    private static void completeOn(Context caller, Promise<Void> promise, AsyncResult<Void> outcome) {
      if (Vertx.currentContext() == caller) {
        promise.handle(outcome);
      } else {
        caller.runOnContext(ignored -> promise.handle(outcome));
      }
    }

    private Future<Void> whenConnected(Function<DiscordPort, Future<Void>> call) {
      DiscordPort port = connected;
      return port == null
          ? Future.failedFuture(new DiscordPortException("not connected to Discord"))
          : call.apply(port);
    }
  }
}
