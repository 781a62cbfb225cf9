package io.configsync.launcher;

import picocli.CommandLine;

/** Entry point of {@code configsync.jar}. */
public final class ConfigSyncMain {

  private ConfigSyncMain() {}

  public static void main(String[] args) {
    // Before anything logs: logback reads the format when it starts.
    String logFormat = LogFormat.chosen(args, System.getenv("CONFIGSYNC_LOG_FORMAT"));
    if (logFormat == null) {
      System.err.println("--log-format (CONFIGSYNC_LOG_FORMAT) takes plain or json");
      System.exit(2);
    }
    if ("json".equals(logFormat) && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
    System.setProperty("hazelcast.logging.type", "slf4j");
    System.setProperty("hazelcast.phone.home.enabled", "false");
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.exit(commandLine().execute(args));
  }

  /** The command line, with its subcommands, as {@code main} runs it. */
  static CommandLine commandLine() {
    return new CommandLine(new LaunchCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
