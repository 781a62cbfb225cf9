package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Record codecs of the dashboard's messages")
class JsonRecordCodecTest {

  @Test
  @DisplayName("a recorded ack crosses the wire equal, and stays the same instance locally")
  void ackRecordedRoundTrip() {
    AckRecorded recorded = new AckRecorded(new BotAck("bot-a", 7, "0/1", null,
        List.of(ApplyStatus.failed("310000000000000001", "welcome", 3, "channel 5 does not exist"))));
    JsonRecordCodec<AckRecorded> codec =
        new JsonRecordCodec<>("test", AckRecorded::toJson, AckRecorded::fromJson);
    Buffer buffer = Buffer.buffer("xx");
    codec.encodeToWire(buffer, recorded);

    assertThat(codec.decodeFromWire(2, buffer)).isEqualTo(recorded);
    assertThat(codec.transform(recorded)).isSameAs(recorded);
  }

  @Test
  @DisplayName("a pre-flight request and its answer cross the wire equal")
  void preflightRoundTrip() {
    PreflightRequest request = new PreflightRequest("310000000000000001", "welcome",
        new JsonObject().put("channelId", "500000000000000001").put("message", "hi"));
    PreflightAnswer answer = new PreflightAnswer("bot-a", List.of("channel 5 does not exist"));
    assertThat(PreflightRequest.fromJson(request.toJson())).isEqualTo(request);
    assertThat(PreflightAnswer.fromJson(answer.toJson())).isEqualTo(answer);
  }
}
