package io.configsync.bot.commands;

import io.configsync.bot.discord.SlashCommandDefinition.Option;
import io.configsync.bot.discord.SlashCommandDefinition.Subcommand;
import io.configsync.bot.discord.SlashCommandInvoked;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * {@code /welcome channel #channel}: welcomes are posted in that channel (rather than sent by direct
 * message). Without a config yet, this sets welcome up with {@link #DEFAULT_MESSAGE}, so one command
 * is enough to start; {@code /welcome message} changes it.
 */
final class WelcomeChannelCommand extends ModuleCommand {

  static final String DEFAULT_MESSAGE = "Welcome to {server}, {user.mention}!";

  WelcomeChannelCommand(ConfigEdits edits) {
    super(edits, Subcommand.of("channel", "Post welcome messages in a channel",
        Option.textChannel("channel", "Where new members are welcomed")));
  }

  @Override
  public Future<String> run(SlashCommandInvoked invocation) {
    String channelId = invocation.option("channel");
    Optional<ConfigState> base = edits.current(invocation, WelcomeChanges.INSTANCE);
    JsonObject config = base.map(ConfigState::configCopy).orElseGet(JsonObject::new);
    boolean fresh = config.getString("message") == null;
    boolean wasDm = config.getBoolean("dm", false);
    if (fresh) {
      config.put("message", DEFAULT_MESSAGE);
    }
    config.put("channelId", channelId).remove("dm");
    return edits.proposeConfig(invocation, WelcomeChanges.INSTANCE, base, config, state ->
        "Welcome channel set to " + Texts.channel(channelId) + " (version " + state.version() + ")."
            + (wasDm ? " Welcomes are posted there instead of sent by direct message." : "")
            + (fresh ? " New members get the default message " + Texts.quote(DEFAULT_MESSAGE, 100)
                + "; change it with /welcome message." : ""));
  }
}
