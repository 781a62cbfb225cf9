package io.configsync.codecs;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * How large an automod regex may grow once compiled. RE2 matches in linear time, but compiling
 * expands every counted repetition: {@code (?:(?:a{1000}){1000}){1000}} is 27 characters and a
 * program of 10^9 instructions. So a pattern is measured before it is compiled, with an upper
 * bound of its RE2 program size computed from its text alone, and refused over the limits. The
 * backend's check and the bot apply these same limits, and the bot weighs its pattern cache with
 * the same measure.
 *
 * <p>The bound follows RE2's compilation: one instruction per literal character, class, {@code .}
 * or assertion; one per {@code |}, {@code *}, {@code +} and {@code ?}; two per capturing group;
 * {@code x{n,m}} costs {@code max(n,m)} copies of {@code x}, each with its own branch. Text RE2
 * would refuse may get any bound: it is refused when compiled.
 */
public final class RegexLimits {

  /** The longest pattern, in UTF-16 units; the automod schema declares the same maximum. */
  public static final int MAX_PATTERN_LENGTH = 1_000;
  /** The largest program one pattern may compile to (about 67 bytes and 0.25 µs of compiling each). */
  public static final long MAX_PROGRAM_SIZE = 5_000;
  /** The largest sum of the programs of one config's patterns. */
  public static final long MAX_CONFIG_PROGRAM_SIZE = 20_000;
  /** How deeply groups may nest. */
  public static final int MAX_NESTING = 100;

  /** Bounds keep the arithmetic far from overflowing. */
  private static final long SATURATED = 1L << 40;

  private RegexLimits() {}

  /** Why {@code pattern} is over a limit, or empty when it is within them all. */
  public static Optional<String> check(String pattern) {
    if (pattern.length() > MAX_PATTERN_LENGTH) {
      return Optional.of("the pattern has " + pattern.length() + " characters; at most " + MAX_PATTERN_LENGTH
          + " are allowed");
    }
    long size = programSize(pattern);
    if (size < 0) {
      return Optional.of("the pattern nests groups more than " + MAX_NESTING + " deep");
    }
    if (size > MAX_PROGRAM_SIZE) {
      return Optional.of("the pattern would compile to about " + size + " instructions; at most " + MAX_PROGRAM_SIZE
          + " are allowed (counted repetitions such as {1000} multiply what they repeat)");
    }
    return Optional.empty();
  }

  /**
   * An upper bound of the RE2 program {@code pattern} compiles to, in instructions; -1 if its groups
   * nest deeper than {@link #MAX_NESTING}. Linear in the pattern's length.
   */
  public static long programSize(String pattern) {
    Deque<Group> open = new ArrayDeque<>();
    Group group = new Group(0);
    int i = 0;
    while (i < pattern.length()) {
      char c = pattern.charAt(i);
      switch (c) {
        case '\\' -> {
          if (pattern.startsWith("Q", i + 1)) {
            int end = pattern.indexOf("\\E", i + 2);
            int stop = end < 0 ? pattern.length() : end;
            for (int quoted = i + 2; quoted < stop; quoted++) {
              group.atom(1);
            }
            i = end < 0 ? stop : end + 2;
          } else {
            i = skipEscape(pattern, i);
            group.atom(1);
          }
        }
        case '[' -> {
          i = skipClass(pattern, i);
          group.atom(1);
        }
        case '(' -> {
          if (open.size() >= MAX_NESTING) {
            return -1;
          }
          int close = pattern.indexOf(')', i);
          if (isFlagsOnly(pattern, i, close)) {
            i = close + 1;
          } else {
            open.push(group);
            group = new Group(pattern.startsWith("(?", i) && !pattern.startsWith("(?P<", i)
                && !pattern.startsWith("(?<", i) ? 0 : 2);
            i++;
          }
        }
        case ')' -> {
          long size = group.size();
          group = open.isEmpty() ? new Group(0) : open.pop();
          group.atom(size);
          i++;
        }
        case '|' -> {
          group.alternative();
          i++;
        }
        case '*', '+', '?' -> {
          group.repeat(1, 1);
          i = skipLazy(pattern, i + 1);
        }
        case '{' -> {
          int[] counts = new int[2];
          int end = countedRepetition(pattern, i, counts);
          if (end < 0) {
            group.atom(1);
            i++;
          } else {
            group.repeat(counts[0], counts[1]);
            i = skipLazy(pattern, end);
          }
        }
        default -> {
          group.atom(1);
          i += Character.charCount(pattern.codePointAt(i));
        }
      }
    }
    while (!open.isEmpty()) {
      long size = group.size();
      group = open.pop();
      group.atom(size);
    }
    return saturate(group.size() + 2);
  }

  /** What is known of the group being read: its finished alternatives, the current one, and its last atom. */
  private static final class Group {
    private final long own;
    private long alternatives;
    private long current;
    private long last;

