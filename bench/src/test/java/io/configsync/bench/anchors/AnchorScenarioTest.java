package io.configsync.bench.anchors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.configsync.bench.BenchReport;
import io.configsync.bench.BenchRun;
import io.configsync.bench.Figure;
import io.configsync.bench.propagation.LatencyScenario;
import io.configsync.bench.propagation.ThroughputScenario;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The anchors on real etcd and Redis servers, tiny: checks what they count, never how fast they were. */
class AnchorScenarioTest {

  private static final AnchorScenario.Plan TINY = new AnchorScenario.Plan(
      new LatencyScenario.Plan(List.of(50.0), Duration.ZERO, Duration.ofMillis(400), Duration.ofSeconds(1), Duration.ZERO,
          Duration.ZERO),
      new ThroughputScenario.Plan(List.of(4), Duration.ZERO, Duration.ofMillis(200), Duration.ofMillis(500)));

  @Test
  @DisplayName("every put and every publish of the measured window is seen by the subscriber, and set against"
      + " ConfigSync's figures of the same run")
  void everyWriteIsSeenOnce(@TempDir Path workDir) throws Exception {
    assumeInstalled(EtcdAnchor.BINARY, "etcd-server");
    assumeInstalled(RedisAnchor.BINARY, "redis-server");
    // GIVEN ConfigSync's figures measured earlier in the run
    BenchReport report = new BenchReport();
    report.add(Figure.of("latency", "request→applied p50 @50/s", 2.0, "ms", "earlier in the run"));
    report.add(Figure.of("throughput", "sustained accepted writes/s", 1_000, "writes/s", "earlier in the run"));

    // WHEN the anchors run at 50/s for 1 s after a warm-up, and etcd takes puts from 4 clients
    new AnchorScenario().run(new BenchRun(workDir, true), report, TINY);

    // THEN each of the 50 measured writes was seen once by each anchor's subscriber
    for (String anchor : List.of("etcd put→watch", "Redis publish→message")) {
      assertThat(figure(report, anchor + " p50 @50/s").method())
          .contains("0 not seen, 0 refused or failed, 0 unsent (50 samples)");
    }
    Figure putRate = figure(report, "etcd puts/s @4 clients");
    assertThat(putRate.value()).isPositive();
    assertThat(putRate.method()).endsWith("failed 0");
    // AND the ratios are ConfigSync's figure over the anchor's
    double etcdP50 = figure(report, "etcd put→watch p50 @50/s").value();
    assertThat(figure(report, "ConfigSync / etcd put→watch p50 @50/s").value()).isEqualTo(2.0 / etcdP50);
    assertThat(figure(report, "ConfigSync writes/s / etcd puts/s").value())
        .isEqualTo(1_000 / figure(report, AnchorRatios.ETCD_PUT_RATE).value());
  }

  /** Skipped where the server is missing, but for CI (CI=true), which must run it. */
  private static void assumeInstalled(String binary, String debianPackage) {
    assumeTrue(LoopbackServer.installed(binary).isPresent() || "true".equals(System.getenv("CI")),
        debianPackage + " is not installed (apt-get install " + debianPackage + "): the anchors are not tested");
  }

  private static Figure figure(BenchReport report, String metric) {
    return report.figures().stream().filter(figure -> figure.metric().equals(metric)).findFirst()
        .orElseThrow(() -> new AssertionError("no figure '" + metric + "' in "
            + report.figures().stream().map(Figure::metric).toList()));
  }
}
