-- The audit trail: every version of every (guild, module), with who made it and how. Kept apart
-- from the event log, whose retention compacts superseded events away: the history (and rollback
-- to an old version) must not lose who changed what. A trigger fills it in the transaction of the
-- event itself, so every writer of the log writes it too.
CREATE TABLE config_history (
    guild_id    bigint      NOT NULL,
    module_id   text        NOT NULL,
    version     bigint      NOT NULL,
    revision    bigint      NOT NULL,
    action      text        NOT NULL,
    config      jsonb,
    origin      text        NOT NULL,
    actor       text,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (guild_id, module_id, version)
);

INSERT INTO config_history (guild_id, module_id, version, revision, action, config, origin, actor, created_at)
SELECT guild_id, module_id, version, revision, action, config, origin, actor, created_at FROM module_event
ON CONFLICT DO NOTHING;

CREATE FUNCTION record_config_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO config_history (guild_id, module_id, version, revision, action, config, origin, actor, created_at)
  VALUES (NEW.guild_id, NEW.module_id, NEW.version, NEW.revision, NEW.action, NEW.config, NEW.origin, NEW.actor,
          NEW.created_at)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER module_event_to_history AFTER INSERT ON module_event
    FOR EACH ROW EXECUTE FUNCTION record_config_history();
