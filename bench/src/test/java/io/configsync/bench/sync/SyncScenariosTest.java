package io.configsync.bench.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.bench.BenchReport;
import io.configsync.bench.BenchRun;
import io.configsync.bench.Figure;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk-load and catch-up scenarios at tiny sizes: they run end to end and the bot they measure
 * converges (each scenario checks the bot's digest against the backend's and throws otherwise).
 * No figure is asserted: timings on a shared machine mean nothing in a test.
 */
@DisplayName("Bulk-load and catch-up benchmarks")
class SyncScenariosTest {

  @TempDir
  Path workDir;

  @Test
  @DisplayName("a bot bulk-loads a tiny seeded state and holds exactly what the backend holds")
  void bulkLoad() throws Exception {
    BenchReport report = new BenchReport();

    new BulkLoadScenario().run(new BenchRun(workDir, true), report, List.of(1_000));

    assertThat(report.figures()).extracting(Figure::metric).contains(
        "ready after bulk load, 1k guilds", "retained heap beyond JSON, 1k", "config JSON per guild, 1k");
    assertThat(report.figures()).filteredOn(figure -> figure.metric().startsWith("config JSON per guild"))
        .allSatisfy(figure -> assertThat(figure.value()).isBetween(150.0, 400.0));
  }

  @Test
  @DisplayName("a bot restarted behind the log resumes from its snapshot and replays exactly what it missed")
  void catchUp() throws Exception {
    BenchReport report = new BenchReport();

    new CatchUpScenario().run(new BenchRun(workDir, true), report, new CatchUpScenario.Plan(300, 600));

    assertThat(report.figures()).extracting(Figure::metric).contains("replayed, 600 events behind",
        "restart → caught up");
  }
}
