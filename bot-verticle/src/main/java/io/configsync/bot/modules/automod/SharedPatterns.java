package io.configsync.bot.modules.automod;

import com.google.re2j.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compiled patterns shared between the guilds that use the same one: a compiled RE2 program takes
 * about 1.5 KB, and many guilds copy the same rule. A compiled pattern is immutable and safe to
 * share; the cache keeps the most recently used ones only, so rare patterns cost no more than
 * before.
 */
final class SharedPatterns {

  private static final int MAX_CACHED = 4_096;

  private static final Map<String, Pattern> RECENT = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
      return size() > MAX_CACHED;
    }
  };

  private SharedPatterns() {}

  /** Throws {@link com.google.re2j.PatternSyntaxException} if {@code regex} does not compile. */
  static Pattern compile(String regex) {
    synchronized (RECENT) {
      Pattern cached = RECENT.get(regex);
      if (cached != null) {
        return cached;
      }
    }
    Pattern compiled = Pattern.compile(regex);
    synchronized (RECENT) {
      RECENT.putIfAbsent(regex, compiled);
    }
    return compiled;
  }
}
