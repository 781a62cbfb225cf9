package io.configsync.bench.propagation;

import io.configsync.bench.BenchReport;
import io.configsync.bench.BenchRun;
import io.configsync.bench.Figure;
import io.configsync.bench.PlannedScenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Issue #6, scenario 3: the highest rate of accepted writes (HTTP PUT from concurrent clients,
 * closed loop) that holds while every bot keeps up, and what limits it.
 */
public final class ThroughputScenario extends PlannedScenario<ThroughputScenario.Plan> {

  /** Client counts tried in turn, and the length of each step. */
  /** Client counts and windows; {@code jitWarmup} as the latency scenario's, at most that long. */
  public record Plan(List<Integer> clients, Duration jitWarmup, Duration rampUp, Duration window) {
    public static Plan of(boolean quick) {
      return quick
          ? new Plan(List.of(8, 64), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2))
          : new Plan(List.of(8, 32, 128, 256, 512), Duration.ofSeconds(120), Duration.ofSeconds(2), Duration.ofSeconds(6));
    }
  }

  /** One step's figures. */
  private record Step(ClosedLoopWrites.Outcome writes, CpuMeter.Usage cpu, BackendStats.Writer writer,
                      double worstBotP99Ms, double catchUpMs) {

    boolean botsKeptUp() {
      return worstBotP99Ms <= MAX_BOT_P99_MS && catchUpMs <= MAX_CATCH_UP_MS;
    }

    double writerBusyPercent() {
      return writer.commitSeconds() / (writes.window().toNanos() / 1e9) * 100;
    }
  }

  static final String NAME = "throughput";
  private static final int CLUSTER_BOTS = 2;
  private static final int BRIDGE_BOTS = 2;
  private static final double TARGET_WRITES_PER_SECOND = 8_000;
  /** "Keeping up": commit → applied p99 of every bot in the window, and the catch-up once writes stop. */
  private static final double MAX_BOT_P99_MS = 1_000;
  private static final double MAX_CATCH_UP_MS = 1_000;
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

  public ThroughputScenario() {
    super(NAME, "highest sustained rate of accepted HTTP writes with 2 cluster + 2 bridge bots keeping up; "
        + "the bottleneck", Plan::of);
  }

  @Override
  public void run(BenchRun run, BenchReport report, Plan plan) throws Exception {
    try (BotRig rig = BotRig.start(run, CLUSTER_BOTS, BRIDGE_BOTS)) {
      System.out.printf("   PostgreSQL %s%n", rig.checkDurableCommits());
      CpuMeter cpu = rig.cpu();
      LatencyScenario.warmUpJit(rig.phase(), plan.jitWarmup());
      List<Step> steps = new ArrayList<>();
      long sequence = 1_000_000_000L;
      for (int clients : plan.clients()) {
        Step step = step(rig, cpu, clients, sequence, plan);
        sequence += 100_000_000L;
        steps.add(step);
        print(step);
        report.add(Figure.of(NAME, "accepted writes/s @" + clients + " clients", step.writes().acceptedPerSecond(),
            "writes/s", method(step)));
      }
      summarize(report, steps);
    }
  }

  private static Step step(BotRig rig, CpuMeter cpu, int clients, long sequence, Plan plan) throws Exception {
    CpuMeter.Sample[] cpuAt = new CpuMeter.Sample[2];
    BackendStats.Writer[] writerAt = new BackendStats.Writer[2];
    List<Histogram> lags = new ArrayList<>();
    ClosedLoopWrites.Outcome writes = ClosedLoopWrites.run(rig.clientVertx(), rig.writes(), sequence, clients,
        plan.rampUp(), plan.window(),
        () -> {
          rig.probes().forEach(AppliedProbe::lagSinceLastCall);
          writerAt[0] = rig.backend().writer();
          cpuAt[0] = cpu.sample();
        },
        () -> {
          cpuAt[1] = cpu.sample();
          writerAt[1] = rig.backend().writer();
          rig.probes().forEach(probe -> lags.add(probe.lagSinceLastCall()));
        });
    long stopped = System.nanoTime();
    try {
      PropagationPhase.awaitCaughtUp(rig.probes(), rig.backend().head(), CATCH_UP_TIMEOUT);
    } catch (IllegalStateException e) {
      System.out.println("   " + e.getMessage());
    }
    double catchUpMs = (System.nanoTime() - stopped) / 1e6;
    double worstP99 = lags.stream().mapToDouble(lag -> Latencies.p(lag, 99)).max().orElse(0);
    return new Step(writes, cpu.between(cpuAt[0], cpuAt[1]), writerAt[1].since(writerAt[0]), worstP99, catchUpMs);
  }

  private static void print(Step step) {
    System.out.printf(Locale.ROOT, "   %3d clients: %6.0f accepted/s (refused %d, failed %d), HTTP p50 %.1f p99 %.1f ms;"
            + " worst bot p99 %.0f ms, caught up %.0f ms after; CPU JVM %.0f%% (JIT %.0f%%) PostgreSQL %.0f%%"
            + " machine %.0f%%; writer busy %.0f%%, %.1f writes/commit, %.2f ms/commit; CPU per write: ConfigSync"
            + " %.0f µs (JIT apart %.0f µs), PostgreSQL %.0f µs%n",
        step.writes().clients(), step.writes().acceptedPerSecond(), step.writes().refused(), step.writes().failed(),
        Latencies.p(step.writes().latency(), 50), Latencies.p(step.writes().latency(), 99), step.worstBotP99Ms(),
        step.catchUpMs(), step.cpu().jvmPercent(), step.cpu().jitPercent(), step.cpu().postgresPercent(),
        step.cpu().machinePercent(), step.writerBusyPercent(), step.writer().meanBatchSize(),
        step.writer().meanCommitMillis(), step.cpu().configSyncMicrosPer(step.writes().accepted()),
        step.cpu().configSyncWarmMicrosPer(step.writes().accepted()),
        step.cpu().postgresMicrosPer(step.writes().accepted()));
    step.writes().failures().forEach(failure -> System.out.println("       a write failed: " + failure));
  }

  private static String method(Step step) {
    return String.format(Locale.ROOT, "closed loop, %d s window; bots %s (worst p99 %.0f ms, caught up %.0f ms after);"
            + " HTTP p99 %.1f ms; refused %d, failed %d", step.writes().window().toSeconds(),
        step.botsKeptUp() ? "kept up" : "FELL BEHIND", step.worstBotP99Ms(), step.catchUpMs(),
        Latencies.p(step.writes().latency(), 99), step.writes().refused(), step.writes().failed());
  }

  private static void summarize(BenchReport report, List<Step> steps) {
    Step best = steps.stream().filter(Step::botsKeptUp)
        .max((a, b) -> Double.compare(a.writes().acceptedPerSecond(), b.writes().acceptedPerSecond()))
        .orElse(null);
    String keptUp = "bots kept up = every bot's commit→applied p99 ≤ " + (int) MAX_BOT_P99_MS
        + " ms in the window and all at the head ≤ " + (int) MAX_CATCH_UP_MS + " ms after the writes stop";
    report.add(Figure.atLeast(NAME, "sustained accepted writes/s", best == null ? 0 : best.writes().acceptedPerSecond(),
        "writes/s", TARGET_WRITES_PER_SECOND, best == null ? "no step kept every bot up; " + keptUp
            : "best step: " + best.writes().clients() + " clients; " + keptUp));
    Step limit = best != null ? best : steps.get(steps.size() - 1);
    String at = "at " + limit.writes().clients() + " clients";
    report.add(Figure.of(NAME, "CPU: this JVM " + at, limit.cpu().jvmPercent(), "% of all", "process CPU time /"
        + " (window × cores): every node, the bots and the load generators"));
    report.add(Figure.of(NAME, "CPU: JIT compiler threads " + at, limit.cpu().jitPercent(), "% of all",
        "the JVM's C1 and C2 compiler threads (/proc/self/task): code still being compiled, on the same cores"));
    report.add(Figure.of(NAME, "CPU: PostgreSQL " + at, limit.cpu().postgresPercent(), "% of all",
        "utime+stime of the postmaster and its backends (/proc)"));
    report.add(Figure.of(NAME, "CPU: whole machine " + at, limit.cpu().machinePercent(), "% of all",
        "/proc/stat, other processes on the machine included"));
    long accepted = limit.writes().accepted();
    String perWrite = "CPU time over the window / " + accepted + " writes accepted in it";
    report.add(Figure.of(NAME, "CPU per write: ConfigSync " + at, limit.cpu().configSyncMicrosPer(accepted), "µs",
        perWrite + "; this JVM less the load generator's threads (HTTP clients, bridge bots)"));
    report.add(Figure.of(NAME, "CPU per write: ConfigSync, JIT apart " + at,
        limit.cpu().configSyncWarmMicrosPer(accepted), "µs",
        perWrite + "; as above, less the JIT compiler threads: what a warmed-up process spends"));
    report.add(Figure.of(NAME, "CPU per write: PostgreSQL " + at, limit.cpu().postgresMicrosPer(accepted), "µs",
        perWrite + "; the postmaster and its backends"));
    report.add(Figure.of(NAME, "CPU per write: system under test " + at,
        limit.cpu().configSyncMicrosPer(accepted) + limit.cpu().postgresMicrosPer(accepted), "µs",
        "ConfigSync + PostgreSQL; the figure to drive down, the least noisy one"));
    report.add(Figure.of(NAME, "CPU per write: system under test, JIT apart " + at,
        limit.cpu().configSyncWarmMicrosPer(accepted) + limit.cpu().postgresMicrosPer(accepted), "µs",
        "ConfigSync (JIT apart) + PostgreSQL"));
    report.add(Figure.of(NAME, "group-commit writer busy " + at, limit.writerBusyPercent(), "%",
        "time inside commit transactions / window (configsync_writer_commit_seconds)"));
    report.add(Figure.of(NAME, "writes per commit " + at, limit.writer().meanBatchSize(), "writes",
        "configsync_writer_batch_size mean"));
    report.add(Figure.of(NAME, "time per commit " + at, limit.writer().meanCommitMillis(), "ms",
        "configsync_writer_commit_seconds mean (BEGIN … COMMIT with fsync)"));
    Bottleneck bottleneck = Bottleneck.of(limit);
    report.add(Figure.of(NAME, "bottleneck " + at + ": " + bottleneck.resource(), bottleneck.busyPercent(), "% busy",
        bottleneck.explanation()));
  }

  /** What ran out first at the step that limits the rate, and how busy it was. */
  private record Bottleneck(String resource, double busyPercent, String explanation) {

    static Bottleneck of(Step step) {
      CpuMeter.Usage cpu = step.cpu();
      if (cpu.machinePercent() >= 90) {
        return new Bottleneck("CPU", cpu.machinePercent(), String.format(Locale.ROOT, "the machine is %.0f%% busy"
                + " (this JVM %.0f%%, PostgreSQL %.0f%%, other processes %.0f%%); the group-commit writer is busy"
                + " %.0f%% of the time", cpu.machinePercent(), cpu.jvmPercent(), cpu.postgresPercent(),
            cpu.otherPercent(), step.writerBusyPercent()));
      }
      if (step.writerBusyPercent() >= 90) {
        return new Bottleneck("PostgreSQL commit", step.writerBusyPercent(), String.format(Locale.ROOT,
            "the one group-commit writer is busy %.0f%% of the time (%.1f writes per %.2f ms commit) while the"
                + " machine is %.0f%% busy", step.writerBusyPercent(), step.writer().meanBatchSize(),
            step.writer().meanCommitMillis(), cpu.machinePercent()));
      }
      return new Bottleneck("none saturated", Math.max(cpu.machinePercent(), step.writerBusyPercent()),
          String.format(Locale.ROOT, "neither the CPU (%.0f%%) nor the writer (%.0f%%) is saturated: more clients"
              + " would go faster", cpu.machinePercent(), step.writerBusyPercent()));
    }
  }
}
