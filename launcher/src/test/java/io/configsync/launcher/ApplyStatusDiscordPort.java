package io.configsync.launcher;

import io.configsync.bot.discord.DiscordPort;
import io.configsync.bot.discord.DiscordPortException;
import io.configsync.bot.discord.ModerationPermission;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Set;

/**
 * A Discord for {@link ApplyStatusTest}: the bot is in every guild and holds every permission, and
 * only the given channels exist. Actions succeed in existing channels and are otherwise refused.
 */
final class ApplyStatusDiscordPort implements DiscordPort {

  private final Set<String> existingChannels;

  ApplyStatusDiscordPort(Set<String> existingChannels) {
    this.existingChannels = Set.copyOf(existingChannels);
  }

  @Override
  public Future<Void> sendMessage(String channelId, String content) {
    return existingChannels.contains(channelId)
        ? Future.succeededFuture()
        : Future.failedFuture(new DiscordPortException("Unknown Channel " + channelId));
  }

  @Override
  public Future<Void> sendDirectMessage(String userId, String content) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> deleteMessage(String channelId, String messageId) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> timeoutMember(String guildId, String userId, Duration duration, String reason) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> checkCanPost(String guildId, String channelId) {
    return existingChannels.contains(channelId)
        ? Future.succeededFuture()
        : Future.failedFuture(new DiscordPortException(
            "channel " + channelId + " does not exist in guild " + guildId));
  }

  @Override
  public Future<Void> checkPermissions(String guildId, Set<ModerationPermission> needed) {
    return Future.succeededFuture();
  }
}
