package io.configsync.bench.sync;

import static io.configsync.bench.sync.BulkLoadScenario.progress;
import static io.configsync.bench.sync.BulkLoadScenario.seconds;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.bench.BenchReport;
import io.configsync.bench.BenchRun;
import io.configsync.bench.Figure;
import io.configsync.bench.PlannedScenario;
import io.configsync.launcher.ConfigSyncNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * Issue #6, scenario 5: a bot that stopped at revision R restarts while the log has grown by N
 * events; it resumes from its snapshot file and replays them from the backend's event log. How many
 * events per second until it is caught up.
 */
public final class CatchUpScenario extends PlannedScenario<CatchUpScenario.Plan> {

  /** How many guilds the bot holds, and how many events the log grows by while it is stopped. */
  public record Plan(int guilds, int behind) {
    static Plan of(boolean quick) {
      return quick ? new Plan(10_000, 20_000) : new Plan(100_000, 100_000);
    }
  }

  static final String NAME = "catchup";
  private static final double TARGET_EVENTS_PER_SECOND = 100_000;
  private static final long CATCH_UP_TIMEOUT_MS = 180_000;
  private static final long POLL_MS = 10;

  public CatchUpScenario() {
    super(NAME, "a bot restarts 100k events behind: events/s replayed from the log until caught up", Plan::of);
  }

  @Override
  public void run(BenchRun run, BenchReport report, Plan plan) throws Exception {
    try (BenchPostgres postgres = BenchPostgres.start(run.newDir("catchup-postgres"))) {
      DatabaseUrl database = postgres.freshDatabase();
      GuildConfigFixture.seed(database, plan.guilds());
      Path botDir = run.newDir("catchup-bot");
      leaveSnapshotAtHead(run, database, botDir);
      long seedStarted = System.nanoTime();
      GuildConfigFixture.Seeded seeded = GuildConfigFixture.appendUpdates(database, plan.guilds(), plan.behind());
      progress("%,d guilds; the log grew by %,d events to revision %,d in %.1f s", plan.guilds(), plan.behind(),
          seeded.head(), seconds(seedStarted));
      measure(run, report, database, botDir, seeded, plan.behind());
    }
  }

  /** A bot loads everything and stops: its snapshot file holds the state at the current head. */
  private static void leaveSnapshotAtHead(BenchRun run, DatabaseUrl database, Path botDir) throws Exception {
    try (BackendAndBot nodes = BackendAndBot.startBackend(database, run.newDir("catchup-backend"))) {
      ConfigSyncNode bot = nodes.startBot("bench-catchup-bot", botDir);
      BotStates.requireConverged(bot, nodes.backendDigest());
    }
  }

  private static void measure(BenchRun run, BenchReport report, DatabaseUrl database, Path botDir,
                              GuildConfigFixture.Seeded seeded, int behindBy) throws Exception {
    // Started after the log grew, the backend has nothing to publish: the bot learns of the events
    // from the log only.
    try (BackendAndBot nodes = BackendAndBot.startBackend(database, run.newDir("catchup-backend"))) {
      JsonObject expected = nodes.backendDigest();
      long started = System.nanoTime();
      ConfigSyncNode bot = nodes.startBot("bench-catchup-bot", botDir);
      long resumed = System.nanoTime();
      long cpuResumed = ProcessCpu.nanos();
      awaitRevision(bot, seeded.head());
      double catchUpSeconds = seconds(resumed);
      double cpuSeconds = (ProcessCpu.nanos() - cpuResumed) / 1e9;
      double totalSeconds = seconds(started);
      JsonObject state = BotStates.requireConverged(bot, expected);
      if (state.getLong("resumes") != 1 || state.getLong("fullReloads") != 0) {
        throw new AssertionError("the bot did not resume from its snapshot: " + state.encode());
      }
      double rate = behindBy / catchUpSeconds;
      report.add(Figure.atLeast(NAME, "replayed, " + BulkLoadScenario.count(behindBy) + " events behind", rate,
          "events/s", TARGET_EVENTS_PER_SECOND, "events / (caught up − resumed from snapshot)"));
      report.add(Figure.of(NAME, "replayed per JVM CPU-second", behindBy / cpuSeconds, "events/s",
          "events / CPU time of the bench JVM (backend + bot, not PostgreSQL) while catching up"));
      report.add(Figure.of(NAME, "restart → caught up", totalSeconds, "s",
          "bot node start (snapshot read, " + BulkLoadScenario.count((int) seeded.guilds())
              + " configs) → applied the head"));
      progress("caught up %,d events in %.2f s (%.0f events/s, %.1f s of JVM CPU); %.2f s from start", behindBy,
          catchUpSeconds, rate, cpuSeconds, totalSeconds);
    }
  }

  private static void awaitRevision(ConfigSyncNode bot, long head) throws Exception {
    long deadline = System.currentTimeMillis() + CATCH_UP_TIMEOUT_MS;
    while (BenchNodes.appliedRevision(bot) < head) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the bot did not reach revision " + head + " in " + CATCH_UP_TIMEOUT_MS
            + " ms");
      }
      Thread.sleep(POLL_MS);
    }
  }
}
