package io.configsync.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.configsync.codecs.ShardAddress;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared-frame delivery to the sockets of each shard, with sockets on several event loops. */
@ExtendWith(VertxExtension.class)
@DisplayName("Shard sockets: one frame per message, written to every socket of the shard")
class ShardSocketsTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ShardAddress SHARD_0 = new ShardAddress(2, 0);
  private static final ShardAddress SHARD_1 = new ShardAddress(2, 1);
  private static final int MESSAGES = 500;

  private final AtomicInteger skipped = new AtomicInteger();
  private final ShardSockets sockets = new ShardSockets(skipped::incrementAndGet);
  private Context loopA;
  private Context loopB;

  @BeforeEach
  void twoEventLoops(Vertx vertx) throws Exception {
    // Each new event-loop context takes the next event loop of the pool.
    loopA = ((VertxInternal) vertx).createEventLoopContext();
    loopB = ((VertxInternal) vertx).createEventLoopContext();
    assertThat(threadOf(loopA)).as("two contexts on two event loops").isNotEqualTo(threadOf(loopB));
  }

  @Test
  @DisplayName("every socket of the shard gets every message, in order, as the same bytes on its own event loop")
  void everySocketOfTheShardInOrder() {
    // GIVEN two sockets of shard 0 on one event loop, one on another, and one of shard 1
    Recorder a1 = new Recorder(loopA, i -> true);
    Recorder a2 = new Recorder(loopA, i -> true);
    Recorder b = new Recorder(loopB, i -> true);
    Recorder other = new Recorder(loopB, i -> true);
    sockets.add(SHARD_0, a1);
    sockets.add(SHARD_0, a2);
    sockets.add(SHARD_0, b);
    sockets.add(SHARD_1, other);

    // WHEN shard 0 gets its messages
    IntStream.range(0, MESSAGES).forEach(i -> sockets.send(SHARD_0, message(i)));

    // THEN each of its sockets has all of them in order, written on its own event loop; the bytes
    // are the bridge's own envelope, one Buffer shared by all; shard 1's socket has none
    await().atMost(WAIT).until(() -> a1.count() == MESSAGES && a2.count() == MESSAGES && b.count() == MESSAGES);
    List<String> expected = IntStream.range(0, MESSAGES).mapToObj(i -> bridgeEnvelope(SHARD_0, message(i))).toList();
    for (Recorder socket : List.of(a1, a2, b)) {
      assertThat(socket.texts()).containsExactlyElementsOf(expected);
      assertThat(socket.wrongThread).as("written off its event loop").isZero();
    }
    assertThat(a1.frames()).zipSatisfy(b.frames(), (x, y) -> assertThat(x).isSameAs(y));
    assertThat(other.count()).isZero();
    assertThat(skipped).hasValue(0);
  }

  @Test
  @DisplayName("a socket whose event loop is stuck holds up none of the others, and gets everything once it runs")
  void stalledEventLoop() throws Exception {
    Recorder fast = new Recorder(loopA, i -> true);
    Recorder stalled = new Recorder(loopB, i -> true);
    sockets.add(SHARD_0, fast);
    sockets.add(SHARD_0, stalled);
    CountDownLatch release = new CountDownLatch(1);
    loopB.runOnContext(v -> awaitQuietly(release));

    IntStream.range(0, MESSAGES).forEach(i -> sockets.send(SHARD_0, message(i)));

    await().atMost(WAIT).until(() -> fast.count() == MESSAGES);
    assertThat(stalled.count()).isZero();
    release.countDown();
    await().atMost(WAIT).until(() -> stalled.count() == MESSAGES);
    assertThat(stalled.texts()).containsExactlyElementsOf(fast.texts());
  }

  @Test
  @DisplayName("messages sent together, to several shards and amid messages sent alone, reach every socket in order on its event loop")
  void sentTogether() {
    // GIVEN sockets of two shards on two event loops
    Recorder a = new Recorder(loopA, i -> true);
    Recorder b = new Recorder(loopB, i -> true);
    Recorder other = new Recorder(loopB, i -> true);
    sockets.add(SHARD_0, a);
    sockets.add(SHARD_0, b);
    sockets.add(SHARD_1, other);

    // WHEN the messages go in groups of three (a commit's events), every fourth alone, one group nested
    IntStream.range(0, MESSAGES).forEach(i -> {
      if (i % 4 == 3) {
        sockets.send(SHARD_0, message(i));
      } else if (i % 4 == 0) {
        sockets.together(() -> {
          sockets.send(SHARD_0, message(i));
          sockets.send(SHARD_1, message(i));
          sockets.together(() -> sockets.send(SHARD_0, message(i + 1)));
          sockets.send(SHARD_0, message(i + 2));
        });
      }
    });

    // THEN each socket of shard 0 has every message in order, shard 1's socket its own, all on their loops
    await().atMost(WAIT).until(() -> a.count() == MESSAGES && b.count() == MESSAGES
        && other.count() == MESSAGES / 4);
    List<String> expected = IntStream.range(0, MESSAGES).mapToObj(i -> bridgeEnvelope(SHARD_0, message(i))).toList();
    assertThat(a.texts()).containsExactlyElementsOf(expected);
    assertThat(b.texts()).containsExactlyElementsOf(expected);
    assertThat(other.texts()).containsExactlyElementsOf(IntStream.range(0, MESSAGES).filter(i -> i % 4 == 0)
        .mapToObj(i -> bridgeEnvelope(SHARD_1, message(i))).toList());
    assertThat(List.of(a, b, other)).allSatisfy(socket -> assertThat(socket.wrongThread).isZero());
  }

  @Test
  @DisplayName("a socket whose write queue is full misses those messages, counted as skipped; the others miss none")
  void fullWriteQueue() {
    // GIVEN a socket whose write queue is full for every third message
    Recorder slow = new Recorder(loopA, i -> i % 3 != 0);
    Recorder healthy = new Recorder(loopA, i -> true);
    sockets.add(SHARD_0, slow);
    sockets.add(SHARD_0, healthy);

    IntStream.range(0, MESSAGES).forEach(i -> sockets.send(SHARD_0, message(i)));

    await().atMost(WAIT).until(() -> healthy.count() == MESSAGES && slow.offers.get() == MESSAGES);
    assertThat(skipped).hasValue((MESSAGES + 2) / 3);
    assertThat(slow.texts()).containsExactlyElementsOf(IntStream.range(0, MESSAGES).filter(i -> i % 3 != 0)
        .mapToObj(i -> bridgeEnvelope(SHARD_0, message(i))).toList());
  }

  @Test
  @DisplayName("a socket removed from its shard gets nothing more; a shard without sockets is not listened to")
  void removal() {
    Recorder socket = new Recorder(loopA, i -> true);
    sockets.add(SHARD_0, socket);
    sockets.send(SHARD_0, message(0));
    sockets.remove(SHARD_0, socket);
    sockets.send(SHARD_0, message(1));
    Recorder sentinel = new Recorder(loopA, i -> true);
    sockets.add(SHARD_0, sentinel);
    sockets.send(SHARD_0, message(2));

    await().atMost(WAIT).until(() -> sentinel.count() == 1);
    assertThat(socket.texts()).containsExactly(bridgeEnvelope(SHARD_0, message(0)));
    sockets.remove(SHARD_0, sentinel);
    assertThat(sockets.listened(SHARD_0)).isFalse();
    assertThat(sockets.addresses()).isEmpty();
  }

  @Test
  @DisplayName("a message with a lone surrogate in a string goes out as the bridge writes it")
  void loneSurrogate() {
    Recorder socket = new Recorder(loopA, i -> true);
    sockets.add(SHARD_0, socket);
    JsonObject odd = new JsonObject().put("kind", "event").put("config", new JsonObject().put("text", "a\uD800b"));

    sockets.send(SHARD_0, odd);

    await().atMost(WAIT).until(() -> socket.count() == 1);
    assertThat(socket.frames()).containsExactly(Buffer.buffer(bridgeEnvelope(SHARD_0, odd)));
  }

  /** What the Vert.x bridge writes for a message it received on {@code address}, as a String. */
  private static String bridgeEnvelope(ShardAddress address, JsonObject body) {
    return new JsonObject().put("type", "rec").put("address", address.address()).put("body", body).encode();
  }

  private static JsonObject message(int i) {
    return new JsonObject().put("kind", "progress").put("revision", i + 1).put("prev", i);
  }

  private static String threadOf(Context context) throws Exception {
    CompletableFuture<String> thread = new CompletableFuture<>();
    context.runOnContext(v -> thread.complete(Thread.currentThread().getName()));
    return thread.get(10, TimeUnit.SECONDS);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A socket on {@code context} that accepts the {@code n}th offer if {@code room} says so. */
  private static final class Recorder implements ShardListener {

    private final Context context;
    private final IntPredicate room;
    private final List<Buffer> frames = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger offers = new AtomicInteger();
    private volatile int wrongThread;
    private String thread;

    Recorder(Context context, IntPredicate room) {
      this.context = context;
      this.room = room;
    }

    @Override
    public Context context() {
      return context;
    }

    @Override
    public boolean offer(Buffer frame) {
      checkThread();
      if (!room.test(offers.getAndIncrement())) {
        return false;
      }
      frames.add(frame);
      return true;
    }

    private void checkThread() {
      String current = Thread.currentThread().getName();
      if (thread == null) {
        thread = current;
      }
      if (!thread.equals(current) || Vertx.currentContext() == null
          || ((ContextInternal) Vertx.currentContext()).unwrap() != context) {
        wrongThread++;
      }
    }

    int count() {
      return frames.size();
    }

    List<Buffer> frames() {
      synchronized (frames) {
        return List.copyOf(frames);
      }
    }

    List<String> texts() {
      return frames().stream().map(Buffer::toString).toList();
    }
  }
}
