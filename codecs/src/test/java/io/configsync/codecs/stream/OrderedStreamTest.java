package io.configsync.codecs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.codecs.ModuleChangeEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ordering rules, driven without Vert.x: a scripted log and loader, and time that moves on demand. */
@DisplayName("Ordered stream engine")
class OrderedStreamTest {

  private static final Duration GRACE = Duration.ofMillis(1_500);

  private RecordingSink sink;
  private ScriptedLog log;
  private ManualTimer timer;
  private OrderedStream stream;

  @BeforeEach
  void setUp() {
    sink = new RecordingSink();
    log = new ScriptedLog(sink);
    timer = new ManualTimer();
    stream = newStream(100);
  }

  private OrderedStream newStream(int maxPending) {
    return new OrderedStream("test", new OrderedStream.Settings(maxPending, GRACE, Duration.ofMillis(100),
        Duration.ofSeconds(5)), log, log, sink, timer);
  }

  /** Commits {@code count} events, of guilds g0..g4 in turn. */
  private List<ModuleChangeEvent> commit(int count) {
    List<ModuleChangeEvent> committed = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      committed.add(log.commit("g" + (log.head() % 5)));
    }
    return committed;
  }

  private void assertConverged() {
    assertThat(stream.position()).isEqualTo(log.head());
    assertThat(stream.phase()).isEqualTo(StreamPhase.LIVE);
    assertThat(sink.state).isEqualTo(log.state());
    assertThat(sink.applied).isSorted().doesNotHaveDuplicates();
    assertThat(stream.pendingCount()).isZero();
  }

  @Test
  @DisplayName("applies events that arrive out of order in revision order, and counts them as received out of order")
  void outOfOrderArrival() {
    stream.load();
    List<ModuleChangeEvent> events = commit(3);
    log.holdReplies = true;

    stream.offer(events.get(0));
    stream.offer(events.get(2));
    assertThat(stream.phase()).isEqualTo(StreamPhase.CATCHING_UP);
    stream.offer(events.get(1));

    assertThat(sink.applied).containsExactly(1L, 2L, 3L);
    log.releaseNext();
    assertThat(sink.applied).containsExactly(1L, 2L, 3L);
    assertThat(stream.counts().outOfOrder()).isEqualTo(1);
    assertThat(stream.counts().gapsDetected()).isEqualTo(1);
    assertConverged();
  }

  @Test
  @DisplayName("applies a duplicate once and counts it as stale")
  void duplicates() {
    stream.load();
    List<ModuleChangeEvent> events = commit(2);

    events.forEach(stream::offer);
    events.forEach(stream::offer);

    assertThat(sink.applied).containsExactly(1L, 2L);
    assertThat(stream.counts().staleIgnored()).isEqualTo(2);
    assertThat(stream.counts().outOfOrder()).isEqualTo(1);
    assertThat(log.requests).isEmpty();
    assertConverged();
  }

  @Test
  @DisplayName("fills a hole at the start of the stream from the log")
  void holeAtTheStart() {
    stream.load();
    List<ModuleChangeEvent> events = commit(4);

    stream.offer(events.get(2));
    stream.offer(events.get(3));

    assertThat(log.requests).containsExactly(0L);
    assertThat(sink.applied).containsExactly(1L, 2L, 3L, 4L);
    assertConverged();
  }

  @Test
  @DisplayName("fills a hole in the middle, page by page, and applies what waited behind it")
  void holeInTheMiddle() {
    stream.load();
    log.pageSize = 1;
    List<ModuleChangeEvent> events = commit(6);
    log.holdReplies = true;

    stream.offer(events.get(0));
    stream.offer(events.get(1));
    stream.offer(events.get(4));
    stream.offer(events.get(5));
    assertThat(stream.pendingCount()).isEqualTo(2);
    while (log.heldCount() > 0) {
      log.releaseNext();
    }

    assertThat(log.requests).startsWith(2L, 3L);
    assertThat(sink.applied).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertConverged();
  }

  @Test
  @DisplayName("notices a lost last event from the head announcements once the grace period passed")
  void lostLastEventRevealedByHead() {
    stream.load();
    List<ModuleChangeEvent> events = commit(3);
    stream.offer(events.get(0));
    stream.offer(events.get(1));

    stream.onHead(3);
    timer.advance(1_000);
    stream.onHead(3);
    assertThat(log.requests).as("within the grace period").isEmpty();
    timer.advance(600);
    stream.onHead(3);

    assertThat(log.requests).containsExactly(2L);
    assertConverged();
  }

  @Test
  @DisplayName("on a shard stream, applies events by prev and notices a lost last event from progress")
  void lostLastEventRevealedByProgress() {
    // GIVEN a shard stream: revisions 1, 3, 5 and 7 are another shard's; 2, 4 and 6 are this shard's
    stream.load();
    log.skipRevision();
    ModuleChangeEvent two = log.commit("g1");
    log.skipRevision();
    ModuleChangeEvent four = log.commit("g1");
    log.skipRevision();
    log.commit("g2");
    log.skipRevision();

    stream.offer(two, 0);
    stream.offer(four, 2);
    assertThat(sink.applied).containsExactly(2L, 4L);
    stream.progress(5, 4);
    assertThat(stream.position()).as("progress whose prev is applied moves the position").isEqualTo(5);

    // WHEN event 6 is lost and progress says the shard's last event is 6
    stream.progress(7, 6);
    timer.advance(2_000);
    stream.progress(7, 6);

    // THEN it fetched 6 from the log
    assertThat(log.requests).containsExactly(5L);
    assertThat(sink.applied).containsExactly(2L, 4L, 6L);
    assertConverged();
  }

  @Test
  @DisplayName("a 410 in the middle of a fill reloads the full state and ignores the fill's later pages")
  void goneInTheMiddleOfAFill() {
    stream.load();
    log.pageSize = 2;
    List<ModuleChangeEvent> events = commit(6);
    log.holdReplies = true;

    stream.offer(events.get(5));
    log.releaseNext();
    assertThat(sink.applied).containsExactly(1L, 2L);
    log.horizon = 4;
    log.releaseNext();
    assertThat(stream.phase()).isEqualTo(StreamPhase.LOADING);
    log.releaseNext();

    assertThat(stream.counts().fullReloads()).isEqualTo(2);
    assertThat(log.heldCount()).isZero();
    assertConverged();
  }

  @Test
  @DisplayName("events that arrive while a reload runs are applied after it, those it covers are not")
  void reloadRacingLiveEvents() {
    List<ModuleChangeEvent> before = commit(3);
    log.holdReplies = true;
    stream.load();
    assertThat(stream.phase()).isEqualTo(StreamPhase.LOADING);

    before.forEach(stream::offer);
    log.releaseNext();
    List<ModuleChangeEvent> after = commit(2);
    after.forEach(stream::offer);

    assertThat(sink.applied).containsExactly(4L, 5L);
    assertConverged();
  }

  @Test
  @DisplayName("a reload that sees a later head than the events that raced it drops them as covered")
  void reloadCoversRacingEvents() {
    log.holdReplies = true;
    stream.load();
    List<ModuleChangeEvent> events = commit(3);
    stream.offer(events.get(2));

    log.releaseNext();

    assertThat(sink.applied).isEmpty();
    assertConverged();
  }

  @Test
  @DisplayName("resumes at a revision and catches up from the log without a full load")
  void resume() {
    commit(5);

    stream.resume(2);

    assertThat(log.loads).isZero();
    assertThat(log.requests).containsExactly(2L);
    assertThat(sink.applied).containsExactly(3L, 4L, 5L);
    assertThat(stream.counts().resumes()).isEqualTo(1);
    assertThat(stream.position()).isEqualTo(5);
  }

  @Test
  @DisplayName("a log whose head is behind the position was replaced: the stream reloads")
  void historyReplaced() {
    commit(2);

    stream.resume(100);

    assertThat(log.loads).isEqualTo(1);
    assertConverged();
  }

  @Test
  @DisplayName("retries a failed fetch after a backoff delay, not at once")
  void retriesAfterBackoff() {
    stream.load();
    List<ModuleChangeEvent> events = commit(3);
    log.failNext = 1;

    stream.offer(events.get(2));
    assertThat(log.requests).hasSize(1);
    assertThat(timer.scheduled()).isEqualTo(1);
    timer.advance(5_000);

    assertThat(log.requests).hasSize(2);
    assertConverged();
  }

  @Test
  @DisplayName("retries a failed full load until it succeeds")
  void retriesAFailedLoad() {
    commit(2);
    log.failNext = 2;

    var ready = stream.load();
    assertThat(ready.isComplete()).isFalse();
    timer.advance(10_000);

    assertThat(ready.succeeded()).isTrue();
    assertThat(stream.counts().fullReloads()).isEqualTo(3);
    assertConverged();
  }

  @Test
  @DisplayName("a re-check fetches what a lost delivery left out; nothing while it is loading")
  void recheck() {
    stream.load();
    commit(2);

    stream.recheck();

    assertThat(log.requests).containsExactly(0L);
    assertConverged();
  }

  @Test
  @DisplayName("keeps the pending buffer bounded, dropping the newest, which the log brings again")
  void boundedPending() {
    stream = newStream(3);
    stream.load();
    List<ModuleChangeEvent> events = commit(10);
    log.holdReplies = true;

    for (int i = 9; i >= 1; i--) {
      stream.offer(events.get(i));
    }
    assertThat(stream.pendingCount()).isEqualTo(3);
    log.releaseNext();

    assertConverged();
  }

  @Test
  @DisplayName("applies nothing once stopped, and ignores replies that arrive after")
  void stop() {
    stream.load();
    List<ModuleChangeEvent> events = commit(2);
    log.holdReplies = true;
    stream.offer(events.get(1));

    stream.stop();
    log.releaseNext();
    stream.offer(events.get(0));

    assertThat(sink.applied).isEmpty();
    assertThat(stream.phase()).isEqualTo(StreamPhase.STOPPED);
  }

  @Nested
  @DisplayName("under random drops, reorders, duplicates, failures and compaction")
  class Randomised {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765, 10946})
    @DisplayName("converges to exactly the log's state, each revision applied once and in order")
    void converges(long seed) {
      Random random = new Random(seed);
      stream = newStream(1 + random.nextInt(50));
      log.pageSize = 1 + random.nextInt(7);
      stream.load();
      List<ModuleChangeEvent> inFlight = new ArrayList<>();

      for (int step = 0; step < 400; step++) {
        ModuleChangeEvent committed = log.commit("g" + random.nextInt(8));
        deliverWithNoise(random, committed, inFlight);
        if (random.nextInt(20) == 0) {
          log.failNext = 1 + random.nextInt(2);
        }
        if (random.nextInt(60) == 0) {
          log.horizon = Math.max(log.horizon, log.head() - random.nextInt(5));
        }
        if (random.nextInt(10) == 0) {
          stream.onHead(log.head());
          timer.advance(random.nextInt(400));
        }
      }
      inFlight.forEach(stream::offer);
      for (int round = 0; round < 20 && stream.position() < log.head(); round++) {
        stream.onHead(log.head());
        timer.advance(GRACE.toMillis() + 5_000);
      }

      assertConverged();
    }

    /** Drops 10%, duplicates 10%, and holds some back to deliver later, out of order. */
    private void deliverWithNoise(Random random, ModuleChangeEvent event, List<ModuleChangeEvent> inFlight) {
      int fate = random.nextInt(10);
      if (fate == 0) {
        return;
      }
      if (fate < 4) {
        inFlight.add(event);
      } else {
        stream.offer(event);
      }
      if (fate == 9) {
        inFlight.add(event);
      }
      while (!inFlight.isEmpty() && random.nextInt(3) == 0) {
        stream.offer(inFlight.remove(random.nextInt(inFlight.size())));
      }
    }
  }
}