    Group(long own) {
      this.own = own;
    }

    void atom(long size) {
      current = saturate(current + size);
      last = size;
    }

    void alternative() {
      alternatives = saturate(alternatives + current + 1);
      current = 0;
      last = 0;
    }

    /** The last atom repeated {@code times} times, each copy with its own branch; {@code extra} more for a star. */
    void repeat(long times, long extra) {
      long repeated = saturate(Math.max(times, 1) * (last + 1) + extra);
      current = saturate(current - last + repeated);
      last = repeated;
    }

    long size() {
      return saturate(alternatives + current + own);
    }
  }

  private static long saturate(long value) {
    return Math.min(value, SATURATED);
  }

  /** {@code (?i)}, {@code (?-s)}: flags for the rest of the group, no group of their own. */
  private static boolean isFlagsOnly(String pattern, int open, int close) {
    if (close < 0 || !pattern.startsWith("(?", open)) {
      return false;
    }
    for (int i = open + 2; i < close; i++) {
      char c = pattern.charAt(i);
      if (!(Character.isLetter(c) || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** The index after the escape at {@code i}: {@code \p{Greek}}, {@code \x{1F600}}, {@code \pL}, {@code \n}... */
  private static int skipEscape(String pattern, int i) {
    if (i + 1 >= pattern.length()) {
      return pattern.length();
    }
    char kind = pattern.charAt(i + 1);
    if ((kind == 'p' || kind == 'P' || kind == 'x') && pattern.startsWith("{", i + 2)) {
      int end = pattern.indexOf('}', i + 3);
      return end < 0 ? pattern.length() : end + 1;
    }
    if (kind == 'x') {
      return Math.min(pattern.length(), i + 4);
    }
    return i + 1 + Character.charCount(pattern.codePointAt(i + 1));
  }

  /** The index after the class opened at {@code i}; a {@code ]} right after {@code [} or {@code [^} is literal. */
  private static int skipClass(String pattern, int i) {
    int j = i + 1;
    if (pattern.startsWith("^", j)) {
      j++;
    }
    if (pattern.startsWith("]", j)) {
      j++;
    }
    while (j < pattern.length()) {
      char c = pattern.charAt(j);
      if (c == ']') {
        return j + 1;
      }
      if (c == '\\') {
        j = skipEscape(pattern, j);
      } else if (c == '[' && posixClassEnd(pattern, j) > 0) {
        j = posixClassEnd(pattern, j);
      } else {
        j++;
      }
    }
    return j;
  }

  /** The index after {@code [:alpha:]} or {@code [:^alpha:]} at {@code i}, or -1 if there is none. */
  private static int posixClassEnd(String pattern, int i) {
    if (!pattern.startsWith("[:", i)) {
      return -1;
    }
    int j = i + 2;
    if (pattern.startsWith("^", j)) {
      j++;
    }
    int nameStart = j;
    while (j < pattern.length() && pattern.charAt(j) >= 'a' && pattern.charAt(j) <= 'z') {
      j++;
    }
    return j > nameStart && pattern.startsWith(":]", j) ? j + 2 : -1;
  }

  private static int skipLazy(String pattern, int i) {
    return pattern.startsWith("?", i) ? i + 1 : i;
  }

  /**
   * Reads {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code i} into {@code counts} (the larger
   * count second, a missing maximum as the minimum plus one) and returns the index after it; -1 when
   * the brace is a literal one, as RE2 reads it.
   */
  private static int countedRepetition(String pattern, int i, int[] counts) {
    int j = i + 1;
    int digits = j;
    while (j < pattern.length() && Character.isDigit(pattern.charAt(j)) && pattern.charAt(j) < 128) {
      j++;
    }
    if (j == digits || j - digits > 9) {
      return j == digits ? -1 : skipToBrace(pattern, j, counts);
    }
    int min = Integer.parseInt(pattern, digits, j, 10);
    int max = min;
    if (pattern.startsWith(",", j)) {
      j++;
      int maxDigits = j;
      while (j < pattern.length() && Character.isDigit(pattern.charAt(j)) && pattern.charAt(j) < 128) {
        j++;
      }
      if (j - maxDigits > 9) {
        return skipToBrace(pattern, j, counts);
      }
      max = j == maxDigits ? min + 1 : Integer.parseInt(pattern, maxDigits, j, 10);
    }
    if (!pattern.startsWith("}", j)) {
      return -1;
    }
    counts[0] = Math.max(min, max);
    counts[1] = 1;
    return j + 1;
  }

  /** Counts of ten digits and more: RE2 refuses them; measure them as huge rather than parse them. */
  private static int skipToBrace(String pattern, int j, int[] counts) {
    counts[0] = Integer.MAX_VALUE;
    counts[1] = 1;
    int end = pattern.indexOf('}', j);
    return end < 0 ? pattern.length() : end + 1;
  }
}
