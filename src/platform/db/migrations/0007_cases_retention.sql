-- Records management (1 of 2): cases as first-class records and each message's class and disposal date.
--
-- A case has a reference, a type (which maps to a retention class in the schedule), a team,
-- an opened date and a closed date. For tenancy and care cases the end of the tenancy or care
-- is its own date, since it is what starts the clock.
ALTER TABLE case_file ADD COLUMN case_type text NOT NULL DEFAULT 'general-enquiry';
ALTER TABLE case_file ADD COLUMN title text;
ALTER TABLE case_file ADD COLUMN opened_on date NOT NULL DEFAULT current_date;
ALTER TABLE case_file ADD COLUMN closed_on date;
ALTER TABLE case_file ADD COLUMN ended_on date;          -- end of tenancy or care, as the case records it
ALTER TABLE case_file ADD COLUMN created_by uuid REFERENCES staff (id);

-- A conversation, or any single message, belongs to one or more cases (one family can have a
-- housing case and a child-protection case). Unlinking deletes the row; the audit trail and the
-- record log keep the history.
CREATE TABLE case_link (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES case_file (id),
  conversation_id uuid REFERENCES conversation (id),
  message_id uuid REFERENCES message (id),
  linked_by uuid REFERENCES staff (id),
  linked_at timestamptz NOT NULL,
  CHECK ((conversation_id IS NULL) <> (message_id IS NULL))
);
CREATE UNIQUE INDEX case_link_conversation_idx ON case_link (case_id, conversation_id) WHERE conversation_id IS NOT NULL;
CREATE UNIQUE INDEX case_link_message_idx ON case_link (case_id, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX case_link_by_conversation_idx ON case_link (conversation_id) WHERE conversation_id IS NOT NULL;
CREATE INDEX case_link_by_message_idx ON case_link (message_id) WHERE message_id IS NOT NULL;

-- Each message's retention class and disposal date, recomputed whenever a trigger changes
-- (a case links, unlinks, closes or reopens; a date of birth is corrected). Held apart from the
-- record table, which stays append-only. disposal_due is null while the trigger has not happened
-- (an open case); such messages are never due.
CREATE TABLE message_retention (
  message_id uuid PRIMARY KEY REFERENCES message (id),
  class_id text NOT NULL,
  action text NOT NULL CHECK (action IN ('destroy', 'review', 'transfer')),
  disposal_due date,
  deciding_case_id uuid REFERENCES case_file (id),
  reason text NOT NULL,              -- why, in words for the records officer; no personal data
  schedule_version text NOT NULL,
  computed_at timestamptz NOT NULL,
  -- Set once disposed of: destroyed, or queued for review (then the review decides).
  disposal_state text NOT NULL DEFAULT 'kept' CHECK (disposal_state IN ('kept', 'in_review', 'destroyed', 'transferred'))
);
CREATE INDEX message_retention_due_idx ON message_retention (disposal_due) WHERE disposal_state = 'kept' AND disposal_due IS NOT NULL;
CREATE INDEX message_retention_class_idx ON message_retention (class_id);

-- Conversations already filed to a case keep it as their first link.
INSERT INTO case_link (id, case_id, conversation_id, linked_by, linked_at)
SELECT gen_random_uuid(), case_id, id, opened_by, created_at FROM conversation WHERE case_id IS NOT NULL;
