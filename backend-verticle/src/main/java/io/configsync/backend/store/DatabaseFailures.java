package io.configsync.backend.store;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Tells a database that is away (retry later) from a statement that is wrong (a bug). */
public final class DatabaseFailures {

  private DatabaseFailures() {}

  public static boolean isUnavailable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      // Any I/O failure on the way to the database (refused, reset, closed) means it is away.
      if (cause instanceof ClosedConnectionException || cause instanceof IOException
          || cause instanceof TimeoutException) {
        return true;
      }
      if (cause instanceof PgException pg && pg.getSqlState() != null && isTransientSqlState(pg.getSqlState())) {
        return true;
      }
    }
    return false;
  }

  /** Connection exceptions (08), operator intervention such as shutdown (57), resources (53), rollbacks (40). */
  private static boolean isTransientSqlState(String sqlState) {
    return sqlState.startsWith("08") || sqlState.startsWith("57") || sqlState.startsWith("53")
        || sqlState.startsWith("40");
  }
}
