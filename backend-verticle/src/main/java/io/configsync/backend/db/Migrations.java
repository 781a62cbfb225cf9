package io.configsync.backend.db;

import java.net.ConnectException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings the schema to the newest version with Flyway. Blocking: run it off the event loop. */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final int CONNECT_ATTEMPTS = 10;
  private static final Duration FIRST_RETRY = Duration.ofMillis(250);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);

  private Migrations() {}

  public static void migrate(DatabaseUrl database) {
    awaitReachable(database);
    MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(database.jdbcUrl(), database.user(), database.password())
        .locations("classpath:db/migration")
        .connectRetries(3)
        .load()
        .migrate();
    LOG.info("Database {} at schema version {} ({} migration(s) applied)", database,
        result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion, result.migrationsExecuted);
  }

  /**
   * Waits while the server refuses connections (it may still be starting); any other failure (TLS,
   * certificate, host name, pg_hba, password) will not heal by waiting and fails at once.
   *
   * @throws IllegalArgumentException naming the server (never the password) and PostgreSQL's reason
   */
  static void awaitReachable(DatabaseUrl database) {
    Duration wait = FIRST_RETRY;
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
          database.password())) {
        return;
      } catch (SQLException e) {
        if (!refused(e) || attempt == CONNECT_ATTEMPTS) {
          throw new IllegalArgumentException("cannot connect to PostgreSQL at " + database + ": "
              + reason(e, database) + hint(e, database), e);
        }
        LOG.info("PostgreSQL at {} refuses connections ({}); retrying in {} ms", database, e.getMessage(),
            wait.toMillis());
        sleep(wait);
        wait = wait.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait.multipliedBy(2);
      }
    }
  }

  private static boolean refused(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException) {
        return true;
      }
    }
    return false;
  }

  private static String reason(SQLException failure, DatabaseUrl database) {
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    return database.password().isEmpty() ? message : message.replace(database.password(), "***");
  }

  private static String hint(SQLException failure, DatabaseUrl database) {
    String message = String.valueOf(failure.getMessage());
    if (message.contains("no encryption") && database.tls().mode() == io.vertx.pgclient.SslMode.DISABLE) {
      return " (the server requires TLS: add ?sslmode=require, or verify-full with sslrootcert=ca.pem)";
    }
    if (message.contains("hostname") || message.contains("certificate")) {
      return " (the server's certificate does not match sslmode=" + database.tls().mode().value
          + ": check the host name in the URL and the CA in sslrootcert)";
    }
    return "";
  }

  private static void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
    }
  }
}
