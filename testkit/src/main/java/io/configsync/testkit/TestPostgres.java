package io.configsync.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real PostgreSQL per test JVM: the server named by {@code CONFIGSYNC_TEST_PG_URL}
 * ({@code postgresql://user:pass@host:port/db}) if set, else an embedded one started on first use
 * with durable commits. Each test asks for a {@link #freshDatabase() fresh database} of its own.
 */
public final class TestPostgres {

  private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static Server server;

  /** Where a test database lives. */
  public record Database(String host, int port, String name, String user, String password) {

    /** The {@code postgresql://} URL ConfigSync's {@code --pg-url} takes. */
    public String url() {
      String credentials = password == null || password.isEmpty() ? user : user + ":" + password;
      return "postgresql://" + credentials + "@" + host + ":" + port + "/" + name;
    }

    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** A plain JDBC connection, for tests that inspect or tamper with the database directly. */
    public Connection connect() throws SQLException {
      return DriverManager.getConnection(jdbcUrl(), user, password);
    }
  }

  private record Server(Database admin, EmbeddedPostgres embedded) {}

  private TestPostgres() {}

  /** A new, empty database on the shared server. */
  public static Database freshDatabase() {
    Database admin = server().admin();
    String name = "configsync_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection connection = admin.connect(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return new Database(admin.host(), admin.port(), name, admin.user(), admin.password());
  }

  private static synchronized Server server() {
    if (server == null) {
      String external = System.getenv("CONFIGSYNC_TEST_PG_URL");
      server = external == null || external.isBlank() ? startEmbedded() : new Server(parse(external), null);
    }
    return server;
  }

  private static Server startEmbedded() {
    try {
      long started = System.nanoTime();
      EmbeddedPostgres embedded = EmbeddedPostgres.builder()
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("max_connections", "300")
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(embedded), "test-postgres-stop"));
      LOG.info("Embedded PostgreSQL for tests on port {} ({} ms)", embedded.getPort(),
          (System.nanoTime() - started) / 1_000_000);
      return new Server(new Database("127.0.0.1", embedded.getPort(), "postgres", "postgres", ""), embedded);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL for tests", e);
    }
  }

  private static Database parse(String url) {
    URI uri = URI.create(url);
    String[] credentials = uri.getUserInfo() == null ? new String[] {"postgres"} : uri.getUserInfo().split(":", 2);
    String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
    return new Database(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, credentials[0],
        credentials.length > 1 ? credentials[1] : "");
  }

  private static void closeQuietly(EmbeddedPostgres embedded) {
    try {
      embedded.close();
    } catch (IOException e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
