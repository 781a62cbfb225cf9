package io.configsync.backend.db;

import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL location given as {@code postgresql://user:pass@host:port/db}, usable both by the
 * reactive client and by JDBC (migrations).
 */
public record DatabaseUrl(String host, int port, String database, String user, String password) {

  private static final int DEFAULT_PORT = 5432;

  /**
   * @throws IllegalArgumentException with a message fit for the user if {@code url} is malformed
   */
  public static DatabaseUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      throw invalid(url);
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme()) || uri.getHost() == null) {
      throw invalid(url);
    }
    String[] credentials = uri.getRawUserInfo() == null ? new String[] {"postgres"} : uri.getRawUserInfo().split(":", 2);
    String path = uri.getPath();
    return new DatabaseUrl(
        uri.getHost(),
        uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
        path == null || path.length() <= 1 ? "postgres" : path.substring(1),
        decode(credentials[0]),
        credentials.length > 1 ? decode(credentials[1]) : "");
  }

  public PgConnectOptions connectOptions() {
    return new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** For logs: the password is never printed. */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database;
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException invalid(String url) {
    return new IllegalArgumentException(
        "invalid PostgreSQL URL (expected postgresql://user:pass@host:port/db): " + redact(url));
  }

  private static String redact(String url) {
    return url == null ? "null" : url.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
  }
}
