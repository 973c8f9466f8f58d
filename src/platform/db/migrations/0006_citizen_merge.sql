-- Merging duplicate citizens: the duplicate stays (its records name it) but points to the record kept,
-- and drops out of lists; its conversations move to the kept citizen, so both histories are in one place.
ALTER TABLE citizen ADD COLUMN merged_into uuid REFERENCES citizen (id);
ALTER TABLE citizen ADD COLUMN merged_at timestamptz;
