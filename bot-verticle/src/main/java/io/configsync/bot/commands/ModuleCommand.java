package io.configsync.bot.commands;

import io.configsync.bot.discord.SlashCommandDefinition.Subcommand;

/** A subcommand that reads or changes one module's config through the {@link ConfigEdits} it shares. */
abstract class ModuleCommand implements SlashCommand {

  protected final ConfigEdits edits;
  private final Subcommand definition;

  ModuleCommand(ConfigEdits edits, Subcommand definition) {
    this.edits = edits;
    this.definition = definition;
  }

  @Override
  public final Subcommand definition() {
    return definition;
  }
}
