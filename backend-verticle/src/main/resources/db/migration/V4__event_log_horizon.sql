-- Retention compacts the event log: an event older than the retention period is deleted once a
-- later event of the same (guild, module) supersedes it. The latest event of every (guild, module)
-- stays, so folding the log still gives the state. Events after the horizon are all kept; a
-- reader that asks for events after an older revision may have missed some and reloads the state.
CREATE TABLE log_horizon (
    id        boolean PRIMARY KEY DEFAULT true CHECK (id),
    revision  bigint  NOT NULL
);
INSERT INTO log_horizon (id, revision) VALUES (true, 0);
