package io.configsync.launcher;

import java.util.Set;

/**
 * The log format, read from the arguments before picocli (and logback) start: logback reads its
 * configuration file once, when it initialises.
 */
final class LogFormat {
  private static final Set<String> FORMATS = Set.of("plain", "json");

  private LogFormat() {}

  /** The format of {@code --log-format X} or {@code --log-format=X}, else {@code environment}, else plain; null if invalid. */
  static String chosen(String[] args, String environment) {
    String chosen = environment == null || environment.isBlank() ? "plain" : environment.trim();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--log-format") && i + 1 < args.length) {
        chosen = args[i + 1];
      } else if (args[i].startsWith("--log-format=")) {
        chosen = args[i].substring("--log-format=".length());
      }
    }
    return FORMATS.contains(chosen) ? chosen : null;
  }
}
