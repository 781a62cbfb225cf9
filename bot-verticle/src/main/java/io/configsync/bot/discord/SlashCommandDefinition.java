package io.configsync.bot.discord;

import java.util.List;
import java.util.Objects;

/**
 * A slash command the bot registers with Discord, with its subcommands, described without JDA.
 * Every command is for guilds only and, by default, shown to members with Manage Server only
 * (admins can widen that in the server's settings, so handlers check the permission again).
 *
 * @param name lower case, 1..32 characters, e.g. {@code welcome}
 * @param description 1..100 characters
 */
public record SlashCommandDefinition(String name, String description, List<Subcommand> subcommands) {

  public SlashCommandDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    subcommands = List.copyOf(subcommands);
  }

  /** E.g. {@code channel} of {@code /welcome channel}. */
  public record Subcommand(String name, String description, List<Option> options) {

    public Subcommand {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      options = List.copyOf(options);
    }

    public static Subcommand of(String name, String description, Option... options) {
      return new Subcommand(name, description, List.of(options));
    }
  }

  /**
   * A required option of a subcommand.
   *
   * @param maxLength for {@link OptionKind#TEXT}: the longest text Discord lets the member type
   */
  public record Option(String name, String description, OptionKind kind, int maxLength) {

    public Option {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(kind, "kind");
    }

    public static Option text(String name, String description, int maxLength) {
      return new Option(name, description, OptionKind.TEXT, maxLength);
    }

    public static Option textChannel(String name, String description) {
      return new Option(name, description, OptionKind.TEXT_CHANNEL, 0);
    }
  }

  /** What the member picks or types for an option. */
  public enum OptionKind {
    /** Free text. */
    TEXT,
    /** A text or announcement channel of the guild; its value is the channel's snowflake. */
    TEXT_CHANNEL
  }
}
