package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.Replay;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A page of the event log read token by token reads as the codecs' own reader has it. */
@DisplayName("Event page reader")
class EventPageReaderTest {

  private static final JsonObject CONFIG = new JsonObject()
      .put("message", "quotes \" and \\\" and brackets ]}{[ , : 世界 😀").put("dm", false).put("n", -1.5e3)
      .put("rules", new JsonArray().add(new JsonObject().put("words", new JsonArray().add("a").add("]"))));

  private static final List<ModuleChangeEvent> EVENTS = List.of(
      event(11, ModuleAction.ENABLED, CONFIG, Instant.parse("2026-12-07T14:46:39.123456Z")),
      event(12, ModuleAction.CONFIG_UPDATED, new JsonObject(), Instant.parse("2026-12-07T14:46:40Z")),
      event(13, ModuleAction.DISABLED, null, Instant.parse("2024-02-29T23:59:59.000000001Z")));

  @Test
  @DisplayName("reads every event, null configs and any layout included, as Replay.Page.fromJson does")
  void readsAsTheCodecDoes() {
    JsonObject page = new Replay.Page(EVENTS, 20, 13).toJson().put("after", 10);
    for (String body : List.of(page.encode(), page.encodePrettily())) {
      Replay.Page read = EventPageReader.read(Buffer.buffer(body));
      assertThat(read).isEqualTo(Replay.Page.fromJson(new JsonObject(body)));
      assertThat(read.events()).containsExactlyElementsOf(EVENTS);
    }
  }

  @Test
  @DisplayName("hands on each config with the compact JSON it was read from, and nothing of a page it refuses")
  void handsOnConfigTexts() {
    String body = new Replay.Page(EVENTS, 20, 13).toJson().encodePrettily();
    Map<JsonObject, CompactJson> texts = new IdentityHashMap<>();

    Replay.Page read = EventPageReader.read(Buffer.buffer(body), texts::put);
    Map<JsonObject, CompactJson> none = new IdentityHashMap<>();
    assertThatThrownBy(() -> EventPageReader.read(Buffer.buffer(body.replace("\"action\" : \"disabled\"",
        "\"action\" : \"gone\"")), none::put)).isInstanceOf(IllegalArgumentException.class);

    assertThat(texts).hasSize(2).containsOnlyKeys(read.events().get(0).config(), read.events().get(1).config());
    texts.forEach((config, text) -> assertThat(text.toJsonObject()).isEqualTo(config));
    assertThat(texts.get(read.events().get(0).config()).toString()).isEqualTo(CONFIG.encode());
    assertThat(none).isEmpty();
  }

  @Test
  @DisplayName("an event naming its config twice keeps the last one, and the text handed on is that one's")
  void repeatedConfigKeepsTheLast() {
    String valid = new Replay.Page(EVENTS, 20, 13).toJson().encode();
    String body = valid.replaceFirst("\"config\":\\{", "\"config\":{\"first\":1},\"config\":{")
        .replace("\"config\":{}", "\"config\":{\"second\":2},\"config\":null");
    Map<JsonObject, CompactJson> texts = new IdentityHashMap<>();

    Replay.Page read = EventPageReader.read(Buffer.buffer(body), texts::put);

    assertThat(read.events().get(0).config()).isEqualTo(CONFIG);
    assertThat(read.events().get(1).config()).isNull();
    assertThat(texts).containsOnlyKeys(read.events().get(0).config());
    assertThat(texts.get(read.events().get(0).config()).toString()).isEqualTo(CONFIG.encode());
  }

  @Test
  @DisplayName("an empty page has its head and through")
  void emptyPage() {
    Replay.Page read = EventPageReader.read(Buffer.buffer("{\"after\":5,\"head\":5,\"through\":5,\"events\":[]}"));
    assertThat(read.events()).isEmpty();
    assertThat(read.head()).isEqualTo(5);
    assertThat(read.through()).isEqualTo(5);
  }

  @Test
  @DisplayName("refuses a page that is malformed or holds a malformed event")
  void refusesMalformed() {
    String valid = new Replay.Page(EVENTS.subList(0, 1), 20, 11).toJson().encode();
    List<String> broken = List.of("", "[]", "{\"head\":1,\"through\":1}", "{\"events\":[],\"head\":-1,\"through\":1}",
        "{\"events\":[],\"head\":1.5,\"through\":1}", "{\"events\":{},\"head\":1,\"through\":1}",
        "{\"events\":[1],\"head\":1,\"through\":1}", valid.substring(0, valid.length() - 3),
        valid.replace("\"enabled\"", "\"exploded\""), valid.replace("\"revision\":11", "\"revision\":\"11\""),
        valid.replace("\"config\":{", "\"config\":[{").replace("}],\"head\"", "]}],\"head\""),
        valid.replace("2026-12-07T14:46:39.123456Z", "yesterday"), valid.replace(",\"origin\":\"backend\"", ""),
        valid.replace("\"guildId\":\"400000000000000000\"", "\"guildId\":400000000000000000"));
    for (String body : broken) {
      assertThatThrownBy(() -> EventPageReader.read(Buffer.buffer(body))).as(body)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static ModuleChangeEvent event(long revision, ModuleAction action, JsonObject config, Instant at) {
    return new ModuleChangeEvent(revision, "400000000000000000", "welcome", action, config, revision, at, "backend");
  }
}
