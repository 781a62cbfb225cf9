package io.configsync.bench.sync;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.backend.db.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL for one scenario, embedded as the product's {@code all} role runs it (durable
 * commits, 127.0.0.1 only), with a fresh migrated database per measurement.
 */
final class BenchPostgres implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  private int databases;

  private BenchPostgres(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static BenchPostgres start(Path dataDir) {
    try {
      return new BenchPostgres(EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("max_connections", "100")
          .start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the bench's PostgreSQL in " + dataDir, e);
    }
  }

  /** A new database with the backend's schema, as a backend would migrate it at start. */
  DatabaseUrl freshDatabase() throws SQLException {
    String name = "bench_" + ++databases;
    try (Connection admin = connect(url("postgres")); Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    DatabaseUrl database = url(name);
    Migrations.migrate(database);
    return database;
  }

  static Connection connect(DatabaseUrl database) throws SQLException {
    return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
  }

  private DatabaseUrl url(String name) {
    return new DatabaseUrl("127.0.0.1", postgres.getPort(), name, "postgres", "");
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("the bench's PostgreSQL did not stop cleanly", e);
    }
  }
}
