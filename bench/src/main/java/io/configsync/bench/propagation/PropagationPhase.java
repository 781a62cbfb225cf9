package io.configsync.bench.propagation;

import io.configsync.bench.BenchReport;
import io.configsync.bench.Figure;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * One fixed-rate phase: writes over HTTP at a rate, waits until every bot applied all of them,
 * then measures, for each write sent after the warm-up and for each bot, commit → applied and
 * intended request start → applied. All bots' samples merged, and split by kind of bot.
 */
final class PropagationPhase {

  /**
   * What one phase measured. Latencies in µs; {@code missing} counts (write, bot) pairs of accepted
   * writes never applied; {@code unsent} writes were not sent because the backlog passed 5 s (the
   * rate was not sustained), {@code unanswered} got no answer in time.
   */
  record Result(double rate, int measuredWrites, int bots, Histogram commitToApplied, Histogram clusterCommitToApplied,
                Histogram bridgeCommitToApplied, Histogram requestToApplied, Histogram requestToResponse,
                Histogram commitToPublished, long missing, int refused, int failed, int unsent, int unanswered,
                double acceptedPerSecond, CpuMeter.Usage cpu, BackendStats.Writer writer, GcPauses.Summary gc) {

    /** False when no write after the warm-up was sent and applied: the rate was far beyond what the system takes. */
    boolean sampled() {
      return commitToApplied.getTotalCount() > 0;
    }

    /**
     * A figure held to {@code max} ms: a phase without samples misses it (NaN), it does not pass
     * with an empty histogram's 0.
     */
    Figure atMost(String scenario, String metric, double percentile, double max, String method) {
      return sampled()
          ? Figure.atMost(scenario, metric, Latencies.p(commitToApplied, percentile), "ms", max, method)
          : new Figure(scenario, metric, Double.NaN, "ms", String.format(Locale.ROOT, "≤ %.0f", max), false,
              String.format(Locale.ROOT, "no sample: the rate was not sustained (%.0f writes/s accepted)",
                  acceptedPerSecond));
    }

    /**
     * The longest stop-the-world collection of this JVM in the measured window. Every node of the
     * bench shares the JVM, so a pause stops them all and every write in flight waits it out: a
     * window that holds one has it as its p99.
     */
    Figure longestGcPause(String scenario, String at, Duration measured) {
      return Figure.of(scenario, "longest GC pause in the window " + at, gc.longestMs(), "ms",
          gc.describe() + " in this JVM over the measured " + measured.toSeconds() + " s (as the collectors"
              + " notify them)");
    }

    /** How many writes, how many bots, and what became of the writes that did not count. */
    String accounting() {
      return measuredWrites + " writes × " + bots + " bots; refused " + refused + ", failed " + failed
          + ", unanswered " + unanswered + ", not sent " + unsent;
    }

    /** The figures every fixed-rate phase reports: was everything applied, was the rate held. */
    void addCompleteness(BenchReport report, String scenario, String at) {
      report.add(Figure.atMost(scenario, "(write, bot) never applied " + at, missing, "count", 0, accounting()));
      report.add(Figure.atMost(scenario, "writes not sent, backlog over 5 s " + at, unsent, "count", 0,
          "the open-loop writer stops once 5 s of due writes are unanswered: the rate was not sustained, and the"
              + " latencies cover only what was sent"));
      report.add(Figure.of(scenario, "accepted writes/s " + at, acceptedPerSecond, "writes/s",
          "accepted writes / (last answer − first intended send), warm-up included"));
    }
  }

  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

  private final Vertx clientVertx;
  private final ConfigWrites writes;
  private final BackendStats backend;
  private final List<AppliedProbe> probes;
  private final AppliedProbe published;
  private final CpuMeter cpu;
  private final GcPauses gcPauses;
  private long nextSequence;

  /**
   * @param published sees each event as the backend publishes it (a consumer on the backend node's
   *     bus): where commit → applied splits into commit → on the bus and bus → bot
   */
  PropagationPhase(Vertx clientVertx, ConfigWrites writes, BackendStats backend, List<AppliedProbe> probes,
                   AppliedProbe published, CpuMeter cpu, GcPauses gcPauses) {
    this.cpu = cpu;
    this.gcPauses = gcPauses;
    this.clientVertx = clientVertx;
    this.writes = writes;
    this.backend = backend;
    this.probes = List.copyOf(probes);
    this.published = published;
  }

