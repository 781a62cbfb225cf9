package io.configsync.bot.discord;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Message.MentionType;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.UserSnowflake;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.middleman.GuildChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.sharding.ShardManager;

/**
 * {@link DiscordPort} on JDA. Every request is queued, never awaited, and its outcome completes
 * the returned future on the caller's Vert.x context (or on JDA's thread when called from outside
 * Vert.x).
 *
 * <p>The checks read JDA's cache only (no request): the self member, its roles and its own
 * permission overrides are cached even by a "light" shard manager. They are meaningful once the
 * guild's shard is connected; before that they fail, saying so.
 */
public final class JdaDiscordPort implements DiscordPort {

  // Template values (server names, user names) may contain "@everyone": only users may be pinged.
  private static final EnumSet<MentionType> ALLOWED_MENTIONS = EnumSet.of(MentionType.USER);

  private final ShardManager shards;

  public JdaDiscordPort(ShardManager shards) {
    this.shards = Objects.requireNonNull(shards, "shards");
  }

  @Override
  public Future<Void> sendMessage(String channelId, String content) {
    return queue("send a message to channel " + channelId, () ->
        messageChannel(channelId).sendMessage(content).setAllowedMentions(ALLOWED_MENTIONS));
  }

  @Override
  public Future<Void> sendDirectMessage(String userId, String content) {
    return queue("send a direct message to user " + userId, () ->
        shards.retrieveUserById(userId)
            .flatMap(User::openPrivateChannel)
            .flatMap(channel -> channel.sendMessage(content).setAllowedMentions(ALLOWED_MENTIONS)));
  }

  @Override
  public Future<Void> deleteMessage(String channelId, String messageId) {
    return queue("delete message " + messageId + " in channel " + channelId, () ->
        messageChannel(channelId).deleteMessageById(messageId));
  }

  @Override
  public Future<Void> timeoutMember(
      String guildId, String userId, Duration duration, String reason) {
    return queue("time out user " + userId + " in guild " + guildId, () ->
        guild(guildId).timeoutFor(UserSnowflake.fromId(userId), duration).reason(reason));
  }

  @Override
  public Future<Void> checkCanPost(String guildId, String channelId) {
    return check("post in channel " + channelId + " of guild " + guildId, () -> {
      Guild guild = guildToCheck(guildId);
      GuildChannel channel = guild.getGuildChannelById(channelId);
      if (channel == null) {
        throw new DiscordPortException(
            "channel " + channelId + " does not exist in guild " + describe(guild));
      }
      ChannelType type = channel.getType();
      if (type != ChannelType.TEXT && type != ChannelType.NEWS) {
        throw new DiscordPortException(describe(channel) + " in guild " + describe(guild)
            + " is a " + kind(type) + " channel, not a text channel");
      }
      Member self = guild.getSelfMember();
      for (Permission permission : List.of(Permission.VIEW_CHANNEL, Permission.MESSAGE_SEND)) {
        if (!self.hasPermission(channel, permission)) {
          throw new DiscordPortException("the bot lacks the " + permission.getName()
              + " permission in " + describe(channel));
        }
      }
    });
  }

  @Override
  public Future<Void> checkPermissions(String guildId, Set<ModerationPermission> needed) {
    return check("check the permissions of the bot in guild " + guildId, () -> {
      Guild guild = guildToCheck(guildId);
      Member self = guild.getSelfMember();
      EnumSet<ModerationPermission> missing = EnumSet.noneOf(ModerationPermission.class);
      for (ModerationPermission permission : needed) {
        if (!self.hasPermission(jdaPermission(permission))) {
          missing.add(permission);
        }
      }
      if (!missing.isEmpty()) {
        throw MissingPermissionsException.in(describe(guild), missing);
      }
    });
  }

  /** The guild, from the cache of its connected shard; throws when the bot cannot see it. */
  private Guild guildToCheck(String guildId) {
    long id = Long.parseLong(guildId);
    int shardCount = shards.getShardsTotal();
    int shardId = (int) ((id >> 22) % Math.max(1, shardCount));
    JDA shard = shards.getShardById(shardId);
    if (shard == null || shard.getStatus() != JDA.Status.CONNECTED) {
      throw new DiscordPortException("Discord shard " + shardId + " of this bot is not connected ("
          + (shard == null ? "not started" : shard.getStatus()) + "), so guild " + guildId
          + " cannot be checked now");
    }
    Guild guild = shard.getGuildById(id);
    if (guild == null) {
      throw new DiscordPortException(shard.isUnavailable(id)
          ? "guild " + guildId + " is unavailable on Discord right now (outage)"
          : "the bot is not in guild " + guildId);
    }
    return guild;
  }

  private static Permission jdaPermission(ModerationPermission permission) {
    return switch (permission) {
      case MANAGE_MESSAGES -> Permission.MESSAGE_MANAGE;
      case MODERATE_MEMBERS -> Permission.MODERATE_MEMBERS;
    };
  }

  private static String kind(ChannelType type) {
    return type.name().toLowerCase(Locale.ROOT).replace("guild_", "").replace('_', ' ');
  }

  private static String describe(Guild guild) {
    return guild.getName() + " (" + guild.getId() + ")";
  }

  private static String describe(GuildChannel channel) {
    return "#" + channel.getName() + " (" + channel.getId() + ")";
  }

  /** Runs a cache-only check at once; a JDA exception (e.g. a malformed id) fails it too. */
  private static Future<Void> check(String what, Runnable check) {
    try {
      check.run();
      return Future.succeededFuture();
    } catch (DiscordPortException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(failed(what, e));
    }
  }

  private GuildMessageChannel messageChannel(String channelId) {
    GuildMessageChannel channel = shards.getChannelById(GuildMessageChannel.class, channelId);
    if (channel == null) {
      throw new DiscordPortException(
          "no message channel " + channelId + " is visible to this bot's shards");
    }
    return channel;
  }

  private Guild guild(String guildId) {
    Guild guild = shards.getGuildById(guildId);
    if (guild == null) {
      throw new DiscordPortException("guild " + guildId + " is not on this bot's shards");
    }
    return guild;
  }

  private static Future<Void> queue(String what, Supplier<RestAction<?>> request) {
    Context caller = Vertx.currentContext();
    Promise<Void> promise = Promise.promise();
    try {
      request.get().queue(
          ok -> completeOn(caller, promise::complete),
          failure -> completeOn(caller, () -> promise.fail(failed(what, failure))));
    } catch (RuntimeException e) {
      // JDA checks ids, lengths and permissions before anything is sent, by throwing.
      promise.fail(failed(what, e));
    }
    return promise.future();
  }

  private static DiscordPortException failed(String what, Throwable cause) {
    return cause instanceof DiscordPortException known
        ? new DiscordPortException("Could not " + what + ": " + known.getMessage())
        : new DiscordPortException("Could not " + what + ": " + cause.getMessage(), cause);
  }

  static void completeOn(Context context, Runnable completion) {
    if (context == null) {
      completion.run();
    } else {
      context.runOnContext(ignored -> completion.run());
    }
  }
}
