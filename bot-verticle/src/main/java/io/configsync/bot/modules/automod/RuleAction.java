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

  /** The actions without a parameter, shared by every rule that has them. */
  static final RuleAction DELETE = new RuleAction(Type.DELETE, null);
  static final RuleAction WARN = new RuleAction(Type.WARN, null);

  RuleAction {
    Objects.requireNonNull(type, "type");
    if ((type == Type.TIMEOUT) != (timeout != null)) {
      throw new IllegalArgumentException("a timeout duration goes with the timeout action only");
    }
  }
}
