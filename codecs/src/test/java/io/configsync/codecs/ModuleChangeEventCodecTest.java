package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ModuleChangeEventCodec")
class ModuleChangeEventCodecTest {

  private static final byte[] BEFORE = "bytes of an earlier message\u0001\u0002".getBytes(StandardCharsets.UTF_8);
  private static final byte[] AFTER = {(byte) 0xFF, 0x00, 0x7F, 0x01, (byte) 0x80, 0x42, 0x13, 0x37};

  /** Emoji, CJK, a combining accent, a character outside the BMP, and a NUL, all in one string. */
  private static final String UNICODE = "bot 🤖 機器人 e\u0301 𝄞 \uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 a\u0000b ✓";

  private static final int ONE_MIB = 1 << 20;

  private final ModuleChangeEventCodec codec = new ModuleChangeEventCodec();

  private static ModuleChangeEvent event(ModuleAction action, JsonObject config, Instant timestamp, String origin) {
    return new ModuleChangeEvent(
        1_234_567_890_123L, "81384788765712384", "automod", action, config, 98_765L, timestamp, origin);
  }

  private static JsonObject config() {
    return new JsonObject()
        .put("threshold", 5)
        .put("ratio", 0.75)
        .put("big", 3_000_000_000L)
        .put("enabled", true)
        .put("nothing", (Object) null)
        .put("channels", new JsonArray().add("123").add("456"))
        .put("rules", new JsonObject().put("spam", new JsonObject().put("max", 3)));
  }

  /** Encodes after unrelated bytes, appends more after it, and decodes at the event's position. */
  private ModuleChangeEvent overTheWire(ModuleChangeEvent event) {
    Buffer buffer = Buffer.buffer().appendBytes(BEFORE);
    int position = buffer.length();
    codec.encodeToWire(buffer, event);
    buffer.appendBytes(AFTER);

    ModuleChangeEvent decoded = codec.decodeFromWire(position, buffer);

    assertThat(buffer.getBytes(0, BEFORE.length)).as("bytes before the event").isEqualTo(BEFORE);
    assertThat(buffer.getBytes(buffer.length() - AFTER.length, buffer.length()))
        .as("bytes after the event")
        .isEqualTo(AFTER);
    return decoded;
  }

  private static void assertSameFields(ModuleChangeEvent decoded, ModuleChangeEvent original) {
    assertThat(decoded).isNotSameAs(original);
    assertThat(decoded.revision()).isEqualTo(original.revision());
    assertThat(decoded.guildId()).isEqualTo(original.guildId());
    assertThat(decoded.moduleId()).isEqualTo(original.moduleId());
    assertThat(decoded.action()).isSameAs(original.action());
    assertThat(decoded.version()).isEqualTo(original.version());
    assertThat(decoded.timestamp()).isEqualTo(original.timestamp());
    assertThat(decoded.origin()).isEqualTo(original.origin());
    if (original.config() == null) {
      assertThat(decoded.config()).isNull();
    } else {
      assertThat(decoded.config()).isEqualTo(original.config());
      assertThat(decoded.config().encode()).isEqualTo(original.config().encode());
    }
    assertThat(decoded).isEqualTo(original);
  }

  @Nested
  @DisplayName("on the wire")
  class Wire {

    @ParameterizedTest(name = "{0}")
    @EnumSource(ModuleAction.class)
    @DisplayName("an event read back from the middle of a buffer keeps every field")
    void roundTripsEveryField(ModuleAction action) {
      ModuleChangeEvent original = event(action, config(), Instant.parse("2024-05-01T10:15:30Z"), "backend");

      assertSameFields(overTheWire(original), original);
    }

    @Test
    @DisplayName("two events written one after the other are read back at their own positions")
    void readsEachEventAtItsPosition() {
      ModuleChangeEvent first = event(ModuleAction.ENABLED, config(), Instant.EPOCH, "backend");
      ModuleChangeEvent second = event(ModuleAction.DISABLED, null, Instant.EPOCH.plusNanos(1), "bot-7");
      Buffer buffer = Buffer.buffer().appendBytes(BEFORE);
      int firstAt = buffer.length();
      codec.encodeToWire(buffer, first);
      int secondAt = buffer.length();
      codec.encodeToWire(buffer, second);

      assertSameFields(codec.decodeFromWire(firstAt, buffer), first);
      assertSameFields(codec.decodeFromWire(secondAt, buffer), second);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ModuleAction.class)
    @DisplayName("a null config stays null, distinct from an empty one")
    void nullConfigStaysNull(ModuleAction action) {
      ModuleChangeEvent deleted = event(action, null, Instant.parse("2024-05-01T10:15:30Z"), "backend");
      ModuleChangeEvent empty = event(action, new JsonObject(), Instant.parse("2024-05-01T10:15:30Z"), "backend");

      assertSameFields(overTheWire(deleted), deleted);
      assertThat(overTheWire(empty).config()).isNotNull().isEmpty();
    }

