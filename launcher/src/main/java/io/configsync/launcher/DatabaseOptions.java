package io.configsync.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which database a one-shot command (rebuild-state, export, import) works on: picocli mixin. */
final class DatabaseOptions {

  @Option(names = "--pg-url", defaultValue = "${env:CONFIGSYNC_PG_URL}", paramLabel = "URL",
      description = "postgresql://user:pass@host:port/db; absent: the embedded PostgreSQL of the data dir [CONFIGSYNC_PG_URL].")
  String pgUrl;

  @Option(names = "--data-dir", defaultValue = "${env:CONFIGSYNC_DATA_DIR:-./data}", paramLabel = "DIR",
      description = "Data dir of the embedded PostgreSQL, when no --pg-url [CONFIGSYNC_DATA_DIR]. Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  /** See {@link CommandDatabase#open}. */
  CommandDatabase open(boolean createEmbedded) {
    return CommandDatabase.open(pgUrl, dataDir, createEmbedded);
  }
}
