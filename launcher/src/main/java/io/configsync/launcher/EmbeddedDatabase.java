package io.configsync.launcher;

import io.configsync.backend.db.DatabaseUrl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
  /** The file the library locks in the data directory for as long as the JVM that runs the server lives. */
  private static final String LOCK_FILE = "epg-lock";
  private static final Duration LEFTOVER_STOP_LIMIT = Duration.ofSeconds(60);
  private static final List<String> POSTMASTER_NAMES = List.of("postgres", "postgres.exe");

  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Blocking: starts (or restarts on existing data) the server. */
  static EmbeddedDatabase start(Path dataDir) {
    Path directory = dataDir.resolve("postgres").toAbsolutePath().normalize();
    refuseOtherMajorVersion(directory);
    try {
      Files.createDirectories(directory);
      stopLeftoverServer(directory);
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

  /**
   * Stops the server a previous ConfigSync on this directory left running. When that process is
   * killed (kill -9, the OOM killer, a crash) it cannot stop its PostgreSQL, whose postmaster then
   * holds the directory: a new one could not start on it. Such a server is known by its
   * {@code postmaster.pid} naming a live postgres process of this directory while no process holds
   * the directory's lock (the library holds it for as long as the JVM that started the server
   * lives). It is asked to stop as PostgreSQL's own {@code pg_ctl stop -m smart} does (SIGTERM):
   * its clients died with that process, so it checkpoints and exits.
   *
   * @throws IllegalStateException if a live ConfigSync uses the directory, or the server does not stop
   */
  static void stopLeftoverServer(Path directory) throws IOException {
    Optional<ProcessHandle> server = runningServerOf(directory);
    if (server.isEmpty()) {
      return;
    }
    long pid = server.get().pid();
    try (FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
      if (lock == null) {
        throw new IllegalStateException("another ConfigSync is running on " + directory + " (its embedded "
            + "PostgreSQL has pid " + pid + "): stop it first, or give this one another --data-dir");
      }
      LOG.warn("The embedded PostgreSQL of a previous run is still running on {} (pid {}): the ConfigSync that "
          + "started it ended without stopping it (killed?). Stopping it before starting again", directory, pid);
      server.get().destroy();
      server.get().onExit().get(LEFTOVER_STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
      LOG.info("The leftover PostgreSQL (pid {}) stopped", pid);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the embedded PostgreSQL a previous run left running on " + directory
          + " (pid " + pid + ") did not stop within " + LEFTOVER_STOP_LIMIT.toSeconds() + " s of SIGTERM; stop it"
          + " (kill -INT " + pid + ") and start again", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for PostgreSQL pid " + pid + " to stop", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("could not wait for PostgreSQL pid " + pid + " to stop", e);
    }
  }

  /**
   * The postmaster that {@code postmaster.pid} names, if it is alive and is PostgreSQL serving
   * {@code directory}: a pid file left by a crash may name a process that has since reused the pid.
   */
  private static Optional<ProcessHandle> runningServerOf(Path directory) throws IOException {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    if (lines.size() < 2 || !sameDirectory(lines.get(1).trim(), directory)) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException unreadable) {
      return Optional.empty();
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(process -> servesDirectory(process, directory));
  }

  /** A postgres started with {@code -D directory}, however the path was written. */
  private static boolean servesDirectory(ProcessHandle process, Path directory) {
    ProcessHandle.Info info = process.info();
    if (!info.command().map(command -> POSTMASTER_NAMES.contains(Path.of(command).getFileName().toString()))
        .orElse(false)) {
      return false;
    }
    List<String> arguments = info.arguments().map(List::of).orElse(List.of());
    int option = arguments.indexOf("-D");
    return option >= 0 && option + 1 < arguments.size() && sameDirectory(arguments.get(option + 1), directory);
  }

  /** PostgreSQL writes its data directory canonicalized: compared as files, not as strings. */
  private static boolean sameDirectory(String path, Path directory) {
    try {
      return Files.isSameFile(Path.of(path), directory);
    } catch (IOException | java.nio.file.InvalidPathException unreadable) {
      return false;
    }
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
