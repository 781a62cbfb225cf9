package io.configsync.backend;

import static io.configsync.testkit.ApiClient.modulePath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.codecs.ShardSpec;
import io.configsync.codecs.StateDigest;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ModuleConfigs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP API of CONTRACT §2 against a real backend, PostgreSQL and event bus. The tests share one
 * backend and database; each works on guilds of its own and checks events relative to the head it
 * started from.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Backend HTTP API")
class ModuleApiTest {

  private static BackendFixture fixture;
  private static ApiClient api;

  @BeforeAll
  static void startBackend(Vertx vertx, VertxTestContext ctx) {
    BackendFixture.startForClass(vertx, ctx, started -> {
      fixture = started;
      api = started.api();
    });
  }

  @AfterAll
  static void stopBackend(VertxTestContext ctx) {
    fixture.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a PUT creates an enabled config, GET reads it back, the same PUT again changes nothing and a new config makes version 2")
  void createReadNoOpAndUpdate(VertxTestContext ctx) {
    String guild = BackendFixture.newGuildId();
    JsonObject first = ModuleConfigs.welcome("Hello {user}");
    JsonObject second = ModuleConfigs.welcome("Welcome to {server}, {user.mention}");
    AtomicLong head = new AtomicLong();
    AtomicInteger mark = new AtomicInteger();
    AtomicReference<JsonObject> created = new AtomicReference<>();

    fixture.settledHead()
        .compose(start -> {
          head.set(start);
          mark.set(fixture.events().size());
          // WHEN a config is PUT for the first time, without "enabled"
          return api.putConfig(guild, "welcome", first);
        })
        .compose(response -> {
          // THEN it is created enabled at version 1
          assertThat(response.getHeader("ETag")).isEqualTo("\"1\"");
          JsonObject state = Http.state(response);
          assertThat(state.getString("guildId")).isEqualTo(guild);
          assertThat(state.getString("moduleId")).isEqualTo("welcome");
          assertThat(state.getBoolean("enabled")).isTrue();
          assertThat(state.getLong("version")).isEqualTo(1);
          assertThat(state.getJsonObject("config")).isEqualTo(first);
          assertThat(state.getString("updatedAt")).isNotBlank();
          assertThat(state.getLong("revision")).isEqualTo(head.get() + 1);
          created.set(state);
          return api.getState(guild, "welcome");
        })
        .compose(response -> {
          assertThat(response.getHeader("ETag")).isEqualTo("\"1\"");
          assertThat(Http.state(response)).isEqualTo(created.get());
          // WHEN the same config is PUT again
          return api.putConfig(guild, "welcome", first.copy());
        })
        .compose(response -> {
          // THEN nothing changes: same version, no new revision
          assertThat(Http.state(response)).isEqualTo(created.get());
          return api.head();
        })
        .compose(afterNoOp -> {
          assertThat(afterNoOp).isEqualTo(head.get() + 1);
          // WHEN a different config is PUT
          return api.putConfig(guild, "welcome", second);
        })
        .compose(response -> {
          JsonObject state = Http.state(response);
          assertThat(response.getHeader("ETag")).isEqualTo("\"2\"");
          assertThat(state.getLong("version")).isEqualTo(2);
          assertThat(state.getBoolean("enabled")).isTrue();
          assertThat(state.getJsonObject("config")).isEqualTo(second);
          assertThat(state.getLong("revision")).isEqualTo(head.get() + 2);
          return fixture.publishedSince(mark.get(), head.get() + 2);
        })
        .map(published -> {
          // THEN exactly two events were published: the no-op made none
          assertThat(published)
              .extracting(ModuleChangeEvent::revision, ModuleChangeEvent::guildId, ModuleChangeEvent::moduleId,
                  ModuleChangeEvent::action, ModuleChangeEvent::config, ModuleChangeEvent::version,
                  ModuleChangeEvent::origin)
              .containsExactly(
                  tuple(head.get() + 1, guild, "welcome", ModuleAction.ENABLED, first, 1L, "backend"),
                  tuple(head.get() + 2, guild, "welcome", ModuleAction.CONFIG_UPDATED, second, 2L, "backend"));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("disable keeps the config, a PUT while disabled stays disabled, enable, delete, and a re-created config continues the version")
  void fullLifecycle(VertxTestContext ctx) {
    String guild = BackendFixture.newGuildId();
    JsonObject a = ModuleConfigs.automod(Configs.capsRule("caps"));
    JsonObject b = ModuleConfigs.automod(Configs.capsRule("caps"), Configs.regexRule("spam", "(?i)free nitro"));
    JsonObject c = ModuleConfigs.automod(Configs.regexRule("links", "https?://"));
    AtomicLong head = new AtomicLong();
    AtomicInteger mark = new AtomicInteger();

    fixture.settledHead()
        .compose(start -> {
          head.set(start);
          mark.set(fixture.events().size());
          return api.putConfig(guild, "automod", a);
        })
        .compose(response -> {
          assertState(Http.state(response), true, 1, a);
          return api.disable(guild, "automod");
        })
        .compose(response -> {
          // THEN disabling keeps the config
          assertState(Http.state(response), false, 2, a);
          return api.disable(guild, "automod");
        })
        .compose(response -> {
          // THEN disabling a disabled module changes nothing
          assertState(Http.state(response), false, 2, a);
          return api.putConfig(guild, "automod", b);
        })
        .compose(response -> {
          // THEN a PUT without "enabled" edits the config of a disabled module and leaves it disabled
          assertState(Http.state(response), false, 3, b);
          return api.enable(guild, "automod");
        })
        .compose(response -> {
          assertState(Http.state(response), true, 4, b);
          return api.delete(guild, "automod");
        })
        .compose(response -> {
          JsonObject state = Http.state(response);
          assertThat(state.getLong("version")).isEqualTo(5);
          assertThat(state.getBoolean("enabled")).isFalse();
          assertThat(state.getValue("config")).isNull();
          return api.getState(guild, "automod");
        })
        .compose(response -> {
          // THEN a deleted config is gone, and cannot be deleted, enabled or disabled again
          Http.error(response, 404, "NOT_FOUND");
          return api.delete(guild, "automod");
        })
        .compose(response -> {
          Http.error(response, 404, "NOT_FOUND");
          return api.enable(guild, "automod");
        })
        .compose(response -> {
          Http.error(response, 404, "NOT_FOUND");
          return api.putConfig(guild, "automod", c);
        })
        .compose(response -> {
          // THEN a re-created config gets the next version, never a reused one
          assertState(Http.state(response), true, 6, c);
          return fixture.publishedSince(mark.get(), head.get() + 6);
        })
        .map(published -> {
          long r = head.get();
          assertThat(published)
              .extracting(ModuleChangeEvent::revision, ModuleChangeEvent::action, ModuleChangeEvent::config,
                  ModuleChangeEvent::version)
              .containsExactly(
                  tuple(r + 1, ModuleAction.ENABLED, a, 1L),
                  tuple(r + 2, ModuleAction.DISABLED, a, 2L),
                  tuple(r + 3, ModuleAction.DISABLED, b, 3L),
                  tuple(r + 4, ModuleAction.ENABLED, b, 4L),
                  tuple(r + 5, ModuleAction.DISABLED, null, 5L),
                  tuple(r + 6, ModuleAction.ENABLED, c, 6L));
          assertThat(published).allSatisfy(event -> {
            assertThat(event.guildId()).isEqualTo(guild);
            assertThat(event.moduleId()).isEqualTo("automod");
          });
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("enable, disable and DELETE of a module never configured in a guild answer 404 NOT_FOUND and store nothing")
  void togglesOfUnknownStateAreNotFound(VertxTestContext ctx) {
    String guild = BackendFixture.newGuildId();
    String other = BackendFixture.newGuildId();
    AtomicLong head = new AtomicLong();
    AtomicInteger mark = new AtomicInteger();

    fixture.settledHead()
        .compose(start -> {
          head.set(start);
          mark.set(fixture.events().size());
          return api.enable(guild, "welcome");
        })
        .compose(response -> {
          Http.error(response, 404, "NOT_FOUND");
          return api.disable(guild, "welcome");
        })
        .compose(response -> {
          Http.error(response, 404, "NOT_FOUND");
          return api.delete(guild, "welcome");
        })
        .compose(response -> {
          Http.error(response, 404, "NOT_FOUND");
          return api.getState(guild, "welcome");
        })
        .compose(response -> {
          Http.error(response, 404, "NOT_FOUND");
          return api.head();
        })
        .compose(afterRefusals -> {
          assertThat(afterRefusals).isEqualTo(head.get());
          return api.putConfig(other, "welcome", ModuleConfigs.welcome("hi"));
        })
        .compose(response -> {
          Http.state(response);
          return fixture.publishedSince(mark.get(), head.get() + 1);
        })
        .map(published -> {
          // THEN the only event after the refusals is the valid write's
          assertThat(published).extracting(ModuleChangeEvent::revision, ModuleChangeEvent::guildId)
              .containsExactly(tuple(head.get() + 1, other));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("GET /api/guilds/{g}/modules lists the guild's configs, disabled ones included, deleted ones not")
  void listsTheStatesOfAGuild(VertxTestContext ctx) {
    String guild = BackendFixture.newGuildId();
    String neighbour = BackendFixture.newGuildId();
    String empty = BackendFixture.newGuildId();
    JsonObject welcome = ModuleConfigs.welcome("hello");
    JsonObject automod = ModuleConfigs.automod(Configs.capsRule("caps"));

    api.putConfig(guild, "welcome", welcome)
        .compose(response -> api.put(guild, "automod", new JsonObject().put("config", automod).put("enabled", false)))
        .compose(response -> {
          // THEN a config created with "enabled": false is stored disabled
          assertState(Http.state(response), false, 1, automod);
          return api.putConfig(neighbour, "welcome", ModuleConfigs.welcome("elsewhere"));
        })
        .compose(response -> api.get("/api/guilds/" + guild + "/modules"))
        .compose(response -> {
          JsonObject body = Http.ok(response);
          assertThat(body.getString("guildId")).isEqualTo(guild);
          assertThat(states(body)).extracting(s -> s.getString("moduleId"), s -> s.getBoolean("enabled"),
                  s -> s.getLong("version"), s -> s.getJsonObject("config"), s -> s.getString("guildId"))
              .containsExactlyInAnyOrder(
                  tuple("welcome", true, 1L, welcome, guild),
                  tuple("automod", false, 1L, automod, guild));
          return api.delete(guild, "welcome");
        })
        .compose(response -> api.get("/api/guilds/" + guild + "/modules"))
        .compose(response -> {
          assertThat(states(Http.ok(response))).extracting(s -> s.getString("moduleId")).containsExactly("automod");
          return api.get("/api/guilds/" + empty + "/modules");
        })
        .map(response -> {
          assertThat(Http.ok(response).getJsonArray("modules")).isEmpty();
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("GET /api/modules lists welcome and automod with their JSON Schemas")
  void listsTheRegisteredModules(VertxTestContext ctx) {
    api.get("/api/modules")
        .map(response -> {
          JsonArray modules = Http.ok(response).getJsonArray("modules");
          assertThat(modules).hasSize(2);
          Map<String, JsonObject> schemas = new LinkedHashMap<>();
          modules.forEach(module -> schemas.put(((JsonObject) module).getString("id"),
              ((JsonObject) module).getJsonObject("schema")));
          assertThat(schemas).containsOnlyKeys("welcome", "automod");
          assertThat(schemas.get("welcome")).isEqualTo(bundledSchema("welcome"));
          assertThat(schemas.get("automod")).isEqualTo(bundledSchema("automod"));
          assertThat(schemas.get("automod").getString("$schema"))
              .isEqualTo("https://json-schema.org/draft/2020-12/schema");
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("If-Match with the current version is applied; a stale one gets 412 VERSION_CONFLICT with the current state and changes nothing")
  void ifMatchGuardsAgainstLostUpdates(VertxTestContext ctx) {
    String guild = BackendFixture.newGuildId();
    JsonObject v1 = ModuleConfigs.welcome("one");
    JsonObject v2 = ModuleConfigs.welcome("two");
    AtomicLong head = new AtomicLong();
    AtomicInteger mark = new AtomicInteger();
    AtomicReference<JsonObject> current = new AtomicReference<>();

    fixture.settledHead()
        .compose(start -> {
          head.set(start);
          mark.set(fixture.events().size());
          return api.putConfig(guild, "welcome", v1);
        })
        .compose(response -> api.putIfMatch(guild, "welcome", v2, response.getHeader("ETag")))
        .compose(response -> {
          // THEN the version it was based on was current: applied
          current.set(Http.state(response));
          assertState(current.get(), true, 2, v2);
          // WHEN another writer still based on version 1 writes
          return api.putIfMatch(guild, "welcome", ModuleConfigs.welcome("lost update"), "\"1\"");
        })
        .compose(response -> {
          JsonObject error = Http.error(response, 412, "VERSION_CONFLICT");
          assertThat(error.getJsonObject("details").getJsonObject("current")).isEqualTo(current.get());
          return api.request(HttpMethod.POST, modulePath(guild, "welcome") + "/disable").putHeader("If-Match", "\"1\"")
              .send();
        })
        .compose(response -> {
          Http.error(response, 412, "VERSION_CONFLICT");
          return api.request(HttpMethod.DELETE, modulePath(guild, "welcome")).putHeader("If-Match", "\"3\"").send();
        })
        .compose(response -> {
          Http.error(response, 412, "VERSION_CONFLICT");
          return api.getState(guild, "welcome");
        })
        .compose(response -> {
          // THEN the refused writes changed nothing
          assertThat(Http.state(response)).isEqualTo(current.get());
          return api.head();
        })
        .compose(afterConflicts -> {
          assertThat(afterConflicts).isEqualTo(head.get() + 2);
          return api.request(HttpMethod.POST, modulePath(guild, "welcome") + "/disable").putHeader("If-Match", "\"2\"")
              .send();
        })
        .compose(response -> {
          assertState(Http.state(response), false, 3, v2);
          return fixture.publishedSince(mark.get(), head.get() + 3);
        })
        .map(published -> {
          assertThat(published).extracting(ModuleChangeEvent::revision, ModuleChangeEvent::version,
                  ModuleChangeEvent::action)
              .containsExactly(
                  tuple(head.get() + 1, 1L, ModuleAction.ENABLED),
                  tuple(head.get() + 2, 2L, ModuleAction.CONFIG_UPDATED),
                  tuple(head.get() + 3, 3L, ModuleAction.DISABLED));
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("of 8 concurrent PUTs based on the same version exactly one is applied; the others get 412 with the winner as current")
  void concurrentConditionalWritesDoNotOverwriteEachOther(VertxTestContext ctx) {
    String guild = BackendFixture.newGuildId();
    List<JsonObject> configs = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> writes = new ArrayList<>();
    AtomicLong head = new AtomicLong();

    api.putConfig(guild, "welcome", ModuleConfigs.welcome("base"))
        .compose(response -> {
          head.set(Http.state(response).getLong("revision"));
          // WHEN 8 clients, each on its own connection, write at once, all based on version 1
          for (int writer = 0; writer < 8; writer++) {
            JsonObject config = ModuleConfigs.welcome("writer " + writer);
            configs.add(config);
            writes.add(fixture.backend().newClient().putIfMatch(guild, "welcome", config, "\"1\""));
          }
          return Future.join(writes);
        })
        .compose(all -> {
          List<JsonObject> applied = new ArrayList<>();
          List<JsonObject> conflicts = new ArrayList<>();
          for (Future<HttpResponse<Buffer>> write : writes) {
            HttpResponse<Buffer> response = write.result();
            if (response.statusCode() == 200) {
              applied.add(Http.state(response));
            } else {
              conflicts.add(Http.error(response, 412, "VERSION_CONFLICT"));
            }
          }
          // THEN one wins with version 2; every other one is told about the winner, not overwritten
          assertThat(applied).hasSize(1);
          JsonObject winner = applied.get(0);
          assertThat(winner.getLong("version")).isEqualTo(2);
          assertThat(configs).contains(winner.getJsonObject("config"));
          assertThat(conflicts).hasSize(7).allSatisfy(conflict ->
              assertThat(conflict.getJsonObject("details").getJsonObject("current")).isEqualTo(winner));
          return api.getState(guild, "welcome").map(response -> {
            assertThat(Http.state(response)).isEqualTo(winner);
            return null;
          });
        })
        .compose(v -> api.head())
        .map(after -> {
          assertThat(after).isEqualTo(head.get() + 1);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("the events published on the bus are the rows of GET /api/events, revisions 1..N without a gap")
  void publishedEventsEqualTheLog(VertxTestContext ctx) {
    String guild = BackendFixture.newGuildId();

    api.putConfig(guild, "welcome", ModuleConfigs.welcome("a"))
        .compose(response -> api.disable(guild, "welcome"))
        .compose(response -> api.putConfig(guild, "automod", ModuleConfigs.automod(Configs.capsRule("x"))))
        .compose(response -> api.delete(guild, "welcome"))
        .compose(response -> fixture.settledHead())
        .compose(head -> api.allEvents(ModuleChangeEvent::fromJson).map(log -> {
          assertThat(log).extracting(ModuleChangeEvent::revision)
              .containsExactlyElementsOf(LongStream.rangeClosed(1, head).boxed().toList());
          // THEN the bus carried exactly the log, field for field, in revision order
          assertThat(fixture.events().events()).containsExactlyElementsOf(log);
          return null;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("GET /api/events carries a config with quotes, escapes and non-ASCII text as it was written")
  void eventConfigsKeepTheirText(VertxTestContext ctx) {
    String guild = BackendFixture.newGuildId();
    JsonObject config = ModuleConfigs.welcome("h\u00e9llo \u4e16\u754c \ud83d\ude00 \"quoted\" back\\slash tab\t");

    api.putConfig(guild, "welcome", config)
        .compose(response -> fixture.settledHead())
        .compose(head -> api.events(head - 1, 1))
        .map(page -> {
          ModuleChangeEvent event = events(page).get(0);
          assertThat(event.guildId()).isEqualTo(guild);
          assertThat(event.config()).isEqualTo(config);
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("a page of hundreds of kilobytes, rendered in many chunks, is the events the bus carried, field for field")
  void aLargePageIsTheLog(VertxTestContext ctx) {
    List<WriteStep> writes = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String guild = BackendFixture.newGuildId();
      // 2,000 characters, some of them three bytes of UTF-8: a page of several 64 KiB chunks
      String message = (i + " \u4e16\u754c \"q\" \\ ").repeat(200).substring(0, 2_000);
      writes.add(() -> api.putConfig(guild, "welcome", ModuleConfigs.welcome(message)));
    }
    writeSequentially(writes)
        .compose(v -> fixture.settledHead())
        .compose(head -> api.events(0, 10_000).map(page -> {
          List<ModuleChangeEvent> log = events(page);
          assertThat(page.toBuffer().length()).isGreaterThan(3 * 65_536);
          assertThat(log).extracting(ModuleChangeEvent::revision)
              .containsExactlyElementsOf(LongStream.rangeClosed(1, head).boxed().toList());
          assertThat(fixture.events().events()).containsExactlyElementsOf(log);
          return null;
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("GET /api/events pages through the log with after and limit, and refuses a bad after or limit with 400")
  void eventPaging(VertxTestContext ctx) {
    String guild = BackendFixture.newGuildId();
    List<ModuleChangeEvent> log = new ArrayList<>();

    writeSequentially(List.of(
            () -> api.putConfig(guild, "welcome", ModuleConfigs.welcome("1")),
            () -> api.putConfig(guild, "welcome", ModuleConfigs.welcome("2")),
            () -> api.putConfig(guild, "welcome", ModuleConfigs.welcome("3")),
            () -> api.putConfig(guild, "welcome", ModuleConfigs.welcome("4")),
            () -> api.putConfig(guild, "welcome", ModuleConfigs.welcome("5"))))
        .compose(v -> api.allEvents(ModuleChangeEvent::fromJson))
        .compose(all -> {
          log.addAll(all);
          assertThat(log.size()).isGreaterThanOrEqualTo(5);
          return api.events(2, 3);
        })
        .compose(page -> {
          assertThat(page.getLong("after")).isEqualTo(2);
          assertThat(page.getLong("head")).isEqualTo(log.size());
          assertThat(events(page)).containsExactlyElementsOf(log.subList(2, 5));
          return api.events(log.size() - 1, 10);
        })
        .compose(page -> {
          assertThat(events(page)).containsExactly(log.get(log.size() - 1));
          return api.events(log.size(), 10);
        })
        .compose(page -> {
          assertThat(events(page)).isEmpty();
          return api.get("/api/events");
        })
        .compose(response -> {
          // THEN without parameters: from the start
          assertThat(events(Http.ok(response))).isEqualTo(log.subList(0, Math.min(log.size(), 1000)));
          return refusesEach(List.of("after=-1", "after=abc", "after=1.5", "after=", "limit=0", "limit=-3",
              "limit=10001", "limit=ten", "after=0&limit=99999999999"), query -> api.get("/api/events?" + query),
              400, "INVALID_REQUEST");
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("GET /api/modules/enabled/welcome returns the revision and exactly the enabled welcome configs")
  void bulkLoadReturnsOnlyEnabledConfigs(VertxTestContext ctx) {
    String enabled = BackendFixture.newGuildId();
    String disabled = BackendFixture.newGuildId();
    String deleted = BackendFixture.newGuildId();
    String automodOnly = BackendFixture.newGuildId();

    writeSequentially(List.of(
            () -> api.putConfig(enabled, "welcome", ModuleConfigs.welcome("stays")),
            () -> api.putConfig(enabled, "welcome", ModuleConfigs.welcome("stays, version 2")),
            () -> api.put(disabled, "welcome",
                new JsonObject().put("config", ModuleConfigs.welcome("off")).put("enabled", false)),
            () -> api.putConfig(deleted, "welcome", ModuleConfigs.welcome("gone")),
            () -> api.delete(deleted, "welcome"),
            () -> api.putConfig(automodOnly, "automod", ModuleConfigs.automod(Configs.capsRule("c")))))
        .compose(v -> api.head())
        .compose(head -> api.get("/api/modules/enabled/welcome").compose(response -> {
          JsonObject body = Http.ok(response);
          assertThat(body.fieldNames()).containsExactlyInAnyOrder("revision", "moduleId", "items");
          assertThat(body.getLong("revision")).isEqualTo(head);
          assertThat(body.getString("moduleId")).isEqualTo("welcome");
          Map<String, JsonObject> items = itemsByGuild(body);
          assertThat(items).containsKey(enabled).doesNotContainKeys(disabled, deleted, automodOnly);
          assertThat(items.get(enabled)).isEqualTo(new JsonObject().put("guildId", enabled).put("version", 2)
              .put("config", ModuleConfigs.welcome("stays, version 2")));
          return api.allEvents(ModuleChangeEvent::fromJson).map(log -> {
            // THEN the items are exactly the enabled welcome states the log adds up to
            Map<String, JsonObject> expected = new TreeMap<>();
            currentStates(log).values().stream()
                .filter(event -> event.moduleId().equals("welcome") && event.action() != ModuleAction.DISABLED)
                .forEach(event -> expected.put(event.guildId(), new JsonObject().put("guildId", event.guildId())
                    .put("version", event.version()).put("config", event.config())));
            assertThat(items).isEqualTo(expected);
            return null;
          });
        }))
        .compose(v -> api.get("/api/modules/enabled/nosuchmodule"))
        .map(response -> {
          Http.error(response, 404, "UNKNOWN_MODULE");
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("the bulk load with ?shards= holds exactly the guilds with (guildId >> 22) % count in the shards")
  void bulkLoadFiltersByShard(VertxTestContext ctx) {
    // GIVEN 40 or so guilds spread over the id range, every shard of 4 among them
    List<String> guilds = new ArrayList<>();
    while (guilds.size() < 40 || guilds.stream().map(guild -> shardOf(guild, 4)).distinct().count() < 4) {
      guilds.add(BackendFixture.newGuildId());
    }
    List<Map<String, JsonObject>> singleShards = new ArrayList<>();
    AtomicReference<Map<String, JsonObject>> unfiltered = new AtomicReference<>();
    AtomicLong revision = new AtomicLong();

    writeSequentially(guilds.stream()
            .<WriteStep>map(guild -> () -> api.putConfig(guild, "welcome", ModuleConfigs.welcome("hi " + guild)))
            .toList())
        .compose(v -> api.get("/api/modules/enabled/welcome"))
        .compose(response -> {
          JsonObject body = Http.ok(response);
          revision.set(body.getLong("revision"));
          unfiltered.set(itemsByGuild(body));
          assertThat(unfiltered.get()).containsKeys(guilds.toArray(String[]::new));
          return Futures.sequentially(List.of(0, 1, 2, 3), shard -> api
              .get("/api/modules/enabled/welcome?shards=" + shard + "/4")
              .map(shardResponse -> {
                JsonObject shardBody = Http.ok(shardResponse);
                assertThat(shardBody.getLong("revision")).isEqualTo(revision.get());
                Map<String, JsonObject> items = itemsByGuild(shardBody);
                assertThat(items.keySet()).as("guilds of shard %d/4", shard)
                    .allSatisfy(guild -> assertThat(shardOf(guild, 4)).isEqualTo((long) shard));
                singleShards.add(items);
                return null;
              }));
        })
        .compose(v -> {
          // THEN the four shards together are the unfiltered load, each guild in exactly one
          Map<String, JsonObject> union = new TreeMap<>();
          singleShards.forEach(union::putAll);
          assertThat(singleShards.stream().mapToInt(Map::size).sum()).isEqualTo(unfiltered.get().size());
          assertThat(union).isEqualTo(unfiltered.get());
          return api.get("/api/modules/enabled/welcome?shards=0,1/4");
        })
        .compose(response -> {
          Map<String, JsonObject> items = itemsByGuild(Http.ok(response));
          Map<String, JsonObject> expected = new TreeMap<>(singleShards.get(0));
          expected.putAll(singleShards.get(1));
          assertThat(items).isEqualTo(expected);
          return refusesEach(List.of("abc", "4/4", "0/0", "1", "", "-1/4", "0,x/4", "3-1/4"),
              shards -> api.get("/api/modules/enabled/welcome?shards=" + shards), 400, "INVALID_REQUEST");
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("GET /api/state/digest equals StateDigest of the enabled states, for all guilds and per shard")
  void digestMatchesTheEnabledStates(VertxTestContext ctx) {
    String a = BackendFixture.newGuildId();
    String b = BackendFixture.newGuildId();
    String c = BackendFixture.newGuildId();

    writeSequentially(List.of(
            () -> api.putConfig(a, "welcome", ModuleConfigs.welcome("a")),
            () -> api.putConfig(a, "automod", ModuleConfigs.automod(Configs.capsRule("a"))),
            () -> api.putConfig(b, "welcome", ModuleConfigs.welcome("b")),
            () -> api.disable(b, "welcome"),
            () -> api.putConfig(c, "automod", ModuleConfigs.automod(Configs.capsRule("c"))),
            () -> api.putConfig(c, "automod", ModuleConfigs.automod(Configs.capsRule("c2"))),
            () -> api.putConfig(c, "welcome", ModuleConfigs.welcome("c")),
            () -> api.delete(c, "welcome")))
        .compose(v -> api.allEvents(ModuleChangeEvent::fromJson))
        .compose(log -> {
          // The expected set comes from the log, independently of the backend's state table
          List<StateDigest.Entry> enabled = currentStates(log).values().stream()
              .filter(event -> event.action() != ModuleAction.DISABLED)
              .map(event -> new StateDigest.Entry(Long.parseLong(event.guildId()), event.moduleId(), event.version()))
              .toList();
          long head = log.get(log.size() - 1).revision();
          return Futures.sequentially(
              List.of("", "?shards=0/1", "?shards=0,1/4", "?shards=2/4", "?shards=3/4", "?shards=1,2/3"),
              query -> api.get("/api/state/digest" + query).map(response -> {
                JsonObject body = Http.ok(response);
                ShardSpec shards = query.isEmpty()
                    ? ShardSpec.ALL
                    : ShardSpec.parse(query.substring("?shards=".length()));
                Set<Long> shardsInScope = java.util.Arrays.stream(shards.shards()).mapToObj(Long::valueOf)
                    .collect(Collectors.toSet());
                List<StateDigest.Entry> inScope = enabled.stream()
                    .filter(entry -> shardsInScope.contains(shardOf(Long.toString(entry.guildId()), shards.count())))
                    .toList();
                StateDigest.Result expected = StateDigest.of(inScope);
                assertThat(body.getLong("revision")).as("revision of %s", query).isEqualTo(head);
                assertThat(body.getLong("count")).as("count of %s", query).isEqualTo(inScope.size());
                assertThat(body.getString("digest")).as("digest of %s", query).isEqualTo(expected.digest());
                return null;
              }));
        })
        .compose(v -> refusesEach(List.of("x/4", "5/4"), shards -> api.get("/api/state/digest?shards=" + shards), 400,
            "INVALID_REQUEST"))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("reads need a token (401 with WWW-Authenticate), the read token may read but not write (403), a wrong token gets 401")
  void authentication(VertxTestContext ctx) {
    String guild = BackendFixture.newGuildId();
    ApiClient anonymous = api.anonymous();
    ApiClient reader = api.withToken(TestBackend.READ_TOKEN);
    ApiClient stranger = api.withToken("not-a-token");
    AtomicLong head = new AtomicLong();

    api.putConfig(guild, "welcome", ModuleConfigs.welcome("hi"))
        .compose(response -> api.head())
        .compose(start -> {
          head.set(start);
          return refusesEach(List.of("/api/modules", "/api/events?after=0", modulePath(guild, "welcome"),
              "/api/guilds/" + guild + "/modules", "/api/modules/enabled/welcome", "/api/state/digest"),
              path -> anonymous.get(path).map(response -> {
                assertThat(response.getHeader("WWW-Authenticate")).as("WWW-Authenticate of %s", path)
                    .startsWith("Bearer");
                return response;
              }), 401, "UNAUTHORIZED");
        })
        .compose(v -> Futures.sequentially(List.of("/api/modules", "/api/events?after=0", modulePath(guild, "welcome"),
                "/api/guilds/" + guild + "/modules", "/api/modules/enabled/welcome", "/api/state/digest"),
            path -> reader.get(path).map(Http::ok)))
        .compose(v -> Futures.sequentially(List.<Function<ApiClient, Future<HttpResponse<Buffer>>>>of(
                client -> client.putConfig(guild, "welcome", ModuleConfigs.welcome("hijacked")),
                client -> client.disable(guild, "welcome"),
                client -> client.enable(guild, "welcome"),
                client -> client.delete(guild, "welcome")),
            write -> write.apply(reader).map(response -> Http.error(response, 403, "FORBIDDEN"))
                .compose(ignored -> write.apply(stranger))
                .map(response -> {
                  Http.error(response, 401, "UNAUTHORIZED");
                  assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
                  return null;
                })
                .compose(ignored -> write.apply(anonymous))
                .map(response -> Http.error(response, 401, "UNAUTHORIZED"))))
        .compose(v -> stranger.get("/api/modules"))
        .compose(response -> {
          Http.error(response, 401, "UNAUTHORIZED");
          return api.anonymous().request(HttpMethod.GET, "/api/modules")
              .putHeader("Authorization", "Basic " + TestBackend.READ_TOKEN)
              .send();
        })
        .compose(response -> {
          Http.error(response, 401, "UNAUTHORIZED");
          return api.getState(guild, "welcome");
        })
        .compose(response -> {
          // THEN none of the refused writes changed anything
          assertState(Http.state(response), true, 1, ModuleConfigs.welcome("hi"));
          return api.head();
        })
        .map(after -> {
          assertThat(after).isEqualTo(head.get());
          return null;
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  // --- helpers ---

  @FunctionalInterface
  interface WriteStep {
    Future<HttpResponse<Buffer>> send();
  }

  /** Sends the writes one after the other; each must succeed with 200. */
  private static Future<Void> writeSequentially(List<WriteStep> steps) {
    return Futures.sequentially(steps, step -> step.send().map(Http::ok));
  }

  private static <T> Future<Void> refusesEach(List<T> inputs, Function<T, Future<HttpResponse<Buffer>>> send,
                                              int status, String code) {
    return Futures.sequentially(inputs, input -> send.apply(input).map(response -> {
      assertThat(response.statusCode()).as("status for %s", input).isEqualTo(status);
      return Http.error(response, status, code);
    }));
  }

  private static void assertState(JsonObject state, boolean enabled, long version, JsonObject config) {
    assertThat(state.getBoolean("enabled")).as("enabled of %s", state).isEqualTo(enabled);
    assertThat(state.getLong("version")).as("version of %s", state).isEqualTo(version);
    assertThat(state.getJsonObject("config")).as("config of %s", state).isEqualTo(config);
  }

  private static List<JsonObject> states(JsonObject guildStates) {
    return guildStates.getJsonArray("modules").stream().map(JsonObject.class::cast).toList();
  }

  private static List<ModuleChangeEvent> events(JsonObject page) {
    return page.getJsonArray("events").stream().map(event -> ModuleChangeEvent.fromJson((JsonObject) event)).toList();
  }

  private static Map<String, JsonObject> itemsByGuild(JsonObject bulkLoad) {
    Map<String, JsonObject> items = new TreeMap<>();
    for (Object item : bulkLoad.getJsonArray("items")) {
      JsonObject json = (JsonObject) item;
      assertThat(json.fieldNames()).containsExactlyInAnyOrder("guildId", "version", "config");
      assertThat(items.put(json.getString("guildId"), json)).as("guild listed twice: %s", json).isNull();
    }
    return items;
  }

  /** The last event of every (guild, module): the log alone rebuilds the state. */
  private static Map<String, ModuleChangeEvent> currentStates(List<ModuleChangeEvent> log) {
    Map<String, ModuleChangeEvent> states = new LinkedHashMap<>();
    log.forEach(event -> states.put(event.guildId() + ":" + event.moduleId(), event));
    return states;
  }

  private static long shardOf(String guildId, int count) {
    return (Long.parseLong(guildId) >> 22) % count;
  }

  private static JsonObject bundledSchema(String moduleId) {
    try (InputStream in = ModuleApiTest.class.getClassLoader()
        .getResourceAsStream("modules/" + moduleId + ".schema.json")) {
      return new JsonObject(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
