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
 * Secrets that {@code all} generates when none are given, kept in the data dir so that they
 * survive restarts: printed once when generated, read back on later starts.
 */
final class GeneratedSecrets {

  private static final Logger LOG = LoggerFactory.getLogger(GeneratedSecrets.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The bot id {@code all} generates a bridge token for. */
  static final String BRIDGE_BOT_ID = "bridge-bot";

  private GeneratedSecrets() {}

  /** The admin token in {@code <data-dir>/admin-token}. Blocking file I/O: call it before Vert.x starts. */
  static String adminToken(Path dataDir) {
    return readOrGenerate(dataDir.resolve("admin-token"), "an admin token", generateToken());
  }

  /** {@code botId:token} for one bridge bot, in {@code <data-dir>/bot-tokens}, as CONFIGSYNC_BOT_TOKENS takes it. */
  static String botTokens(Path dataDir) {
    return readOrGenerate(dataDir.resolve("bot-tokens"), "a bridge bot token (CONFIGSYNC_BOT_TOKENS)",
        BRIDGE_BOT_ID + ":" + generateToken());
  }

  static String generateToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String readOrGenerate(Path file, String what, String generated) {
    try {
      if (Files.exists(file)) {
        String value = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!value.isEmpty()) {
          LOG.info("Using {} from {}", what, file.toAbsolutePath());
          return value;
        }
      }
      Files.createDirectories(file.getParent());
      Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
      restrictToOwner(file);
      // Printed once, on purpose: the operator needs it for the first call.
      LOG.info("Generated {} (saved in {}): {}", what, file.toAbsolutePath(), generated);
      return generated;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  private static void restrictToOwner(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException notPosix) {
      LOG.debug("Cannot restrict permissions of {} on this file system", file);
    }
  }
}
