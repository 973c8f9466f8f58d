-- A form or API call submitted twice must not send twice: each send may carry a client key
-- (one per rendered composer form, or the API's Idempotency-Key header), and a key seen
-- before for the conversation returns the message it already queued.
CREATE TABLE message_client_key (
  conversation_id uuid NOT NULL REFERENCES conversation (id),
  client_key text NOT NULL,
  -- Deferred: the key is claimed first in the send transaction, before the message row exists.
  message_id uuid NOT NULL REFERENCES message (id) DEFERRABLE INITIALLY DEFERRED,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, client_key)
);
