package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ModuleChangeEvent JSON form")
class ModuleChangeEventJsonTest {

  private static final Instant COMMITTED = Instant.parse("2024-05-01T10:15:30.123456789Z");

  private static JsonObject config() {
    return new JsonObject()
        .put("threshold", 5)
        .put("channels", new JsonArray().add("123").add("456"))
        .put("nested", new JsonObject().put("on", true).put("none", (Object) null))
        .put("greeting", "héllo 👋 世界");
  }

  private static ModuleChangeEvent event(ModuleAction action, JsonObject config) {
    return new ModuleChangeEvent(
        42L, "81384788765712384", "automod", action, config, 7L, COMMITTED, "bot-1");
  }

  /** The JSON as another process would see it: written to text and read back. */
  private static JsonObject overTheWire(JsonObject json) {
    return new JsonObject(json.encode());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ModuleAction.class)
  @DisplayName("toJson writes every field, and fromJson reads it back equal")
  void roundTripsEveryField(ModuleAction action) {
    ModuleChangeEvent original = event(action, config());

    JsonObject json = original.toJson();
    ModuleChangeEvent read = ModuleChangeEvent.fromJson(overTheWire(json));

    assertThat(json.fieldNames()).containsExactlyInAnyOrder(
        "revision", "guildId", "moduleId", "action", "config", "version", "timestamp", "origin");
    assertThat(json.getLong("revision")).isEqualTo(42L);
    assertThat(json.getString("guildId")).isEqualTo("81384788765712384");
    assertThat(json.getString("moduleId")).isEqualTo("automod");
    assertThat(json.getString("action")).isEqualTo(action.wireName());
    assertThat(json.getJsonObject("config")).isEqualTo(config());
    assertThat(json.getLong("version")).isEqualTo(7L);
    assertThat(json.getString("timestamp")).isEqualTo("2024-05-01T10:15:30.123456789Z");
    assertThat(json.getString("origin")).isEqualTo("bot-1");

    assertThat(read).isEqualTo(original);
    assertThat(read.config().encode()).isEqualTo(original.config().encode());
  }

  @Test
  @DisplayName("the guild id travels as a string, so JavaScript clients do not lose digits")
  void guildIdIsAString() {
    JsonObject json = event(ModuleAction.ENABLED, null).toJson();

    assertThat(json.getValue("guildId")).isInstanceOf(String.class);
    assertThat(json.encode()).contains("\"guildId\":\"81384788765712384\"");
  }

  @Test
  @DisplayName("extreme revisions and versions survive the text form")
  void extremeNumbersRoundTrip() {
    ModuleChangeEvent original = new ModuleChangeEvent(
        Long.MAX_VALUE, "9223372036854775807", "m", ModuleAction.ENABLED, new JsonObject(),
        Long.MAX_VALUE - 1, Instant.EPOCH, ModuleChangeEvent.ORIGIN_BACKEND);

    assertThat(ModuleChangeEvent.fromJson(overTheWire(original.toJson()))).isEqualTo(original);
  }

