-- Keyed attachment digests (issue 9), as 0015 did for message bodies. An attachment's digest is the
-- HMAC-SHA-256, under a digest key kept outside the database, of its content's SHA-256 (see
-- platform/crypto/digest.ts attachmentDigest): whoever reads the database cannot confirm a guessed
-- file by hashing it. Rows written before this hold the unkeyed SHA-256 with digest_key_id NULL;
-- `liaise records rekey-digests` (also run at every server start) replaces each with its keyed digest
-- and appends an attachment.digest-rekeyed record. A migration cannot: it does not know the key.
-- For an inbound attachment still to be fetched the digest is Meta's SHA-256 put under the key, and
-- the download is checked against it.
ALTER TABLE attachment RENAME COLUMN sha256 TO content_digest;
ALTER TABLE attachment ADD COLUMN digest_key_id text;
COMMENT ON COLUMN attachment.content_digest IS 'HMAC-SHA-256 (hex) of the hex SHA-256 of the content, under digest key digest_key_id; NULL key id: a legacy unkeyed SHA-256 awaiting rekey-digests';
-- A stored content's digest was only ever a copy of its attachments' (which keep theirs).
ALTER TABLE attachment_content DROP COLUMN sha256;
