package io.configsync.launcher;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
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
    CommandLine commandLine;
    try {
      commandLine = commandLine(args, System::getenv);
    } catch (IllegalArgumentException badConfigFile) {
      System.err.println(badConfigFile.getMessage());
      System.exit(2);
      return;
    }
    int status = commandLine.execute(args);
    stopLogging();
    System.exit(status);
  }

  /** Writes the lines logback's async appender still holds: System.exit would cut them off. */
  private static void stopLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop();
    }
  }

  /** The command line, with its subcommands, as {@code main} runs it (without a config file). */
  static CommandLine commandLine() {
    return new CommandLine(new LaunchCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  /**
   * The command line with the defaults of the {@code --config} file among {@code args}, if any.
   *
   * @param environment the environment variables, whose values override the file's
   * @throws IllegalArgumentException if the config file cannot be read or has unknown settings
   */
  static CommandLine commandLine(String[] args, java.util.function.Function<String, String> environment) {
    CommandLine commandLine = commandLine();
    ConfigFile config = ConfigFile.find(args, commandLine, environment);
    if (config != null) {
      commandLine.setDefaultValueProvider(config);
    }
    return commandLine;
  }
}
