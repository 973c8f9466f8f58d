-- Imports have bounded memory (issue 9). Attachment content is stored in chunks, each sealed on its own
-- (chunked AES-256-GCM, see platform/crypto/cipher.ts), so no file is ever held whole in memory to write
-- or read it. One stored content can back several attachments: a photo an export refers to 200 times
-- is stored once. Attachments stored before this keep their single sealed value in attachment.content_ct.
CREATE TABLE attachment_content (
  id uuid PRIMARY KEY,
  key_id text NOT NULL,
  -- The content's own random nonce; each chunk's nonce is derived from it and the chunk's number.
  nonce bytea NOT NULL,
  chunk_bytes integer NOT NULL,
  -- Filled once every chunk is written.
  chunks integer,
  size_bytes bigint,
  sha256 text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE attachment_chunk (
  content_id uuid NOT NULL REFERENCES attachment_content (id) ON DELETE CASCADE,
  seq integer NOT NULL,
  content_ct bytea NOT NULL,
  PRIMARY KEY (content_id, seq)
);
-- Erasing content that no attachment needs any more leaves the attachment row as a tombstone.
ALTER TABLE attachment ADD COLUMN content_id uuid REFERENCES attachment_content (id) ON DELETE SET NULL;
CREATE INDEX attachment_content_id_idx ON attachment (content_id) WHERE content_id IS NOT NULL;
