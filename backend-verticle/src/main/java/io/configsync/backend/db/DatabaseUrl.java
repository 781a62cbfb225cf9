package io.configsync.backend.db;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A PostgreSQL location given as {@code postgresql://user:pass@host:port/db?sslmode=...&sslrootcert=...},
 * usable both by the reactive client and by JDBC (migrations), with the same TLS settings for both.
 *
 * @param tls how the connections are encrypted and what is checked of the server's certificate
 */
public record DatabaseUrl(String host, int port, String database, String user, String password, Tls tls) {

  /**
   * {@code sslmode} as libpq and pgjdbc mean it, and {@code sslrootcert}: the PEM file of the CA
   * that signed the server's certificate (needed by {@code verify-ca} and {@code verify-full}).
   */
  public record Tls(SslMode mode, Path rootCert) {

    public static final Tls DISABLED = new Tls(SslMode.DISABLE, null);

    public Tls {
      Objects.requireNonNull(mode, "mode");
    }

    boolean verifiesCertificate() {
      return mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL;
    }
  }

  /** Without TLS, as the embedded database is reached on 127.0.0.1. */
  public DatabaseUrl(String host, int port, String database, String user, String password) {
    this(host, port, database, user, password, Tls.DISABLED);
  }

  public DatabaseUrl {
    Objects.requireNonNull(tls, "tls");
  }

  /**
   * Parses with Vert.x's {@link PgConnectOptions#fromUri}. Percent-encoding is URL encoding: a
   * {@code +} is a plus sign, not a space (Vert.x decodes it as form data otherwise).
   *
   * @throws IllegalArgumentException with a message fit for the user, without the password, if
   *     {@code url} is malformed or its TLS settings are incomplete
   */
  public static DatabaseUrl parse(String url) {
    if (url == null || !(url.startsWith("postgresql://") || url.startsWith("postgres://"))) {
      throw invalid(url, "it must start with postgresql://");
    }
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(url.replace("+", "%2B"));
    } catch (IllegalArgumentException e) {
      // Vert.x's own message quotes the whole URL, password included: only its cause is shown.
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      String reason = cause.getMessage() == null || cause.getMessage().contains(url) ? "malformed" : cause.getMessage();
      throw invalid(url, reason);
    }
    Path rootCert = queryParameter(url, "sslrootcert");
    Tls tls = new Tls(options.getSslMode() == null ? SslMode.DISABLE : options.getSslMode(), rootCert);
    if (tls.verifiesCertificate() && rootCert == null) {
      throw invalid(url, "sslmode=" + tls.mode().value
          + " needs sslrootcert=/path/to/ca.pem, the CA certificate that signed the server's one");
    }
    if (rootCert != null && !Files.isReadable(rootCert)) {
      throw invalid(url, "sslrootcert " + rootCert + " is not a readable file");
    }
    return new DatabaseUrl(options.getHost(), options.getPort(), options.getDatabase(), options.getUser(),
        options.getPassword() == null ? "" : options.getPassword(), tls);
  }

  public PgConnectOptions connectOptions() {
    PgConnectOptions options = new PgConnectOptions()
        .setHost(host)
        .setPort(port)
        .setDatabase(database)
        .setUser(user)
        .setPassword(password)
        .setSslMode(tls.mode())
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
    if (tls.mode() != SslMode.DISABLE) {
      ClientSSLOptions ssl = new ClientSSLOptions()
          .setHostnameVerificationAlgorithm(tls.mode() == SslMode.VERIFY_FULL ? "HTTPS" : "");
      if (tls.verifiesCertificate()) {
        ssl.setTrustOptions(new PemTrustOptions().addCertPath(tls.rootCert().toString()));
      } else {
        // require/prefer/allow: encrypted, the server's certificate is not checked (as libpq does).
        ssl.setTrustAll(true);
      }
      options.setSslOptions(ssl);
    }
    return options;
  }

  /** The same place and TLS settings for pgjdbc; the user and password are passed apart. */
  public String jdbcUrl() {
    StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(host).append(':').append(port).append('/')
        .append(URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20"))
        .append("?sslmode=").append(tls.mode().value);
    if (tls.rootCert() != null) {
      jdbc.append("&sslrootcert=").append(URLEncoder.encode(tls.rootCert().toString(), StandardCharsets.UTF_8));
    }
    return jdbc.toString();
  }

  /** For logs: the password is never printed. */
  @Override
  public String toString() {
    return "postgresql://" + user + "@" + host + ":" + port + "/" + database
        + (tls.mode() == SslMode.DISABLE ? "" : "?sslmode=" + tls.mode().value);
  }

  private static Path queryParameter(String url, String name) {
    String query;
    try {
      query = URI.create(url.replace("+", "%2B")).getRawQuery();
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).equalsIgnoreCase(name)) {
        String value = URI.create("x:" + pair.substring(equals + 1)).getSchemeSpecificPart();
        return value.isEmpty() ? null : Path.of(value);
      }
    }
    return null;
  }

  private static IllegalArgumentException invalid(String url, String reason) {
    return new IllegalArgumentException("invalid PostgreSQL URL " + redact(url) + ": " + reason
        + " (expected postgresql://user:password@host:port/db?sslmode=require, with @ : / % + in the password "
        + "written %40 %3A %2F %25 and + or %2B)");
  }

  /** The URL with its password replaced by {@code ***}. */
  public static String redact(String url) {
    return url == null ? "null" : url.replaceAll("//([^:@/]*):[^/]*@", "//$1:***@");
  }
}
