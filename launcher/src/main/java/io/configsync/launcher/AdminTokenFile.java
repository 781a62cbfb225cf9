package io.configsync.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin token kept in {@code <data-dir>/admin-token}: generated on first start and printed
 * once, read back on later starts so that it survives restarts.
 */
final class AdminTokenFile {

  private static final Logger LOG = LoggerFactory.getLogger(AdminTokenFile.class);
  private static final String FILE_NAME = "admin-token";

  private AdminTokenFile() {}

  /** Blocking file I/O: call it before Vert.x starts. */
  static String readOrGenerate(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!token.isEmpty()) {
          LOG.info("Admin token read from {}", file.toAbsolutePath());
          return token;
        }
      }
      String token = generate();
      Files.createDirectories(dataDir);
      Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
      restrictToOwner(file);
      // Printed once, on purpose: the operator needs it for the first API call.
      LOG.info("Generated an admin token (saved in {}): {}", file.toAbsolutePath(), token);
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the admin token in " + file, e);
    }
  }

  static String generate() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void restrictToOwner(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException notPosix) {
      LOG.debug("Cannot restrict permissions of {} on this file system", file);
    }
  }
}
