package io.configsync.codecs;

/**
 * The limits of the bundled modules' configs, in one place: the backend refuses a config over them
 * (its checks read them here; the schemas declare the same numbers for clients, and a test keeps
 * them equal), and the bot's modules apply the same rules, so the backend never stores a config a
 * bot would refuse.
 *
 * <p>Text is counted in UTF-16 code units ({@link String#length()}), as Discord and JDA count a
 * message: an emoji outside the Basic Multilingual Plane counts two. JSON Schema's {@code maxLength}
 * counts code points, so the backend checks these lengths itself as well.
 */
public final class ModuleLimits {

  /** welcome: the message template, 1 to 2,000 UTF-16 units (Discord's limit for a message). */
  public static final int WELCOME_MESSAGE_MAX_LENGTH = 2_000;

  /** automod: rules in one config. */
  public static final int AUTOMOD_MAX_RULES = 100;
  /** automod: a rule id, 1 to 64 UTF-16 units. */
  public static final int AUTOMOD_RULE_ID_MAX_LENGTH = 64;
  /** automod: {@code maxMentions} of a mass_mentions rule, from 1. */
  public static final int AUTOMOD_MAX_MENTIONS = 1_000;
  /** automod: {@code timeoutSeconds}, from 1 second to 28 days, Discord's longest timeout. */
  public static final int AUTOMOD_MAX_TIMEOUT_SECONDS = 2_419_200;

  private ModuleLimits() {}

  /** The length of {@code text} as these limits count it: UTF-16 code units. */
  public static int textLength(String text) {
    return text.length();
  }

  /**
   * Whether {@code text} has a character other than the ASCII white space {@code \s} stands for in
   * the schemas' patterns (space, tab, line feed, vertical tab, form feed, carriage return).
   */
  public static boolean hasVisibleCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (" \t\n\u000B\f\r".indexOf(text.charAt(i)) < 0) {
        return true;
      }
    }
    return false;
  }
}
