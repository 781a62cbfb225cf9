package io.configsync.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.configsync.codecs.ModuleAction;
import io.configsync.codecs.ModuleChangeEvent;
import io.configsync.testkit.ModuleConfigs;
import io.vertx.core.Future;

/**
 * Proof that refused requests changed nothing: not the head revision, not the event log (read by
 * JDBC), and nothing reached the event bus. {@link #thenNextWriteIsTheNextEvent} closes the proof: a
 * valid write must then be the very next event published, so "nothing published" cannot pass just
 * because the publisher was slow.
 */
final class NothingChanges {

  private final BackendFixture fixture;
  private final long head;
  private final long eventRows;
  private final int published;

  private NothingChanges(BackendFixture fixture, long head, long eventRows, int published) {
    this.fixture = fixture;
    this.head = head;
    this.eventRows = eventRows;
    this.published = published;
  }

  /** The baseline, once everything committed so far is published. */
  static Future<NothingChanges> from(BackendFixture fixture) {
    return fixture.settledHead().compose(head -> fixture.queryLong("SELECT count(*) FROM module_event")
        .map(rows -> new NothingChanges(fixture, head, rows, fixture.events().size())));
  }

  Future<Void> check(String after) {
    return fixture.api().head()
        .compose(now -> fixture.queryLong("SELECT count(*) FROM module_event").map(rows -> {
          assertThat(now).as("head revision after %s", after).isEqualTo(head);
          assertThat(rows).as("event rows after %s", after).isEqualTo(eventRows);
          assertThat(fixture.events().size()).as("events published after %s", after).isEqualTo(published);
          return null;
        }));
  }

  Future<Void> thenNextWriteIsTheNextEvent() {
    String other = BackendFixture.newGuildId();
    return fixture.api().putConfig(other, "welcome", ModuleConfigs.welcome("valid after the refusals"))
        .compose(response -> {
          assertThat(Http.state(response).getLong("revision")).isEqualTo(head + 1);
          return fixture.publishedSince(published, head + 1);
        })
        .map(events -> {
          assertThat(events)
              .extracting(ModuleChangeEvent::revision, ModuleChangeEvent::guildId, ModuleChangeEvent::action)
              .containsExactly(tuple(head + 1, other, ModuleAction.ENABLED));
          return null;
        });
  }
}
