-- Which bots exist, where they connect, and how far they have applied; kept in the database so that
-- it survives a gateway or backend restart.
CREATE TABLE bot_presence (
    bot_id            text        PRIMARY KEY,
    shards            text        NOT NULL,
    -- NULL for a bot inside the cluster; the gateway's id for a bridge bot.
    gateway           text,
    connected         boolean     NOT NULL,
    applied_revision  bigint      NOT NULL DEFAULT 0,
    first_seen        timestamptz NOT NULL,
    last_seen         timestamptz NOT NULL
);

-- Per (guild, module, bot): the last version the bot applied, and whether its module could act on it.
CREATE TABLE apply_status (
    guild_id    bigint      NOT NULL,
    module_id   text        NOT NULL,
    bot_id      text        NOT NULL,
    version     bigint      NOT NULL,
    ok          boolean     NOT NULL,
    error       text,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (guild_id, module_id, bot_id)
);
