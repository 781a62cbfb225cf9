package io.configsync.bot.discord;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port of a bot running without {@code DISCORD_TOKEN}: configs still sync, and every Discord
 * call fails (none is expected, since no Discord event arrives either).
 *
 * <p>The apply checks succeed: there is no Discord to check against, and a headless bot applying a
 * config is exactly what it is for (tests, demos), so it reports the config as applied.
 */
public final class HeadlessDiscordPort implements DiscordPort {

  private static final Logger log = LoggerFactory.getLogger(HeadlessDiscordPort.class);

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

  @Override
  public Future<Void> checkCanPost(String guildId, String channelId) {
    log.debug("Headless bot: not checking that channel {} of guild {} can be posted in", channelId,
        guildId);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> checkPermissions(String guildId, Set<ModerationPermission> needed) {
    log.debug("Headless bot: not checking permissions {} in guild {}", needed, guildId);
    return Future.succeededFuture();
  }

  private static Future<Void> headless() {
    return Future.failedFuture(
        new DiscordPortException("headless bot: no Discord connection (DISCORD_TOKEN not set)"));
  }
}
