-- Who made each change (audit): the admin token's name for an HTTP write, the bot id for a bot's
-- proposal. NULL for changes logged before it was recorded. Not part of the published event.
ALTER TABLE module_event ADD COLUMN actor text;
