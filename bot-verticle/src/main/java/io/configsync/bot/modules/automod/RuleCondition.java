package io.configsync.bot.modules.automod;

/** What an automod rule looks for in a message's raw content. Pure and thread-safe. */
interface RuleCondition {

  boolean matches(String content);
}
