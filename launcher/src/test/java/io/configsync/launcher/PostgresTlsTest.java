package io.configsync.launcher;

import static io.configsync.testkit.ModuleConfigs.welcomeBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.testkit.ApiClient;
import io.configsync.testkit.TestCertificates;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL server of its own that accepts only TLS connections (certificate made here), and a
 * role whose password has every character that URL-encoding gets wrong: {@code + @ : %}.
 */
class PostgresTlsTest {

  private static final String PASSWORD = "p+w@d:50%x";
  private static final String ADMIN_PASSWORD = "test-admin";
  private static EmbeddedPostgres postgres;
  private static TestCertificates certificates;

  @BeforeAll
  static void startTlsOnlyServer() throws Exception {
    Path dir = Files.createTempDirectory("configsync-pg-tls");
    // Only "localhost" is in the certificate: 127.0.0.1 is, for verify-full, a wrong host name.
    certificates = TestCertificates.create(dir.resolve("certs"), "DNS:localhost");
    Path data = dir.resolve("data");
    postgres = EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setServerConfig("ssl", "on")
        .setServerConfig("ssl_cert_file", certificates.serverCert().toString())
        .setServerConfig("ssl_key_file", certificates.serverKey().toString())
        .start();
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
         Statement statement = admin.createStatement()) {
      statement.execute("CREATE ROLE app LOGIN PASSWORD '" + PASSWORD.replace("'", "''") + "'");
      statement.execute("CREATE DATABASE app OWNER app");
      statement.execute("ALTER ROLE postgres PASSWORD '" + ADMIN_PASSWORD + "'");
      // From now on, TCP clients need TLS and the password; the library's own checks use the socket.
      Files.writeString(data.resolve("pg_hba.conf"), """
          local all all trust
          hostssl all all 127.0.0.1/32 scram-sha-256
          hostssl all all ::1/128 scram-sha-256
          """);
      statement.execute("SELECT pg_reload_conf()");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theBackendConnectsWithSslModeRequireAndEveryConnectionIsEncrypted() throws Exception {
    ConfigSyncNode backend = start(url("127.0.0.1", "sslmode=require"));
    try {
      ApiClient api = new ApiClient(TestNodes.ADMIN_TOKEN);
      assertThat(api.put(backend.httpPort(), "81384788765712384", "welcome", welcomeBody("over TLS")).status()).isEqualTo(200);
      assertThat(api.get(backend.httpPort(), "/api/guilds/81384788765712384/modules/welcome").status())
          .isEqualTo(200);

      try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getPort()
               + "/postgres?sslmode=require", "postgres", ADMIN_PASSWORD);
           Statement statement = admin.createStatement();
           ResultSet connections = statement.executeQuery("SELECT count(*) AS total, count(*) FILTER (WHERE s.ssl)"
               + " AS encrypted FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.usename = 'app'")) {
        connections.next();
        assertThat(connections.getInt("total")).isPositive();
        assertThat(connections.getInt("encrypted")).isEqualTo(connections.getInt("total"));
      }
    } finally {
      TestNodes.stop(backend);
    }
  }

  @Test
  void verifyFullWithTheRightHostNameConnects() {
    ConfigSyncNode backend = start(url("localhost", "sslmode=verify-full&sslrootcert="
        + URLEncoder.encode(certificates.caCert().toString(), StandardCharsets.UTF_8)));
    TestNodes.stop(backend);
  }

  @Test
  void verifyFullAgainstAWrongHostNameIsRefusedWithAClearMessage() {
    String url = url("127.0.0.1", "sslmode=verify-full&sslrootcert="
        + URLEncoder.encode(certificates.caCert().toString(), StandardCharsets.UTF_8));

    Throwable failure = startFailure(url);
    assertThat(failure).isInstanceOf(IllegalArgumentException.class);
    assertThat(failure.getMessage())
        .contains("cannot connect to PostgreSQL at postgresql://app@127.0.0.1:" + postgres.getPort()
            + "/app?sslmode=verify-full")
        .contains("host name")
        .doesNotContain(PASSWORD);
  }

  @Test
  void sslModeDisableAgainstAServerThatRequiresTlsFailsWithAClearMessage() {
    Throwable failure = startFailure(url("127.0.0.1", "sslmode=disable"));

    assertThat(failure).isInstanceOf(IllegalArgumentException.class);
    assertThat(failure.getMessage())
        .contains("no encryption")
        .contains("the server requires TLS: add ?sslmode=require")
        .doesNotContain(PASSWORD);
  }

  private static Throwable startFailure(String url) {
    try {
      TestNodes.stop(start(url));
    } catch (IllegalStateException e) {
      Throwable cause = e.getCause();
      while (cause instanceof CompletionException || cause instanceof java.util.concurrent.ExecutionException) {
        cause = cause.getCause();
      }
      return cause;
    }
    throw new AssertionError("the backend started with " + url);
  }

  private static ConfigSyncNode start(String pgUrl) {
    try {
      return ConfigSyncNode.start(NodeSettings.builder(Role.BACKEND).httpPort(0).pgUrl(pgUrl)
              .dataDir(Files.createTempDirectory("configsync-node")).cluster(false).adminToken(TestNodes.ADMIN_TOKEN)
              .build())
          .toCompletionStage().toCompletableFuture().get(90, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("backend did not start", e);
    }
  }

  /** The password written as an operator would: {@code +} as it is, {@code @ : %} percent-encoded. */
  private static String url(String host, String query) {
    String password = PASSWORD.replace("%", "%25").replace("@", "%40").replace(":", "%3A");
    return "postgresql://app:" + password + "@" + host + ":" + postgres.getPort() + "/app?" + query;
  }
}
