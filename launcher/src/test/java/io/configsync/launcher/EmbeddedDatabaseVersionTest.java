package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL is 17, and a data dir made by another major version is refused untouched. */
class EmbeddedDatabaseVersionTest {

  @Test
  void aNewDataDirIsMadeByPostgres17(@TempDir Path dataDir) throws Exception {
    try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir);
         Connection connection = DriverManager.getConnection(database.url().jdbcUrl(), "postgres", "");
         Statement statement = connection.createStatement();
         ResultSet version = statement.executeQuery("SHOW server_version_num")) {
      version.next();
      assertThat(version.getInt(1) / 10_000).isEqualTo(EmbeddedDatabase.MAJOR_VERSION).isEqualTo(17);
    }
    assertThat(Files.readString(dataDir.resolve("postgres/PG_VERSION")).trim()).isEqualTo("17");
  }

  @Test
  void aDataDirOfAnotherMajorVersionIsRefusedWithWhatToDoAndLeftAsItWas(@TempDir Path dataDir) throws Exception {
    Path postgres = Files.createDirectories(dataDir.resolve("postgres"));
    Files.writeString(postgres.resolve("PG_VERSION"), "14\n");
    Files.writeString(Files.createDirectories(postgres.resolve("global")).resolve("pg_control"), "the old cluster");
    List<String> before = listing(postgres);

    assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("made by PostgreSQL 14")
        .hasMessageContaining("runs PostgreSQL 17")
        .hasMessageContaining("Nothing in it was changed")
        .hasMessageContaining("export --pg-url postgresql://postgres@127.0.0.1:<port>/postgres")
        .hasMessageContaining("import --data-dir");

    assertThat(listing(postgres)).isEqualTo(before);
    assertThat(Files.readString(postgres.resolve("global/pg_control"))).isEqualTo("the old cluster");
  }

  @Test
  void theCommandLineSaysSoAndExitsWithStatusOne(@TempDir Path dataDir) throws Exception {
    Files.writeString(Files.createDirectories(dataDir.resolve("postgres")).resolve("PG_VERSION"), "14\n");

    int status = ConfigSyncMain.commandLine().execute("backend", "--data-dir", dataDir.toString(), "--cluster=false",
        "--http-port", "0");

    assertThat(status).isEqualTo(1);
    assertThat(Files.readString(dataDir.resolve("postgres/PG_VERSION"))).isEqualTo("14\n");
  }

  private static List<String> listing(Path directory) throws Exception {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.map(file -> directory.relativize(file) + ":" + file.toFile().length()).sorted().toList();
    }
  }
}
