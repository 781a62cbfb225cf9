package io.configsync.codecs;

import java.util.regex.Pattern;

/**
 * Every Discord id ConfigSync reads, guilds and ids inside configs (channels...) alike: a snowflake
 * written in decimal, 17 to 19 digits with no leading zero, at most {@link Long#MAX_VALUE}, so that
 * it is a signed 64-bit number everywhere (PostgreSQL's {@code bigint} too). Discord ids stay below
 * it until 2084.
 */
public final class Snowflakes {

  private static final Pattern DECIMAL = Pattern.compile("[1-9][0-9]{16,18}");

  /** The rule in words, for error messages. */
  public static final String RULE =
      "a Discord snowflake: a decimal number of 17 to 19 digits, no leading zero, at most " + Long.MAX_VALUE;

  private Snowflakes() {}

  public static boolean isValid(String id) {
    if (id == null || !DECIMAL.matcher(id).matches()) {
      return false;
    }
    try {
      Long.parseLong(id);
      return true;
    } catch (NumberFormatException tooLarge) {
      return false;
    }
  }
}
