/**
 * Message templates approved in WhatsApp Manager. Outside the 24-hour
 * customer-service window only an approved template may be sent; Liaise's one
 * template arranges contact by a verifiable means, which is all the guidance allows.
 */
export interface ApprovedTemplate {
  name: string;
  language: string;
  body: string;
  parameterNames: string[];
}

export const FIRST_CONTACT_TEMPLATE: ApprovedTemplate = {
  name: 'liaise_first_contact',
  language: 'en_GB',
  body: 'Hello {{1}}, this is {{2}} from {{3}}. We have been trying to reach you. Please reply to this message so we can arrange a phone call or meeting.',
  parameterNames: ['citizen first name', 'staff name', 'team name'],
};

/** The customer-service window: free-form messages only within 24 hours of the citizen's last message. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export const isWindowOpen = (lastInboundAt: Date | null, now: Date) =>
  lastInboundAt !== null && now.getTime() - lastInboundAt.getTime() < SERVICE_WINDOW_MS;
