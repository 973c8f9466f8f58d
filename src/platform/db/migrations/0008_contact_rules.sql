-- Contact rules and oversight: first contact as a justified last resort (with a manager's approval
-- where the team asks for it), opt-in and STOP, suspension on signs of a child, templates,
-- reports to the manager and sharing inside Liaise.

-- First contact: which verifiable channels were tried (each with a date) and what the contact is for.
-- contact_justification (0001) keeps the caseworker's words.
ALTER TABLE conversation ADD COLUMN channels_tried jsonb;            -- [{ "channel": "phone", "on": "2026-11-30" }, …]
ALTER TABLE conversation ADD COLUMN contact_purpose text CHECK (contact_purpose IN ('call', 'meeting', 'visit'));
-- not_required | pending | approved | refused; null for conversations the citizen started.
ALTER TABLE conversation ADD COLUMN approval_state text CHECK (approval_state IN ('not_required', 'pending', 'approved', 'refused'));
ALTER TABLE conversation ADD COLUMN approval_decided_by uuid REFERENCES staff (id);
ALTER TABLE conversation ADD COLUMN approval_decided_at timestamptz;
ALTER TABLE conversation ADD COLUMN approval_reason text;
-- Suspended on signs that the person is a child, until a manager releases it.
ALTER TABLE conversation ADD COLUMN suspended_at timestamptz;
ALTER TABLE conversation ADD COLUMN suspended_reason text;          -- a code such as child_signal; never the message text

-- Opt-in and STOP: how and when the citizen agreed to WhatsApp contact, and whether they have
-- since opted out (STOP) without opting back in (START).
ALTER TABLE citizen ADD COLUMN opt_in_method text;                  -- verbal | written | reply | web_form | other
ALTER TABLE citizen ADD COLUMN opted_in_at timestamptz;
ALTER TABLE citizen ADD COLUMN opted_out_at timestamptz;

-- WhatsApp message templates, mirrored from the Cloud API's message_templates endpoints.
CREATE TABLE message_template (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  language text NOT NULL,
  category text NOT NULL CHECK (category IN ('UTILITY', 'MARKETING', 'AUTHENTICATION')),
  body text NOT NULL,
  status text NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED')),
  provider_template_id text,
  rejected_reason text,
  created_by uuid REFERENCES staff (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (name, language)
);

-- Reports to the manager: offensive content, a safeguarding concern or other; inbound offensive
-- content is reported automatically (reported_by null). The manager records the outcome.
CREATE TABLE message_report (
  id uuid PRIMARY KEY,
  message_id uuid NOT NULL REFERENCES message (id),
  team_id uuid REFERENCES team (id),
  category text NOT NULL CHECK (category IN ('offensive', 'safeguarding', 'other')),
  note text,
  reported_by uuid REFERENCES staff (id),
  reported_at timestamptz NOT NULL,
  due_on date NOT NULL,
  outcome text,
  decided_by uuid REFERENCES staff (id),
  decided_at timestamptz
);
CREATE INDEX message_report_open_idx ON message_report (team_id, due_on) WHERE decided_at IS NULL;

-- Sharing a message with another member of staff inside Liaise (never outside it automatically).
CREATE TABLE message_share (
  id uuid PRIMARY KEY,
  message_id uuid NOT NULL REFERENCES message (id),
  shared_by uuid NOT NULL REFERENCES staff (id),
  shared_with uuid NOT NULL REFERENCES staff (id),
  note text,
  shared_at timestamptz NOT NULL,
  seen_at timestamptz
);
CREATE INDEX message_share_with_idx ON message_share (shared_with, shared_at);
