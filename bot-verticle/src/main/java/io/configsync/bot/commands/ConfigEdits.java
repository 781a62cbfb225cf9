package io.configsync.bot.commands;

import io.configsync.bot.discord.SlashCommandInvoked;
import io.configsync.codecs.FailureCodes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the commands that change a config share: the state to start from, the proposal based on its
 * version, and the answer to the admin (the result, or the conflict and what changed meanwhile).
 */
final class ConfigEdits {

  private final CurrentConfigs current;
  private final ConfigProposer proposer;

  ConfigEdits(CurrentConfigs current, ConfigProposer proposer) {
    this.current = current;
    this.proposer = proposer;
  }

  /** The newest state known of the module in the member's guild. */
  Optional<ConfigState> current(SlashCommandInvoked invocation, ConfigChanges module) {
    return current.find(invocation.guildId(), module.moduleId());
  }

  /** Proposes {@code config}, based on {@code base}'s version; {@code applied} words a success. */
  Future<String> proposeConfig(SlashCommandInvoked invocation, ConfigChanges module, Optional<ConfigState> base,
                               JsonObject config, Function<ConfigState, String> applied) {
    return proposer.proposeConfig(invocation.guildId(), module.moduleId(), baseVersion(base), config,
            ConfigProposer.Member.of(invocation.userId(), invocation.userName()))
        .map(result -> answer(result, module, base,
            state -> applied.apply(state) + (state.enabled() ? "" : " " + module.whenOff())));
  }

  /** Proposes to turn the module on or off, based on {@code base}'s version. */
  Future<String> proposeEnabled(SlashCommandInvoked invocation, ConfigChanges module, Optional<ConfigState> base,
                                boolean enabled, Function<ConfigState, String> applied) {
    return proposer.proposeEnabled(invocation.guildId(), module.moduleId(), baseVersion(base), enabled,
            ConfigProposer.Member.of(invocation.userId(), invocation.userName()))
        .map(result -> answer(result, module, base, applied));
  }

  // Versions start at 1: 0 tells the backend this bot knows of no config.
  private static long baseVersion(Optional<ConfigState> base) {
    return base.map(ConfigState::version).orElse(0L);
  }

  private String answer(ProposalResult result, ConfigChanges module, Optional<ConfigState> base,
                        Function<ConfigState, String> applied) {
    if (result instanceof ProposalResult.Applied done) {
      current.learn(done.state());
      return applied.apply(done.state());
    }
    if (result instanceof ProposalResult.Conflict conflict) {
      return conflicted(conflict, module, base.orElse(null));
    }
    if (result instanceof ProposalResult.Refused refused) {
      return "The " + module.moduleId() + " config was not changed: " + refused.message() + "."
          + (refused.code() == FailureCodes.NOT_FOUND ? " " + module.howToSetUp() : "");
    }
    ProposalResult.Unavailable unavailable = (ProposalResult.Unavailable) result;
    return unavailable.mayHaveApplied()
        ? "Could not confirm the change: " + unavailable.message() + ". It may still apply; check before"
            + " running the command again."
        : "The " + module.moduleId() + " config was not changed: " + unavailable.message() + ". Try again later.";
  }

  private String conflicted(ProposalResult.Conflict conflict, ConfigChanges module, ConfigState base) {
    String meanwhile = "Someone changed the " + module.moduleId() + " config meanwhile";
    ConfigState now = conflict.current();
    if (now == null) {
      return meanwhile + " (" + conflict.message() + "); run the command again.";
    }
    current.learn(now);
    List<String> changes = new ArrayList<>();
    boolean wasEnabled = base != null && base.enabled();
    if (wasEnabled != now.enabled()) {
      changes.add(now.enabled() ? "turned on" : "turned off");
    }
    changes.addAll(module.between(base == null ? null : base.config(), now.config()));
    return meanwhile + " (now version " + now.version()
        + (changes.isEmpty() ? "" : ": " + String.join("; ", changes)) + "); run the command again.";
  }
}