    @Test
    @DisplayName("unicode in the origin and in config keys and values survives, NUL included")
    void unicodeSurvives() {
      JsonObject config = new JsonObject()
          .put(UNICODE, UNICODE)
          .put("emoji", "🎉🔥💯")
          .put("cjk", "設定を同期する 설정 동기화")
          .put("combining", "Ame\u0301lie n\u0303 Z\u0335\u0321a\u0336l\u0337g\u0338o")
          .put("astral", "𝕬𝖇𝖈 🀄 \uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08")
          .put("nul", "before\u0000after")
          .put("controls", "\t\n\r\u0001\u001F\u007F\"\\/")
          .put("rtl", "مرحبا \u202Eevil")
          .put("list", new JsonArray().add(UNICODE).add(new JsonObject().put("ключ", "значение")));
      ModuleChangeEvent original = event(ModuleAction.CONFIG_UPDATED, config, Instant.parse("2024-05-01T10:15:30Z"), UNICODE);

      ModuleChangeEvent decoded = overTheWire(original);

      assertSameFields(decoded, original);
      assertThat(decoded.origin()).hasSize(UNICODE.length()).contains("\u0000");
      assertThat(decoded.config().getString("nul")).isEqualTo("before\u0000after");
      assertThat(decoded.config().getString(UNICODE)).isEqualTo(UNICODE);
    }

    @Test
    @DisplayName("empty strings survive")
    void emptyStringsSurvive() {
      ModuleChangeEvent original = new ModuleChangeEvent(
          0L, "", "", ModuleAction.DISABLED, new JsonObject().put("", ""), 0L, Instant.EPOCH, "");

      assertSameFields(overTheWire(original), original);
    }

    @Test
    @DisplayName("a 1 MiB config with nested arrays and objects round-trips exactly")
    void oneMebibyteConfigRoundTrips() {
      String huge = oneMebibyteString();
      JsonObject nested = new JsonObject().put("leaf", huge.substring(0, 1000));
      for (int depth = 0; depth < 100; depth++) {
        nested = new JsonObject()
            .put("depth", depth)
            .put("items", new JsonArray().add(depth).add("d" + depth).add(new JsonArray().add(nested)));
      }
      JsonArray rows = new JsonArray();
      for (int i = 0; i < 5_000; i++) {
        rows.add(new JsonObject().put("id", i).put("name", "row " + i + " 行").put("tags", new JsonArray().add(i % 2 == 0).addNull()));
      }
      JsonObject config = new JsonObject().put("huge", huge).put("nested", nested).put("rows", rows);
      ModuleChangeEvent original = event(ModuleAction.CONFIG_UPDATED, config, Instant.parse("2024-05-01T10:15:30Z"), "backend");

      ModuleChangeEvent decoded = overTheWire(original);

      assertThat(decoded.config().getString("huge")).hasSize(ONE_MIB).isEqualTo(huge);
      assertSameFields(decoded, original);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
      "2024-05-01T10:15:30.123456789Z",
      "2024-05-01T10:15:30.000000001Z",
      "2024-05-01T10:15:30.999999999Z",
      "1969-12-31T23:59:59.999999999Z",
      "1900-01-01T00:00:00.5Z",
      "+1000000-01-01T00:00:00.000000001Z",
      "-1000000-12-31T23:59:59.999999999Z"
    })
    @DisplayName("the timestamp keeps its nanoseconds")
    void timestampKeepsNanoseconds(String timestamp) {
      ModuleChangeEvent original = event(ModuleAction.ENABLED, null, Instant.parse(timestamp), "backend");

      ModuleChangeEvent decoded = overTheWire(original);

      assertThat(decoded.timestamp()).isEqualTo(Instant.parse(timestamp));
      assertThat(decoded.timestamp().getNano()).isEqualTo(Instant.parse(timestamp).getNano());
    }

    @Test
    @DisplayName("the extremes of revision, version and time survive")
    void extremesSurvive() {
      ModuleChangeEvent max = new ModuleChangeEvent(
          Long.MAX_VALUE, "9223372036854775807", "m", ModuleAction.CONFIG_UPDATED, null, Long.MAX_VALUE, Instant.MAX, "b");
      ModuleChangeEvent min = new ModuleChangeEvent(
          Long.MIN_VALUE, "10000000000000000", "m", ModuleAction.ENABLED, null, Long.MIN_VALUE, Instant.MIN, "b");

      assertSameFields(overTheWire(max), max);
      assertSameFields(overTheWire(min), min);
    }

    @ParameterizedTest(name = "format byte {0}")
    @ValueSource(bytes = {0, 2, 127, -1})
    @DisplayName("an unknown format byte is refused with a clear message")
    void refusesUnknownFormat(byte format) {
      Buffer buffer = Buffer.buffer().appendBytes(BEFORE);
      int position = buffer.length();
      codec.encodeToWire(buffer, event(ModuleAction.ENABLED, config(), Instant.EPOCH, "backend"));
      buffer.setByte(position, format);

      assertThatThrownBy(() -> codec.decodeFromWire(position, buffer))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("unsupported ModuleChangeEvent wire format " + format);
    }

