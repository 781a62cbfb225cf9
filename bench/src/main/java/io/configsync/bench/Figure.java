package io.configsync.bench;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One measured figure of the report.
 *
 * @param scenario the scenario that measured it
 * @param metric what it is, e.g. {@code "commit→applied p99 @1000/s"}
 * @param value the measured value
 * @param unit e.g. {@code ms}, {@code events/s}, {@code B/guild}
 * @param target the goal it is compared with, e.g. {@code "≤ 10"}, or null when there is none
 * @param met whether the target is reached, or null when there is no target
 * @param method how it was measured, printed beside the figure
 */
public record Figure(String scenario, String metric, double value, String unit, String target, Boolean met,
                     String method) {

  public Figure {
    if (Stream.of(scenario, metric, unit, method).anyMatch(Objects::isNull)) {
      throw new NullPointerException("a figure needs its scenario, metric, unit and method: " + metric);
    }
  }

  /** A figure with no target. */
  public static Figure of(String scenario, String metric, double value, String unit, String method) {
    return new Figure(scenario, metric, value, unit, null, null, method);
  }

  /** A figure that should be at most {@code max}. */
  public static Figure atMost(String scenario, String metric, double value, String unit, double max,
                              String method) {
    return new Figure(scenario, metric, value, unit, "≤ " + BenchReport.format(max), value <= max, method);
  }

  /** A figure that should be at least {@code min}. */
  public static Figure atLeast(String scenario, String metric, double value, String unit, double min,
                               String method) {
    return new Figure(scenario, metric, value, unit, "≥ " + BenchReport.format(min), value >= min, method);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("scenario", scenario)
        .put("metric", metric)
        .put("value", value)
        .put("unit", unit)
        .put("target", target)
        .put("met", met)
        .put("method", method);
  }
}
