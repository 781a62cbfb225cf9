package io.configsync.bot.commands;

import io.configsync.bot.discord.SlashCommandDefinition.Option;
import io.configsync.bot.discord.SlashCommandDefinition.Subcommand;
import io.configsync.bot.discord.SlashCommandInvoked;
import io.configsync.codecs.modules.Welcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * {@code /welcome message <text>}: the welcome's template. Needs a config already: without one
 * there is nowhere to post, so the admin is asked to pick a channel first.
 */
final class WelcomeMessageCommand extends ModuleCommand {

  WelcomeMessageCommand(ConfigEdits edits) {
    super(edits, Subcommand.of("message",
        "Set the welcome text; may use {user}, {user.mention}, {server}, {memberCount}",
        Option.text("text", "What new members are told", Welcome.MESSAGE_MAX_LENGTH)));
  }

  @Override
  public Future<String> run(SlashCommandInvoked invocation) {
    String message = invocation.option("text");
    Optional<ConfigState> base = edits.current(invocation, WelcomeChanges.INSTANCE);
    if (base.map(ConfigState::config).isEmpty()) {
      return Future.succeededFuture(
          "Welcome is not set up in this server yet: pick a channel with /welcome channel first.");
    }
    JsonObject config = base.get().configCopy().put("message", message);
    return edits.proposeConfig(invocation, WelcomeChanges.INSTANCE, base, config, state ->
        "Welcome message set to " + Texts.quote(message, 200) + " (version " + state.version() + ").");
  }
}
