package io.configsync.launcher;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.backend.store.StateRebuilder;
import io.configsync.backend.store.StateRebuilder.Difference;
import io.configsync.backend.store.StateRebuilder.Report;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code configsync rebuild-state [--verify|--repair]}: folds the event log and compares the state it
 * implies with the state table, or rewrites the table from it ({@link StateRebuilder}).
 */
@Command(
    name = "rebuild-state",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Folds the event log into the state it implies and compares it with module_state.",
        "--verify (the default) prints the differences; --repair rewrites the rows that differ, in one transaction.",
        "Needs the latest event of every (guild, module), which retention keeps.",
        "Exit status: 0 identical (or repaired), 1 differences, 2 could not run."})
final class RebuildStateCommand implements Callable<Integer> {

  static final int IDENTICAL = 0;
  static final int DIFFERENT = 1;
  static final int FAILED = 2;

  /** Differences printed in full; the rest are counted. */
  private static final int MAX_PRINTED = 100;

  @Spec
  CommandSpec spec;

  @ArgGroup(exclusive = true)
  Mode mode;

  static final class Mode {
    @Option(names = "--verify", description = "Report the differences; change nothing (default).")
    boolean verify;

    @Option(names = "--repair", description = "Rewrite the rows of module_state that differ from the log.")
    boolean repair;
  }

  @Mixin
  DatabaseOptions target;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean repair = mode != null && mode.repair;
    EmbeddedDatabase embedded = null;
    try {
      DatabaseUrl database;
      if (target.pgUrl != null && !target.pgUrl.isBlank()) {
        database = DatabaseUrl.parse(target.pgUrl);
      } else if (!Files.isDirectory(target.dataDir.resolve("postgres"))) {
        err.println("No embedded database in " + target.dataDir.toAbsolutePath() + "; give --data-dir or --pg-url.");
        return FAILED;
      } else {
        embedded = EmbeddedDatabase.start(target.dataDir);
        database = embedded.url();
      }
      Report report = repair ? StateRebuilder.repair(database) : StateRebuilder.verify(database);
      print(report, out);
      return report.consistent() ? IDENTICAL : DIFFERENT;
    } catch (SQLException | RuntimeException e) {
      err.println("rebuild-state failed: " + e.getMessage());
      return FAILED;
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static void print(Report report, PrintWriter out) {
    out.printf("Folded %d events (up to revision %d%s) into %d (guild, module) states.%n", report.events(),
        report.head(), report.horizon() > 0 ? "; compacted up to revision " + report.horizon() : "", report.keys());
    report.logProblems().forEach(problem -> out.println("Log problem (not repairable here): " + problem));
    if (report.differences().isEmpty()) {
      out.println("module_state equals the state folded from the event log.");
    } else {
      out.printf("%d row(s) of module_state differ from the event log%s:%n", report.differences().size(),
          report.repaired() ? " and were rewritten" : "");
      report.differences().stream().limit(MAX_PRINTED).map(Difference::describe)
          .forEach(line -> out.println("  " + line));
      if (report.differences().size() > MAX_PRINTED) {
        out.printf("  ... and %d more%n", report.differences().size() - MAX_PRINTED);
      }
      if (!report.repaired()) {
        out.println("Run rebuild-state --repair to rewrite them from the log.");
      }
    }
    out.flush();
  }
}
