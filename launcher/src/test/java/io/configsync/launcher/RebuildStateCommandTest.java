package io.configsync.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.backend.db.Migrations;
import io.configsync.testkit.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code configsync rebuild-state}: exit status and output of verify and repair. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The rebuild-state command")
class RebuildStateCommandTest {

  private static final long GUILD = 112233445566778899L;
  private static final String CONFIG = "{\"channelId\": \"112233445566778899\", \"message\": \"hi\"}";

  private TestPostgres.Database database;

  private record Run(int status, String out) {}

  @BeforeAll
  void logOfThreeChanges() throws SQLException {
    database = TestPostgres.freshDatabase();
    Migrations.migrate(DatabaseUrl.parse(database.url()));
    // v1 put, v2 delete of welcome; v1 put of automod, disabled
    execute("INSERT INTO module_event VALUES"
        + " (1, " + GUILD + ", 'welcome', 'enabled', '" + CONFIG + "', 1, 'backend', '2024-01-01T00:00:01Z', 'alice'),"
        + " (2, " + GUILD + ", 'welcome', 'disabled', NULL, 2, 'backend', '2024-01-01T00:00:02Z', 'bob'),"
        + " (3, " + GUILD + ", 'automod', 'disabled', '{\"rules\": []}', 1, 'bot-a', '2024-01-01T00:00:03Z', 'bot-a')");
    execute("INSERT INTO module_state VALUES"
        + " (" + GUILD + ", 'welcome', false, NULL, 2, 2, '2024-01-01T00:00:02Z'),"
        + " (" + GUILD + ", 'automod', false, '{\"rules\": []}', 1, 3, '2024-01-01T00:00:03Z')");
    execute("UPDATE revision_counter SET value = 3");
  }

  @Test
  @DisplayName("verify exits 0 on a consistent table, 1 with the difference after tampering; repair fixes it and exits 0")
  void verifyAndRepair() throws SQLException {
    Run consistent = run("rebuild-state", "--pg-url", database.url());
    assertThat(consistent.status()).as(consistent.out()).isZero();
    assertThat(consistent.out()).contains("Folded 3 events (up to revision 3)").contains("equals");

    execute("UPDATE module_state SET version = 9 WHERE module_id = 'automod'");
    Run different = run("rebuild-state", "--verify", "--pg-url", database.url());
    assertThat(different.status()).as(different.out()).isEqualTo(1);
    assertThat(different.out()).contains("1 row(s)").contains("guild " + GUILD + " module automod")
        .contains("v9").contains("--repair");

    Run repair = run("rebuild-state", "--repair", "--pg-url", database.url());
    assertThat(repair.status()).as(repair.out()).isZero();
    assertThat(repair.out()).contains("rewritten");

    Run again = run("rebuild-state", "--pg-url", database.url());
    assertThat(again.status()).as(again.out()).isZero();
  }

  @Test
  @DisplayName("--verify with --repair is a usage error, and a database it cannot reach exits 2")
  void usageAndConnectionErrors() {
    assertThat(run("rebuild-state", "--verify", "--repair", "--pg-url", database.url()).status()).isEqualTo(2);
    Run unreachable = run("rebuild-state", "--pg-url", "postgresql://nobody:secret@127.0.0.1:1/none");
    assertThat(unreachable.status()).isEqualTo(2);
    assertThat(unreachable.out()).contains("rebuild-state failed").doesNotContain("secret");
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    PrintWriter writer = new PrintWriter(out, true);
    int status = ConfigSyncMain.commandLine().setOut(writer).setErr(writer).execute(args);
    return new Run(status, out.toString());
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
      statement.executeUpdate(sql);
    }
  }
}
