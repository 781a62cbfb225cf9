package io.configsync.codecs;

/**
 * Guild ids are Discord snowflakes: 64-bit numbers written in decimal. ConfigSync accepts them up to
 * {@link Long#MAX_VALUE} (17 to 19 digits; Discord ids stay below it until 2084), so that they sort
 * and shard as signed 64-bit numbers everywhere, PostgreSQL's {@code bigint} included. A 20-digit
 * id would exceed it and is refused. Every Discord id in a config follows the same rule: {@link Snowflakes}.
 */
public final class GuildIds {

  /** The rule in words, for error messages. */
  public static final String RULE = "a guild id is " + Snowflakes.RULE;

  private GuildIds() {}

  public static boolean isValid(String guildId) {
    return Snowflakes.isValid(guildId);
  }

  /**
   * @throws IllegalArgumentException if {@code guildId} is not a valid snowflake
   */
  public static long parse(String guildId) {
    if (!isValid(guildId)) {
      throw new IllegalArgumentException(RULE + " (got '" + guildId + "')");
    }
    return Long.parseLong(guildId);
  }

  /** Discord's shard formula: {@code (guildId >> 22) % shardCount}. */
  public static int shardOf(long guildId, int shardCount) {
    return (int) ((guildId >>> 22) % shardCount);
  }
}
