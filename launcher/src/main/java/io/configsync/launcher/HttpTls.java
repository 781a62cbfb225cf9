package io.configsync.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The HTTP port speaks TLS (API, dashboard, SockJS bridge alike) with this PEM certificate chain
 * and private key.
 */
public record HttpTls(Path certificate, Path key) {

  public HttpTls {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(key, "key");
    if (!Files.isReadable(certificate)) {
      throw new IllegalArgumentException("--tls-cert " + certificate + " is not a readable file");
    }
    if (!Files.isReadable(key)) {
      throw new IllegalArgumentException("--tls-key " + key + " is not a readable file");
    }
  }

  /** Both or neither: null for plain HTTP. */
  static HttpTls of(Path certificate, Path key) {
    if (certificate == null && key == null) {
      return null;
    }
    if (certificate == null || key == null) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both PEM files, or neither");
    }
    return new HttpTls(certificate, key);
  }
}
