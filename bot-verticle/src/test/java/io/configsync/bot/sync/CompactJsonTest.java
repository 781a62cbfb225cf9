package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Compact JSON of a held config")
class CompactJsonTest {

  private static final String CONFIG = "{\"channelId\":\"123456789012345678\",\"message\":\"h\u00e9llo \u4e16\u754c"
      + " \ud83d\ude00 \\\"q\\\" \\\\ \\n\",\"small\":7,\"negative\":-3,\"large\":9007199254740993,"
      + "\"huge\":123456789012345678901234567890,\"ratio\":0.25,\"exp\":1e3,\"on\":true,\"off\":false,"
      + "\"nothing\":null,\"rules\":[{\"type\":\"caps\",\"threshold\":0.7},[],[1,\"two\",null]],\"empty\":{}}";

  @Test
  @DisplayName("read again, it is the object Vert.x reads from the same text: the same values, of the same types")
  void readsAsVertxReads() {
    JsonObject expected = new JsonObject(CONFIG);

    JsonObject read = CompactJson.of(expected).toJsonObject();

    assertThat(read).isEqualTo(expected);
    assertSameTypes(read.getMap(), expected.getMap());
  }

  @Test
  @DisplayName("compacted from text with whitespace, it reads as the text does, strings untouched")
  void compactedText() {
    String spaced = "{\"a\": [1, 2, {\"b\": \"x  y\"}], \"c\": \"tab\\t here\"}";
    byte[] bytes = ("  " + spaced + "  ").getBytes(StandardCharsets.UTF_8);

    CompactJson compact = CompactJson.ofText(bytes, 2, bytes.length - 2);

    assertThat(compact.toString()).isEqualTo("{\"a\":[1,2,{\"b\":\"x  y\"}],\"c\":\"tab\\t here\"}");
    assertThat(compact.toJsonObject()).isEqualTo(new JsonObject(spaced));
  }

  @Test
  @DisplayName("each read is a new object: changing one does not change the held config")
  void newObjectEachTime() {
    CompactJson held = CompactJson.of(new JsonObject(CONFIG));

    held.toJsonObject().put("message", "changed").getJsonArray("rules").clear();

    assertThat(held.toJsonObject()).isEqualTo(new JsonObject(CONFIG));
  }

  @Test
  @DisplayName("text that is not one JSON object is refused with a DecodeException")
  void refusesWhatIsNotOneObject() {
    for (String text : List.of("[1]", "\"x\"", "{\"a\":1}{\"b\":2}", "{\"a\":", "")) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> CompactJson.ofText(bytes, 0, bytes.length).toJsonObject())
          .as(text).isInstanceOf(DecodeException.class);
    }
  }

  private static void assertSameTypes(Object actual, Object expected) {
    if (expected == null) {
      assertThat(actual).isNull();
      return;
    }
    assertThat(actual).isExactlyInstanceOf(expected.getClass());
    if (expected instanceof Map<?, ?> map) {
      map.forEach((key, value) -> assertSameTypes(((Map<?, ?>) actual).get(key), value));
    } else if (expected instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        assertSameTypes(((List<?>) actual).get(i), list.get(i));
      }
    }
  }
}
