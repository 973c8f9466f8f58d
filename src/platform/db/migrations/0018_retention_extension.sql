-- A disposition review that extends a record sets the date it is kept until. A later recompute
-- (a case linked, closed or reopened; a date of birth corrected) must not bring disposal forward
-- past that decision: the effective date is the later of the schedule's and the extension.
ALTER TABLE message_retention ADD COLUMN extended_until date;
