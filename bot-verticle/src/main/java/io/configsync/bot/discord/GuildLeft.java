package io.configsync.bot.discord;

import java.util.Objects;

/**
 * The bot was removed from a guild (kicked, banned, or the guild was deleted).
 *
 * @param guildId the guild's snowflake
 */
public record GuildLeft(String guildId) {

  public GuildLeft {
    Objects.requireNonNull(guildId, "guildId");
  }
}
