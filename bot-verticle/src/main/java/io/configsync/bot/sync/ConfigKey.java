package io.configsync.bot.sync;

/**
 * One (guild, module) of this bot's shards. Hashed with a mix of the guild id: snowflakes' low bits
 * can be alike for many guilds.
 */
record ConfigKey(long guildId, String moduleId) {

  @Override
  public int hashCode() {
    return Long.hashCode(guildId * 0x9E3779B97F4A7C15L) * 31 + moduleId.hashCode();
  }

  String guild() {
    return Long.toString(guildId);
  }
}
