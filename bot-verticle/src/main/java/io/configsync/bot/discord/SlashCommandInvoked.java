package io.configsync.bot.discord;

import java.util.Map;

/**
 * A member used one of the bot's slash commands in a guild, e.g. {@code /welcome channel #general}.
 * The bot has acknowledged it already; {@link #reply} answers the member. Built by {@link
 * JdaEventForwarder}: every field but {@code subcommand} comes from a JDA getter that never returns null.
 *
 * @param interactionId the interaction's snowflake, for logs
 * @param guildId the guild's snowflake
 * @param userId the member's snowflake
 * @param userName the member's Discord username, recorded with the id as the actor of a change
 * @param command the command's name, e.g. {@code welcome}
 * @param subcommand the subcommand's name, e.g. {@code channel}, or null for a command without
 * @param options the options given, by name; a channel option's value is the channel's snowflake
 * @param canManageServer whether the member holds the Manage Server permission in the guild
 * @param reply answers the member
 */
public record SlashCommandInvoked(
    String interactionId,
    String guildId,
    String userId,
    String userName,
    String command,
    String subcommand,
    Map<String, String> options,
    boolean canManageServer,
    CommandReply reply) {

  public SlashCommandInvoked {
    options = Map.copyOf(options);
  }

  /** How the member typed it, e.g. {@code /welcome channel}. */
  public String fullName() {
    return "/" + command + (subcommand == null ? "" : " " + subcommand);
  }

  /** The value of option {@code name}, or null when not given. */
  public String option(String name) {
    return options.get(name);
  }
}
