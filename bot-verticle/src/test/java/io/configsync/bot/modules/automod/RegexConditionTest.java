package io.configsync.bot.modules.automod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Automod regex rule")
class RegexConditionTest {

  @Test
  @DisplayName("matches when the pattern is found anywhere")
  void findSemantics() {
    RegexCondition digits = new RegexCondition("[0-9]{4}");

    assertThat(digits.matches("code 12345 here")).isTrue();
    assertThat(digits.matches("code 123")).isFalse();
    assertThat(new RegexCondition("(?i)free nitro").matches("FREE Nitro!!")).isTrue();
  }

  @Test
  @DisplayName("cannot be stalled by (a+)+$ against a long run of a's")
  void nestedQuantifier() {
    RegexCondition hostile = new RegexCondition("(a+)+$");
    String content = "a".repeat(50_000) + "!";

    boolean matched = assertTimeoutPreemptively(
        Duration.ofSeconds(5), () -> hostile.matches(content));

    assertThat(matched).isFalse();
  }

  @Test
  @DisplayName("cannot be stalled by (x+x+)+y against a long run of x's")
  void overlappingQuantifiers() {
    RegexCondition hostile = new RegexCondition("(x+x+)+y");
    String content = "x".repeat(10_000);

    boolean matched = assertTimeoutPreemptively(
        Duration.ofSeconds(5), () -> hostile.matches(content));

    assertThat(matched).isFalse();
  }
}
