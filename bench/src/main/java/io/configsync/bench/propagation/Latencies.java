package io.configsync.bench.propagation;

import io.configsync.bench.BenchReport;
import io.configsync.bench.Figure;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Latency histograms in microseconds, and the percentile figures the report shows of them. */
public final class Latencies {

  /** Up to one minute, three significant digits. */
  private static final long HIGHEST_MICROS = 60_000_000;

  private Latencies() {}

  public static Histogram newHistogram() {
    return new Histogram(HIGHEST_MICROS, 3);
  }

  public static void record(Histogram histogram, long micros) {
    histogram.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
  }

  public static double p(Histogram histogram, double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1_000.0;
  }

  public static double max(Histogram histogram) {
    return histogram.getMaxValue() / 1_000.0;
  }

  /** p50, p90, p99, p99.9 and max, in ms, as figures named {@code "<what> pNN <suffix>"}. */
  public static void addPercentiles(BenchReport report, String scenario, String what, String suffix, Histogram histogram,
                             String method) {
    String measured = method + " (" + histogram.getTotalCount() + " samples)";
    report.add(Figure.of(scenario, what + " p50 " + suffix, p(histogram, 50), "ms", measured));
    report.add(Figure.of(scenario, what + " p90 " + suffix, p(histogram, 90), "ms", measured));
    report.add(Figure.of(scenario, what + " p99 " + suffix, p(histogram, 99), "ms", measured));
    report.add(Figure.of(scenario, what + " p99.9 " + suffix, p(histogram, 99.9), "ms", measured));
    report.add(Figure.of(scenario, what + " max " + suffix, max(histogram), "ms", measured));
  }

  /** One line for the console while the bench runs. */
  public static String summary(Histogram histogram) {
    return String.format(Locale.ROOT, "p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f ms (n=%d)",
        p(histogram, 50), p(histogram, 90), p(histogram, 99), p(histogram, 99.9), max(histogram),
        histogram.getTotalCount());
  }
}
