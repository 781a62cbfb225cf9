package io.configsync.bench.propagation;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded PostgreSQL server a backend node runs, found from its {@code postmaster.pid} (first
 * line the server's pid, fourth its port).
 */
record PostgresServer(long pid, int port) {

  static PostgresServer of(Path dataDirectory) {
    try {
      List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
      return new PostgresServer(Long.parseLong(lines.get(0).trim()), Integer.parseInt(lines.get(3).trim()));
    } catch (IOException e) {
      throw new UncheckedIOException("no running PostgreSQL in " + dataDirectory, e);
    }
  }

  /** {@code synchronous_commit} and {@code fsync}: both must be {@code on} for the figures to be those of durable commits. */
  String durability(Vertx vertx) {
    Pool pool = PgBuilder.pool()
        .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(port).setDatabase("postgres")
            .setUser("postgres").setPassword(""))
        .using(vertx)
        .build();
    try {
      return pool.query("SELECT current_setting('synchronous_commit'), current_setting('fsync')").execute()
          .map(rows -> rows.iterator().next())
          .map(row -> "synchronous_commit=" + row.getString(0) + ", fsync=" + row.getString(1))
          .eventually(pool::close)
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot ask PostgreSQL on port " + port + " for its durability settings", e);
    }
  }
}
