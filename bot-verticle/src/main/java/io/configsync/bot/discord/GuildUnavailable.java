package io.configsync.bot.discord;

import java.util.Objects;

/**
 * A guild the bot is in became unavailable (a Discord outage); the bot is still in it.
 *
 * @param guildId the guild's snowflake
 */
public record GuildUnavailable(String guildId) {

  public GuildUnavailable {
    Objects.requireNonNull(guildId, "guildId");
  }
}
