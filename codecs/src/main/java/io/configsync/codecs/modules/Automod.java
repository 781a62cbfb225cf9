package io.configsync.codecs.modules;

import io.configsync.codecs.ModuleLimits;

/**
 * The {@code automod} module: checks every message against the guild's rules. Its limits are read
 * from its schema ({@link ModuleDescriptor}); text is counted in UTF-16 units ({@link
 * ModuleLimits#textLength}).
 */
public final class Automod {

  public static final ModuleDescriptor MODULE = ModuleDescriptor.load("automod");

  public static final String ID = MODULE.id();

  private static final String RULE = "/properties/rules/items/properties/";

  /** Rules in one config. */
  public static final int MAX_RULES = MODULE.limit("/properties/rules/maxItems");
  /** A rule id's longest. */
  public static final int RULE_ID_MAX_LENGTH = MODULE.limit(RULE + "id/maxLength");
  /** Words or phrases in one banned_words rule. */
  public static final int MAX_WORDS = MODULE.limit(RULE + "words/maxItems");
  /** One banned word or phrase's longest. */
  public static final int WORD_MAX_LENGTH = MODULE.limit(RULE + "words/items/maxLength");
  /** A regex rule's pattern's longest. */
  public static final int PATTERN_MAX_LENGTH = MODULE.limit(RULE + "pattern/maxLength");
  /** The largest {@code maxMentions} of a mass_mentions rule (from 1). */
  public static final int MAX_MENTIONS = MODULE.limit(RULE + "maxMentions/maximum");
  /** The longest timeout, {@code timeoutSeconds}: 28 days, Discord's longest (from 1). */
  public static final int MAX_TIMEOUT_SECONDS = MODULE.limit(RULE + "timeoutSeconds/maximum");

  private Automod() {}
}
