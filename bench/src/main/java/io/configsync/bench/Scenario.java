package io.configsync.bench;

/**
 * One benchmark: sets up what it measures (nodes, bots, data), measures, adds its figures to the
 * report and tears everything down again, even when it fails.
 */
public interface Scenario {

  /** The name used on the command line ({@code --only}) and in the report. */
  String name();

  /** What it measures, in one line, for {@code --list}. */
  String description();

  /**
   * Runs on the bench's main thread, which may block: it is never a Vert.x event loop.
   *
   * @param run where the scenario keeps its files, and how big it should be
   */
  void run(BenchRun run, BenchReport report) throws Exception;
}
