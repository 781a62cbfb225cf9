package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("ModuleChanges and its codec")
class ModuleChangesCodecTest {

  private static final byte[] BEFORE = "an earlier message\u0001".getBytes(StandardCharsets.UTF_8);
  private static final byte[] AFTER = {(byte) 0xFF, 0x00, 0x7F};

  private final ModuleChangesCodec codec = new ModuleChangesCodec();

  private static ModuleChangeEvent event(long revision, ModuleAction action, JsonObject config) {
    return new ModuleChangeEvent(revision, "81384788765712384", "welcome", action, config, revision + 10,
        Instant.parse("2026-12-07T17:30:00.123456Z").plusSeconds(revision), "bot-é 🤖");
  }

  private static ModuleChanges changes(long firstRevision, int count) {
    List<ModuleChangeEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long revision = firstRevision + i;
      events.add(i % 3 == 2
          ? event(revision, ModuleAction.DISABLED, null)
          : event(revision, ModuleAction.CONFIG_UPDATED, new JsonObject().put("message", "edit " + revision + " 機器人")));
    }
    return new ModuleChanges(events);
  }

  /** Encodes after unrelated bytes, appends more after it, and decodes at its position. */
  private ModuleChanges overTheWire(ModuleChanges changes) {
    Buffer buffer = Buffer.buffer().appendBytes(BEFORE);
    int position = buffer.length();
    codec.encodeToWire(buffer, changes);
    buffer.appendBytes(AFTER);
    return codec.decodeFromWire(position, buffer);
  }

  @Test
  @DisplayName("events of every kind, a deleted config among them, survive the wire in order")
  void roundTrip() {
    ModuleChanges changes = changes(41, 7);

    assertThat(overTheWire(changes)).isEqualTo(changes);
    assertThat(overTheWire(changes(1, 1))).isEqualTo(changes(1, 1));
  }

  @Test
  @DisplayName("the bytes kept for the next node are never those of another message, even an equal one")
  void keptBytesBelongToTheSameInstance() {
    ModuleChanges first = changes(1, 3);
    ModuleChanges second = changes(4, 2);
    ModuleChanges equalToSecond = changes(4, 2);

    assertThat(overTheWire(first)).isEqualTo(first);
    assertThat(overTheWire(first)).isEqualTo(first);
    assertThat(overTheWire(second)).isEqualTo(second);
    assertThat(overTheWire(equalToSecond)).isEqualTo(equalToSecond);
    assertThat(overTheWire(first)).isEqualTo(first);
  }

  @Test
  @DisplayName("no events, or revisions that do not follow each other, are refused")
  void refusesGapsAndEmptiness() {
    assertThatThrownBy(() -> new ModuleChanges(List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ModuleChanges(List.of(event(5, ModuleAction.ENABLED, new JsonObject()),
        event(7, ModuleAction.ENABLED, new JsonObject()))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7 follows 5");
    assertThatThrownBy(() -> new ModuleChanges(List.of(event(5, ModuleAction.ENABLED, new JsonObject()),
        event(5, ModuleAction.ENABLED, new JsonObject()))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("an unknown format or a count below one on the wire is refused, not misread")
  void refusesForeignBytes() {
    Buffer unknownFormat = Buffer.buffer().appendByte((byte) 2).appendInt(1);
    Buffer noEvents = Buffer.buffer().appendByte((byte) 1).appendInt(0);

    assertThatThrownBy(() -> codec.decodeFromWire(0, unknownFormat)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("format 2");
    assertThatThrownBy(() -> codec.decodeFromWire(0, noEvents)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  @ExtendWith(VertxExtension.class)
  @DisplayName("a local publish hands the same instance to its consumer")
  void localPublishDeliversTheSameInstance(Vertx vertx, VertxTestContext testContext) {
    Codecs.registerAll(vertx.eventBus());
    ModuleChanges changes = changes(1, 4);
    vertx.eventBus().<ModuleChanges>consumer(Addresses.MODULE_CHANGES, message -> testContext.verify(() -> {
      assertThat(message.body()).isSameAs(changes);
      testContext.completeNow();
    })).completion().onComplete(testContext.succeeding(registered ->
        vertx.eventBus().publish(Addresses.MODULE_CHANGES, changes)));
  }
}
