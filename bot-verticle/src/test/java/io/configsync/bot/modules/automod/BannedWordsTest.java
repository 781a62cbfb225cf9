package io.configsync.bot.modules.automod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Automod banned words")
class BannedWordsTest {

  private final BannedWords banned = new BannedWords(List.of("heck", "Bad Word", "ÉCOLE", "🍆"));

  @Test
  @DisplayName("match a whole word in any case")
  void wholeWordAnyCase() {
    assertThat(banned.matches("oh HECK!")).isTrue();
    assertThat(banned.matches("Heck")).isTrue();
    assertThat(banned.matches("what the heck?!")).isTrue();
  }

  @Test
  @DisplayName("do not match inside a longer word")
  void notInsideWords() {
    assertThat(banned.matches("checked")).isFalse();
    assertThat(banned.matches("hecks")).isFalse();
    assertThat(banned.matches("heck2")).isFalse();
  }

  @Test
  @DisplayName("match a phrase across spaces and punctuation, not split by other words")
  void phrases() {
    assertThat(banned.matches("a BAD   word here")).isTrue();
    assertThat(banned.matches("bad, word")).isTrue();
    assertThat(banned.matches("bad other word")).isFalse();
    assertThat(banned.matches("bad")).isFalse();
    assertThat(banned.matches("badword")).isFalse();
  }

  @Test
  @DisplayName("fold case and compatibility forms in any script")
  void unicode() {
    assertThat(banned.matches("l'école est fermée")).isTrue();
    assertThat(banned.matches("L'E\u0301COLE")).isTrue();
    assertThat(banned.matches("ｈｅｃｋ")).isTrue();
    assertThat(banned.matches("écoles")).isFalse();
    assertThat(new BannedWords(List.of("straße")).matches("STRASSE")).isTrue();
    assertThat(new BannedWords(List.of("дурак")).matches("Ты ДУРАК.")).isTrue();
    assertThat(new BannedWords(List.of("дурак")).matches("дураки")).isFalse();
  }

  @Test
  @DisplayName("match an entry without letters, such as an emoji, anywhere")
  void symbols() {
    assertThat(banned.matches("nice🍆")).isTrue();
    assertThat(banned.matches("nice 🍑")).isFalse();
  }
}
