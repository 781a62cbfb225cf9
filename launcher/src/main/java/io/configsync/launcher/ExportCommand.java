package io.configsync.launcher;

import io.configsync.backend.transfer.StateExport;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
final class ExportCommand extends DatabaseCommand {

  @Mixin
  DatabaseOptions target;

  @Override
  public Integer call() {
    try (CommandDatabase database = target.open(false)) {
      BufferedWriter out = new BufferedWriter(out(), 1 << 16);
      long lines = StateExport.write(database.url(), out);
      PrintWriter err = err();
      err.println("Exported " + lines + " (guild, module) configs from " + database.url());
      err.flush();
      return 0;
    } catch (Exception e) {
      return failed(e.getMessage());
    }
  }
}
