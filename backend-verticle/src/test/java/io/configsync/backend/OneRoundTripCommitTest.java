package io.configsync.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ModuleConfigs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A writer plans a batch from the states it committed itself, and commits it in one round trip,
 * only while nobody else has moved the revision counter: a second backend on the same database
 * writing the same key must never make the first one build on a stale state.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("One-round-trip commits")
class OneRoundTripCommitTest {

  private static final String MODULE = "welcome";

  private static BackendFixture fixture;
  private static TestBackend otherBackend;

  @BeforeAll
  static void startTwoBackends(Vertx vertx, VertxTestContext ctx) {
    BackendFixture.startForClass(vertx, ctx, started -> fixture = started);
  }

  @AfterAll
  static void stopBackends(VertxTestContext ctx) {
    fixture.stop().onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("a key written again goes in one round trip; after another backend wrote it, the next write is planned on the new state, never the cached one")
  void cachedStatesNeverHideAnotherBackendsWrite(Vertx vertx, VertxTestContext ctx) {
    String guildId = BackendFixture.newGuildId();
    ApiClient here = fixture.api();
    TestBackend.start(vertx, fixture.database())
        .compose(started -> {
          otherBackend = started;
          // GIVEN a key this backend created (two round trips: it had never seen the key)
          return here.putConfig(guildId, MODULE, welcome(1));
        })
        .compose(created -> {
          assertThat(Http.state(created).getLong("version")).isEqualTo(1);
          // WHEN this backend writes it again
          return here.putConfig(guildId, MODULE, welcome(2));
        })
        .compose(second -> {
          // THEN it planned from its own commit and committed in one round trip
          assertThat(Http.state(second).getLong("version")).isEqualTo(2);
          assertThat(commits(fixture.backend(), 1)).as("one-round-trip commits").isEqualTo(1);
          // WHEN the other backend writes the same key
          return otherBackend.api().putConfig(guildId, MODULE, welcome(3));
        })
        .compose(third -> {
          assertThat(Http.state(third).getLong("version")).isEqualTo(3);
          // WHEN this backend, which cached version 2, writes it again without If-Match
          return here.putConfig(guildId, MODULE, welcome(4));
        })
        .compose(fourth -> {
          // THEN its one-round-trip commit was refused by the counter and redone on the state read back
          assertThat(Http.state(fourth).getLong("version")).isEqualTo(4);
          assertThat(fixture.backend().metrics().get("configsync.writer.counter.moved").counter().count())
              .as("one-round-trip commits redone").isEqualTo(1);
          return otherBackend.api().putConfig(guildId, MODULE, welcome(5));
        })
        .compose(fifth -> {
          // WHEN this backend, which cached version 4, gets If-Match "5"
          return here.putIfMatch(guildId, MODULE, welcome(6), "\"5\"");
        })
        .compose(sixth -> {
          // THEN its cache (version 4) did not refuse it: the database's state decided
          assertThat(Http.state(sixth).getLong("version")).isEqualTo(6);
          return NothingChanges.from(fixture);
        })
        .compose(baseline -> here.putIfMatch(guildId, MODULE, welcome(7), "\"4\"").compose(stale -> {
          // THEN a stale If-Match is refused with the current state, and nothing is stored or published
          JsonObject error = Http.error(stale, 412, "VERSION_CONFLICT");
          assertThat(error.getJsonObject("details").getJsonObject("current").getLong("version")).isEqualTo(6);
          return baseline.check("a stale If-Match").compose(v -> baseline.thenNextWriteIsTheNextEvent());
        }))
        .compose(v -> fixture.settledHead())
        .compose(head -> fixture.events().awaitRevision(head))
        .compose(published -> {
          // THEN the log and the bus hold versions 1..6 of the key, in revision order, and nothing else of it
          List<ModuleChangeEvent> ofKey = published.stream().filter(event -> event.guildId().equals(guildId)).toList();
          assertThat(ofKey).extracting(ModuleChangeEvent::version).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
          assertThat(ofKey).extracting(event -> event.config().getString("message"))
              .containsExactly(message(1), message(2), message(3), message(4), message(5), message(6));
          assertThat(ofKey).extracting(ModuleChangeEvent::revision).isSorted();
          return fixture.queryLong("SELECT count(*) FROM module_event WHERE guild_id = " + guildId);
        })
        .compose(events -> {
          assertThat(events).as("events of the key in the log").isEqualTo(6);
          return fixture.queryLong("SELECT version FROM module_state WHERE guild_id = " + guildId);
        })
        .map(version -> {
          assertThat(version).isEqualTo(6);
          return null;
        })
        .eventually(() -> otherBackend == null ? Future.succeededFuture() : otherBackend.stop())
        .onComplete(ctx.succeedingThenComplete());
  }

  private static double commits(TestBackend backend, int roundTrips) {
    return backend.metrics().get("configsync.writer.commits").tag("round.trips", Integer.toString(roundTrips))
        .counter().count();
  }

  private static JsonObject welcome(int edit) {
    return ModuleConfigs.welcome(message(edit));
  }

  private static String message(int edit) {
    return "edit " + edit;
  }
}
