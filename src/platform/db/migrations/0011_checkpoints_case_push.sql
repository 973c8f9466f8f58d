-- Signed checkpoints of the record chain and the push of captured messages to the council's case system.

-- Every N records or H hours the sequencer signs the chain head with an Ed25519 key kept outside the
-- database. Append-only like record_seal: exported checkpoints are kept elsewhere and compared with the chain.
CREATE TABLE record_checkpoint (
  chain_index bigint PRIMARY KEY,
  head_hash text NOT NULL,
  signed_at timestamptz NOT NULL,
  key_id text NOT NULL,
  signature text NOT NULL
);
CREATE TRIGGER record_checkpoint_append_only BEFORE UPDATE OR DELETE ON record_checkpoint
  FOR EACH ROW EXECUTE FUNCTION liaise_forbid_change();
CREATE TRIGGER record_checkpoint_truncate_forbidden BEFORE TRUNCATE ON record_checkpoint
  FOR EACH STATEMENT EXECUTE FUNCTION liaise_forbid_change();

-- How far the case-system push has read the chain: the last chain index it has queued. The chain, not
-- record.seq, is tailed because seals commit in chain order while seq is taken before commit.
CREATE TABLE case_push_cursor (
  id integer PRIMARY KEY CHECK (id = 1),
  last_chain_index bigint NOT NULL,
  updated_at timestamptz NOT NULL
);

-- One row per pushed record: its delivery state and the last attempt (status, error class, next try).
-- Never the body: it is rebuilt from the record and the message on each attempt.
CREATE TABLE case_push_delivery (
  id uuid PRIMARY KEY,
  record_id uuid NOT NULL UNIQUE,
  chain_index bigint NOT NULL,
  record_kind text NOT NULL,
  message_id uuid,
  state text NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_status integer,
  last_error text,                   -- an error class such as http_500, timeout, connection_refused
  last_attempt_at timestamptz,
  next_attempt_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL
);
CREATE INDEX case_push_delivery_state_idx ON case_push_delivery (state, created_at);
