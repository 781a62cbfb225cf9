package io.configsync.bot.modules.automod;

import com.google.re2j.Pattern;

/**
 * Matches a message in which the pattern is found anywhere. RE2J runs in time linear in the
 * message, so a hostile pattern such as {@code (a+)+$} cannot stall the bot; in exchange it has no
 * backreferences or lookaround.
 */
final class RegexCondition implements RuleCondition {

  private final Pattern pattern;

  /** Throws {@link com.google.re2j.PatternSyntaxException} if {@code regex} does not compile. */
  RegexCondition(String regex) {
    this.pattern = SharedPatterns.compile(regex);
  }

  @Override
  public boolean matches(String content) {
    return pattern.matcher(content).find();
  }
}
