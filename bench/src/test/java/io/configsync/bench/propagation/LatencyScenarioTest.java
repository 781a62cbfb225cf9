package io.configsync.bench.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.bench.BenchReport;
import io.configsync.bench.BenchRun;
import io.configsync.bench.Figure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The latency scenario on real nodes, tiny: checks what it counts, never how fast it was. */
class LatencyScenarioTest {

  private static final LatencyScenario.Plan TINY = new LatencyScenario.Plan(List.of(50.0, 200.0),
      Duration.ofMillis(300), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofMillis(500));

  @Test
  @DisplayName("every write sent is applied by every bot, in the cluster and over the bridge, and measured once per bot")
  void everyWriteReachesEveryBot(@TempDir Path workDir) throws Exception {
    // GIVEN a backend, a gateway, 2 cluster bots and 2 bridge bots
    BenchReport report = new BenchReport();

    // WHEN writes go out at 50/s, then 200/s, each for 1 s after a warm-up
    new LatencyScenario().run(new BenchRun(workDir, true), report, TINY);

    // THEN every (write, bot) pair was applied, and each is one sample of commit → applied
    for (String rate : List.of("50", "200")) {
      int writes = Integer.parseInt(rate);
      Figure neverApplied = figure(report, "(write, bot) never applied @" + rate + "/s");
      assertThat(neverApplied.value()).as("pairs never applied at %s/s", rate).isZero();
      assertThat(neverApplied.method())
          .isEqualTo(writes + " writes × 4 bots; refused 0, failed 0, unanswered 0, not sent 0");
      assertThat(figure(report, "writes not sent, backlog over 5 s @" + rate + "/s").value()).isZero();
      assertThat(figure(report, "commit→applied p50 @" + rate + "/s").method())
          .endsWith("(" + writes * 4 + " samples)");
      assertThat(figure(report, "request→applied p99 @" + rate + "/s").method())
          .endsWith("(" + writes * 4 + " samples)");
      assertThat(figure(report, "bus floor p50 @" + rate + "/s").method())
          .contains("(" + (int) (writes * 0.5) * 2 + " samples)");
    }
  }

  private static Figure figure(BenchReport report, String metric) {
    Optional<Figure> found = report.figures().stream().filter(figure -> figure.metric().equals(metric)).findFirst();
    assertThat(found).as("figure '%s' in %s", metric, report.figures().stream().map(Figure::metric).toList())
        .isPresent();
    return found.get();
  }
}
