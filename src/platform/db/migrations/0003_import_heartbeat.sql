-- A running import says it is alive as it commits each chunk; a batch whose heartbeat
-- stops (the process died mid-import) is marked failed by the import reaper, so the
-- same file can be imported again.
ALTER TABLE import_batch ADD COLUMN heartbeat_at timestamptz;
