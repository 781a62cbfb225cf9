package io.configsync.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one bench run: printed as a table, written as JSON with the machine they were measured on. */
public final class BenchReport {

  private final List<Figure> figures = new ArrayList<>();
  private final Map<String, String> failures = new LinkedHashMap<>();
  private final Instant startedAt = Instant.now();

  public synchronized void add(Figure figure) {
    figures.add(figure);
  }

  /** A scenario that could not finish: reported, and the run goes on with the next one. */
  synchronized void failed(String scenario, Throwable cause) {
    failures.put(scenario, String.valueOf(cause));
  }

  public synchronized List<Figure> figures() {
    return List.copyOf(figures);
  }

  synchronized boolean hasFailures() {
    return !failures.isEmpty();
  }

  synchronized void printTable(PrintStream out) {
    String header = String.format(Locale.ROOT, "%-12s %-44s %12s %-9s %-10s %s", "scenario", "metric", "value",
        "unit", "target", "how it was measured");
    out.println(header);
    out.println("-".repeat(header.length()));
    for (Figure figure : figures) {
      String target = figure.target() == null ? "" : figure.target() + (figure.met() ? " ok" : " MISS");
      out.println(String.format(Locale.ROOT, "%-12s %-44s %12s %-9s %-10s %s", figure.scenario(), figure.metric(),
          format(figure.value()), figure.unit(), target, figure.method()));
    }
    failures.forEach((scenario, cause) -> out.println(scenario + " FAILED: " + cause));
  }

  synchronized void writeJson(Path file) throws IOException {
    JsonArray rows = new JsonArray();
    figures.forEach(figure -> rows.add(figure.toJson()));
    JsonObject failed = new JsonObject();
    failures.forEach(failed::put);
    JsonObject json = new JsonObject()
        .put("startedAt", startedAt.toString())
        .put("machine", machine())
        .put("figures", rows)
        .put("failures", failed);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, json.encodePrettily());
  }

  private static JsonObject machine() {
    Runtime runtime = Runtime.getRuntime();
    return new JsonObject()
        .put("cores", runtime.availableProcessors())
        .put("maxHeapMiB", runtime.maxMemory() >> 20)
        .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"))
        .put("jvmArgs", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
  }

  /** Three significant figures at most, no exponent: what a table reader wants. */
  static String format(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return String.format(Locale.ROOT, "%d", (long) value);
    }
    double magnitude = Math.abs(value);
    int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
