package io.configsync.bench.sync;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.bench.BenchReport;
import io.configsync.bench.BenchRun;
import io.configsync.bench.Figure;
import io.configsync.bench.PlannedScenario;
import io.configsync.launcher.ConfigSyncNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Issue #6, scenario 4: a bot of every shard starts against N enabled guild configs and loads them
 * all from the backend over HTTP; how long until it is ready, and how much heap it then retains.
 */
public final class BulkLoadScenario extends PlannedScenario<List<Integer>> {

  static final String NAME = "bulkload";
  private static final List<Integer> FULL_SIZES = List.of(100_000, 1_000_000);
  private static final List<Integer> QUICK_SIZES = List.of(10_000, 50_000);
  private static final int LARGEST_WITH_TARGET = 1_000_000;
  private static final double READY_TARGET_SECONDS = 10;
  private static final double HEAP_BEYOND_JSON_TARGET = 1_024;
  private static final long SNAPSHOT_WAIT_MS = 120_000;

  public BulkLoadScenario() {
    super(NAME, "a bot loads 100k and 1M guild configs: seconds until ready, retained heap per guild",
        quick -> quick ? QUICK_SIZES : FULL_SIZES);
  }

  /** Measures a bot loading each of these numbers of guild configs in turn. */
  @Override
  public void run(BenchRun run, BenchReport report, List<Integer> sizes) throws Exception {
    try (BenchPostgres postgres = BenchPostgres.start(run.newDir("bulkload-postgres"))) {
      for (int size : sizes) {
        measure(run, report, postgres, size);
      }
    }
  }

  private void measure(BenchRun run, BenchReport report, BenchPostgres postgres, int guilds) throws Exception {
    DatabaseUrl database = postgres.freshDatabase();
    long seedStarted = System.nanoTime();
    GuildConfigFixture.Seeded seeded = GuildConfigFixture.seed(database, guilds);
    long configBytes = ConfigSizes.enabledConfigBytes(database);
    progress("seeded %,d guild configs (%.1f MiB of JSON) in %.1f s", seeded.enabled(), configBytes / 1048576.0,
        seconds(seedStarted));
    try (BackendAndBot nodes = BackendAndBot.startBackend(database, run.newDir("bulkload-backend"))) {
      JsonObject expected = nodes.backendDigest();
      long heapBefore = HeapGauge.retainedBytes();
      Path botDir = run.newDir("bulkload-bot");
      long started = System.nanoTime();
      long cpuStarted = ProcessCpu.nanos();
      ConfigSyncNode bot = nodes.startBot("bench-bulk-bot", botDir);
      double readySeconds = seconds(started);
      double cpuSeconds = (ProcessCpu.nanos() - cpuStarted) / 1e9;
      BotStates.requireConverged(bot, expected);
      // The bot's first snapshot file write holds a transient copy of what it holds: measure after it.
      awaitSnapshotWritten(botDir);
      long heapAfter = HeapGauge.retainedBytes();
      report(report, guilds, seeded.enabled(), readySeconds, cpuSeconds, heapAfter - heapBefore, configBytes);
    }
  }

  private static void report(BenchReport report, int guilds, long enabled, double readySeconds, double cpuSeconds,
                             long retained, long configBytes) {
    String size = count(guilds);
    String ready = "ready after bulk load, " + size + " guilds";
    String readyHow = "bot node start → ready (all loaded over HTTP, digest checked after)";
    report.add(guilds == LARGEST_WITH_TARGET
        ? Figure.atMost(NAME, ready, readySeconds, "s", READY_TARGET_SECONDS, readyHow)
        : Figure.of(NAME, ready, readySeconds, "s", readyHow));
    report.add(Figure.of(NAME, "load rate, " + size, enabled / readySeconds, "configs/s", "configs / time to ready"));
    report.add(Figure.of(NAME, "JVM CPU until ready, " + size, cpuSeconds, "s",
        "CPU time of the bench JVM (backend + bot, not PostgreSQL) meanwhile"));
    double perGuild = (double) retained / enabled;
    double jsonPerGuild = (double) configBytes / enabled;
    String heapHow = "heap used after full GCs, bot ready − before start, / guilds";
    report.add(Figure.of(NAME, "retained heap per guild, " + size, perGuild, "B/guild", heapHow));
    report.add(Figure.of(NAME, "config JSON per guild, " + size, jsonPerGuild, "B/guild", "compact UTF-8 JSON"));
    String beyond = "retained heap beyond JSON, " + size;
    String beyondHow = "the above minus the config's compact JSON";
    report.add(guilds == LARGEST_WITH_TARGET
        ? Figure.atMost(NAME, beyond, perGuild - jsonPerGuild, "B/guild", HEAP_BEYOND_JSON_TARGET, beyondHow)
        : Figure.of(NAME, beyond, perGuild - jsonPerGuild, "B/guild", beyondHow));
    progress("%s: ready in %.2f s (%.1f s of JVM CPU), %.0f B/guild retained (%.0f B/guild of JSON)", size,
        readySeconds, cpuSeconds, perGuild, jsonPerGuild);
  }

  private static void awaitSnapshotWritten(Path botDir) throws Exception {
    long deadline = System.currentTimeMillis() + SNAPSHOT_WAIT_MS;
    while (System.currentTimeMillis() < deadline) {
      try (Stream<Path> files = Files.list(botDir)) {
        List<String> names = files.map(path -> path.getFileName().toString()).toList();
        if (names.stream().anyMatch(name -> name.endsWith(".snapshot"))
            && names.stream().noneMatch(name -> name.endsWith(".tmp"))) {
          return;
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the bot wrote no snapshot file in " + SNAPSHOT_WAIT_MS + " ms");
  }

  /** {@code 1M}, {@code 100k}, or the number itself when it is not round. */
  static String count(int n) {
    return n % 1_000_000 == 0 ? n / 1_000_000 + "M" : n % 1_000 == 0 ? n / 1_000 + "k" : Integer.toString(n);
  }

  static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  static void progress(String format, Object... arguments) {
    System.out.println("   " + String.format(Locale.ROOT, format, arguments));
  }
}
