package io.configsync.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away CA and a server certificate it signed, made at test time with {@code openssl} (PEM
 * files in a directory of the test's). Nothing of it is committed.
 *
 * @param caCert the CA certificate, what a client trusts
 * @param serverCert the server's certificate
 * @param serverKey its private key (mode 0600, as PostgreSQL demands)
 */
public record TestCertificates(Path caCert, Path serverCert, Path serverKey) {

  /**
   * Makes a CA and a server certificate valid for the given subject alternative names, e.g.
   * {@code DNS:localhost} or {@code IP:127.0.0.1}.
   */
  public static TestCertificates create(Path directory, String... subjectAltNames) {
    try {
      Files.createDirectories(directory);
      Path caKey = directory.resolve("ca.key");
      Path caCert = directory.resolve("ca.pem");
      Path key = directory.resolve("server.key");
      Path request = directory.resolve("server.csr");
      Path cert = directory.resolve("server.pem");
      Path extensions = directory.resolve("server.ext");
      Files.writeString(extensions, "subjectAltName=" + String.join(",", subjectAltNames) + "\n"
          + "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
      openssl(directory, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
          "/CN=ConfigSync test CA", "-keyout", caKey.toString(), "-out", caCert.toString());
      openssl(directory, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=configsync-test-server",
          "-keyout", key.toString(), "-out", request.toString());
      openssl(directory, "x509", "-req", "-in", request.toString(), "-CA", caCert.toString(), "-CAkey",
          caKey.toString(), "-CAcreateserial", "-days", "2", "-extfile", extensions.toString(),
          "-out", cert.toString());
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      return new TestCertificates(caCert, cert, key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write test certificates in " + directory, e);
    }
  }

  /** A TLS context that trusts this CA only, for Java clients (e.g. {@code java.net.http.HttpClient}). */
  public javax.net.ssl.SSLContext clientContext() {
    try (java.io.InputStream pem = Files.newInputStream(caCert)) {
      java.security.KeyStore trusted = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
      trusted.load(null, null);
      trusted.setCertificateEntry("test-ca",
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(pem));
      javax.net.ssl.TrustManagerFactory trust =
          javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context for " + caCert, e);
    }
  }

  private static void openssl(Path directory, String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
