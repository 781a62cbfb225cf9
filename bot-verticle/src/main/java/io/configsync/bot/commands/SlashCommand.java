package io.configsync.bot.commands;

import io.configsync.bot.discord.SlashCommandDefinition;
import io.configsync.bot.discord.SlashCommandInvoked;
import io.vertx.core.Future;

/**
 * One subcommand, e.g. {@code /welcome channel}: what Discord shows, and what it does. {@link
 * SlashCommands} runs it on the bot verticle's context, once the member's Manage Server permission
 * is checked, and sends the answer.
 */
interface SlashCommand {

  SlashCommandDefinition.Subcommand definition();

  /** The answer for the member; a failed future is answered as an error. */
  Future<String> run(SlashCommandInvoked invocation);
}
