package io.configsync.codecs.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.configsync.codecs.RegexLimits;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A module descriptor reads its id, title and limits from the module's schema")
class ModuleDescriptorTest {

  @Test
  @DisplayName("welcome: the message length the schema declares")
  void welcome() {
    assertThat(Welcome.ID).isEqualTo("welcome");
    assertThat(Welcome.MODULE.title()).isEqualTo("Welcome");
    assertThat(Welcome.MESSAGE_MAX_LENGTH).isEqualTo(Welcome.MODULE.schema()
        .getJsonObject("properties").getJsonObject("message").getInteger("maxLength")).isEqualTo(2000);
  }

  @Test
  @DisplayName("automod: rules, rule id, words, mentions and timeout as the schema declares them")
  void automod() {
    assertThat(Automod.ID).isEqualTo("automod");
    assertThat(Automod.MODULE.title()).isEqualTo("Automod");
    assertThat(Automod.MAX_RULES).isEqualTo(100);
    assertThat(Automod.RULE_ID_MAX_LENGTH).isEqualTo(64);
    assertThat(Automod.MAX_WORDS).isEqualTo(1000);
    assertThat(Automod.WORD_MAX_LENGTH).isEqualTo(100);
    assertThat(Automod.MAX_MENTIONS).isEqualTo(1000);
    assertThat(Automod.MAX_TIMEOUT_SECONDS).as("28 days, Discord's longest timeout").isEqualTo(28 * 24 * 3600);
    assertThat(Automod.PATTERN_MAX_LENGTH).as("the schema and RegexLimits agree")
        .isEqualTo(RegexLimits.MAX_PATTERN_LENGTH);
  }

  @Test
  @DisplayName("the schema given out is a copy: changing it changes nothing held")
  void schemaIsACopy() {
    Welcome.MODULE.schema().put("title", "changed");

    assertThat(Welcome.MODULE.title()).isEqualTo("Welcome");
  }

  @Test
  @DisplayName("a limit the schema lacks, or a module without a schema, fails loudly")
  void missingFailsLoudly() {
    assertThatThrownBy(() -> Welcome.MODULE.limit("/properties/message/maxItems"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("/properties/message/maxItems");
    assertThatThrownBy(() -> Welcome.MODULE.limit("/properties/message/title"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ModuleDescriptor.load("nosuchmodule"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("nosuchmodule.schema.json");
  }
}
