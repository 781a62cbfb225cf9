package io.configsync.bench.anchors;

import io.configsync.bench.BenchReport;
import io.configsync.bench.BenchRun;
import io.configsync.bench.Figure;
import io.configsync.bench.PlannedScenario;
import io.configsync.bench.propagation.ClosedLoopWrites;
import io.configsync.bench.propagation.FixedRateWrites;
import io.configsync.bench.propagation.LatencyScenario;
import io.configsync.bench.propagation.Latencies;
import io.configsync.bench.propagation.ThroughputScenario;
import io.configsync.bench.propagation.Writes;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What a user would pick instead, measured on the same machine in the same run: etcd put→watch and
 * Redis publish→message at the latency scenario's rates and phases, with the same message (the
 * bench's welcome config) and the same open-loop schedule, and etcd's put rate at the throughput
 * scenario's client counts. Where a server is not installed it says so and carries on. Figures of
 * ConfigSync measured earlier in the same run are set against them as ratios.
 */
public final class AnchorScenario extends PlannedScenario<AnchorScenario.Plan> {

  static final String NAME = "anchors";
  private static final int MAX_CONNECTIONS = 512;

  /** Rates, phases and client counts: the latency and throughput scenarios' own. */
  public record Plan(LatencyScenario.Plan latency, ThroughputScenario.Plan throughput) {
    static Plan of(boolean quick) {
      return new Plan(LatencyScenario.Plan.of(quick), ThroughputScenario.Plan.of(quick));
    }
  }

  public AnchorScenario() {
    super(NAME, "etcd put→watch, etcd puts/s and Redis pub/sub on this machine, same message and schedule; ratios",
        Plan::of);
  }

  @Override
  public void run(BenchRun run, BenchReport report, Plan plan) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      if (available(EtcdAnchor.BINARY, "etcd-server")) {
        try (EtcdAnchor etcd = EtcdAnchor.start(vertx, run, MAX_CONNECTIONS)) {
          measureLatencies(vertx, report, "etcd put→watch", etcd.puts(), etcd.deliveries(), plan.latency());
          measurePutRate(vertx, report, etcd, plan.throughput());
        }
      }
      if (available(RedisAnchor.BINARY, "redis-server")) {
        try (RedisAnchor redis = RedisAnchor.start(vertx, run, MAX_CONNECTIONS)) {
          measureLatencies(vertx, report, "Redis publish→message", redis.publishes(), redis.deliveries(),
              plan.latency());
        }
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
    AnchorRatios.add(report, plan.latency().rates());
  }

  private static boolean available(String binary, String debianPackage) {
    if (LoopbackServer.installed(binary).isPresent()) {
      return true;
    }
    System.out.printf("   %s is not installed (apt-get install %s): its anchor is skipped%n", binary, debianPackage);
    return false;
  }

  private static void measureLatencies(Vertx vertx, BenchReport report, String what, Writes writes,
                                       Deliveries deliveries, LatencyScenario.Plan plan) throws Exception {
    long sequence = 1;
    FixedRateWrites.run(vertx, writes, sequence, plan.rates().get(0), plan.warmup());
    sequence += 1_000_000;
    for (double rate : plan.rates()) {
      Duration total = plan.warmup().plus(plan.measure());
      FixedRateWrites.Outcome outcome = FixedRateWrites.run(vertx, writes, sequence, rate, total);
      sequence += outcome.count();
      int firstMeasured = outcome.firstIndexAfter(plan.warmup());
      Deliveries.Result seen = deliveries.since(outcome, firstMeasured);
      String at = String.format(Locale.ROOT, "@%.0f/s", rate);
      System.out.printf(Locale.ROOT, "   %s %s %s%n", at, what, Latencies.summary(seen.latency()));
      String method = String.format(Locale.ROOT, "intended send time → seen by a subscriber, open loop, %d s after"
          + " %d s warm-up; %d not seen, %d refused or failed, %d unsent", plan.measure().toSeconds(),
          plan.warmup().toSeconds(), seen.missing(), outcome.refused() + outcome.failed(), outcome.unsent());
      Latencies.addPercentiles(report, NAME, what, at, seen.latency(), method);
    }
  }

  private static void measurePutRate(Vertx vertx, BenchReport report, EtcdAnchor etcd, ThroughputScenario.Plan plan)
      throws Exception {
    ClosedLoopWrites.Outcome best = null;
    double bestCpuMicros = 0;
    long sequence = 10_000_000;
    for (int clients : plan.clients()) {
      Duration[] cpuAt = new Duration[2];
      ClosedLoopWrites.Outcome outcome = ClosedLoopWrites.run(vertx, etcd.puts(), sequence, clients, plan.rampUp(),
          plan.window(), () -> cpuAt[0] = cpuOf(etcd.pid()), () -> cpuAt[1] = cpuOf(etcd.pid()));
      sequence += 1_000_000;
      double cpuMicrosPerPut = cpuAt[1].minus(cpuAt[0]).toNanos() / 1_000.0 / Math.max(1, outcome.accepted());
      System.out.printf(Locale.ROOT, "   etcd %3d clients: %6.0f puts/s, put p50 %.2f p99 %.2f ms, etcd CPU %.0f µs"
          + " per put%n", clients, outcome.acceptedPerSecond(), Latencies.p(outcome.latency(), 50),
          Latencies.p(outcome.latency(), 99), cpuMicrosPerPut);
      report.add(Figure.of(NAME, "etcd puts/s @" + clients + " clients", outcome.acceptedPerSecond(), "puts/s",
          "closed loop over HTTP keep-alive, " + plan.window().toSeconds() + " s window; failed "
              + outcome.failed()));
      if (best == null || outcome.acceptedPerSecond() > best.acceptedPerSecond()) {
        best = outcome;
        bestCpuMicros = cpuMicrosPerPut;
      }
    }
    report.add(Figure.of(NAME, AnchorRatios.ETCD_PUT_RATE, best.acceptedPerSecond(), "puts/s",
        "the best of the client counts above (" + best.clients() + " clients)"));
    report.add(Figure.of(NAME, "etcd CPU per put @" + best.clients() + " clients", bestCpuMicros, "µs",
        "etcd process CPU time over the window / puts accepted in it (load generator apart)"));
  }

  private static Duration cpuOf(long pid) {
    return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration()).orElse(Duration.ZERO);
  }

  static Optional<Figure> find(BenchReport report, String scenario, String metric) {
    return report.figures().stream()
        .filter(figure -> figure.scenario().equals(scenario) && figure.metric().equals(metric))
        .findFirst();
  }
}
