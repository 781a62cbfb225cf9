package io.configsync.bot.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.bot.discord.DiscordEvents;
import io.configsync.bot.discord.GuildJoined;
import io.configsync.bot.discord.GuildLeft;
import io.configsync.bot.discord.GuildUnavailable;
import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ShardSpec;
import io.configsync.codecs.StateDigest;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Guild join / leave / unavailable against a backend serving {@code GET /api/guilds/{guildId}/modules}. */
@ExtendWith(VertxExtension.class)
@DisplayName("Guild lifecycle")
class GuildLifecycleTest {

  /** In shard 0 of 2. */
  private static final String GUILD_A = "400000000000000000";
  /** In shard 1 of 2: not this bot's. */
  private static final String GUILD_OTHER = "400000000004194304";
  private static final ShardSpec SHARDS = ShardSpec.of(2, 0);

  private Vertx vertx;
  private Context context;
  private HttpServer server;
  private final Map<String, JsonArray> guildStates = new ConcurrentHashMap<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private final RecordingModule welcome = new RecordingModule("welcome");
  private final RecordingModule automod = new RecordingModule("automod");
  private ModuleLoader loader;
  private BackendClient backend;
  private GuildLifecycle lifecycle;
  private DiscordEvents events;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    Router router = Router.router(vertx);
    router.get("/api/guilds/:guildId/modules").handler(this::serveGuild);
    server = join(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    loader = new ModuleLoader(SHARDS).register(welcome).register(automod);
    backend = new BackendClient(vertx, List.of(URI.create("http://127.0.0.1:" + server.actualPort())), null);
    lifecycle = new GuildLifecycle(SHARDS, loader, backend, () -> true);
    events = new DiscordEvents(context);
    events.register(lifecycle);
  }

  @AfterEach
  void stop() throws Exception {
    backend.close();
    join(server.close());
  }

  @Test
  @DisplayName("a joined guild's configs are fetched; enabled ones are enabled in the modules, disabled ones held")
  void joinedGuildFetchesAndEnables() throws Exception {
    serve(GUILD_A, state(GUILD_A, "welcome", true, 3, "w3"), state(GUILD_A, "automod", false, 2, "a2"));

    events.deliver(new GuildJoined(GUILD_A));

    awaitCalls(welcome, 1);
    assertThat(welcome.calls()).containsExactly("enable " + GUILD_A + " w3");
    assertThat(automod.calls()).isEmpty();
    assertThat(held(GUILD_A, "welcome")).isEqualTo(new HeldConfigs.HeldConfig(GUILD_A, "welcome", 3, true,
        config("w3")));
    assertThat(held(GUILD_A, "automod").version()).isEqualTo(2);
    assertThat(held(GUILD_A, "automod").enabled()).isFalse();
    assertThat(digest().count()).isEqualTo(1);
  }

  @Test
  @DisplayName("a fetched state not newer than the one held is ignored; a newer disable disables")
  void staleStateIgnored() throws Exception {
    // GIVEN live events already applied welcome v5 and automod v1
    onContext(() -> {
      loader.apply(event(GUILD_A, "welcome", ModuleAction.ENABLED, "w5", 5));
      loader.apply(event(GUILD_A, "automod", ModuleAction.ENABLED, "a1", 1));
      return Future.succeededFuture();
    });
    // and a backend answer older for welcome (v4), newer for automod (disabled at v2)
    serve(GUILD_A, state(GUILD_A, "welcome", true, 4, "w4"), state(GUILD_A, "automod", false, 2, "a2"));

    int applied = onContext(() -> lifecycle.joined(GUILD_A));

    assertThat(applied).isEqualTo(1);
    assertThat(welcome.calls()).containsExactly("enable " + GUILD_A + " w5");
    assertThat(automod.calls()).containsExactly("enable " + GUILD_A + " a1", "disable " + GUILD_A);
    assertThat(held(GUILD_A, "welcome").version()).isEqualTo(5);
    assertThat(held(GUILD_A, "welcome").config()).isEqualTo(config("w5"));
    assertThat(held(GUILD_A, "automod").enabled()).isFalse();
  }

  @Test
  @DisplayName("a guild of another shard is not fetched")
  void otherShardIgnored() throws Exception {
    serve(GUILD_OTHER, state(GUILD_OTHER, "welcome", true, 1, "x"));

    int applied = onContext(() -> lifecycle.joined(GUILD_OTHER));

    assertThat(applied).isZero();
    assertThat(fetches.get()).isZero();
    assertThat(welcome.calls()).isEmpty();
  }

