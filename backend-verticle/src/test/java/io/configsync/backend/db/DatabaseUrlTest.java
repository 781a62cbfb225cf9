package io.configsync.backend.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.SslMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseUrlTest {

  @Test
  void percentEncodingIsUrlEncodingAndAPlusStaysAPlus() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://app:p+w%40d%3Ax%25y@db.example.com:6543/configs");

    assertThat(url.password()).isEqualTo("p+w@d:x%y");
    assertThat(url.user()).isEqualTo("app");
    assertThat(url.host()).isEqualTo("db.example.com");
    assertThat(url.port()).isEqualTo(6543);
    assertThat(url.database()).isEqualTo("configs");
    assertThat(url.tls()).isEqualTo(DatabaseUrl.Tls.DISABLED);
    assertThat(url.toString()).doesNotContain("p+w");
  }

  @Test
  void sslModeAndRootCertReachBothClients(@TempDir Path dir) throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "not parsed here");
    DatabaseUrl url = DatabaseUrl.parse("postgres://app:secret@db:5432/configs?sslmode=verify-full&sslrootcert="
        + ca.toString().replace("/", "%2F"));

    assertThat(url.tls().mode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(url.tls().rootCert()).isEqualTo(ca);
    assertThat(url.connectOptions().getSslMode()).isEqualTo(SslMode.VERIFY_FULL);
    assertThat(url.connectOptions().getSslOptions().getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/configs?sslmode=verify-full&sslrootcert="
        + ca.toString().replace("/", "%2F"));
  }

  @Test
  void requireEncryptsWithoutCheckingTheCertificate() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://app:secret@db/configs?sslmode=require");

    assertThat(url.port()).isEqualTo(5432);
    assertThat(url.connectOptions().getSslOptions().isTrustAll()).isTrue();
    assertThat(url.jdbcUrl()).endsWith("?sslmode=require");
    assertThat(url.toString()).isEqualTo("postgresql://app@db:5432/configs?sslmode=require");
  }

  @Test
  void badUrlsGetAClearMessageWithoutThePassword() {
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://app:hunter2@db:notaport/configs"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgresql://app:***@db:notaport/configs")
        .hasMessageContaining("port")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://app:hunter2@db/configs?sslmode=sometimes"))
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://app:hunter2@db/configs"))
        .hasMessageContaining("postgresql://")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://app:hunter2@db/configs?sslmode=verify-ca"))
        .hasMessageContaining("sslrootcert")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://app:hunter2@db/c?sslmode=verify-ca&sslrootcert=/no/such.pem"))
        .hasMessageContaining("/no/such.pem")
        .hasMessageNotContaining("hunter2");
  }
}