  @ParameterizedTest(name = "{0} is written \"{1}\"")
  @CsvSource({"ENABLED, enabled", "DISABLED, disabled", "CONFIG_UPDATED, config_updated"})
  @DisplayName("the action is written with its exact wire name")
  void actionWireNames(ModuleAction action, String wireName) {
    JsonObject json = event(action, null).toJson();

    assertThat(json.getString("action")).isEqualTo(wireName);
    assertThat(json.encode()).contains("\"action\":\"" + wireName + "\"");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "2024-05-01T10:15:30Z,                2024-05-01T10:15:30Z",
    "2024-05-01T10:15:30.100Z,            2024-05-01T10:15:30.100Z",
    "2024-05-01T10:15:30.000001Z,         2024-05-01T10:15:30.000001Z",
    "2024-05-01T10:15:30.123456789Z,      2024-05-01T10:15:30.123456789Z",
    "1969-12-31T23:59:59.999999999Z,      1969-12-31T23:59:59.999999999Z",
    "1970-01-01T00:00:00Z,                1970-01-01T00:00:00Z"
  })
  @DisplayName("the timestamp is ISO-8601 in UTC, with as many fraction digits as it needs")
  void timestampIsIsoUtc(String instant, String written) {
    JsonObject json = event(ModuleAction.ENABLED, null)
        .toJson()
        .put("timestamp", Instant.parse(instant).toString());
    ModuleChangeEvent read = ModuleChangeEvent.fromJson(json);

    assertThat(read.toJson().getString("timestamp")).isEqualTo(written).endsWith("Z");
    assertThat(Instant.from(DateTimeFormatter.ISO_INSTANT.parse(written))).isEqualTo(Instant.parse(instant));
    assertThat(read.timestamp()).isEqualTo(Instant.parse(instant));
  }

  @Test
  @DisplayName("a commit time taken in another zone is written in UTC")
  void timestampIsWrittenInUtc() {
    Instant inParis = OffsetDateTime.of(2024, 5, 1, 12, 15, 30, 0, ZoneOffset.ofHours(2)).toInstant();
    ModuleChangeEvent original = new ModuleChangeEvent(
        1L, "81384788765712384", "automod", ModuleAction.ENABLED, null, 1L, inParis, "backend");

    assertThat(original.toJson().getString("timestamp")).isEqualTo("2024-05-01T10:15:30Z");
  }

  @Test
  @DisplayName("a null config is kept as JSON null, not dropped")
  void nullConfigIsJsonNull() {
    ModuleChangeEvent deleted = event(ModuleAction.DISABLED, null);

    JsonObject json = deleted.toJson();
    ModuleChangeEvent read = ModuleChangeEvent.fromJson(overTheWire(json));

    assertThat(json.containsKey("config")).isTrue();
    assertThat(json.getValue("config")).isNull();
    assertThat(json.encode()).contains("\"config\":null");
    assertThat(read.config()).isNull();
    assertThat(read).isEqualTo(deleted);
  }

  @Test
  @DisplayName("an empty config stays an empty object, distinct from null")
  void emptyConfigIsNotNull() {
    ModuleChangeEvent read = ModuleChangeEvent.fromJson(overTheWire(event(ModuleAction.ENABLED, new JsonObject()).toJson()));

    assertThat(read.config()).isNotNull().isEmpty();
  }

  @ParameterizedTest(name = "without {0}")
  @ValueSource(strings = {"revision", "guildId", "moduleId", "action", "version", "timestamp", "origin"})
  @DisplayName("fromJson refuses an event with a required field missing")
  void refusesMissingField(String field) {
    JsonObject json = event(ModuleAction.ENABLED, config()).toJson();
    json.remove(field);

    assertThatThrownBy(() -> ModuleChangeEvent.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a ModuleChangeEvent")
        .hasMessageContaining(field);
  }

  @ParameterizedTest(name = "{0} null")
  @ValueSource(strings = {"revision", "guildId", "moduleId", "action", "version", "timestamp", "origin"})
  @DisplayName("fromJson refuses an event with a required field set to null")
  void refusesNullField(String field) {
    JsonObject json = event(ModuleAction.ENABLED, config()).toJson().putNull(field);

    assertThatThrownBy(() -> ModuleChangeEvent.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(field);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "ENABLED", "Enabled", "enable", "deleted", "config-updated", "configUpdated"})
  @DisplayName("fromJson refuses an unknown action")
  void refusesBadAction(String action) {
    JsonObject json = event(ModuleAction.ENABLED, config()).toJson().put("action", action);

    assertThatThrownBy(() -> ModuleChangeEvent.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown module action");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {
    "", "yesterday", "2024-05-01", "2024-05-01 10:15:30Z", "2024-05-01T10:15:30",
    "2024-13-01T10:15:30Z", "2024-02-30T10:15:30Z", "2024-05-01T25:15:30Z", "1714558530123"
  })
  @DisplayName("fromJson refuses a timestamp that is not an ISO-8601 instant")
  void refusesBadTimestamp(String timestamp) {
    JsonObject json = event(ModuleAction.ENABLED, config()).toJson().put("timestamp", timestamp);

    assertThatThrownBy(() -> ModuleChangeEvent.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a ModuleChangeEvent");
  }

  @Test
  @DisplayName("fromJson refuses a timestamp written as a number")
  void refusesNumericTimestamp() {
    JsonObject json = event(ModuleAction.ENABLED, config()).toJson().put("timestamp", 1714558530123L);

    assertThatThrownBy(() -> ModuleChangeEvent.fromJson(json)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("fromJson refuses fields of the wrong type")
  void refusesWrongTypes() {
    JsonObject base = event(ModuleAction.ENABLED, config()).toJson();

    assertThatThrownBy(() -> ModuleChangeEvent.fromJson(base.copy().put("revision", "42")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModuleChangeEvent.fromJson(base.copy().put("version", true)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModuleChangeEvent.fromJson(base.copy().put("config", "{}")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModuleChangeEvent.fromJson(base.copy().put("config", new JsonArray())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
