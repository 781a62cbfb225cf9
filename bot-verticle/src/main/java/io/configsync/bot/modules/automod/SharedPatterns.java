package io.configsync.bot.modules.automod;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.re2j.Pattern;
import io.configsync.codecs.RegexLimits;

/**
 * Compiled patterns shared between the guilds that use the same one: many guilds copy the same
 * rule, and a compiled pattern is immutable and safe to share. The cache is bounded by weight, the
 * program size {@link RegexLimits#programSize} gives (the memory of a compiled pattern grows with it,
 * about 67 bytes an instruction), not by count: a few large patterns cannot hold on to much.
 */
final class SharedPatterns {

  /** About 13 MB of compiled programs at most; patterns held by guilds' rules stay alive anyway. */
  static final long MAX_CACHED_WEIGHT = 200_000;

  private static final Cache<String, Pattern> RECENT = Caffeine.newBuilder()
      .maximumWeight(MAX_CACHED_WEIGHT)
      .weigher((String regex, Pattern pattern) -> weight(regex))
      .executor(Runnable::run)
      .build();

  private SharedPatterns() {}

  /**
   * Throws {@link com.google.re2j.PatternSyntaxException} if {@code regex} does not compile. Call it
   * only with a pattern within {@link RegexLimits}.
   */
  static Pattern compile(String regex) {
    return RECENT.get(regex, Pattern::compile);
  }

  /** Whether {@code regex} is compiled already, so taking it costs no compiling. */
  static boolean isCached(String regex) {
    return RECENT.getIfPresent(regex) != null;
  }

  /** The weight of the patterns cached now. */
  static long cachedWeight() {
    RECENT.cleanUp();
    return RECENT.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }

  private static int weight(String regex) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, RegexLimits.programSize(regex)));
  }
}
