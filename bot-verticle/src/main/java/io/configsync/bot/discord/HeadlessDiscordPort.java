package io.configsync.bot.discord;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * The port of a bot running without {@code DISCORD_TOKEN}: configs still sync, and every Discord
 * call fails (none is expected, since no Discord event arrives either).
 */
public final class HeadlessDiscordPort implements DiscordPort {

  @Override
  public Future<Void> sendMessage(String channelId, String content) {
    return headless();
  }

  @Override
  public Future<Void> sendDirectMessage(String userId, String content) {
    return headless();
  }

  @Override
  public Future<Void> deleteMessage(String channelId, String messageId) {
    return headless();
  }

  @Override
  public Future<Void> timeoutMember(
      String guildId, String userId, Duration duration, String reason) {
    return headless();
  }

  private static Future<Void> headless() {
    return Future.failedFuture(
        new DiscordPortException("headless bot: no Discord connection (DISCORD_TOKEN not set)"));
  }
}
