package io.configsync.bot.modules.automod;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Automod mass mentions")
class MassMentionsTest {

  private final MassMentions atMostThree = new MassMentions(3);

  @Test
  @DisplayName("count users, nicknames, roles, @everyone and @here, and trigger above the limit")
  void countsEveryKind() {
    assertThat(atMostThree.matches("<@1> <@!2> <@&3> @everyone")).isTrue();
    assertThat(atMostThree.matches("<@1> <@!2> @here")).isFalse();
    assertThat(atMostThree.matches("@here @here @here @here")).isTrue();
  }

  @Test
  @DisplayName("ignore channel mentions and plain @ signs")
  void ignoresOtherMarkup() {
    assertThat(atMostThree.matches("<#1> <#2> <#3> <#4> @ann @bob me@mail <@x>")).isFalse();
  }
}
