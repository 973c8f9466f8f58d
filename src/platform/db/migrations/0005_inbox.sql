-- The inbox: who a conversation is assigned to, whether it is open, closed or archived,
-- and when each member of staff last read it (for "new message" markers).
ALTER TABLE conversation ADD COLUMN assigned_to uuid REFERENCES staff (id);
ALTER TABLE conversation ADD COLUMN state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed', 'archived'));
CREATE INDEX conversation_assigned_idx ON conversation (assigned_to) WHERE assigned_to IS NOT NULL;

CREATE TABLE conversation_read (
  conversation_id uuid NOT NULL REFERENCES conversation (id),
  staff_id uuid NOT NULL REFERENCES staff (id),
  read_at timestamptz NOT NULL,
  PRIMARY KEY (conversation_id, staff_id)
);
