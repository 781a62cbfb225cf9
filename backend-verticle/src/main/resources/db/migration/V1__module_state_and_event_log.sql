-- The current state of every (guild, module) ever configured, and the append-only log of every
-- change. A change updates its state row and appends its event in ONE transaction.

CREATE TABLE module_state (
    guild_id    bigint      NOT NULL,
    module_id   text        NOT NULL,
    enabled     boolean     NOT NULL,
    -- NULL once the config is deleted. The row stays so that the version never goes back.
    config      jsonb,
    version     bigint      NOT NULL CHECK (version > 0),
    revision    bigint      NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (guild_id, module_id),
    CHECK (config IS NOT NULL OR NOT enabled)
);

-- Bulk load and digest read the enabled rows of one module (or all), ordered by guild.
CREATE INDEX module_state_enabled_by_module ON module_state (module_id, guild_id) WHERE enabled;

CREATE TABLE module_event (
    revision    bigint      PRIMARY KEY,
    guild_id    bigint      NOT NULL,
    module_id   text        NOT NULL,
    action      text        NOT NULL CHECK (action IN ('enabled', 'disabled', 'config_updated')),
    config      jsonb,
    version     bigint      NOT NULL,
    origin      text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE INDEX module_event_by_key ON module_event (guild_id, module_id, version);

-- The last revision handed out. Writers lock this single row for the length of their transaction,
-- so revisions are gapless and become visible in the order they were given.
CREATE TABLE revision_counter (
    id     boolean PRIMARY KEY DEFAULT true CHECK (id),
    value  bigint  NOT NULL
);
INSERT INTO revision_counter (id, value) VALUES (true, 0);

-- The last revision the publisher put on the event bus: where it resumes after a restart.
CREATE TABLE publisher_position (
    id          boolean     PRIMARY KEY DEFAULT true CHECK (id),
    revision    bigint      NOT NULL,
    updated_at  timestamptz NOT NULL
);
INSERT INTO publisher_position (id, revision, updated_at) VALUES (true, 0, now());
