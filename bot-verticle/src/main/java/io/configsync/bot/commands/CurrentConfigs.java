package io.configsync.bot.commands;

import io.configsync.bot.sync.HeldConfigs;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The newest state a command can know of a (guild, module): what the bot holds, or what the backend
 * answered to a proposal if that is newer. The answer often arrives before the bot applied the
 * matching event, and a conflict about a config the bot never held (disabled before it started)
 * brings no event at all; without this, the admin's next command would conflict again.
 *
 * <p>Confined to the bot verticle's context.
 */
final class CurrentConfigs {

  private record Key(String guildId, String moduleId) {}

  private final HeldConfigs held;
  private final Map<Key, ConfigState> answered = new HashMap<>();

  CurrentConfigs(HeldConfigs held) {
    this.held = Objects.requireNonNull(held, "held");
  }

  Optional<ConfigState> find(String guildId, String moduleId) {
    Key key = new Key(guildId, moduleId);
    Optional<ConfigState> fromBot = held.find(guildId, moduleId).map(ConfigState::of);
    ConfigState fromBackend = answered.get(key);
    if (fromBackend == null) {
      return fromBot;
    }
    if (fromBot.isPresent() && fromBot.get().version() >= fromBackend.version()) {
      answered.remove(key);
      return fromBot;
    }
    return Optional.of(fromBackend);
  }

  /** Remembers a state the backend answered, until the bot holds that version or a newer one. */
  void learn(ConfigState state) {
    answered.merge(new Key(state.guildId(), state.moduleId()), state,
        (known, latest) -> latest.version() >= known.version() ? latest : known);
  }
}
