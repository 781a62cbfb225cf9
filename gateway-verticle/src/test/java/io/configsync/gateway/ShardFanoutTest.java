package io.configsync.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.codecs.Addresses;
import io.configsync.codecs.Codecs;
import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ModuleChanges;
import io.configsync.codecs.Replay;
import io.configsync.codecs.ShardAddress;
import io.configsync.codecs.ShardStreamMessage;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gateway's fan-out on a real local Vert.x, against a scripted replay responder on the bus. */
@ExtendWith(VertxExtension.class)
@DisplayName("Gateway shard fan-out")
class ShardFanoutTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  /** Guilds of shard 0 and shard 1 of 2. */
  private static final String SHARD_0 = Long.toString(2L << 22);
  private static final String SHARD_1 = Long.toString(3L << 22);

  private Vertx vertx;
  private Context context;
  private ShardFanout fanout;
  private final List<ModuleChangeEvent> log = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> replayedAfter = Collections.synchronizedList(new ArrayList<>());
  private final List<JsonObject> shard0 = Collections.synchronizedList(new ArrayList<>());
  private final List<JsonObject> shard1 = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    Codecs.registerAll(vertx.eventBus());
    join(vertx.eventBus().<JsonObject>consumer(Addresses.REPLAY, this::replay).completion());
    context = vertx.getOrCreateContext();
    fanout = new ShardFanout(vertx, new ShardSockets(() -> { }));
    onContext(() -> fanout.start(50));
    fanout.subscribe(new ShardAddress(2, 0), recorder(shard0));
    fanout.subscribe(new ShardAddress(2, 1), recorder(shard1));
    await().atMost(WAIT).until(() -> fanout.completeThrough() == 0);
  }

  @AfterEach
  void stop() throws Exception {
    onContext(fanout::stop);
  }

  @Test
  @DisplayName("each shard's events carry the revision of that shard's previous event")
  void perShardPrevChains() {
    // WHEN revisions 1..4 are published: shard 0, shard 1, shard 0, shard 0
    publish(commit(SHARD_0), commit(SHARD_1), commit(SHARD_0), commit(SHARD_0));

    // THEN each shard sees its own events, chained by prev
    await().atMost(WAIT).until(() -> events(shard0).size() == 3 && events(shard1).size() == 1);
    assertThat(events(shard0)).containsExactly(new ShardStreamMessage.Event(log.get(0), 0),
        new ShardStreamMessage.Event(log.get(2), 1), new ShardStreamMessage.Event(log.get(3), 3));
    assertThat(events(shard1)).containsExactly(new ShardStreamMessage.Event(log.get(1), 0));
    assertThat(replayedAfter).as("nothing was missing").containsOnly(0L);
  }

  @Test
  @DisplayName("a hole in the global stream is filled from the replay address before anything after it is relayed")
  void holesFilled() {
    // GIVEN revisions 1..4 in the log, of which the bus lost 2 and 3
    ModuleChangeEvent first = commit(SHARD_0);
    ModuleChangeEvent second = commit(SHARD_1);
    ModuleChangeEvent third = commit(SHARD_0);
    ModuleChangeEvent fourth = commit(SHARD_1);

    // WHEN only 1 and 4 arrive
    publish(first, fourth);

    // THEN both shards got every event of theirs, in order and chained
    await().atMost(WAIT).until(() -> events(shard0).size() == 2 && events(shard1).size() == 2);
    assertThat(events(shard0)).containsExactly(new ShardStreamMessage.Event(first, 0),
        new ShardStreamMessage.Event(third, 1));
    assertThat(events(shard1)).containsExactly(new ShardStreamMessage.Event(second, 0),
        new ShardStreamMessage.Event(fourth, 2));
    assertThat(replayedAfter).contains(1L);
  }

  @Test
  @DisplayName("progress tells each shard how far the stream is complete, and where its last event was")
  void progress() {
    publish(commit(SHARD_0), commit(SHARD_1), commit(SHARD_1));

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(progress(shard0)).contains(new ShardStreamMessage.Progress(3, 1));
      assertThat(progress(shard1)).contains(new ShardStreamMessage.Progress(3, 3));
    });
  }

  @Test
  @DisplayName("a lost last event is fetched once the head announcement shows it")
  void lostLastEventFromTheHead() {
    ModuleChangeEvent first = commit(SHARD_0);
    ModuleChangeEvent lost = commit(SHARD_0);
    publish(first);

    vertx.eventBus().publish(Addresses.REVISION_HEAD, new io.configsync.codecs.RevisionHead(2));

    await().atMost(WAIT).until(() -> events(shard0).size() == 2);
    assertThat(events(shard0)).containsExactly(new ShardStreamMessage.Event(first, 0),
        new ShardStreamMessage.Event(lost, 1));
  }

  /** A socket on the test's context that keeps the body of every frame written to it. */
  private ShardListener recorder(List<JsonObject> bodies) {
    return new ShardListener() {
      @Override
      public Context context() {
        return context;
      }

      @Override
      public boolean offer(Buffer frame) {
        bodies.add(new JsonObject(frame).getJsonObject("body"));
        return true;
      }
    };
  }

  private void replay(Message<JsonObject> message) {
    Replay.Request request = Replay.Request.fromJson(message.body());
    replayedAfter.add(request.after());
    List<ModuleChangeEvent> page;
    synchronized (log) {
      page = log.stream().filter(e -> e.revision() > request.after()).limit(request.limit()).toList();
    }
    long head = log.size();
    long through = request.limit() == 0 ? request.after()
        : page.size() == request.limit() ? page.get(page.size() - 1).revision() : head;
    message.reply(new Replay.Page(page, head, through).toJson());
  }

  private ModuleChangeEvent commit(String guild) {
    synchronized (log) {
      ModuleChangeEvent event = new ModuleChangeEvent(log.size() + 1, guild, "welcome", ModuleAction.ENABLED,
          new JsonObject().put("n", log.size()), 1, Instant.EPOCH, ModuleChangeEvent.ORIGIN_BACKEND);
      log.add(event);
      return event;
    }
  }

  private void publish(ModuleChangeEvent... events) {
    for (ModuleChangeEvent event : events) {
      vertx.eventBus().publish(Addresses.MODULE_CHANGES, new ModuleChanges(List.of(event)));
    }
  }

  private static List<ShardStreamMessage> events(List<JsonObject> received) {
    return messages(received).stream().filter(m -> m instanceof ShardStreamMessage.Event).toList();
  }

  private static List<ShardStreamMessage> progress(List<JsonObject> received) {
    return messages(received).stream().filter(m -> m instanceof ShardStreamMessage.Progress).toList();
  }

  private static List<ShardStreamMessage> messages(List<JsonObject> received) {
    synchronized (received) {
      return received.stream().map(ShardStreamMessage::fromJson).toList();
    }
  }

  private void onContext(Supplier<Future<Void>> work) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> work.get().onComplete(r -> {
      if (r.succeeded()) {
        done.complete(null);
      } else {
        done.completeExceptionally(r.cause());
      }
    }));
    done.get(10, TimeUnit.SECONDS);
  }

  private static <T> T join(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
