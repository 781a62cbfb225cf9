package io.configsync.bot.discord;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Set;

/**
 * What bot modules may do on Discord. The only way modules reach Discord: the JDA adapter
 * ({@link JdaDiscordPort}) implements it in production, a recording implementation in tests.
 *
 * <p>Every method returns at once; the future completes when Discord answered. A failure (unknown
 * channel or user, missing permission, rate limit, not connected) fails the future and is never
 * thrown. Ids are Discord snowflakes as decimal strings.
 *
 * <p>The {@code check} methods tell, when a module applies a config, whether it will be able to act
 * on it; their failure message is shown to the guild's admin (it is the apply status the bot
 * reports), so it names the guild, channel or permission at fault. They change nothing on Discord.
 */
public interface DiscordPort {

  /**
   * Posts {@code content} in the guild channel {@code channelId}. Only user mentions ping: a text
   * such as {@code @everyone} coming from a server name or a template is shown, not notified.
   */
  Future<Void> sendMessage(String channelId, String content);

  /** Sends {@code content} to the user {@code userId} in a direct message. */
  Future<Void> sendDirectMessage(String userId, String content);

  /** Deletes the message {@code messageId} from the channel {@code channelId}. */
  Future<Void> deleteMessage(String channelId, String messageId);

  /**
   * Times the member {@code userId} of {@code guildId} out for {@code duration} (Discord allows at
   * most 28 days); {@code reason} appears in the guild's audit log.
   */
  Future<Void> timeoutMember(String guildId, String userId, Duration duration, String reason);

  /**
   * Succeeds if the bot can post in {@code channelId} of {@code guildId}: the bot is in the guild,
   * the channel exists there and is a text (or announcement) channel, and the bot may view it and
   * send messages in it.
   */
  Future<Void> checkCanPost(String guildId, String channelId);

  /**
   * Succeeds if the bot holds every one of {@code needed} in {@code guildId} (guild-wide, as roles
   * grant them); succeeds at once when {@code needed} is empty and the bot is in the guild.
   */
  Future<Void> checkPermissions(String guildId, Set<ModerationPermission> needed);
}
