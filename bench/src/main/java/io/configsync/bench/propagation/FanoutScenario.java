package io.configsync.bench.propagation;

import io.configsync.bench.BenchReport;
import io.configsync.bench.BenchRun;
import io.configsync.bench.Figure;
import io.configsync.bench.PlannedScenario;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Issue #6, scenario 6: one gateway relaying to more and more bridge bots, at a fixed rate of
 * changes: commit → applied in every bridge bot.
 */
public final class FanoutScenario extends PlannedScenario<FanoutScenario.Plan> {

  /**
   * Bridge bot counts measured in turn (each adds bots to the previous ones), the rate, and phase
   * lengths; {@code jitWarmup} as the latency scenario's, at most that long, with the first bots
   * connected so that the gateway's path to the sockets is compiled too.
   */
  public record Plan(List<Integer> bridgeBots, double rate, Duration jitWarmup, Duration warmup, Duration measure) {
    static Plan of(boolean quick) {
      return quick
          ? new Plan(List.of(1, 10), 1_000, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2))
          : new Plan(List.of(1, 10, 50), 1_000, Duration.ofSeconds(120), Duration.ofSeconds(2),
              Duration.ofSeconds(8));
    }
  }

  static final String NAME = "fanout";
  private static final double TARGET_P99_MS = 20;
  private static final int TARGET_BOTS = 50;

  public FanoutScenario() {
    super(NAME, "commit → applied p99 with 1, 10 and 50 bridge bots on one gateway at 1,000 changes/s", Plan::of);
  }

  @Override
  public void run(BenchRun run, BenchReport report, Plan plan) throws Exception {
    int most = plan.bridgeBots().stream().mapToInt(Integer::intValue).max().orElse(1);
    try (BotRig rig = BotRig.start(run, 0, most, 0)) {
      rig.checkDurableCommits();
      rig.connectBridgeBots(plan.bridgeBots().get(0));
      LatencyScenario.warmUpJit(rig.phase(), plan.jitWarmup());
      for (int bots : plan.bridgeBots()) {
        rig.connectBridgeBots(bots);
        PropagationPhase.Result result = rig.phase().run(plan.rate(), plan.warmup(), plan.measure());
        System.out.printf(Locale.ROOT, "   %2d bridge bots @%.0f/s commit→applied %s%n", bots, plan.rate(),
            Latencies.summary(result.commitToApplied()));
        report(report, bots, result, plan);
      }
      long holes = rig.bridgeBots().stream().mapToLong(BridgeBot::holes).sum();
      long refusals = rig.bridgeBots().stream().mapToLong(BridgeBot::refusals).sum();
      report.add(Figure.atMost(NAME, "holes in the bridge streams", holes, "count", 0,
          "messages whose prev was past what the bot held (a message lost); gateway refusals " + refusals));
    }
  }

  private static void report(BenchReport report, int bots, PropagationPhase.Result result, Plan plan) {
    String at = String.format(Locale.ROOT, "%d bots @%.0f/s", bots, plan.rate());
    String method = String.format(Locale.ROOT, "event timestamp → applied in the bridge bot (WebSocket client in"
            + " this JVM), all %d bots merged; %d writes over %d s after %d s warm-up, open loop (%d samples)", bots,
        result.measuredWrites(), plan.measure().toSeconds(), plan.warmup().toSeconds(),
        result.commitToApplied().getTotalCount());
    if (result.sampled()) {
      report.add(Figure.of(NAME, "commit→applied p50 " + at, Latencies.p(result.commitToApplied(), 50), "ms",
          method));
    }
    if (bots == TARGET_BOTS) {
      report.add(result.atMost(NAME, "commit→applied p99 " + at, 99, TARGET_P99_MS, method));
    } else if (result.sampled()) {
      report.add(Figure.of(NAME, "commit→applied p99 " + at, Latencies.p(result.commitToApplied(), 99), "ms",
          method));
    }
    if (result.sampled()) {
      report.add(Figure.of(NAME, "commit→applied max " + at, Latencies.max(result.commitToApplied()), "ms",
          method));
    }
    report.add(Figure.of(NAME, "CPU busy, whole machine " + at, result.cpu().machinePercent(), "% of all",
        String.format(Locale.ROOT, "/proc/stat over the phase: this JVM %.0f%%, PostgreSQL %.0f%%, other processes"
            + " %.0f%%", result.cpu().jvmPercent(), result.cpu().postgresPercent(), result.cpu().otherPercent())));
    report.add(result.longestGcPause(NAME, at, plan.measure()));
    result.addCompleteness(report, NAME, at);
  }
}
