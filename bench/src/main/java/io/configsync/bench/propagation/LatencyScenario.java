package io.configsync.bench.propagation;

import io.configsync.bench.BenchReport;
import io.configsync.bench.BenchRun;
import io.configsync.bench.Figure;
import io.configsync.bench.PlannedScenario;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Issue #6, scenarios 1 and 2: how long a change takes from commit (and from the admin's request)
 * to applied in every bot, at fixed rates, and the bare event bus under it as the floor.
 */
public final class LatencyScenario extends PlannedScenario<LatencyScenario.Plan> {

  /**
   * Rates and phase lengths. The JIT warm-up runs first, at {@link #JIT_WARMUP_RATE}, in rounds of
   * {@link #JIT_WARMUP_ROUND} until the JIT compiler threads use less than
   * {@link #JIT_SETTLED_PERCENT} of the machine, for at most {@code jitWarmup}: until then they take
   * a large share of the two cores, and a phase would measure a JVM still starting, not the steady
   * state a long-running process is in.
   */
  public record Plan(List<Double> rates, Duration jitWarmup, Duration warmup, Duration measure,
                     Duration floorWarmup, Duration floorMeasure) {
    public static Plan of(boolean quick) {
      return quick
          ? new Plan(List.of(100.0, 1_000.0), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2),
              Duration.ofMillis(500), Duration.ofSeconds(1))
          : new Plan(List.of(100.0, 1_000.0, 5_000.0), Duration.ofSeconds(120), Duration.ofSeconds(3),
              Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }
  }

  static final double JIT_WARMUP_RATE = 1_000;
  static final Duration JIT_WARMUP_ROUND = Duration.ofSeconds(5);
  static final double JIT_SETTLED_PERCENT = 5;

  static final String NAME = "latency";
  private static final int CLUSTER_BOTS = 2;
  private static final int BRIDGE_BOTS = 2;
  private static final double TARGET_P99_MS = 10;
  private static final double TARGET_RATE = 1_000;
  private static final double TARGET_FLOOR_RATIO = 3;
  private static final double SEQUENTIAL_RATE = 100;
  private static final double TARGET_SEQUENTIAL_REQUEST_P50_MS = 2;
  private static final double TARGET_SEQUENTIAL_REQUEST_P99_MS = 10;
  private static final double TARGET_SEQUENTIAL_ON_BUS_P50_MS = 1;

  public LatencyScenario() {
    super(NAME, "commit → applied and request → applied in 2 cluster + 2 bridge bots at fixed rates; "
        + "bare bus floor", Plan::of);
  }

  @Override
  public void run(BenchRun run, BenchReport report, Plan plan) throws Exception {
    try (BotRig rig = BotRig.start(run, CLUSTER_BOTS, BRIDGE_BOTS)) {
      String durability = rig.checkDurableCommits();
      System.out.printf("   %d cluster bots, %d bridge bots; PostgreSQL %s%n", CLUSTER_BOTS,
          BRIDGE_BOTS, durability);
      PropagationPhase phase = rig.phase();
      warmUpJit(phase, plan.jitWarmup());
      BusFloor floor = rig.busFloor();
      try {
        for (double rate : plan.rates()) {
          PropagationPhase.Result result = phase.run(rate, plan.warmup(), plan.measure());
          Histogram bare = floor.measure(rate, plan.floorWarmup(), plan.floorMeasure());
          print(result, bare);
          report(report, result, bare, floor.payloadBytes(), plan);
        }
      } finally {
        floor.close();
      }
    }
  }

  /** Writes at {@link #JIT_WARMUP_RATE} until the JIT has settled, or for {@code longest} at most. */
  static void warmUpJit(PropagationPhase phase, Duration longest) throws InterruptedException {
    if (longest.isZero()) {
      return;
    }
    Duration round = longest.compareTo(JIT_WARMUP_ROUND) < 0 ? longest : JIT_WARMUP_ROUND;
    Duration spent = Duration.ZERO;
    double jitPercent;
    do {
      jitPercent = phase.run(JIT_WARMUP_RATE, Duration.ZERO, round).cpu().jitPercent();
      spent = spent.plus(round);
    } while (jitPercent >= JIT_SETTLED_PERCENT && spent.plus(round).compareTo(longest) <= 0);
    System.out.printf(Locale.ROOT, "   JIT warm-up: %d s at %.0f/s; JIT compiler threads at %.0f%% of the machine"
        + " in the last %d s%s%n", spent.toSeconds(), JIT_WARMUP_RATE, jitPercent, round.toSeconds(),
        jitPercent < JIT_SETTLED_PERCENT ? "" : " (not settled)");
  }

