package io.configsync.backend.store;

/**
 * One write of one (guild, module).
 *
 * @param expectedVersion the version the writer based the change on ({@code If-Match}), or null
 *     for last-writer-wins
 * @param origin {@code backend} or the proposing bot's id
 */
public record ChangeRequest(long guildId, String moduleId, ModuleChange change, Long expectedVersion, String origin) {}
