package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Repeated text of a page")
class RepeatedTextTest {

  @Test
  @DisplayName("reads every string as it is, handing out the same instance for a string seen lately")
  void readsAndReuses() throws Exception {
    List<String> values = new ArrayList<>(List.of("welcome", "automod", "welcome", "w\u00e9lcome", "", "welcome"));
    IntStream.range(0, 20).forEach(i -> values.add("module-" + i));
    values.add("module-19");
    String json = values.stream().map(value -> "\"" + value + "\"").toList().toString();
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    RepeatedText words = new RepeatedText();
    List<String> read = new ArrayList<>();

    try (JsonParser parser = JsonText.parser(bytes, bytes.length)) {
      parser.nextToken();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        read.add(words.read(parser, "moduleId"));
      }
    }

    assertThat(read).containsExactlyElementsOf(values);
    assertThat(read.get(2)).isSameAs(read.get(0));
    assertThat(read.get(5)).isSameAs(read.get(0));
    assertThat(read.get(read.size() - 1)).isSameAs(read.get(read.size() - 2));
  }

  @Test
  @DisplayName("refuses anything but a string")
  void refusesOtherTokens() throws Exception {
    byte[] bytes = "[1]".getBytes(StandardCharsets.UTF_8);
    try (JsonParser parser = JsonText.parser(bytes, bytes.length)) {
      parser.nextToken();
      parser.nextToken();
      assertThatThrownBy(() -> new RepeatedText().read(parser, "origin")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'origin' must be a string");
    }
  }
}
