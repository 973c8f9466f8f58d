-- Every current Meta payload is stored (issue 9).
-- Business-scoped user ids (BSUID): WhatsApp users who adopt a username may reach a business with
-- no phone number, only `user_id`/`from_user_id`. A BSUID is a citizen identity beside the number:
-- inbound routing matches either. For a BSUID-only sender the conversation's wa_number holds the BSUID.
ALTER TABLE citizen ADD COLUMN wa_user_id text;
CREATE INDEX citizen_wa_user_id_idx ON citizen (wa_user_id) WHERE wa_user_id IS NOT NULL;
ALTER TABLE conversation ADD COLUMN wa_user_id text;
CREATE INDEX conversation_wa_user_id_idx ON conversation (wa_user_id) WHERE wa_user_id IS NOT NULL;
-- A number the citizen gave us through WhatsApp and staff have not yet acted on: the new number of a
-- `user_changed_number` system message, or the number shared in reply to REQUEST_CONTACT_INFO.
ALTER TABLE conversation ADD COLUMN offered_number text;
ALTER TABLE conversation ADD COLUMN offered_number_reason text CHECK (offered_number_reason IN ('changed_number', 'shared_number'));
ALTER TABLE conversation ADD COLUMN offered_number_at timestamptz;

-- What Meta sends that is not a citizen's message: account-level errors (`value.errors[]`), statuses for
-- no message Liaise holds or in states it does not track, changes on other webhook fields, and items that
-- could not be read. Each is kept once (dedupe_key is built from the item's ids, never its content);
-- the item itself is encrypted like a message body, bound to the row id.
CREATE TABLE channel_notice (
  id uuid PRIMARY KEY,
  dedupe_key text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('account_error', 'status', 'field', 'unreadable')),
  field text NOT NULL,
  waba_id text,
  phone_number_id text,
  code integer,
  title text,                        -- Meta's error title or the status/field name; never citizen content
  content_ct bytea NOT NULL,
  key_id text NOT NULL,
  received_at timestamptz NOT NULL
);
CREATE INDEX channel_notice_kind_idx ON channel_notice (kind, received_at DESC);

-- File names at rest: the name a citizen or an export gave a file is encrypted like a body (bound to the
-- attachment id); file_name keeps only a safe display name ("document.pdf"). Existing names are replaced here.
ALTER TABLE attachment ADD COLUMN file_name_ct bytea;
UPDATE attachment SET file_name = CASE
  WHEN file_name ~ '\.[A-Za-z0-9]{1,8}$' THEN 'attachment' || lower(substring(file_name from '\.[A-Za-z0-9]{1,8}$'))
  ELSE 'attachment' END
WHERE file_name IS NOT NULL;
-- An export's file name names the chat ("WhatsApp Chat with …"): only its extension is kept.
UPDATE import_batch SET file_name = CASE
  WHEN file_name ~ '\.[A-Za-z0-9]{1,8}$' THEN 'export' || lower(substring(file_name from '\.[A-Za-z0-9]{1,8}$'))
  ELSE 'export' END;
