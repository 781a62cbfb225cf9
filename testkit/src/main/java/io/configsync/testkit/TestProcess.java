package io.configsync.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process a test runs (a node of the fat jar, the Node example bot): started with its output in a
 * file, ready when its HTTP probe answers 200 (a node's {@code /health/ready}), never when a log line
 * appears. Can be killed -9 and started again on the same command; each start writes a new file.
 */
public final class TestProcess implements AutoCloseable {

  /** Variables taken out of the inherited environment: a test says what a process gets. */
  private static final List<String> INHERITED_SECRETS = List.of("CONFIGSYNC_ADMIN_TOKEN", "CONFIGSYNC_BACKEND_TOKEN",
      "CONFIGSYNC_BOT_TOKENS", "CONFIGSYNC_CLUSTER_CONFIG", "DISCORD_TOKEN");

  private final String name;
  private final List<String> command;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final Path logDir;
  private Path directory;
  private URI readiness;
  private volatile Process process;
  private volatile Path log;
  private volatile long startedAt;
  private volatile long readyMillis;
  private int runs;

  private TestProcess(String name, List<String> command, Path logDir) {
    this.name = name;
    this.command = List.copyOf(command);
    this.logDir = logDir;
  }

  /** A process named {@code name} (its log files are {@code logDir/name-N.log}), not started yet. */
  public static TestProcess of(String name, List<String> command, Path logDir) {
    return new TestProcess(name, command, logDir);
  }

  /** {@code java <jvmOptions> -jar configsync.jar <arguments>}, the jar the build made (failsafe's {@code configsync.jar}). */
  public static List<String> fatJar(List<String> jvmOptions, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", System.getProperty("configsync.jar", "target/configsync.jar")));
    command.addAll(List.of(arguments));
    return command;
  }

  public TestProcess env(String variable, String value) {
    environment.put(variable, value);
    return this;
  }

  public TestProcess directory(Path workingDirectory) {
    this.directory = workingDirectory;
    return this;
  }

  /** The probe {@link #awaitReady} reads: 200 means ready. */
  public TestProcess readyWhen200(URI probe) {
    this.readiness = probe;
    return this;
  }

  /** A node of the fat jar: ready when {@code /health/ready} at {@code base} answers 200. */
  public TestProcess readyAt(String base) {
    return readyWhen200(URI.create(base + "/health/ready"));
  }

  /** Starts it again (or for the first time), its output (stdout and stderr) in a new file. */
  public TestProcess start() {
    runs++;
    log = logDir.resolve(name + "-" + runs + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    INHERITED_SECRETS.forEach(builder.environment()::remove);
    builder.environment().putAll(environment);
    startedAt = System.nanoTime();
    try {
      Files.createDirectories(logDir);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    return this;
  }

  /** Waits until the readiness probe answers 200; fails at once, with the output, if the process exits. */
  public TestProcess awaitReady(Duration limit) {
    Poll.until(() -> {
      failIfExited();
      return HttpProbe.status(readiness) == 200;
    }, limit, name + " to answer 200 on " + readiness + " (log " + log + ")");
    readyMillis = (System.nanoTime() - startedAt) / 1_000_000;
    return this;
  }

  /** How long its last start took to become ready. */
  public long readyMillis() {
    return readyMillis;
  }

  public String name() {
    return name;
  }

  public boolean isAlive() {
    Process running = process;
    return running != null && running.isAlive();
  }

  /** kill -9, and wait for it to be gone. */
  public void kill() {
    Process running = process;
    if (running != null && running.isAlive()) {
      running.destroyForcibly();
      waitFor(running, Duration.ofSeconds(10));
    }
  }

  /** Its exit code once it has exited on its own within {@code limit}, or -1 if it has not. */
  public int awaitExit(Duration limit) {
    Process running = process;
    return waitFor(running, limit) ? running.exitValue() : -1;
  }

  /** SIGTERM; its exit code once it has exited within {@code limit}, or -1 if it has not. */
  public int stop(Duration limit) {
    Process running = process;
    running.destroy();
    return waitFor(running, limit) ? running.exitValue() : -1;
  }

  /** Everything its current run wrote so far. */
  public String output() {
    try {
      return log == null || !Files.exists(log) ? "" : Files.readString(log, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path log() {
    return log;
  }

  /** SIGTERM, then kill -9 if it has not exited within 30 s. */
  @Override
  public void close() {
    Process running = process;
    if (running != null && running.isAlive() && stop(Duration.ofSeconds(30)) == -1) {
      kill();
    }
  }

  @Override
  public String toString() {
    return name + " (log " + log + ")";
  }

  private void failIfExited() {
    Process running = process;
    if (!running.isAlive()) {
      throw new IllegalStateException(name + " exited with " + running.exitValue() + "; log " + log + ":\n" + output());
    }
  }

  private static boolean waitFor(Process process, Duration limit) {
    try {
      return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
