package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Regex limits")
class RegexLimitsTest {

  @Test
  @DisplayName("a pattern whose counted repetitions multiply into a huge program is over the limit")
  void nestedRepetitionsAreOverTheLimit() {
    assertThat(RegexLimits.check("(?:(?:a{1000}){1000}){1000}")).get().asString().contains("instructions");
    assertThat(RegexLimits.check("(a{1000}){1000}")).isPresent();
    assertThat(RegexLimits.check("(a{1000}){990}")).isPresent();
    assertThat(RegexLimits.check("(?:[a-z]{100}){100}")).isPresent();
    assertThat(RegexLimits.check("a{1000}b{1000}c{1000}d{1000}e{1000}f{1000}")).isPresent();
    assertThat(RegexLimits.programSize("(?:(?:a{1000}){1000}){1000}")).isGreaterThan(1_000_000_000L);
  }

  @Test
  @DisplayName("ordinary patterns are well within the limits")
  void ordinaryPatternsPass() {
    for (String pattern : new String[] {"(a+)+$", "[0-9]{3}-[0-9]{4}", "(?i)\\b(heck|dang|darn)\\b",
        "discord\\.gg/[A-Za-z0-9]+", "^.{0,10}$", "\\p{Greek}+", "(?P<word>[a-z]{1,64})", "a{1000}", "x*y+z?"}) {
      assertThat(RegexLimits.check(pattern)).as(pattern).isEmpty();
      assertThat(RegexLimits.programSize(pattern)).as(pattern).isPositive();
    }
  }

  @Test
  @DisplayName("braces and counts that RE2 reads as literals, or that sit in a class or quote, cost nothing extra")
  void literalBraces() {
    assertThat(RegexLimits.programSize("a{,1000}")).isLessThan(20);
    assertThat(RegexLimits.programSize("[{1000}]")).isLessThan(20);
    assertThat(RegexLimits.programSize("\\{1000}")).isLessThan(20);
    assertThat(RegexLimits.programSize("\\Qa{1000}\\E")).isLessThan(20);
    assertThat(RegexLimits.programSize("[]{1000}]")).isLessThan(20);
    assertThat(RegexLimits.programSize("[[:alpha:]]")).isLessThan(10);
  }

  @Test
  @DisplayName("a repetition after a class, a group or a quote multiplies it")
  void repetitionsMultiplyTheirAtom() {
    assertThat(RegexLimits.programSize("[a]]{1000}")).isGreaterThan(1000);
    assertThat(RegexLimits.programSize("[[:]a{1000}")).isGreaterThan(1000);
    assertThat(RegexLimits.programSize("(?:abc){1000}")).isGreaterThan(3000);
    assertThat(RegexLimits.programSize("(?i)(ab|cd){1000}")).isGreaterThan(4000);
    assertThat(RegexLimits.programSize("x{1000000000000}")).isGreaterThan(RegexLimits.MAX_PROGRAM_SIZE);
  }

  @Test
  @DisplayName("groups nested deeper than the limit and patterns over 1,000 characters are refused")
  void nestingAndLength() {
    String deep = "(".repeat(RegexLimits.MAX_NESTING + 1) + "a" + ")".repeat(RegexLimits.MAX_NESTING + 1);
    assertThat(RegexLimits.check(deep)).get().asString().contains("nests");
    String fine = "(".repeat(RegexLimits.MAX_NESTING) + "a" + ")".repeat(RegexLimits.MAX_NESTING);
    assertThat(RegexLimits.check(fine)).isEmpty();
    assertThat(RegexLimits.check("a".repeat(1001))).get().asString().contains("1000");
  }
}
