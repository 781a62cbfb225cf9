package io.configsync.bot.discord;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * What bot modules may do on Discord. The only way modules reach Discord: the JDA adapter
 * ({@link JdaDiscordPort}) implements it in production, a recording implementation in tests.
 *
 * <p>Every method returns at once; the future completes when Discord answered. A failure (unknown
 * channel or user, missing permission, rate limit, not connected) fails the future and is never
 * thrown. Ids are Discord snowflakes as decimal strings.
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
}
