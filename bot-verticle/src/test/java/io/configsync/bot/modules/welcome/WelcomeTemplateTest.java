package io.configsync.bot.modules.welcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.bot.discord.MemberJoined;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Welcome template")
class WelcomeTemplateTest {

  private static final MemberJoined ANN = new MemberJoined(
      "111111111111111111", "Cat Lovers", 42, "222222222222222222", "Ann", "<@222222222222222222>");

  @Test
  @DisplayName("fills every variable")
  void fillsEveryVariable() {
    String text = WelcomeTemplate.render(
        "Hi {user} ({user.mention}), welcome to {server}! You are member #{memberCount}.", ANN);

    assertThat(text).isEqualTo(
        "Hi Ann (<@222222222222222222>), welcome to Cat Lovers! You are member #42.");
  }

  @Test
  @DisplayName("fills a variable every time it appears")
  void fillsRepeatedVariables() {
    assertThat(WelcomeTemplate.render("{user}, {user}! {server} {server}", ANN))
        .isEqualTo("Ann, Ann! Cat Lovers Cat Lovers");
  }

  @Test
  @DisplayName("leaves unknown placeholders and stray braces as written")
  void leavesUnknownPlaceholders() {
    assertThat(WelcomeTemplate.render("{foo} {User} {} { user } {{user}} {user", ANN))
        .isEqualTo("{foo} {User} {} { user } {Ann} {user");
  }

  @Test
  @DisplayName("does not expand placeholders found inside values")
  void doesNotExpandValues() {
    MemberJoined sneaky = new MemberJoined(
        "111111111111111111", "{user.mention} HQ", 7, "222222222222222222", "{server}", "<@2>");

    assertThat(WelcomeTemplate.render("Hi {user} of {server}", sneaky))
        .isEqualTo("Hi {server} of {user.mention} HQ");
  }

  @Test
  @DisplayName("keeps dollar signs and backslashes in values literally")
  void keepsSpecialCharactersInValues() {
    assertThat(WelcomeTemplate.fill("Hi {user}", Map.of("user", "$1 \\o/")))
        .isEqualTo("Hi $1 \\o/");
  }

  @Test
  @DisplayName("returns a template without placeholders unchanged")
  void plainTemplate() {
    assertThat(WelcomeTemplate.render("Welcome!", ANN)).isEqualTo("Welcome!");
  }
}
