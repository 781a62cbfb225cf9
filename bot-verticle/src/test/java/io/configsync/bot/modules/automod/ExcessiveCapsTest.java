package io.configsync.bot.modules.automod;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Automod caps")
class ExcessiveCapsTest {

  private final ExcessiveCaps overSeventyPercent = new ExcessiveCaps(0.7);

  @Test
  @DisplayName("trigger when the upper-case share of letters is above the ratio")
  void aboveRatio() {
    assertThat(overSeventyPercent.matches("WHY IS EVERYONE SHOUTING")).isTrue();
    assertThat(overSeventyPercent.matches("ПОЧЕМУ ВСЕ КРИЧАТ")).isTrue();
    assertThat(overSeventyPercent.matches("Why is everyone shouting")).isFalse();
  }

  @Test
  @DisplayName("compare strictly: exactly at the ratio is allowed")
  void atRatio() {
    assertThat(overSeventyPercent.matches("ABCDEFGhij")).isFalse();
    assertThat(overSeventyPercent.matches("ABCDEFGHij")).isTrue();
  }

  @Test
  @DisplayName("ignore messages with fewer than 10 cased letters, digits and symbols")
  void shortMessages() {
    assertThat(ExcessiveCaps.MIN_CASED_LETTERS).isEqualTo(10);
    assertThat(overSeventyPercent.matches("LOL OK GG!")).isFalse();
    assertThat(overSeventyPercent.matches("ABCDEFGHI 1234567890 !!!")).isFalse();
    assertThat(overSeventyPercent.matches("猫猫猫猫猫猫猫猫猫猫猫 OK")).isFalse();
  }
}
