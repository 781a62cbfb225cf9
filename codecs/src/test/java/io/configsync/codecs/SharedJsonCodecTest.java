package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Shared JSON codec")
class SharedJsonCodecTest {

  private static final JsonObject MESSAGE = new JsonObject().put("kind", "event").put("revision", 42)
      .put("config", new JsonObject().put("message", "héllo 😀").put("rules", new JsonArray().add("a").add("b")));

  @Test
  @DisplayName("every local consumer gets the published instance itself, not a copy")
  void localConsumersShareTheInstance() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Codecs.registerAll(vertx.eventBus());
      Codecs.registerAll(vertx.eventBus());
      List<JsonObject> received = new CopyOnWriteArrayList<>();
      CountDownLatch delivered = new CountDownLatch(3);
      for (int i = 0; i < 3; i++) {
        vertx.eventBus().<JsonObject>localConsumer("shared", message -> {
          received.add(message.body());
          delivered.countDown();
        });
      }
      vertx.eventBus().publish("shared", MESSAGE,
          new DeliveryOptions().setLocalOnly(true).setCodecName(SharedJsonCodec.NAME));

      assertThat(delivered.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(received).hasSize(3).allSatisfy(body -> assertThat(body).isSameAs(MESSAGE));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("over the wire it is the JSON text, read back equal")
  void wireRoundTrip() {
    SharedJsonCodec codec = new SharedJsonCodec();
    Buffer buffer = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(buffer, MESSAGE);

    assertThat(codec.decodeFromWire("prefix".length(), buffer)).isEqualTo(MESSAGE);
  }
}
