package io.configsync.bench.anchors;

import io.configsync.bench.BenchReport;
import io.configsync.bench.Figure;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * ConfigSync's figures over the anchors' of the same run, beside the bare event bus's: how many
 * times slower (latency) or how large a share (throughput). Only pairs measured in this run.
 */
final class AnchorRatios {

  static final String ETCD_PUT_RATE = "etcd sustained puts/s";
  private static final String LATENCY = "latency";
  private static final String THROUGHPUT = "throughput";
  private static final List<String> ANCHORS = List.of("etcd put→watch", "Redis publish→message");

  private AnchorRatios() {}

  static void add(BenchReport report, List<Double> rates) {
    int added = 0;
    for (double rate : rates) {
      String at = String.format(Locale.ROOT, "@%.0f/s", rate);
      for (String anchor : ANCHORS) {
        for (String percentile : List.of("p50", "p99")) {
          added += ratio(report, LATENCY, "request→applied " + percentile + " " + at, anchor + " " + percentile + " " + at,
              "ConfigSync / " + anchor + " " + percentile + " " + at, "×");
          added += ratio(report, LATENCY, "bus floor " + percentile + " " + at, anchor + " " + percentile + " " + at,
              "bare bus / " + anchor + " " + percentile + " " + at, "×");
        }
      }
    }
    added += ratio(report, THROUGHPUT, "sustained accepted writes/s", ETCD_PUT_RATE,
        "ConfigSync writes/s / etcd puts/s", "×");
    if (added == 0) {
      System.out.println("   no ConfigSync figures in this run to compare with: run the latency and throughput"
          + " scenarios in the same run (bench/run, or --only latency,throughput,anchors)");
    }
  }

  private static int ratio(BenchReport report, String scenario, String ours, String theirs, String metric,
                           String unit) {
    Optional<Figure> mine = AnchorScenario.find(report, scenario, ours);
    Optional<Figure> anchor = AnchorScenario.find(report, AnchorScenario.NAME, theirs);
    if (mine.isEmpty() || anchor.isEmpty() || anchor.get().value() <= 0) {
      return 0;
    }
    double value = mine.get().value() / anchor.get().value();
    report.add(Figure.of(AnchorScenario.NAME, metric, value, unit, String.format(Locale.ROOT,
        "%s %s (%s) / %s %s, same run", scenario, ours, shown(mine.get()), theirs,
        shown(anchor.get()))));
    System.out.printf(Locale.ROOT, "   %-48s %.2f×%n", metric, value);
    return 1;
  }

  private static String shown(Figure figure) {
    return String.format(Locale.ROOT, "%.3g %s", figure.value(), figure.unit());
  }
}
