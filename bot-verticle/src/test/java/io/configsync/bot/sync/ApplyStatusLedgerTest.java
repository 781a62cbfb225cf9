package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.bot.sync.ApplyStatusLedger.Ack;
import io.configsync.bot.sync.ApplyStatusLedger.Report;
import io.configsync.codecs.ApplyStatus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The apply-status ledger keeps the statuses to report and decides what each ack carries")
class ApplyStatusLedgerTest {

  private static final long GUILD = 400000000000000000L;
  private static final ConfigKey WELCOME = new ConfigKey(GUILD, "welcome");

  private final AtomicBoolean hooksIdle = new AtomicBoolean(true);
  private final ApplyStatusLedger ledger = new ApplyStatusLedger(hooksIdle::get);

  @Test
  @DisplayName("a live result is reported; a bulk-loaded success only after a reported failure")
  void whatIsReported() {
    ledger.record(WELCOME, 1, Future.succeededFuture(), Report.FAILURES_AND_RECOVERIES);
    assertThat(ledger.take(10)).isEmpty();

    ledger.record(WELCOME, 2, Future.failedFuture("no such channel"), Report.FAILURES_AND_RECOVERIES);
    assertThat(ledger.take(10)).containsExactly(ApplyStatus.failed(Long.toString(GUILD), "welcome", 2,
        "no such channel"));

    ledger.record(WELCOME, 3, Future.succeededFuture(), Report.FAILURES_AND_RECOVERIES);
    assertThat(ledger.take(10)).containsExactly(ApplyStatus.ok(Long.toString(GUILD), "welcome", 3));

    ledger.record(WELCOME, 4, Future.succeededFuture(), Report.EVERY_RESULT);
    assertThat(ledger.take(10)).containsExactly(ApplyStatus.ok(Long.toString(GUILD), "welcome", 4));
  }

  @Test
  @DisplayName("a result of an older version ending late does not replace a newer one")
  void olderResultEndingLateIsDropped() {
    Promise<Void> older = Promise.promise();
    ledger.record(WELCOME, 1, older.future(), Report.EVERY_RESULT);
    ledger.record(WELCOME, 2, Future.succeededFuture(), Report.EVERY_RESULT);

    older.fail("too late");

    assertThat(ledger.take(10)).containsExactly(ApplyStatus.ok(Long.toString(GUILD), "welcome", 2));
  }

  @Test
  @DisplayName("an ack claims the applied revision only once every hook ended and its status was taken")
  void ackWaitsForHooks() {
    // GIVEN a hook still running
    hooksIdle.set(false);

    // WHEN acks are due at revision 7
    List<Ack> whileRunning = ledger.acksDue(7, 0);
    hooksIdle.set(true);
    ledger.record(WELCOME, 1, Future.failedFuture("missing permission"), Report.EVERY_RESULT);
    List<Ack> afterwards = ledger.acksDue(7, 10);

    // THEN the first claims nothing new, the second carries the status with the revision
    assertThat(whileRunning).containsExactly(new Ack(0, List.of()));
    assertThat(afterwards).containsExactly(new Ack(7, List.of(
        ApplyStatus.failed(Long.toString(GUILD), "welcome", 1, "missing permission"))));
  }

  @Test
  @DisplayName("nothing new is acked again only as a heartbeat")
  void heartbeat() {
    assertThat(ledger.acksDue(3, 1_000)).containsExactly(new Ack(3, List.of()));

    assertThat(ledger.acksDue(3, 1_000 + ApplyStatusLedger.HEARTBEAT_MS - 1)).isEmpty();
    assertThat(ledger.acksDue(3, 1_000 + ApplyStatusLedger.HEARTBEAT_MS)).containsExactly(new Ack(3, List.of()));
    assertThat(ledger.acksDue(4, 1_000 + ApplyStatusLedger.HEARTBEAT_MS)).containsExactly(new Ack(4, List.of()));
  }

  @Test
  @DisplayName("a backlog of statuses leaves in full acks, a bounded number per tick")
  void backlogInSeveralAcks() {
    int backlog = ApplyStatusLedger.MAX_STATUSES_PER_ACK * (ApplyStatusLedger.MAX_ACKS_PER_TICK + 1);
    for (int i = 0; i < backlog; i++) {
      ledger.record(new ConfigKey(GUILD + ((long) i << 22), "welcome"), 1, Future.succeededFuture(),
          Report.EVERY_RESULT);
    }

    List<Ack> first = ledger.acksDue(9, 0);
    List<Ack> second = ledger.acksDue(9, 1);

    assertThat(first).hasSize(ApplyStatusLedger.MAX_ACKS_PER_TICK)
        .allSatisfy(ack -> assertThat(ack.statuses()).hasSize(ApplyStatusLedger.MAX_STATUSES_PER_ACK))
        .extracting(Ack::revision).containsOnly(0L);
    assertThat(second).singleElement().satisfies(ack -> {
      assertThat(ack.revision()).as("the last status taken, the revision is claimed").isEqualTo(9);
      assertThat(ack.statuses()).hasSize(ApplyStatusLedger.MAX_STATUSES_PER_ACK);
    });
    assertThat(ledger.allReported()).isTrue();
  }
}
