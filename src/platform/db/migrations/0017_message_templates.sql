-- Message templates, managed by admins and mirrored from the Cloud API's message_templates endpoints.
-- The first-contact template Liaise has always sent ("liaise_first_contact", approved in WhatsApp Manager)
-- is seeded as approved, so first contact keeps working before the first sync; a sync corrects its
-- status from the account (disabled when the account no longer holds it).
INSERT INTO message_template (id, name, language, category, body, status)
VALUES (
  '00000000-0000-4000-8000-000000000017',
  'liaise_first_contact',
  'en_GB',
  'UTILITY',
  'Hello {{1}}, this is {{2}} from {{3}}. We have been trying to reach you. Please reply to this message so we can arrange a phone call or meeting.',
  'APPROVED'
)
ON CONFLICT (name, language) DO NOTHING;

-- When the status last changed (approved, rejected, paused …), shown on the admin page.
ALTER TABLE message_template ADD COLUMN status_at timestamptz;
