-- Imports of WhatsApp "Export chat" files from staff phones.

CREATE TABLE import_batch (
  id uuid PRIMARY KEY,
  file_sha256 text NOT NULL,
  file_name text NOT NULL,
  file_bytes bigint NOT NULL,
  uploaded_by uuid NOT NULL REFERENCES staff (id),
  team_id uuid NOT NULL REFERENCES team (id),
  citizen_id uuid NOT NULL REFERENCES citizen (id),
  case_id uuid REFERENCES case_file (id),
  conversation_id uuid REFERENCES conversation (id),
  state text NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed')),
  author_map jsonb NOT NULL DEFAULT '{}'::jsonb,
  options jsonb NOT NULL DEFAULT '{}'::jsonb,
  messages_total integer,
  messages_imported integer NOT NULL DEFAULT 0,
  messages_skipped integer NOT NULL DEFAULT 0,
  flagged integer NOT NULL DEFAULT 0,
  attachments_stored integer NOT NULL DEFAULT 0,
  error_code text,
  error_message text,
  stored_path text,                  -- the upload waiting for the import job; removed when done
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
-- The same file is imported once for a citizen; a second upload finds the first batch.
CREATE UNIQUE INDEX import_batch_file_idx ON import_batch (file_sha256, citizen_id) WHERE state <> 'failed';

ALTER TABLE message ADD COLUMN import_batch_id uuid REFERENCES import_batch (id);
ALTER TABLE message ADD COLUMN author_label text;   -- the name shown in the export, for messages by third parties