  private static void print(PropagationPhase.Result result, Histogram floor) {
    System.out.printf(Locale.ROOT, "   @%.0f/s commit→applied  %s%n", result.rate(),
        Latencies.summary(result.commitToApplied()));
    System.out.printf(Locale.ROOT, "   @%.0f/s commit→on bus   %s%n", result.rate(),
        Latencies.summary(result.commitToPublished()));
    System.out.printf(Locale.ROOT, "   @%.0f/s request→applied %s%n", result.rate(),
        Latencies.summary(result.requestToApplied()));
    System.out.printf(Locale.ROOT, "   @%.0f/s bus floor       %s%n", result.rate(), Latencies.summary(floor));
    System.out.printf(Locale.ROOT, "   @%.0f/s writer: %.1f writes per commit, %.2f ms per commit (round trips and"
        + " the flush), %.0f%% of commits in one round trip%n", result.rate(), result.writer().meanBatchSize(),
        result.writer().meanCommitMillis(), result.writer().oneRoundTripPercent());
    System.out.printf(Locale.ROOT, "   @%.0f/s in the measured window: %s%n", result.rate(), result.gc().describe());
  }

  private static void report(BenchReport report, PropagationPhase.Result result, Histogram floor, int payloadBytes,
                             Plan plan) {
    String at = String.format(Locale.ROOT, "@%.0f/s", result.rate());
    String window = String.format(Locale.ROOT, "%d writes over %d s after %d s warm-up, open loop",
        result.measuredWrites(), plan.measure().toSeconds(), plan.warmup().toSeconds());
    String allBots = result.bots() + " bots merged (" + CLUSTER_BOTS + " cluster, " + BRIDGE_BOTS + " bridge)";
    if (result.rate() == TARGET_RATE) {
      report.add(result.atMost(NAME, "commit→applied p99 " + at + " (target)", 99, TARGET_P99_MS,
          "commit→applied, " + allBots));
    }
    if (result.sampled()) {
      reportLatencies(report, result, at, allBots, window);
    }
    if (result.rate() == SEQUENTIAL_RATE) {
      reportSequentialTargets(report, result, at, allBots, window);
    }
    String floorMethod = String.format(Locale.ROOT, "bare clustered publish of %d B, backend node → %d bot nodes, "
        + "send → handler, at the same rate, %d s after %d s warm-up (%d samples)", payloadBytes, CLUSTER_BOTS,
        plan.floorMeasure().toSeconds(), plan.floorWarmup().toSeconds(), floor.getTotalCount());
    report.add(Figure.of(NAME, "bus floor p50 " + at, Latencies.p(floor, 50), "ms", floorMethod));
    report.add(Figure.of(NAME, "bus floor p99 " + at, Latencies.p(floor, 99), "ms", floorMethod));
    if (result.sampled()) {
      double ratio = Latencies.p(result.clusterCommitToApplied(), 50) / Math.max(0.001, Latencies.p(floor, 50));
      report.add(Figure.atMost(NAME, "ConfigSync p50 / floor p50 " + at, ratio, "×", TARGET_FLOOR_RATIO,
          "commit→applied p50 of the cluster bots (the floor's nodes) / bus floor p50"));
    }
    report.add(Figure.of(NAME, "time per commit " + at, result.writer().meanCommitMillis(), "ms",
        String.format(Locale.ROOT, "the group-commit writer's transactions (configsync_writer_commit_seconds), "
            + "%.1f writes each: the database's part of commit → on the bus", result.writer().meanBatchSize())));
    report.add(Figure.of(NAME, "commits in one round trip " + at, result.writer().oneRoundTripPercent(), "%",
        "commits planned from the writer's own last commits (configsync_writer_commits_total{round_trips=\"1\"})"));
    report.add(Figure.of(NAME, "CPU busy, whole machine " + at, result.cpu().machinePercent(), "% of all",
        String.format(Locale.ROOT, "/proc/stat over the phase: this JVM %.0f%% (of which its JIT compiler threads"
            + " %.0f%%), PostgreSQL %.0f%%, other processes %.0f%% (figures are only as quiet as the machine)",
            result.cpu().jvmPercent(), result.cpu().jitPercent(), result.cpu().postgresPercent(),
            result.cpu().otherPercent())));
    report.add(result.longestGcPause(NAME, at, plan.measure()));
    result.addCompleteness(report, NAME, at);
  }

