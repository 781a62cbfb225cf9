package io.configsync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench/run [--quick] [--only a,b] [--out file]}: measures, prints the table, writes the JSON. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measures ConfigSync on loopback with a real PostgreSQL and prints a table and a JSON file.")
public final class BenchMain implements Callable<Integer> {

  @Option(names = "--only", split = ",", paramLabel = "SCENARIO",
      description = "Runs only these scenarios (default: all; see --list).")
  private List<String> only = List.of();

  @Option(names = "--quick", description = "Small sizes and short phases: checks that the scenarios work.")
  private boolean quick;

  @Option(names = "--list", description = "Lists the scenarios and exits.")
  private boolean list;

  @Option(names = "--out", paramLabel = "FILE", description = "The JSON report (default: ${DEFAULT-VALUE}).")
  private Path out = Path.of("bench-results.json");

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where the run keeps its databases and data dirs (default: a new temporary directory).")
  private Path workDir;

  public static void main(String[] args) {
    System.setProperty("logback.configurationFile", "bench-logback.xml");
    System.setProperty("hazelcast.logging.type", "slf4j");
    System.setProperty("hazelcast.phone.home.enabled", "false");
    System.setProperty("hazelcast.wait.seconds.before.join", "0");
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    int status = new CommandLine(new BenchMain()).execute(args);
    // Vert.x and Hazelcast threads of a failed scenario must not keep the JVM alive.
    System.exit(status);
  }

  @Override
  public Integer call() throws Exception {
    if (list) {
      Scenarios.all().forEach(scenario -> System.out.printf("%-12s %s%n", scenario.name(), scenario.description()));
      return 0;
    }
    List<Scenario> chosen = chosen();
    BenchRun run = new BenchRun(workDir != null ? workDir : Files.createTempDirectory("configsync-bench"), quick);
    BenchReport report = new BenchReport();
    Logger log = LoggerFactory.getLogger(BenchMain.class);
    for (Scenario scenario : chosen) {
      System.out.printf("== %s: %s%n", scenario.name(), scenario.description());
      long started = System.nanoTime();
      try {
        scenario.run(run, report);
      } catch (Exception | AssertionError e) {
        log.error("Scenario {} failed", scenario.name(), e);
        report.failed(scenario.name(), e);
      }
      System.out.printf("   done in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
    System.out.println();
    report.printTable(System.out);
    report.writeJson(out);
    System.out.println();
    System.out.println("Written to " + out.toAbsolutePath() + (quick ? " (--quick: sizes reduced)" : ""));
    return report.hasFailures() ? 1 : 0;
  }

  private List<Scenario> chosen() {
    if (only.isEmpty()) {
      return Scenarios.all();
    }
    List<Scenario> chosen = new ArrayList<>();
    for (String name : only) {
      chosen.add(Scenarios.all().stream().filter(scenario -> scenario.name().equals(name)).findFirst()
          .orElseThrow(() -> new CommandLine.ParameterException(new CommandLine(this),
              "no scenario '" + name + "' (see --list)")));
    }
    return chosen;
  }
}
