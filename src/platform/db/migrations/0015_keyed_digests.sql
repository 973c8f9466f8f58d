-- Keyed digests (issue 9): a message's body digest is an HMAC-SHA-256 under a digest key kept
-- outside the database, and names that key. Rows written before this migration hold an unkeyed
-- SHA-256 in body_digest with digest_key_id NULL; `liaise records rekey-digests` (also run at every
-- server start) replaces each with its keyed digest and appends a message.digest-rekeyed record.
-- A migration cannot do that itself: it does not know the key.
ALTER TABLE message RENAME COLUMN body_sha256 TO body_digest;
ALTER TABLE message ADD COLUMN digest_key_id text;
COMMENT ON COLUMN message.body_digest IS 'HMAC-SHA-256 (hex) of the plaintext body under digest key digest_key_id; NULL key id: a legacy unkeyed digest awaiting rekey-digests';
