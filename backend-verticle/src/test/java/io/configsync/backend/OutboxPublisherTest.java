package io.configsync.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.configsync.backend.db.DatabaseUrl;
import io.configsync.backend.db.SqlQueries;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.testkit.ApiClient;
import io.configsync.testkit.ModuleConfigs;
import io.configsync.testkit.TestPostgres;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outbox publisher puts every committed event on the bus in revision order: it resumes after
 * the position it saved, and it publishes events another backend committed to the same database.
 * Each test has a database of its own.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("Outbox publisher")
class OutboxPublisherTest {

  private static final String SAVED_POSITION = "SELECT revision FROM publisher_position";

  /** Vert.x instances a test started beside the one the extension gives it. */
  private final List<Vertx> otherNodes = new ArrayList<>();

  @AfterEach
  void closeOtherNodes(VertxTestContext ctx) {
    Future.all(otherNodes.stream().map(Vertx::close).toList()).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("after a restart it resumes after its saved position: it republishes 5..100 in order, 64 events to a message at most, then new writes live")
  void resumesAfterTheSavedPosition(Vertx vertx, VertxTestContext ctx) {
    TestPostgres.Database database = TestPostgres.freshDatabase();
    String guild = BackendFixture.newGuildId();
    Vertx restartedNode = newNode();
    AtomicReference<List<ModuleChangeEvent>> firstRun = new AtomicReference<>();

    // GIVEN a backend that committed and published 100 changes, then stopped
    BackendFixture.start(vertx, database)
        .compose(first -> writeChanges(first.api(), guild, 1, 100)
            .compose(v -> first.events().awaitRevision(100))
            .compose(published -> {
              assertThat(published).extracting(ModuleChangeEvent::revision).containsExactlyElementsOf(revisions(1, 100));
              firstRun.set(published);
              return first.eventually("publisher position 100 saved",
                  () -> first.queryLong(SAVED_POSITION).map(position -> position == 100));
            })
            .compose(v -> first.stop())
            .map(v -> {
              assertThat(vertx.deploymentIDs()).as("deployments left after the backend was undeployed").isEmpty();
              return first;
            }))
        // GIVEN the process had died before it saved any position after revision 4
        .compose(first -> first.update("UPDATE publisher_position SET revision = 4"))
        .compose(updated -> {
          assertThat(updated).isEqualTo(1);
          // WHEN a new backend starts on the same database
          return BackendFixture.start(restartedNode, database);
        })
        .compose(second -> second.events().awaitRevision(100)
            .compose(published -> {
              // THEN it publishes exactly what was not saved as published, in order
              assertThat(published).extracting(ModuleChangeEvent::revision).containsExactlyElementsOf(revisions(5, 100));
              assertThat(published).containsExactlyElementsOf(firstRun.get().subList(4, 100));
              // THEN read from the log as one page, they go out in messages of at most 64 events
              assertThat(second.events().messageSizes()).containsExactly(64, 32);
              // WHEN new changes are written
              return writeChanges(second.api(), guild, 101, 105);
            })
            .compose(v -> second.events().awaitRevision(105))
            .compose(published -> {
              // THEN they follow live, without a gap
              assertThat(published).extracting(ModuleChangeEvent::revision)
                  .containsExactlyElementsOf(revisions(5, 105));
              return second.api().allEvents(ModuleChangeEvent::fromJson);
            })
            .compose(log -> {
              assertThat(second.events().events()).containsExactlyElementsOf(log.subList(4, 105));
              return second.eventually("publisher position 105 saved",
                  () -> second.queryLong(SAVED_POSITION).map(position -> position == 105));
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("once the events are published, the saved position reaches the head revision")
  void savesItsPosition(Vertx vertx, VertxTestContext ctx) {
    TestPostgres.Database database = TestPostgres.freshDatabase();
    String a = BackendFixture.newGuildId();
    String b = BackendFixture.newGuildId();

    BackendFixture.start(vertx, database)
        .compose(fixture -> writeChanges(fixture.api(), a, 1, 12)
            .compose(v -> fixture.api().putConfig(b, "automod", ModuleConfigs.automod(Configs.capsRule("caps"))))
            .compose(response -> fixture.api().disable(b, "automod"))
            .compose(response -> fixture.api().delete(b, "automod"))
            .compose(response -> fixture.settledHead())
            .compose(head -> {
              assertThat(head).isEqualTo(15);
              return fixture.eventually("publisher position at the head " + head,
                  () -> fixture.queryLong(SAVED_POSITION).map(position -> position == head))
                  .compose(v -> fixture.eventually("position gauge at the head " + head,
                      () -> Future.succeededFuture(fixture.backend().metrics().get("configsync.publisher.position")
                          .gauge().value() == head)));
            })
            .compose(v -> fixture.queryLong(SAVED_POSITION))
            .map(position -> {
              assertThat(position).isEqualTo(15);
              return null;
            }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("two backends on one database: revisions stay gapless across both, and the lease holder publishes every event in order")
  void publishesWhatAnotherBackendCommitted(Vertx vertx, VertxTestContext ctx) {
    TestPostgres.Database database = TestPostgres.freshDatabase();
    Vertx otherNode = newNode();
    List<String> guilds = List.of(BackendFixture.newGuildId(), BackendFixture.newGuildId(),
        BackendFixture.newGuildId());
    int alternatingWrites = 20;
    int concurrentWritesPerClient = 15;
    int total = alternatingWrites + 4 * concurrentWritesPerClient;

    // GIVEN two backends, on two Vert.x instances (two buses, not clustered) and two ports
    BackendFixture.start(vertx, database)
        .compose(one -> BackendFixture.start(otherNode, database).compose(two -> {
          List<ApiClient> sides = List.of(one.api(), two.api());
          // WHEN writes alternate between them, one at a time
          Future<Void> alternating = Future.succeededFuture();
          for (int i = 0; i < alternatingWrites; i++) {
            long revision = i + 1;
            ApiClient side = sides.get(i % 2);
            String guild = guilds.get(i % guilds.size());
            JsonObject config = ModuleConfigs.welcome("change " + revision);
            alternating = alternating.compose(v -> side.putConfig(guild, "welcome", config)
                .map(response -> {
                  // THEN each write gets the next revision, whichever backend took it
                  assertThat(Http.state(response).getLong("revision")).isEqualTo(revision);
                  return null;
                }));
          }
          // WHEN both take writes to the same keys at the same time
          return alternating
              .compose(v -> Future.all(List.of(
                  writeConcurrently(one.backend().newClient(), guilds, "one-a", concurrentWritesPerClient),
                  writeConcurrently(one.backend().newClient(), guilds, "one-b", concurrentWritesPerClient),
                  writeConcurrently(two.backend().newClient(), guilds, "two-a", concurrentWritesPerClient),
                  writeConcurrently(two.backend().newClient(), guilds, "two-b", concurrentWritesPerClient))))
              .compose(all -> {
                List<Long> answered = all.<List<Long>>list().stream().flatMap(List::stream).toList();
                assertThat(answered).containsExactlyInAnyOrderElementsOf(revisions(alternatingWrites + 1, total));
                return one.api().allEvents(ModuleChangeEvent::fromJson);
              })
              .compose(log -> {
                // THEN the log is gapless, and every key has versions 1..n in revision order
                assertThat(log).extracting(ModuleChangeEvent::revision).containsExactlyElementsOf(revisions(1, total));
                Map<String, List<Long>> versions = log.stream().collect(Collectors.groupingBy(
                    event -> event.guildId() + ":" + event.moduleId(),
                    Collectors.mapping(ModuleChangeEvent::version, Collectors.toList())));
                versions.forEach((key, list) -> assertThat(list).as("versions of %s", key)
                    .containsExactlyElementsOf(revisions(1, list.size())));
                // THEN the first backend, which took the publisher lease, put all of them on its bus in
                // revision order, its peer's included; the standby published nothing
                return one.events().awaitRevision(total)
                    .map(published -> {
                      assertThat(one.events().events()).as("published by the lease holder")
                          .containsExactlyElementsOf(log);
                      assertThat(two.events().events()).as("published by the standby").isEmpty();
                      return null;
                    });
              });
        }))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("when the publishing backend stops, the standby takes the lease and publishes from the saved position, in order")
  void standbyTakesOverThePublisherLease(Vertx vertx, VertxTestContext ctx) {
    TestPostgres.Database database = TestPostgres.freshDatabase();
    Vertx otherNode = newNode();
    String guild = BackendFixture.newGuildId();

    // GIVEN a publishing backend and a standby on one database, 5 changes published
    BackendFixture.start(vertx, database)
        .compose(leader -> BackendFixture.start(otherNode, database).compose(standby ->
            writeChanges(leader.api(), guild, 1, 5)
                .compose(v -> leader.events().awaitRevision(5))
                // WHEN the leader stops and 5 more changes are written through the standby
                .compose(v -> leader.stop())
                .compose(v -> writeChanges(standby.api(), guild, 6, 10))
                .compose(v -> standby.events().awaitRevision(10))
                .map(published -> {
                  // THEN the standby published them, in revision order, nothing skipped; it may repeat
                  // what the leader published after its last saved position, never go back
                  List<Long> revisions = published.stream().map(ModuleChangeEvent::revision).toList();
                  assertThat(revisions).containsSubsequence(revisions(6, 10));
                  assertThat(revisions).isSorted().doesNotHaveDuplicates();
                  return null;
                })))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("only commits the lease holder does not publish itself send a NOTIFY: those of its peer, not its own")
  void onlyThePeersCommitsNotify(Vertx vertx, VertxTestContext ctx) {
    TestPostgres.Database database = TestPostgres.freshDatabase();
    Vertx otherNode = newNode();
    String guild = BackendFixture.newGuildId();
    List<String> notified = new CopyOnWriteArrayList<>();
    Promise<Void> listening = Promise.promise();
    Promise<Void> thirdNotified = Promise.promise();
    PgSubscriber subscriber = PgSubscriber.subscriber(vertx, DatabaseUrl.parse(database.url()).connectOptions());
    subscriber.channel(SqlQueries.EVENTS_CHANNEL)
        .subscribeHandler(v -> listening.tryComplete())
        .handler(revision -> {
          notified.add(revision);
          if (revision.equals("3")) {
            thirdNotified.tryComplete();
          }
        });

    // GIVEN two backends on one database, and a listener on the channel their writers notify
    subscriber.connect().compose(v -> listening.future())
        .compose(v -> BackendFixture.start(vertx, database))
        .compose(one -> BackendFixture.start(otherNode, database).compose(two ->
            // GIVEN a change through the second, published by the first: the first holds the lease
            writeChanges(two.api(), guild, 1, 1)
                .compose(v -> one.events().awaitRevision(1))
                // WHEN a change goes through the lease holder, then one through its peer
                .compose(v -> writeChanges(one.api(), guild, 2, 2))
                .compose(v -> writeChanges(two.api(), guild, 3, 3))
                .compose(v -> thirdNotified.future())
                .compose(v -> one.events().awaitRevision(3))
                .map(published -> {
                  // THEN only the peer's commits notified: notifications come in commit order, so a
                  // NOTIFY of revision 2 would have come before that of revision 3
                  assertThat(notified).containsExactly("1", "3");
                  // THEN the lease holder published all three, its own handed over in memory
                  assertThat(published).extracting(ModuleChangeEvent::revision).containsExactly(1L, 2L, 3L);
                  return null;
                })))
        .eventually(subscriber::close)
        .onComplete(ctx.succeedingThenComplete());
  }

  private Vertx newNode() {
    Vertx node = Vertx.vertx();
    otherNodes.add(node);
    return node;
  }

  /** Changes {@code from..to} of one welcome config, one event each; in a fresh database revision = change number. */
  private static Future<Void> writeChanges(ApiClient api, String guild, int from, int to) {
    Future<Void> chain = Future.succeededFuture();
    for (int change = from; change <= to; change++) {
      JsonObject config = ModuleConfigs.welcome("change " + change);
      long revision = change;
      chain = chain.compose(v -> api.putConfig(guild, "welcome", config).map(response -> {
        assertThat(Http.state(response).getLong("revision")).isEqualTo(revision);
        return null;
      }));
    }
    return chain;
  }

  /** One client's sequential writes over the shared guilds; the revisions it was answered. */
  private static Future<List<Long>> writeConcurrently(ApiClient api, List<String> guilds, String client, int count) {
    Future<List<Long>> chain = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < count; i++) {
      String guild = guilds.get(i % guilds.size());
      JsonObject config = ModuleConfigs.welcome(client + " write " + i);
      chain = chain.compose(revisions -> api.putConfig(guild, "welcome", config).map(response -> {
        revisions.add(Http.state(response).getLong("revision"));
        return revisions;
      }));
    }
    return chain;
  }

  private static List<Long> revisions(long first, long last) {
    return LongStream.rangeClosed(first, last).boxed().toList();
  }
}
