-- Liaise initial schema. Runs unchanged on PGlite and PostgreSQL.

CREATE TABLE team (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE,
  requires_first_contact_approval boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff (
  id uuid PRIMARY KEY,
  email text NOT NULL UNIQUE,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('caseworker', 'manager', 'records_officer', 'admin')),
  team_id uuid REFERENCES team (id),
  password_hash text,
  must_change_password boolean NOT NULL DEFAULT true,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_session (
  id text PRIMARY KEY,               -- SHA-256 of the cookie token; the token itself is never stored
  staff_id uuid NOT NULL REFERENCES staff (id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX staff_session_staff_idx ON staff_session (staff_id) WHERE revoked_at IS NULL;

CREATE TABLE api_token (
  id uuid PRIMARY KEY,
  staff_id uuid NOT NULL REFERENCES staff (id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE channel_number (
  phone_number_id text PRIMARY KEY,
  display_number text,
  triage_team_id uuid REFERENCES team (id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE case_file (
  id uuid PRIMARY KEY,
  team_id uuid NOT NULL REFERENCES team (id),
  reference text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (team_id, reference)
);

CREATE TABLE citizen (
  id uuid PRIMARY KEY,
  team_id uuid NOT NULL REFERENCES team (id),
  full_name text NOT NULL,
  wa_number text NOT NULL,           -- E.164 with leading +
  date_of_birth date,
  age_band text CHECK (age_band IN ('under_13', '13_to_17', '18_or_over')),
  case_id uuid REFERENCES case_file (id),
  created_by uuid REFERENCES staff (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (team_id, wa_number)
);
CREATE INDEX citizen_number_idx ON citizen (wa_number);

CREATE TABLE conversation (
  id uuid PRIMARY KEY,
  team_id uuid REFERENCES team (id),   -- null only when no team could be found (admins see these)
  phone_number_id text NOT NULL,
  wa_number text NOT NULL,
  citizen_id uuid REFERENCES citizen (id),
  case_id uuid REFERENCES case_file (id),
  profile_name text,
  contact_justification text,
  opened_by uuid REFERENCES staff (id),
  last_inbound_at timestamptz,
  last_message_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX conversation_team_number_idx ON conversation (coalesce(team_id, '00000000-0000-0000-0000-000000000000'::uuid), phone_number_id, wa_number);
CREATE INDEX conversation_number_idx ON conversation (wa_number);

CREATE TABLE message (
  id uuid PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversation (id),
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  kind text NOT NULL,                -- text, template, image, document, location, …
  staff_id uuid REFERENCES staff (id),
  body_ct bytea,                     -- AES-256-GCM envelope (see platform/crypto)
  key_id text,
  body_sha256 text,                  -- digest of the plaintext body, carried by the record chain
  template_name text,
  provider_message_id text UNIQUE,
  status text NOT NULL,              -- received | queued | sending | uncertain | sent | delivered | read | failed
  status_at timestamptz NOT NULL,
  error_code integer,
  error_title text,
  decision text CHECK (decision IN ('allow', 'warn', 'block')),
  policy jsonb,                      -- pack version, reasons, findings (types and positions, never matched text)
  justification text,                -- required when a warned message is sent anyway
  forwarded boolean NOT NULL DEFAULT false,
  flagged text,                      -- inbound flags: offensive, personal_data
  sent_at timestamptz,               -- provider's timestamp for inbound; acceptance time for outbound
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX message_conversation_idx ON message (conversation_id, created_at);

CREATE TABLE message_status_event (
  message_id uuid NOT NULL REFERENCES message (id),
  status text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (message_id, status)
);

CREATE TABLE attachment (
  id uuid PRIMARY KEY,
  message_id uuid NOT NULL REFERENCES message (id),
  provider_media_id text,
  mime_type text,
  file_name text,
  sha256 text,
  size_bytes integer,
  content_ct bytea,
  key_id text,
  state text NOT NULL CHECK (state IN ('pending', 'stored', 'failed')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachment_message_idx ON attachment (message_id);

-- The record log: append-only. Every message, status change and attachment is a record.
CREATE TABLE record (
  id uuid PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  kind text NOT NULL,
  conversation_id uuid,
  citizen_id uuid,
  case_id uuid,
  message_id uuid,
  staff_id uuid,
  payload jsonb NOT NULL,
  retention_class text NOT NULL,
  record_hash text NOT NULL          -- SHA-256 of the canonical encoding of the fields above
);
CREATE INDEX record_message_idx ON record (message_id);
CREATE INDEX record_conversation_idx ON record (conversation_id);

-- Seals put committed records into the hash chain, in batches, off the request path.
CREATE TABLE record_seal (
  chain_index bigint PRIMARY KEY,
  record_id uuid NOT NULL UNIQUE REFERENCES record (id),
  record_hash text NOT NULL,
  prev_hash text NOT NULL,
  chain_hash text NOT NULL,          -- SHA-256(prev_hash || record_hash || chain_index)
  sealed_at timestamptz NOT NULL DEFAULT now()
);

-- Work queue for the sequencer: a row per record not yet sealed.
CREATE TABLE record_pending (
  seq bigint PRIMARY KEY,
  record_id uuid NOT NULL UNIQUE
);

CREATE FUNCTION liaise_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'RECORDS_APPEND_ONLY: % on % is not allowed', TG_OP, TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER record_append_only BEFORE UPDATE OR DELETE ON record
  FOR EACH ROW EXECUTE FUNCTION liaise_forbid_change();
CREATE TRIGGER record_seal_append_only BEFORE UPDATE OR DELETE ON record_seal
  FOR EACH ROW EXECUTE FUNCTION liaise_forbid_change();
CREATE TRIGGER record_truncate_forbidden BEFORE TRUNCATE ON record
  FOR EACH STATEMENT EXECUTE FUNCTION liaise_forbid_change();
CREATE TRIGGER record_seal_truncate_forbidden BEFORE TRUNCATE ON record_seal
  FOR EACH STATEMENT EXECUTE FUNCTION liaise_forbid_change();

CREATE TABLE audit_event (
  id uuid PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_staff_id uuid,
  action text NOT NULL,
  subject_type text,
  subject_id text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  request_id text
);
CREATE INDEX audit_event_subject_idx ON audit_event (subject_type, subject_id);
CREATE INDEX audit_event_at_idx ON audit_event (at);

-- Jobs: the transactional outbox and scheduled work, claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE job (
  id uuid PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  run_at timestamptz NOT NULL DEFAULT now(),
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 8,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX job_due_idx ON job (run_at) WHERE state = 'pending';
CREATE INDEX job_running_idx ON job (locked_until) WHERE state = 'running';

CREATE TABLE login_attempt (
  email text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  ok boolean NOT NULL
);
CREATE INDEX login_attempt_email_idx ON login_attempt (email, at);
