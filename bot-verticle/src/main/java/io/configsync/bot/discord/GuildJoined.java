package io.configsync.bot.discord;

import java.util.Objects;

/**
 * The bot was added to a guild (Discord's GUILD_CREATE for a guild it was not in). Not sent for the guilds it is in at login.
 *
 * @param guildId the guild's snowflake
 */
public record GuildJoined(String guildId) {

  public GuildJoined {
    Objects.requireNonNull(guildId, "guildId");
  }
}
