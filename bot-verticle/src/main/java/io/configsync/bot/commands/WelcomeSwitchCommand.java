package io.configsync.bot.commands;

import io.configsync.bot.discord.SlashCommandDefinition.Subcommand;
import io.configsync.bot.discord.SlashCommandInvoked;
import io.vertx.core.Future;
import java.util.Optional;

/** {@code /welcome on} and {@code /welcome off}: the config stays, only whether it acts changes. */
final class WelcomeSwitchCommand extends ModuleCommand {

  private final boolean enable;

  private WelcomeSwitchCommand(ConfigEdits edits, boolean enable) {
    super(edits, enable
        ? Subcommand.of("on", "Turn welcome messages on")
        : Subcommand.of("off", "Turn welcome messages off (the settings are kept)"));
    this.enable = enable;
  }

  static WelcomeSwitchCommand on(ConfigEdits edits) {
    return new WelcomeSwitchCommand(edits, true);
  }

  static WelcomeSwitchCommand off(ConfigEdits edits) {
    return new WelcomeSwitchCommand(edits, false);
  }

  @Override
  public Future<String> run(SlashCommandInvoked invocation) {
    Optional<ConfigState> base = edits.current(invocation, WelcomeChanges.INSTANCE);
    long baseVersion = base.map(ConfigState::version).orElse(0L);
    String now = enable ? "on" : "off";
    return edits.proposeEnabled(invocation, WelcomeChanges.INSTANCE, base, enable, state ->
        // The backend answers an unchanged state, same version, when there was nothing to switch.
        (state.version() == baseVersion ? "Welcome was already " : "Welcome is now ") + now
            + " (version " + state.version() + ").");
  }
}
