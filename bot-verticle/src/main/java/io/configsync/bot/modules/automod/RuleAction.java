package io.configsync.bot.modules.automod;

import java.time.Duration;
import java.util.Objects;

/**
 * What happens to a message that matches a rule.
 *
 * @param type delete it, warn its author, or delete it and time its author out
 * @param timeout how long a timeout lasts; null unless {@code type} is {@link Type#TIMEOUT}
 */
record RuleAction(Type type, Duration timeout) {

  enum Type { DELETE, WARN, TIMEOUT }

  RuleAction {
    Objects.requireNonNull(type, "type");
    if ((type == Type.TIMEOUT) != (timeout != null)) {
      throw new IllegalArgumentException("a timeout duration goes with the timeout action only");
    }
  }
}
