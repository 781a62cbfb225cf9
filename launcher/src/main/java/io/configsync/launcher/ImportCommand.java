package io.configsync.launcher;

import io.configsync.backend.db.Migrations;
import io.configsync.backend.modules.ModuleCatalog;
import io.configsync.backend.transfer.StateImport;
import io.configsync.backend.transfer.StateImport.Checked;
import io.configsync.backend.transfer.StateImport.Summary;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code configsync import [--pg-url URL | --data-dir DIR] [FILE]}. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Loads an export file (standard input without FILE) as ordinary changes: new versions and revisions,",
        "in each config's history (actor 'import'), published to the bots like any write.",
        "Every line is checked first (JSON, guild id, module, schema, duplicates): a file with any bad line",
        "stores nothing, and the bad lines are listed with their numbers.",
        "Exit status: 0 imported, 1 bad lines (nothing stored), 2 could not run."})
final class ImportCommand extends DatabaseCommand {

  static final int BAD_LINES = 1;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The NDJSON file; default: standard input.")
  Path file;

  @Mixin
  DatabaseOptions target;

  @Override
  public Integer call() {
    Checked checked;
    try (BufferedReader in = file == null
        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
        : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      checked = StateImport.check(in, ModuleCatalog.bundled());
    } catch (Exception e) {
      return failed("cannot read " + (file == null ? "standard input" : file) + ": " + e.getMessage());
    }
    if (!checked.valid()) {
      PrintWriter err = err();
      err.println(checked.errors().size() + " bad line(s) in " + (file == null ? "standard input" : file)
          + "; nothing was imported:");
      Listing.print(err, checked.errors());
      err.flush();
      return BAD_LINES;
    }
    try (CommandDatabase database = target.open(true)) {
      Migrations.migrate(database.url());
      Vertx vertx = Vertx.vertx();
      try {
        Summary summary = StateImport.apply(vertx, database.url(), checked.changes())
            .toCompletionStage().toCompletableFuture().get(1, TimeUnit.HOURS);
        PrintWriter out = out();
        out.println("Imported " + checked.changes().size() + " (guild, module) configs into " + database.url()
            + ": " + summary.changed() + " new version(s), " + summary.unchanged() + " already equal");
        out.flush();
        return 0;
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      return failed(cause.getMessage());
    }
  }
}
