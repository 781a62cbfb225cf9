package io.configsync.codecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The typed messages of the change stream keep the JSON that bridge bots and the HTTP log have. */
@DisplayName("Change stream messages")
class ChangeStreamMessagesTest {

  private static final ModuleChangeEvent EVENT = new ModuleChangeEvent(7, "400000000000000000", "welcome",
      ModuleAction.ENABLED, new JsonObject().put("message", "hi"), 2, Instant.parse("2026-01-01T00:00:00Z"),
      ModuleChangeEvent.ORIGIN_BACKEND);

  @Test
  @DisplayName("a shard event is the event's fields plus kind and prev, and reads back")
  void shardEvent() {
    JsonObject json = new ShardStreamMessage.Event(EVENT, 3).toJson();

    assertThat(json).isEqualTo(EVENT.toJson().put("kind", "event").put("prev", 3));
    assertThat(ShardStreamMessage.fromJson(json)).isEqualTo(new ShardStreamMessage.Event(EVENT, 3));
  }

  @Test
  @DisplayName("a progress message is {kind, revision, prev}, and reads back")
  void progress() {
    JsonObject json = new ShardStreamMessage.Progress(9, 7).toJson();

    assertThat(json).isEqualTo(new JsonObject().put("kind", "progress").put("revision", 9).put("prev", 7));
    assertThat(ShardStreamMessage.fromJson(json)).isEqualTo(new ShardStreamMessage.Progress(9, 7));
  }

  @Test
  @DisplayName("malformed shard messages are refused with IllegalArgumentException")
  void malformedShardMessages() {
    assertThatThrownBy(() -> ShardStreamMessage.fromJson(new JsonObject().put("kind", "other")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShardStreamMessage.fromJson(
        new JsonObject().put("kind", "progress").put("revision", 2.5).put("prev", 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ShardStreamMessage.fromJson(EVENT.toJson().put("kind", "event").put("prev", 7)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("a replay page and a gone reply keep their JSON and read back")
  void replayReplies() {
    Replay.Page page = new Replay.Page(List.of(EVENT), 9, 9);
    JsonObject json = page.toJson();

    assertThat(json).isEqualTo(new JsonObject().put("events", new JsonArray().add(EVENT.toJson()))
        .put("head", 9).put("through", 9));
    assertThat(Replay.Reply.fromJson(json)).isEqualTo(page);
    assertThat(new Replay.Gone(5).toJson()).isEqualTo(new JsonObject().put("gone", true).put("horizon", 5));
    assertThat(Replay.Reply.fromJson(new Replay.Gone(5).toJson())).isEqualTo(new Replay.Gone(5));
  }

  @Test
  @DisplayName("a malformed replay reply is refused with IllegalArgumentException")
  void malformedReplayReplies() {
    assertThatThrownBy(() -> Replay.Reply.fromJson(new JsonObject().put("head", 1).put("through", 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Replay.Reply.fromJson(new JsonObject().put("events", new JsonArray().add(1))
        .put("head", 1).put("through", 1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Replay.Reply.fromJson(new JsonObject().put("gone", true)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("the revision head is {head}, travels with its codec, and refuses a non-revision")
  void revisionHead() {
    assertThat(new RevisionHead(4).toJson()).isEqualTo(new JsonObject().put("head", 4));
    assertThat(RevisionHead.fromJson(new JsonObject().put("head", 4))).isEqualTo(new RevisionHead(4));
    assertThatThrownBy(() -> RevisionHead.fromJson(new JsonObject().put("head", "4")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RevisionHead.fromJson(new JsonObject().put("head", -1)))
        .isInstanceOf(IllegalArgumentException.class);
    Vertx vertx = Vertx.vertx();
    try {
      Codecs.registerAll(vertx.eventBus());
      Codecs.registerAll(vertx.eventBus());
    } finally {
      vertx.close();
    }
  }

  @Test
  @DisplayName("shard addresses are built by ShardAddress")
  void shardAddress() {
    assertThat(Addresses.moduleChangeShard(4, 2)).isEqualTo("configsync.module.change.shard.4.2");
    assertThat(ShardAddress.parse(Addresses.moduleChangeShard(4, 2))).contains(new ShardAddress(4, 2));
  }
}
