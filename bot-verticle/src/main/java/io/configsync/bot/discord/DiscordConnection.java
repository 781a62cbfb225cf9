package io.configsync.bot.discord;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.function.Function;
import net.dv8tion.jda.api.requests.GatewayIntent;
import net.dv8tion.jda.api.sharding.DefaultShardManagerBuilder;
import net.dv8tion.jda.api.sharding.ShardManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's login to Discord: a JDA shard manager for some shards of the bot, whose events go to
 * {@link DiscordEvents} and whose actions are reached through {@link #port()}.
 */
public final class DiscordConnection {

  private static final Logger log = LoggerFactory.getLogger(DiscordConnection.class);

  // GUILD_MEMBERS (join events) and MESSAGE_CONTENT are privileged: enable them for the bot in
  // Discord's developer portal, or the login is refused.
  private static final EnumSet<GatewayIntent> INTENTS = EnumSet.of(
      GatewayIntent.GUILD_MEMBERS, GatewayIntent.GUILD_MESSAGES, GatewayIntent.MESSAGE_CONTENT);

  private final Vertx vertx;
  private final String token;
  private final int shardCount;
  private final int[] shards;
  private final DiscordEvents events;
  private final SwitchedPort port = new SwitchedPort();
  private Future<ShardManager> login;

  /**
   * @param token the bot token; never logged
   * @param shardCount how many shards the bot has in total
   * @param shards the shards this process runs, each in {@code [0, shardCount)}
   */
  public DiscordConnection(
      Vertx vertx, String token, int shardCount, int[] shards, DiscordEvents events) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.token = requireToken(token);
    this.shardCount = shardCount;
    this.shards = requireShards(shardCount, shards);
    this.events = Objects.requireNonNull(events, "events");
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
          log.info("Discord login started for shards {} of {}", Arrays.toString(shards), shardCount);
        })
        .onFailure(e -> log.error("Discord login failed for shards {} of {}: {}",
            Arrays.toString(shards), shardCount, e.getMessage()));
    return login.mapEmpty();
  }

  /**
   * Disconnects every shard, after a login still under way; the port fails from now on. Does
   * nothing when not started or when the login failed.
   */
  public synchronized Future<Void> shutdown() {
    if (login == null) {
      return Future.succeededFuture();
    }
    Future<ShardManager> stopping = login;
    login = Future.failedFuture(new IllegalStateException("Discord connection shut down"));
    return stopping
        .transform(outcome -> outcome.succeeded()
            ? shutDown(outcome.result())
            : Future.<Void>succeededFuture());
  }

  private Future<Void> shutDown(ShardManager running) {
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
        .addEventListeners(new JdaEventForwarder(events))
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

  /** Lets modules hold one port across the connection's life. */
  private static final class SwitchedPort implements DiscordPort {

    private volatile DiscordPort connected;

    void connectTo(DiscordPort port) {
      connected = port;
    }

    void disconnect() {
      connected = null;
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

    private Future<Void> whenConnected(Function<DiscordPort, Future<Void>> call) {
      DiscordPort port = connected;
      return port == null
          ? Future.failedFuture(new DiscordPortException("not connected to Discord"))
          : call.apply(port);
    }
  }
}