  Result run(double rate, Duration warmup, Duration measure) throws InterruptedException {
    long head = backend.head();
    Duration total = warmup.plus(measure);
    int capacity = (int) Math.ceil(rate * total.toNanos() / 1e9) + 1_000;
    List<AppliedProbe.Window> windows = new ArrayList<>();
    probes.forEach(probe -> windows.add(probe.open(head + 1, capacity)));
    AppliedProbe.Window publishedWindow = published.open(head + 1, capacity);
    FixedRateWrites.Outcome outcome;
    CpuMeter.Sample cpuBefore = cpu.sample();
    BackendStats.Writer writerBefore = backend.writer();
    CpuMeter.Usage cpuUsed;
    BackendStats.Writer writerUsed;
    try {
      outcome = FixedRateWrites.run(clientVertx, writes, nextSequence, rate, total);
      cpuUsed = cpu.between(cpuBefore, cpu.sample());
      writerUsed = backend.writer().since(writerBefore);
      nextSequence += outcome.count();
      long last = backend.head();
      // Bots that never catch up are reported as missing what they lack, not as a failed run.
      catchUp(probes, last);
      catchUp(List.of(published), last);
    } finally {
      probes.forEach(AppliedProbe::close);
      published.close();
    }
    // Read once the bots caught up: a collection is notified a little after it ended.
    GcPauses.Summary gcInWindow = gcPauses.between(outcome.startNanos() + warmup.toNanos(),
        outcome.startNanos() + total.toNanos());
    return measure(outcome, outcome.firstIndexAfter(warmup), windows, publishedWindow, cpuUsed, writerUsed,
        gcInWindow);
  }

  private static void catchUp(List<AppliedProbe> probes, long revision) throws InterruptedException {
    try {
      awaitCaughtUp(probes, revision, CATCH_UP_TIMEOUT);
    } catch (IllegalStateException e) {
      System.out.println("   " + e.getMessage());
    }
  }

  /** Blocks until every probe's bot applied {@code revision}. */
  static void awaitCaughtUp(List<AppliedProbe> probes, long revision, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (probes.stream().anyMatch(probe -> probe.lastApplied() < revision)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("bots did not reach revision " + revision + " within " + timeout.toSeconds()
            + " s: " + probes.stream().map(probe -> probe.botId() + " at " + probe.lastApplied()).toList());
      }
      Thread.sleep(5);
    }
  }

  private Result measure(FixedRateWrites.Outcome outcome, int firstMeasured, List<AppliedProbe.Window> windows,
                         AppliedProbe.Window publishedWindow, CpuMeter.Usage cpuUsed,
                         BackendStats.Writer writerUsed, GcPauses.Summary gcInWindow) {
    Histogram all = Latencies.newHistogram();
    Histogram cluster = Latencies.newHistogram();
    Histogram bridge = Latencies.newHistogram();
    Histogram requestToApplied = Latencies.newHistogram();
    Histogram requestToResponse = Latencies.newHistogram();
    Histogram commitToPublished = Latencies.newHistogram();
    long missing = 0;
    long accepted = 0;
    long lastAnswer = outcome.startNanos();
    for (int i = 0; i < outcome.count(); i++) {
      if (outcome.revisions()[i] != 0) {
        accepted++;
        lastAnswer = Math.max(lastAnswer, outcome.respondedNanos()[i]);
      }
    }
    double acceptedPerSecond = accepted == 0 ? 0 : accepted / ((lastAnswer - outcome.startNanos()) / 1e9);
    for (int i = firstMeasured; i < outcome.count(); i++) {
      long revision = outcome.revisions()[i];
      if (revision == 0) {
        continue;
      }
      long intended = outcome.intendedNanos()[i];
      Latencies.record(requestToResponse, (outcome.respondedNanos()[i] - intended) / 1_000);
      if (publishedWindow.covers(revision) && publishedWindow.applied(revision)) {
        Latencies.record(commitToPublished, publishedWindow.commitToAppliedMicros[publishedWindow.index(revision)]);
      }
      for (int b = 0; b < probes.size(); b++) {
        AppliedProbe.Window window = windows.get(b);
        if (!window.covers(revision) || !window.applied(revision)) {
          missing++;
          continue;
        }
        int at = window.index(revision);
        long commitToApplied = window.commitToAppliedMicros[at];
        Latencies.record(all, commitToApplied);
        Latencies.record(probes.get(b).inCluster() ? cluster : bridge, commitToApplied);
        Latencies.record(requestToApplied, (window.appliedNanos[at] - intended) / 1_000);
      }
    }
    return new Result(outcome.rate(), outcome.count() - firstMeasured, probes.size(), all, cluster, bridge,
        requestToApplied, requestToResponse, commitToPublished, missing, outcome.refused(), outcome.failed(), outcome.unsent(),
        outcome.unanswered(), acceptedPerSecond, cpuUsed, writerUsed, gcInWindow);
  }
}
