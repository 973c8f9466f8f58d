-- Records management (legal holds and disposal): holds that stop disposal, the disposition
-- review queue, destruction certificates and what each destruction left behind.

-- A legal hold stops disposal of everything in its scope, including messages that arrive after
-- it was placed: the scope is matched when disposal runs, never copied onto messages.
CREATE TABLE legal_hold (
  id uuid PRIMARY KEY,
  scope_kind text NOT NULL CHECK (scope_kind IN ('case', 'citizen', 'number', 'class', 'dates', 'keyword')),
  scope_value text NOT NULL,         -- case id, citizen id, E.164 number, class id, keyword; 'FROM..TO' for dates
  scope_from date,                   -- dates only
  scope_to date,                     -- dates only
  reason text NOT NULL,
  owner_staff_id uuid REFERENCES staff (id),  -- null: placed from the command line with no owner named
  created_by uuid REFERENCES staff (id),      -- null: the operator at the command line
  created_at timestamptz NOT NULL,
  released_by uuid REFERENCES staff (id),
  released_at timestamptz,
  release_reason text,
  CHECK ((scope_kind = 'dates') = (scope_from IS NOT NULL AND scope_to IS NOT NULL)),
  CHECK ((released_at IS NULL) = (release_reason IS NULL))
);
CREATE INDEX legal_hold_active_idx ON legal_hold (created_at) WHERE released_at IS NULL;

-- The disposal job walks records past their date in (date, message) order; a record leaves this
-- index once disposed of, so a second run starts where work remains.
CREATE INDEX message_retention_disposal_idx ON message_retention (disposal_due, message_id)
  WHERE disposal_state = 'kept' AND disposal_due IS NOT NULL;

-- One pass of the disposal job (or one review decision). Several nodes may run at once; each
-- writes its own run and certificate.
CREATE TABLE disposal_run (
  id uuid PRIMARY KEY,
  as_of date NOT NULL,
  approver text NOT NULL,            -- 'schedule', or the deciding records officer's staff id
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  destroyed integer NOT NULL DEFAULT 0,
  queued_for_review integer NOT NULL DEFAULT 0,
  held integer NOT NULL DEFAULT 0,
  certificate_id uuid
);

-- The daily job is enqueued once per day whichever scheduler node gets there first.
CREATE TABLE disposal_day (
  day date PRIMARY KEY,
  claimed_at timestamptz NOT NULL
);

-- Records past their date whose class ends in review or transfer wait here for a records officer.
CREATE TABLE disposal_review (
  id uuid PRIMARY KEY,
  message_id uuid NOT NULL REFERENCES message (id),
  class_id text NOT NULL,
  action text NOT NULL CHECK (action IN ('review', 'transfer')),
  due_on date NOT NULL,
  run_id uuid NOT NULL REFERENCES disposal_run (id),
  queued_at timestamptz NOT NULL,
  decision text CHECK (decision IN ('destroy', 'extend', 'transfer')),
  decided_by uuid REFERENCES staff (id),
  decided_at timestamptz,
  extended_to date,
  decision_reason text,
  CHECK ((decision IS NULL) = (decided_at IS NULL)),
  CHECK ((decision = 'extend') = (extended_to IS NOT NULL))
);
CREATE UNIQUE INDEX disposal_review_open_idx ON disposal_review (message_id) WHERE decided_at IS NULL;
CREATE INDEX disposal_review_queue_idx ON disposal_review (due_on, class_id) WHERE decided_at IS NULL;

-- The evidence that records were destroyed under the schedule. No personal data: classes, dates,
-- counts and the destroyed records' hashes (those are kept per message in message_destruction).
CREATE TABLE destruction_certificate (
  id uuid PRIMARY KEY,
  run_id uuid NOT NULL UNIQUE REFERENCES disposal_run (id),
  issued_at timestamptz NOT NULL,
  approver text NOT NULL,
  action text NOT NULL CHECK (action IN ('destroy', 'transfer')),
  method text NOT NULL,
  schedule_version text NOT NULL,
  total integer NOT NULL,
  classes jsonb NOT NULL,            -- [{ classId, from, to, count }]
  archive_file text                  -- the transfer package's file name (transfers only)
);
CREATE INDEX destruction_certificate_issued_idx ON destruction_certificate (issued_at);

-- Each destroyed message: when, under which run (and so which certificate), and the hash of its
-- record, which the tombstone in the record chain points back to.
CREATE TABLE message_destruction (
  message_id uuid PRIMARY KEY REFERENCES message (id),
  run_id uuid NOT NULL REFERENCES disposal_run (id),
  destroyed_at timestamptz NOT NULL,
  class_id text NOT NULL,
  message_date date NOT NULL,
  record_hash text NOT NULL,
  tombstone_record_id uuid NOT NULL
);
CREATE INDEX message_destruction_run_idx ON message_destruction (run_id);
