package io.configsync.bot.discord;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.function.Supplier;
import net.dv8tion.jda.api.entities.Guild;
import net.dv8tion.jda.api.entities.Message.MentionType;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.UserSnowflake;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.sharding.ShardManager;

/**
 * {@link DiscordPort} on JDA. Every request is queued, never awaited, and its outcome completes
 * the returned future on the caller's Vert.x context (or on JDA's thread when called from outside
 * Vert.x).
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

  private static void completeOn(Context context, Runnable completion) {
    if (context == null) {
      completion.run();
    } else {
      context.runOnContext(ignored -> completion.run());
    }
  }
}