  @Test
  @DisplayName("a left guild's configs are disabled in the modules but stay held; joining again re-enables them")
  void leftGuildDisables() throws Exception {
    onContext(() -> {
      loader.apply(event(GUILD_A, "welcome", ModuleAction.ENABLED, "w1", 1));
      return Future.succeededFuture();
    });
    StateDigest.Result before = digest();

    events.deliver(new GuildLeft(GUILD_A));
    awaitCalls(welcome, 2);

    assertThat(welcome.calls()).containsExactly("enable " + GUILD_A + " w1", "disable " + GUILD_A);
    assertThat(held(GUILD_A, "welcome").enabled()).isTrue();
    assertThat(digest()).isEqualTo(before);

    // WHEN a live event updates it while the bot is out: held, versions ordered, modules untouched
    onContext(() -> {
      loader.apply(event(GUILD_A, "welcome", ModuleAction.CONFIG_UPDATED, "w2", 2));
      return Future.succeededFuture();
    });
    assertThat(welcome.calls()).hasSize(2);
    assertThat(held(GUILD_A, "welcome").version()).isEqualTo(2);

    // AND the bot is added back: what is held is enabled again, the fetch brings nothing newer
    serve(GUILD_A, state(GUILD_A, "welcome", true, 2, "w2"));
    int applied = onContext(() -> lifecycle.joined(GUILD_A));
    assertThat(applied).isZero();
    assertThat(welcome.calls()).containsExactly(
        "enable " + GUILD_A + " w1", "disable " + GUILD_A, "enable " + GUILD_A + " w2");
  }

  @Test
  @DisplayName("an unavailable guild keeps its config: nothing changes")
  void unavailableChangesNothing() throws Exception {
    onContext(() -> {
      loader.apply(event(GUILD_A, "welcome", ModuleAction.ENABLED, "w1", 1));
      return Future.succeededFuture();
    });
    StateDigest.Result before = digest();

    events.deliver(new GuildUnavailable(GUILD_A));
    // Delivered in order on the context: once this has run, the event has been handled.
    onContext(() -> Future.succeededFuture());

    assertThat(welcome.calls()).containsExactly("enable " + GUILD_A + " w1");
    assertThat(digest()).isEqualTo(before);
    assertThat(fetches.get()).isZero();
  }

  private void serveGuild(RoutingContext ctx) {
    fetches.incrementAndGet();
    String guildId = ctx.pathParam("guildId");
    ctx.json(new JsonObject().put("guildId", guildId).put("modules", guildStates.getOrDefault(guildId, new JsonArray())));
  }

  private void serve(String guildId, JsonObject... states) {
    guildStates.put(guildId, new JsonArray(List.of((Object[]) states)));
  }

  private static JsonObject state(String guildId, String moduleId, boolean enabled, long version, String message) {
    return new JsonObject().put("guildId", guildId).put("moduleId", moduleId).put("enabled", enabled)
        .put("version", version).put("config", config(message)).put("updatedAt", Instant.now().toString())
        .put("revision", version);
  }

  private static ModuleChangeEvent event(String guild, String moduleId, ModuleAction action, String message,
                                         long version) {
    return new ModuleChangeEvent(version, guild, moduleId, action, config(message), version, Instant.now(),
        ModuleChangeEvent.ORIGIN_BACKEND);
  }

  private static JsonObject config(String message) {
    return new JsonObject().put("message", message);
  }

  private HeldConfigs.HeldConfig held(String guildId, String moduleId) throws Exception {
    return onContext(() -> Future.succeededFuture(loader.heldConfigs().find(guildId, moduleId).orElseThrow()));
  }

  private StateDigest.Result digest() throws Exception {
    return onContext(() -> Future.succeededFuture(loader.digest()));
  }

  private void awaitCalls(RecordingModule module, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (module.calls().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(module.calls()).hasSizeGreaterThanOrEqualTo(count);
    // Let the rest of the delivery finish on the context.
    onContext(() -> Future.succeededFuture());
  }

  private <T> T onContext(Supplier<Future<T>> work) throws Exception {
    return ContextCalls.onContext(context, work);
  }

  private static <T> T join(Future<T> future) throws Exception {
    return ContextCalls.join(future);
  }
}
