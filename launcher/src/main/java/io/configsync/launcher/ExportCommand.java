package io.configsync.launcher;

import io.configsync.backend.transfer.StateExport;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code configsync export [--pg-url URL | --data-dir DIR] > state.ndjson}. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Writes every configured (guild, module) to standard output as NDJSON, one consistent snapshot:",
        "{\"guildId\":\"...\",\"moduleId\":\"welcome\",\"enabled\":true,\"version\":3,\"config\":{...}} per line.",
        "The embedded database must not be in use by a running ConfigSync (stop it, or use --pg-url).",
        "Exit status: 0 written, 2 could not run."})
final class ExportCommand implements Callable<Integer> {

  static final int FAILED = 2;

  @Spec
  CommandSpec spec;

  @Option(names = "--pg-url", defaultValue = "${env:CONFIGSYNC_PG_URL}", paramLabel = "URL",
      description = "postgresql://user:pass@host:port/db; absent: the embedded PostgreSQL of the data dir [CONFIGSYNC_PG_URL].")
  String pgUrl;

  @Option(names = "--data-dir", defaultValue = "${env:CONFIGSYNC_DATA_DIR:-./data}", paramLabel = "DIR",
      description = "Data dir of the embedded PostgreSQL, when no --pg-url [CONFIGSYNC_DATA_DIR]. Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try (CommandDatabase database = CommandDatabase.open(pgUrl, dataDir, false)) {
      BufferedWriter out = new BufferedWriter(spec.commandLine().getOut(), 1 << 16);
      long lines = StateExport.write(database.url(), out);
      err.println("Exported " + lines + " (guild, module) configs from " + database.url());
      err.flush();
      return 0;
    } catch (Exception e) {
      err.println("export failed: " + e.getMessage());
      err.flush();
      return FAILED;
    }
  }
}
