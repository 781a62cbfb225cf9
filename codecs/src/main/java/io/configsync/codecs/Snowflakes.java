package io.configsync.codecs;

/**
 * Every Discord id ConfigSync reads, guilds and ids inside configs (channels...) alike: a snowflake
 * written in decimal, 17 to 19 digits with no leading zero, at most {@link Long#MAX_VALUE}, so that
 * it is a signed 64-bit number everywhere (PostgreSQL's {@code bigint} too). Discord ids stay below
 * it until 2084.
 */
public final class Snowflakes {

  private static final int MIN_DIGITS = 17;
  private static final int MAX_DIGITS = 19;

  /** The rule in words, for error messages. */
  public static final String RULE =
      "a Discord snowflake: a decimal number of 17 to 19 digits, no leading zero, at most " + Long.MAX_VALUE;

  private Snowflakes() {}

  public static boolean isValid(String id) {
    if (id == null || !isDecimal(id)) {
      return false;
    }
    try {
      Long.parseLong(id);
      return true;
    } catch (NumberFormatException tooLarge) {
      return false;
    }
  }

  /** 17 to 19 ASCII digits, the first not 0: checked char by char, as every id of every config goes through here. */
  private static boolean isDecimal(String id) {
    int length = id.length();
    if (length < MIN_DIGITS || length > MAX_DIGITS || id.charAt(0) == '0') {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