  /** Issue #15's targets at a sequential rate: what one admin's edit waits, and the commit's hand-off. */
  private static void reportSequentialTargets(BenchReport report, PropagationPhase.Result result, String at,
                                              String allBots, String window) {
    String how = "after a JIT warm-up; " + allBots + "; " + window;
    report.add(Figure.atMost(NAME, "request→applied p50 " + at + " (target)",
        sampledP(result, result.requestToApplied(), 50), "ms", TARGET_SEQUENTIAL_REQUEST_P50_MS, how));
    report.add(Figure.atMost(NAME, "request→applied p99 " + at + " (target)",
        sampledP(result, result.requestToApplied(), 99), "ms", TARGET_SEQUENTIAL_REQUEST_P99_MS, how));
    report.add(Figure.atMost(NAME, "commit→on the bus p50 " + at + " (target)",
        sampledP(result, result.commitToPublished(), 50), "ms", TARGET_SEQUENTIAL_ON_BUS_P50_MS,
        "event timestamp → received on the backend's own node; " + window));
  }

  /** A percentile, or NaN (a miss) when the phase has no sample. */
  private static double sampledP(PropagationPhase.Result result, Histogram histogram, double percentile) {
    return result.sampled() && histogram.getTotalCount() > 0 ? Latencies.p(histogram, percentile) : Double.NaN;
  }

  private static void reportLatencies(BenchReport report, PropagationPhase.Result result, String at, String allBots,
                                      String window) {
    Latencies.addPercentiles(report, NAME, "commit→applied", at, result.commitToApplied(),
        "event timestamp (taken before COMMIT) → bot applied, wall clock, " + allBots + "; " + window);
    Latencies.addPercentiles(report, NAME, "request→applied", at, result.requestToApplied(),
        "intended send time of the HTTP PUT → bot applied, monotonic clock, " + allBots + "; " + window);
    report.add(Figure.of(NAME, "HTTP PUT answered p50 " + at, Latencies.p(result.requestToResponse(), 50), "ms",
        "intended send time → 200 response; " + window));
    report.add(Figure.of(NAME, "HTTP PUT answered p99 " + at, Latencies.p(result.requestToResponse(), 99), "ms",
        "intended send time → 200 response; " + window));
    String stage = "event timestamp → received by a consumer on the backend's own node (local delivery), "
        + result.commitToPublished().getTotalCount() + " samples";
    report.add(Figure.of(NAME, "commit→on the bus p50 " + at, Latencies.p(result.commitToPublished(), 50), "ms",
        stage));
    report.add(Figure.of(NAME, "commit→on the bus p99 " + at, Latencies.p(result.commitToPublished(), 99), "ms",
        stage));
    addKind(report, at, "cluster bots", result.clusterCommitToApplied());
    addKind(report, at, "bridge bots", result.bridgeCommitToApplied());
  }

  private static void addKind(BenchReport report, String at, String kind, Histogram histogram) {
    String method = "commit→applied of the " + kind + " only (" + histogram.getTotalCount() + " samples)";
    report.add(Figure.of(NAME, "commit→applied p50 " + at + " " + kind, Latencies.p(histogram, 50), "ms", method));
    report.add(Figure.of(NAME, "commit→applied p99 " + at + " " + kind, Latencies.p(histogram, 99), "ms", method));
  }
}
