-- Oversight: WhatsApp's two forwarding marks kept apart (a message forwarded many times is a chain
-- message, which staff should treat with more care), and the lookups the manager's queue and the usage
-- page make.
ALTER TABLE message ADD COLUMN frequently_forwarded boolean NOT NULL DEFAULT false;
CREATE INDEX message_report_message_idx ON message_report (message_id);
CREATE INDEX message_outbound_staff_idx ON message (staff_id, created_at) WHERE direction = 'outbound';
