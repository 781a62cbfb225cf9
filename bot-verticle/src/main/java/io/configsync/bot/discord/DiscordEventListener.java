package io.configsync.bot.discord;

/**
 * Reacts to Discord events. Bot modules that act on Discord activity implement it next to
 * {@code BotModule}; {@link DiscordEvents} calls it on a Vert.x event loop, so it may touch the
 * module's state the same way the module's lifecycle methods do. It must not block, and it should
 * not throw: an exception is logged and skipped.
 */
public interface DiscordEventListener {

  /** A member joined a guild. */
  default void onMemberJoined(MemberJoined event) {}

  /** A message was posted in a guild channel. */
  default void onMessagePosted(MessagePosted event) {}

  /** A member used one of the bot's slash commands; the listener that handles it replies. */
  default void onSlashCommand(SlashCommandInvoked event) {}

  /** The bot was added to a guild. */
  default void onGuildJoined(GuildJoined event) {}

  /** The bot was removed from a guild. */
  default void onGuildLeft(GuildLeft event) {}

  /** A guild the bot is in became unavailable (an outage); it is still a member. */
  default void onGuildUnavailable(GuildUnavailable event) {}
}
