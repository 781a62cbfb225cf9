package io.configsync.launcher;

import io.configsync.backend.db.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by this process, its data kept in {@code <data-dir>/postgres} across
 * restarts. Commits are durable ({@code synchronous_commit=on} and {@code fsync=on}): an
 * acknowledged write survives a crash of the process and of the machine. It listens on 127.0.0.1
 * only.
 */
final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** The major version of the bundled PostgreSQL binaries (the zonky binaries BOM in the parent pom). */
  static final int MAJOR_VERSION = 17;

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Blocking: starts (or restarts on existing data) the server. */
  static EmbeddedDatabase start(Path dataDir) {
    Path directory = dataDir.resolve("postgres").toAbsolutePath();
    refuseOtherMajorVersion(directory);
    try {
      Files.createDirectories(directory);
      long started = System.nanoTime();
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
          .setDataDirectory(directory)
          .setCleanDataDirectory(false)
          .setServerConfig("synchronous_commit", "on")
          // The library starts the server with -F (fsync off): a commit would then be acknowledged
          // before its WAL reaches the disk, and lost if the machine went down. This comes after -F.
          .setServerConfig("fsync", "on")
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("max_connections", "100")
          .start();
      LOG.info("Embedded PostgreSQL started on 127.0.0.1:{} with data in {} ({} ms)", postgres.getPort(), directory,
          (System.nanoTime() - started) / 1_000_000);
      return new EmbeddedDatabase(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + directory
          + " (is another ConfigSync using this --data-dir?)", e);
    }
  }

  /**
   * PostgreSQL cannot open the files of another major version, and an attempt can leave them in a
   * state that only an expert repairs: such a directory is refused before anything touches it.
   *
   * @throws IllegalArgumentException saying what to do
   */
  static void refuseOtherMajorVersion(Path directory) {
    Path versionFile = directory.resolve("PG_VERSION");
    if (!Files.exists(versionFile)) {
      return;
    }
    String found;
    try {
      found = Files.readString(versionFile).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + versionFile, e);
    }
    if (found.equals(String.valueOf(MAJOR_VERSION))) {
      return;
    }
    throw new IllegalArgumentException("the embedded database in " + directory + " was made by PostgreSQL "
        + found + ", and this ConfigSync runs PostgreSQL " + MAJOR_VERSION + ", which cannot open it. "
        + "Nothing in it was changed. To move the data: start the ConfigSync version that made it on that dir "
        + "(it logs \"Embedded PostgreSQL started on 127.0.0.1:<port>\"), run this version's "
        + "`export --pg-url postgresql://postgres@127.0.0.1:<port>/postgres > state.ndjson`, stop it, then "
        + "`import --data-dir <a new dir> state.ndjson` and start this version on the new dir (or upgrade the "
        + "directory yourself with PostgreSQL "
        + MAJOR_VERSION + "'s pg_upgrade). See \"Upgrading the embedded database\" in the README.");
  }

  DatabaseUrl url() {
    return new DatabaseUrl("127.0.0.1", postgres.getPort(), "postgres", "postgres", "");
  }

  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("Embedded PostgreSQL stopped");
    } catch (IOException e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
