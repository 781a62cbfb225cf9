package io.configsync.launcher;

import io.configsync.backend.db.DatabaseUrl;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The database a command works on: {@code --pg-url}, or the embedded PostgreSQL of {@code --data-dir}
 * (started for the command, stopped at close).
 */
final class CommandDatabase implements AutoCloseable {

  private final DatabaseUrl url;
  private final EmbeddedDatabase embedded;

  private CommandDatabase(DatabaseUrl url, EmbeddedDatabase embedded) {
    this.url = url;
    this.embedded = embedded;
  }

  /**
   * @param createEmbedded whether a data dir without a database gets a new one (import), or is an error
   * @throws IllegalArgumentException for a bad URL, a missing database, or a data dir of another major version
   */
  static CommandDatabase open(String pgUrl, Path dataDir, boolean createEmbedded) {
    if (pgUrl != null && !pgUrl.isBlank()) {
      return new CommandDatabase(DatabaseUrl.parse(pgUrl), null);
    }
    if (!createEmbedded && !Files.isDirectory(dataDir.resolve("postgres"))) {
      throw new IllegalArgumentException("no embedded database in " + dataDir.toAbsolutePath()
          + "; give --data-dir or --pg-url");
    }
    EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir);
    return new CommandDatabase(embedded.url(), embedded);
  }

  DatabaseUrl url() {
    return url;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