    @Test
    @DisplayName("the wire form starts with format byte 1")
    void startsWithFormatOne() {
      Buffer buffer = Buffer.buffer();
      codec.encodeToWire(buffer, event(ModuleAction.ENABLED, null, Instant.EPOCH, "backend"));

      assertThat(buffer.getByte(0)).isEqualTo((byte) 1);
    }
  }

  @Nested
  @DisplayName("as a codec")
  class Identity {

    @Test
    @DisplayName("transform hands local consumers the same instance")
    void transformReturnsTheSameInstance() {
      ModuleChangeEvent event = event(ModuleAction.ENABLED, config(), Instant.EPOCH, "backend");

      assertThat(codec.transform(event)).isSameAs(event);
    }

    @Test
    @DisplayName("its name is namespaced, versioned and the same on every node")
    void nameIsUniqueAndStable() {
      assertThat(codec.name())
          .isEqualTo("configsync.ModuleChangeEvent.v1")
          .isEqualTo(ModuleChangeEventCodec.NAME)
          .isEqualTo(new ModuleChangeEventCodec().name())
          .startsWith("configsync.");
      assertThat(codec.systemCodecID()).as("a user codec").isEqualTo((byte) -1);
    }
  }

  @Nested
  @ExtendWith(VertxExtension.class)
  @DisplayName("on the event bus")
  class OnTheEventBus {

    private final ModuleChangeEvent event =
        event(ModuleAction.CONFIG_UPDATED, config(), Instant.parse("2024-05-01T10:15:30.123456789Z"), UNICODE);

    @BeforeEach
    void registerCodecsTwice(Vertx vertx) {
      Codecs.registerAll(vertx.eventBus());
      Codecs.registerAll(vertx.eventBus());
    }

    @Test
    @DisplayName("a local publish hands the same instance to every consumer")
    void localPublishDeliversTheSameInstance(Vertx vertx, VertxTestContext testContext) {
      Checkpoint delivered = testContext.checkpoint(2);
      MessageConsumer<ModuleChangeEvent> first = vertx.eventBus().consumer("test.codec.local", message ->
          testContext.verify(() -> {
            assertThat(message.body()).isSameAs(event);
            delivered.flag();
          }));
      MessageConsumer<ModuleChangeEvent> second = vertx.eventBus().consumer("test.codec.local", message ->
          testContext.verify(() -> {
            assertThat(message.body()).isSameAs(event);
            delivered.flag();
          }));

      Future.all(first.completion(), second.completion())
          .onComplete(testContext.succeeding(registered -> vertx.eventBus().publish("test.codec.local", event)));
    }

    @Test
    @DisplayName("a request and its reply can both carry an event")
    void requestReplyCarriesEvents(Vertx vertx, VertxTestContext testContext) {
      ModuleChangeEvent reply = new ModuleChangeEvent(
          event.revision() + 1, event.guildId(), event.moduleId(), ModuleAction.DISABLED, null,
          event.version() + 1, event.timestamp().plusSeconds(1), ModuleChangeEvent.ORIGIN_BACKEND);
      MessageConsumer<ModuleChangeEvent> responder = vertx.eventBus().consumer("test.codec.request", message -> {
        testContext.verify(() -> assertThat(message.body()).isSameAs(event));
        message.reply(reply);
      });

      responder.completion()
          .compose(registered -> vertx.eventBus().<ModuleChangeEvent>request("test.codec.request", event))
          .onComplete(testContext.succeeding(answer -> testContext.verify(() -> {
            assertThat(answer.body()).isSameAs(reply);
            testContext.completeNow();
          })));
    }

    @Test
    @DisplayName("the codec can also be chosen by its name")
    void codecCanBeChosenByName(Vertx vertx, VertxTestContext testContext) {
      MessageConsumer<ModuleChangeEvent> consumer = vertx.eventBus().consumer("test.codec.named", message ->
          testContext.verify(() -> {
            assertThat(message.body()).isSameAs(event);
            testContext.completeNow();
          }));

      consumer.completion().onComplete(testContext.succeeding(registered -> vertx.eventBus()
          .send("test.codec.named", event, new DeliveryOptions().setCodecName(ModuleChangeEventCodec.NAME))));
    }
  }

  /** Exactly 2^20 chars mixing ASCII, escapes, NUL, two-byte, three-byte and four-byte UTF-8. */
  private static String oneMebibyteString() {
    String unit = "abcdé中文🤖\"\\\n\t\u0000xz"; // 16 chars: the emoji is a surrogate pair
    assertThat(unit).hasSize(16);
    String huge = unit.repeat(ONE_MIB / unit.length());
    assertThat(huge).hasSize(ONE_MIB);
    return huge;
  }
}
