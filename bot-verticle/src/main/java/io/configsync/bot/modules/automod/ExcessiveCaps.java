package io.configsync.bot.modules.automod;

/**
 * Matches a message whose share of upper-case letters, among the letters that have a case, is
 * above {@code maxCapsRatio}.
 */
final class ExcessiveCaps implements RuleCondition {

  /** Shorter messages ("OK", "LOL", "GG WP") are never shouting. */
  static final int MIN_CASED_LETTERS = 10;

  private final double maxCapsRatio;

  ExcessiveCaps(double maxCapsRatio) {
    this.maxCapsRatio = maxCapsRatio;
  }

  @Override
  public boolean matches(String content) {
    int cased = 0;
    int upper = 0;
    for (int i = 0; i < content.length(); ) {
      int codePoint = content.codePointAt(i);
      if (Character.isUpperCase(codePoint)) {
        upper++;
        cased++;
      } else if (Character.isLowerCase(codePoint) || Character.isTitleCase(codePoint)) {
        cased++;
      }
      i += Character.charCount(codePoint);
    }
    return cased >= MIN_CASED_LETTERS && (double) upper / cased > maxCapsRatio;
  }
}
