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
