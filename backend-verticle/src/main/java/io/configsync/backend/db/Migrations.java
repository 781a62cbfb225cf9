package io.configsync.backend.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings the schema to the newest version with Flyway. Blocking: run it off the event loop. */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static void migrate(DatabaseUrl database) {
    MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(database.jdbcUrl(), database.user(), database.password())
        .locations("classpath:db/migration")
        .connectRetries(10)
        .load()
        .migrate();
    LOG.info("Database {} at schema version {} ({} migration(s) applied)", database,
        result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion, result.migrationsExecuted);
  }
}
