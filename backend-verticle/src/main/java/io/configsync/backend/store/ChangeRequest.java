package io.configsync.backend.store;

import java.util.Objects;

/**
 * One write of one (guild, module).
 *
 * @param expectedVersion the version the writer based the change on ({@code If-Match}, a proposal's
 *     {@code baseVersion}; 0 = never configured), or null for last-writer-wins
 * @param origin {@code backend} or the proposing bot's id; published with the event
 * @param actor who made the change, for the audit trail (the admin token's name, or the bot id);
 *     kept in the event log, not published
 */
public record ChangeRequest(long guildId, String moduleId, ModuleChange change, Long expectedVersion, String origin,
                            String actor) {

  public ChangeRequest {
    Objects.requireNonNull(moduleId, "moduleId");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(actor, "actor");
  }
}
