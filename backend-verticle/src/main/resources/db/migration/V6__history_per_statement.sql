-- The audit trail is filled once per statement instead of once per row: the group commit appends a
-- whole batch of events in one statement, and one INSERT ... SELECT from the rows it appended costs
-- far less than a PL/pgSQL call per event. Same rows, same transaction.
CREATE FUNCTION record_config_history_of_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO config_history (guild_id, module_id, version, revision, action, config, origin, actor, created_at)
  SELECT guild_id, module_id, version, revision, action, config, origin, actor, created_at FROM appended
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

DROP TRIGGER module_event_to_history ON module_event;
DROP FUNCTION record_config_history();

CREATE TRIGGER module_event_to_history AFTER INSERT ON module_event
    REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION record_config_history_of_statement();
