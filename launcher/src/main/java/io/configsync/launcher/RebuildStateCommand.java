package io.configsync.launcher;

import io.configsync.backend.store.StateRebuilder;
import io.configsync.backend.store.StateRebuilder.Difference;
import io.configsync.backend.store.StateRebuilder.Report;
import java.io.PrintWriter;
import java.sql.SQLException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
final class RebuildStateCommand extends DatabaseCommand {

  static final int IDENTICAL = 0;
  static final int DIFFERENT = 1;

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
    boolean repair = mode != null && mode.repair;
    try (CommandDatabase database = target.open(false)) {
      Report report = repair ? StateRebuilder.repair(database.url()) : StateRebuilder.verify(database.url());
      print(report, out());
      return report.consistent() ? IDENTICAL : DIFFERENT;
    } catch (SQLException | RuntimeException e) {
      return failed(e.getMessage());
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
      Listing.print(out, report.differences().stream().map(Difference::describe).toList());
      if (!report.repaired()) {
        out.println("Run rebuild-state --repair to rewrite them from the log.");
      }
    }
    out.flush();
  }
}
