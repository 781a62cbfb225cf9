package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.bot.BotConfig;
import io.configsync.bot.BotModule;
import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ShardSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The sequencer against a scripted backend: resuming from the snapshot file, and its fallbacks. */
@ExtendWith(VertxExtension.class)
@DisplayName("Bot resume from its snapshot file")
class EventSequencerResumeTest {

  private static final String BOT = "bot-resume";
  private static final String GUILD_A = "400000000000000000";
  private static final String GUILD_B = "400000000004194304";
  private static final String GUILD_C = "400000000008388608";

  @TempDir
  Path dataDir;

  private Vertx vertx;
  private Context context;
  private HttpServer server;
  private final FakeBackend backend = new FakeBackend();
  private final List<EventSequencer> started = new ArrayList<>();

  @BeforeEach
  void startBackend(Vertx vertx) throws Exception {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    Router router = Router.router(vertx);
    router.get("/api/modules/enabled/:module").handler(backend::serveBulk);
    router.get("/api/events").handler(backend::serveEvents);
    server = join(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  @AfterEach
  void stopAll() throws Exception {
    for (EventSequencer sequencer : started) {
      onContext(sequencer::stop);
    }
    join(server.close());
  }

  @Test
  @DisplayName("resumes from its revision and catches up page by page from the log, without a bulk load")
  void resumesAndCatchesUp() throws Exception {
    // GIVEN a snapshot at revision 3: A enabled v1, B disabled v2
    snapshotFile().write(new BotSnapshotFile.Snapshot(3, List.of(
        new BotSnapshotFile.Entry(Long.parseLong(GUILD_A), "welcome", 1, true, CompactJson.of(config("a1"))),
        new BotSnapshotFile.Entry(Long.parseLong(GUILD_B), "welcome", 2, false, null))));
    // and a log whose revisions 4..6 the bot has not applied
    backend.log(event(1, GUILD_A, ModuleAction.ENABLED, "a1", 1), event(2, GUILD_B, ModuleAction.ENABLED, "b1", 1),
        event(3, GUILD_B, ModuleAction.DISABLED, "b1", 2), event(4, GUILD_A, ModuleAction.CONFIG_UPDATED, "a2", 2),
        event(5, GUILD_C, ModuleAction.ENABLED, "c1", 1), event(6, GUILD_B, ModuleAction.ENABLED, "b3", 3));
    RecordingModule welcome = new RecordingModule("welcome");

    // WHEN the bot starts
    EventSequencer sequencer = start(welcome);

    // THEN it resumes at 3 and applies 4..6 from the log
    JsonObject state = awaitState(sequencer, s -> s.getLong("revision") == 6);
    assertThat(state.getLong("resumes")).isEqualTo(1);
    assertThat(state.getLong("fullReloads")).isZero();
    assertThat(state.getLong("eventsReplayed")).isEqualTo(3);
    assertThat(state.getLong("count")).isEqualTo(3);
    assertThat(backend.bulkLoads.get()).isZero();
    assertThat(welcome.calls()).containsExactly(
        "enable " + GUILD_A + " a1", "update " + GUILD_A + " a2", "enable " + GUILD_C + " c1",
        "enable " + GUILD_B + " b3");
  }

  @Test
  @DisplayName("with its revision past the log's horizon, reloads the full state and drops what the reload lacks")
  void reloadsWhenTheLogNoLongerReachesBack() throws Exception {
    // GIVEN a snapshot at revision 3 holding A and B enabled
    snapshotFile().write(new BotSnapshotFile.Snapshot(3, List.of(
        new BotSnapshotFile.Entry(Long.parseLong(GUILD_A), "welcome", 1, true, CompactJson.of(config("a1"))),
        new BotSnapshotFile.Entry(Long.parseLong(GUILD_B), "welcome", 1, true, CompactJson.of(config("b1"))))));
    // and a log compacted up to 5: A is now v2, B was deleted, C was created
    backend.horizon = 5;
    backend.bulk(8, new JsonObject().put("guildId", GUILD_A).put("version", 2).put("config", config("a2")),
        new JsonObject().put("guildId", GUILD_C).put("version", 1).put("config", config("c1")));
    RecordingModule welcome = new RecordingModule("welcome");

    // WHEN the bot starts
    EventSequencer sequencer = start(welcome);

    // THEN it resumed, met 410 Gone and reloaded: A updated, C enabled, B disabled
    JsonObject state = awaitState(sequencer, s -> s.getLong("fullReloads") == 1 && s.getBoolean("ready"));
    assertThat(state.getLong("resumes")).isEqualTo(1);
    assertThat(state.getLong("revision")).isEqualTo(8);
    assertThat(state.getLong("count")).isEqualTo(2);
    assertThat(welcome.calls()).containsExactly(
        "enable " + GUILD_A + " a1", "enable " + GUILD_B + " b1",
        "update " + GUILD_A + " a2", "enable " + GUILD_C + " c1", "disable " + GUILD_B);
  }

  @Test
  @DisplayName("saves what it holds at stop; the next start resumes from it with the same digest")
  void savesAtStopAndResumesNextTime() throws Exception {
    // GIVEN no snapshot yet, and a backend holding A at revision 2
    backend.bulk(2, new JsonObject().put("guildId", GUILD_A).put("version", 1).put("config", config("a1")));
    backend.log(event(1, GUILD_B, ModuleAction.ENABLED, "b1", 1), event(2, GUILD_B, ModuleAction.DISABLED, "b1", 2));
    EventSequencer first = start(new RecordingModule("welcome"));
    JsonObject loaded = awaitState(first, s -> s.getBoolean("ready"));
    assertThat(loaded.getLong("fullReloads")).isEqualTo(1);

    // WHEN it stops and starts again
    onContext(first::stop);
    started.remove(first);
    RecordingModule welcome = new RecordingModule("welcome");
    EventSequencer second = start(welcome);

    // THEN the second start resumed from revision 2 with what the first held
    JsonObject resumed = awaitState(second, s -> s.getBoolean("ready"));
    assertThat(resumed.getLong("resumes")).isEqualTo(1);
    assertThat(resumed.getLong("fullReloads")).isZero();
    assertThat(resumed.getLong("revision")).isEqualTo(2);
    assertThat(resumed.getString("digest")).isEqualTo(loaded.getString("digest"));
    assertThat(backend.bulkLoads.get()).isEqualTo(1);
    assertThat(welcome.calls()).containsExactly("enable " + GUILD_A + " a1");
  }

  @Test
  @DisplayName("a backend whose head is behind the snapshot (a new database) makes it reload the full state")
  void reloadsWhenTheBackendIsBehindTheSnapshot() throws Exception {
    snapshotFile().write(new BotSnapshotFile.Snapshot(100, List.of(
        new BotSnapshotFile.Entry(Long.parseLong(GUILD_A), "welcome", 7, true, CompactJson.of(config("old"))))));
    backend.log(event(1, GUILD_C, ModuleAction.ENABLED, "c1", 1));
    backend.bulk(1, new JsonObject().put("guildId", GUILD_C).put("version", 1).put("config", config("c1")));
    RecordingModule welcome = new RecordingModule("welcome");

    EventSequencer sequencer = start(welcome);

    JsonObject state = awaitState(sequencer, s -> s.getLong("fullReloads") == 1 && s.getBoolean("ready"));
    assertThat(state.getLong("revision")).isEqualTo(1);
    assertThat(state.getLong("count")).isEqualTo(1);
    assertThat(welcome.calls()).endsWith("enable " + GUILD_C + " c1", "disable " + GUILD_A);
  }

  @Test
  @DisplayName("a re-check (e.g. a cluster member joined or left) fetches what the bot lacks from the log")
  void recheckFetchesWhatIsMissing() throws Exception {
    // GIVEN a bot loaded at revision 1
    RecordingModule welcome = new RecordingModule("welcome");
    EventSequencer sequencer = startLoadedAtRevisionOne(welcome);
    // and an event whose bus delivery was lost
    backend.log(event(2, GUILD_B, ModuleAction.ENABLED, "b1", 1));

    // WHEN it re-checks
    onContext(() -> {
      sequencer.recheck();
      return Future.succeededFuture();
    });

    // THEN it applied the lost event from the log
    JsonObject state = awaitState(sequencer, s -> s.getLong("revision") == 2);
    assertThat(state.getLong("eventsReplayed")).isEqualTo(1);
    assertThat(welcome.calls()).containsExactly("enable " + GUILD_A + " a1", "enable " + GUILD_B + " b1");
  }

  @Test
  @DisplayName("counts the bus events received against order, and applies them in order all the same")
  void countsEventsReceivedOutOfOrder() throws Exception {
    // GIVEN a bot loaded at revision 1
    RecordingModule welcome = new RecordingModule("welcome");
    EventSequencer sequencer = startLoadedAtRevisionOne(welcome);
    ModuleChangeEvent two = event(2, GUILD_B, ModuleAction.ENABLED, "b1", 1);
    ModuleChangeEvent three = event(3, GUILD_C, ModuleAction.ENABLED, "c1", 1);
    backend.log(two, three);

    // WHEN the bus brings 3 before 2
    onContext(() -> {
      sequencer.onEvent(three);
      sequencer.onEvent(two);
      return Future.succeededFuture();
    });

    // THEN it applied 2 then 3, and counted one event received against order
    JsonObject state = awaitState(sequencer, s -> s.getLong("revision") == 3);
    assertThat(state.getLong("outOfOrder")).isEqualTo(1);
    assertThat(welcome.calls()).containsExactly("enable " + GUILD_A + " a1", "enable " + GUILD_B + " b1",
        "enable " + GUILD_C + " c1");
  }

  /** A bot that loaded A enabled at revision 1. */
  private EventSequencer startLoadedAtRevisionOne(BotModule module) throws Exception {
    backend.bulk(1, new JsonObject().put("guildId", GUILD_A).put("version", 1).put("config", config("a1")));
    backend.log(event(1, GUILD_A, ModuleAction.ENABLED, "a1", 1));
    EventSequencer sequencer = start(module);
    awaitState(sequencer, s -> s.getBoolean("ready") && s.getLong("revision") == 1);
    return sequencer;
  }

  private EventSequencer start(BotModule module) throws Exception {
    BotConfig config = BotConfig.builder().botId(BOT).shards(ShardSpec.ALL)
        .backendUrls(List.of(URI.create("http://127.0.0.1:" + server.actualPort()))).catchUpPageSize(2)
        .retryDelay(Duration.ofMillis(20)).dataDir(dataDir).snapshotInterval(Duration.ofMinutes(10)).build();
    ModuleLoader loader = new ModuleLoader(ShardSpec.ALL).register(module);
    EventSequencer sequencer = new EventSequencer(vertx, config, loader,
        new BackendClient(vertx, config.backendUrls(), null), new SimpleMeterRegistry());
    started.add(sequencer);
    onContext(sequencer::start);
    return sequencer;
  }

  private BotSnapshotFile snapshotFile() {
    return new BotSnapshotFile(dataDir, BOT, ShardSpec.ALL, List.of("welcome"));
  }

  private JsonObject awaitState(EventSequencer sequencer, Predicate<JsonObject> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    JsonObject state;
    do {
      Thread.sleep(20);
      state = onContext(() -> Future.succeededFuture(sequencer.state()));
    } while (!condition.test(state) && System.nanoTime() < deadline);
    assertThat(condition).as("state %s", state).accepts(state);
    return state;
  }

  private <T> T onContext(Supplier<Future<T>> work) throws Exception {
    return ContextCalls.onContext(context, work);
  }

  private static <T> T join(Future<T> future) throws Exception {
    return ContextCalls.join(future);
  }

  private static JsonObject config(String message) {
    return new JsonObject().put("message", message);
  }

  private static ModuleChangeEvent event(long revision, String guild, ModuleAction action, String message,
                                         long version) {
    return new ModuleChangeEvent(revision, guild, "welcome", action, config(message), version, Instant.now(),
        ModuleChangeEvent.ORIGIN_BACKEND);
  }

  /** The two read endpoints a bot uses, from a script. Runs on the server's event loop. */
  private static final class FakeBackend {
    private final List<ModuleChangeEvent> log = new ArrayList<>();
    private final List<JsonObject> enabled = new ArrayList<>();
    private final AtomicInteger bulkLoads = new AtomicInteger();
    private volatile long bulkRevision;
    private volatile long horizon;

    synchronized void log(ModuleChangeEvent... events) {
      log.addAll(List.of(events));
    }

    synchronized void bulk(long revision, JsonObject... items) {
      bulkRevision = revision;
      enabled.addAll(List.of(items));
    }

    synchronized void serveBulk(RoutingContext ctx) {
      bulkLoads.incrementAndGet();
      ctx.json(new JsonObject().put("moduleId", ctx.pathParam("module")).put("revision", bulkRevision)
          .put("items", new JsonArray(new ArrayList<>(enabled))));
    }

    synchronized void serveEvents(RoutingContext ctx) {
      long after = Long.parseLong(ctx.queryParams().get("after"));
      int limit = Integer.parseInt(ctx.queryParams().get("limit"));
      if (after < horizon) {
        ctx.response().setStatusCode(410).end(new JsonObject().put("error", "GONE").encode());
        return;
      }
      long head = log.isEmpty() ? 0 : log.get(log.size() - 1).revision();
      JsonArray page = new JsonArray();
      log.stream().filter(event -> event.revision() > after).limit(limit).forEach(event -> page.add(event.toJson()));
      long through = page.size() == limit ? page.getJsonObject(limit - 1).getLong("revision") : Math.max(after, head);
      ctx.json(new JsonObject().put("after", after).put("head", head).put("through", through).put("events", page));
    }
  }
}
