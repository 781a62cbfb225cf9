package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leftover server is stopped only when its pid file names a live postgres of that very
 * directory: a pid file left by a crash may name a process that has since reused the pid. The
 * stopping itself, after a real kill -9, is {@code FatJarIT}'s.
 */
@DisplayName("Stopping the PostgreSQL a killed run left")
class EmbeddedDatabaseLeftoverTest {

  @TempDir
  Path work;

  private Process bystander;

  @AfterEach
  void stopBystander() throws InterruptedException {
    if (bystander != null) {
      bystander.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("a pid file naming a live process that is not PostgreSQL stops nothing")
  void aReusedPidIsLeftAlone() throws Exception {
    assertBystanderSurvivesAPidFileOf(work.resolve("postgres"));
  }

  @Test
  @DisplayName("a pid file of another data directory stops nothing")
  void anotherDirectorysPidFileIsLeftAlone() throws Exception {
    assertBystanderSurvivesAPidFileOf(work.resolve("elsewhere"));
  }

  /** A live process that is no postgres of the directory, named by a pid file of {@code dataDirectory}. */
  private void assertBystanderSurvivesAPidFileOf(Path dataDirectory) throws Exception {
    Path directory = Files.createDirectories(work.resolve("postgres"));
    bystander = new ProcessBuilder("sleep", "60").start();
    writePidFile(directory, bystander.pid(), dataDirectory);

    EmbeddedDatabase.stopLeftoverServer(directory);

    assertThat(bystander.isAlive()).isTrue();
  }

  @Test
  @DisplayName("a pid file naming no live process, or unreadable, is left to PostgreSQL, which replaces it")
  void aStalePidFileIsLeftToPostgres() throws Exception {
    Path directory = Files.createDirectories(work.resolve("postgres"));
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor(10, TimeUnit.SECONDS);
    writePidFile(directory, gone.pid(), directory);
    EmbeddedDatabase.stopLeftoverServer(directory);

    Files.writeString(directory.resolve("postmaster.pid"), "not a pid\n" + directory + "\n");
    EmbeddedDatabase.stopLeftoverServer(directory);

    assertThat(directory.resolve("postmaster.pid")).exists();
  }

  /** The first two lines of PostgreSQL's {@code postmaster.pid}: the pid, then the data directory. */
  private static void writePidFile(Path directory, long pid, Path dataDirectory) throws Exception {
    Files.writeString(directory.resolve("postmaster.pid"), pid + "\n" + dataDirectory + "\n1765159200\n5432\n");
  }
}
