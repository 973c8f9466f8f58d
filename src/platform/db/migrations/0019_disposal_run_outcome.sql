-- A disposal run commits batch by batch, so a run that fails part-way, or whose process is killed,
-- has destroyed records already. Every destruction must still be covered by a certificate: a run
-- notes when it last made progress, and ends with an outcome. A run that failed is finished (with
-- its certificate) at once; one whose node died is finished by the next run once it has made no
-- progress for a while.
ALTER TABLE disposal_run ADD COLUMN progress_at timestamptz;
ALTER TABLE disposal_run ADD COLUMN outcome text CHECK (outcome IN ('completed', 'failed', 'interrupted'));
UPDATE disposal_run SET outcome = 'completed' WHERE finished_at IS NOT NULL;
CREATE INDEX disposal_run_unfinished_idx ON disposal_run (started_at) WHERE finished_at IS NULL;

-- message_retention_disposal_idx (disposal_due, message_id) with the same predicate serves every
-- query this one did; keeping both cost every disposal an extra index update per record.
DROP INDEX message_retention_due_idx;

-- message_destruction's two foreign keys cost a lookup and a row lock per destroyed message, checked
-- one row at a time: about a tenth of a retention run over a million records. Its one writer (the
-- disposal repository's insertDestructions) now checks both in the same statement, set-based, and
-- refuses the batch if either is missing; nothing deletes messages or disposal runs.
ALTER TABLE message_destruction DROP CONSTRAINT message_destruction_message_id_fkey;
ALTER TABLE message_destruction DROP CONSTRAINT message_destruction_run_id_fkey;
