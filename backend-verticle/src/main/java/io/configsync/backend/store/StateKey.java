package io.configsync.backend.store;

/** One (guild, module): what a state row is keyed by. */
record StateKey(long guildId, String moduleId) {}
