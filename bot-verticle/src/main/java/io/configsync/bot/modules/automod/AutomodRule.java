package io.configsync.bot.modules.automod;

import java.util.Objects;

/** One compiled rule of a guild's automod config. */
record AutomodRule(String id, RuleCondition condition, RuleAction action) {

  AutomodRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(action, "action");
  }

  boolean matches(String content) {
    return condition.matches(content);
  }
}
