/**
 * Liaise's own view of a messaging channel. WhatsApp payload shapes never leave
 * `channel/whatsapp/`: the mapper translates Meta's webhook JSON into these types,
 * and the client takes these types and speaks Meta's wire format.
 */

export type InboundKind =
  | 'text'
  | 'image'
  | 'document'
  | 'audio'
  | 'video'
  | 'sticker'
  | 'location'
  | 'contacts'
  | 'interactive'
  | 'button'
  | 'reaction'
  | 'order'
  | 'system'
  | 'request_welcome'
  | 'unsupported';

export interface InboundMedia {
  /** Provider's media id, fetched later through the media-id → URL → download flow. */
  mediaId: string;
  mimeType: string | null;
  sha256: string | null;
  fileName: string | null;
  caption: string | null;
}

export interface InboundLocation {
  latitude: number;
  longitude: number;
  name: string | null;
  address: string | null;
}

export interface InboundMessageEvent {
  kind: 'message';
  /** Business phone number id the message was sent to. */
  phoneNumberId: string;
  /** Provider message id (wamid…): the de-duplication key. */
  providerMessageId: string;
  /**
   * The sender's address: E.164 with a leading '+' when Meta gives the number, else the sender's
   * business-scoped user id (BSUID, e.g. `US.13491208655302741918`) for a username-only user.
   */
  from: string;
  /** The sender's BSUID (`from_user_id`), when Meta gives one; absent before the BSUID roll-out. */
  fromUserId?: string | null;
  /**
   * A number the citizen gave through WhatsApp: the new number of a `user_changed_number` system
   * message, or the number shared in reply to a REQUEST_CONTACT_INFO button. Staff decide what to do.
   */
  offeredNumber?: { number: string; reason: 'changed_number' | 'shared_number' } | null;
  /** The sender's WhatsApp profile name, if the delivery carried one. */
  profileName: string | null;
  sentAt: Date;
  type: InboundKind;
  /** Text body, or a media caption, or a readable summary for other kinds. */
  text: string | null;
  media: InboundMedia | null;
  location: InboundLocation | null;
  /** WhatsApp marks forwarded messages (context.forwarded / frequently_forwarded). */
  forwarded: boolean;
  /** Forwarded many times (context.frequently_forwarded): a chain message. Implies `forwarded`. */
  frequentlyForwarded: boolean;
  /** The provider id of the message this one replies to, if any. */
  replyToProviderMessageId: string | null;
}

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface ProviderError {
  code: number;
  title: string;
  detail: string | null;
}

export interface StatusEvent {
  kind: 'status';
  phoneNumberId: string;
  providerMessageId: string;
  status: DeliveryStatus;
  at: Date;
  /** Recipient in E.164 with a leading '+', or the recipient's BSUID when Meta gives no number. */
  recipient: string;
  /** Liaise's own message id, echoed back by Meta from `biz_opaque_callback_data`. */
  clientReference: string | null;
  errors: ProviderError[];
}

/**
 * Something Meta sent that is not a citizen's message and not a tracked delivery status: an
 * account-level error, a status for no message Liaise holds (or in a state it does not track), a change
 * on another webhook field, or an item that could not be read. Kept once, its item encrypted.
 */
export interface ChannelNotice {
  kind: 'notice';
  noticeKind: 'account_error' | 'status' | 'field' | 'unreadable';
  /** The webhook field (`messages`, `account_alerts`, …). */
  field: string;
  wabaId: string | null;
  phoneNumberId: string | null;
  /** Meta's error code, when the notice is an error. */
  code: number | null;
  /** Meta's error title, the status or the field: never citizen content. */
  title: string | null;
  /** The item as Meta sent it (NULs stripped); stored encrypted. */
  item: unknown;
  /** Built from the item's ids (and the delivery's position when it has none); never its content. */
  dedupeKey: string;
  at: Date;
}

/** A WhatsApp template's review state, as Meta names it. */
export const TEMPLATE_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];
export const TEMPLATE_CATEGORIES = ['UTILITY', 'MARKETING', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/**
 * A template's review changed (Meta's `message_template_status_update`): approved, rejected, paused …
 * `status` is null for an event Liaise does not track (say `IN_APPEAL`); the notice of it is kept anyway.
 */
export interface TemplateStatusEvent {
  kind: 'template_status';
  wabaId: string | null;
  providerTemplateId: string | null;
  name: string;
  language: string;
  status: TemplateStatus | null;
  /** Meta's reason for a rejection (`INVALID_FORMAT` …); null for `NONE`. */
  reason: string | null;
  at: Date;
}

export type ChannelEvent = InboundMessageEvent | StatusEvent | ChannelNotice | TemplateStatusEvent;

/** A template as the WhatsApp Business Account holds it (only its body text: Liaise sends body-only templates). */
export interface ChannelTemplate {
  providerTemplateId: string;
  name: string;
  language: string;
  category: TemplateCategory;
  /** Null for a status Liaise does not track (say `IN_APPEAL`): such a template is not stored. */
  status: TemplateStatus | null;
  /** The BODY component's text; null when the template has none. */
  body: string | null;
  rejectedReason: string | null;
}

export interface NewChannelTemplate {
  name: string;
  language: string;
  category: TemplateCategory;
  body: string;
  /** An example value for each body parameter, in order: Meta requires them for review. */
  exampleParameters: string[];
}

/** The business account's template endpoints (`/{waba-id}/message_templates`). */
export interface TemplateChannel {
  listTemplates(): Promise<ChannelTemplate[]>;
  createTemplate(template: NewChannelTemplate): Promise<{ providerTemplateId: string; status: TemplateStatus }>;
}

/** What Liaise asks the channel to send. */
export type OutboundContent =
  | { type: 'text'; body: string }
  | {
      type: 'template';
      /** Approved template name, e.g. `liaise_first_contact`. */
      name: string;
      language: string;
      /** Body parameters, in order ({{1}}, {{2}} …). */
      bodyParameters: string[];
    };

export interface SendRequest {
  /** Recipient in E.164 with a leading '+'. */
  to: string;
  content: OutboundContent;
  /** Liaise's message id; sent as `biz_opaque_callback_data` so statuses can be matched after a crash. */
  clientReference: string;
}

/**
 * The outcome of one send attempt, classified for the outbox worker:
 * - `accepted`: the provider took it (we have its message id).
 * - `retryable`: certainly not sent (connection refused, 429/130429, 5xx with an error body): try again later.
 * - `rejected`: certainly not sent and never will be as it is (131047 outside the 24-hour window,
 *   131026 undeliverable, bad request): show the caseworker.
 * - `uncertain`: the request may have reached the provider (timeout, connection reset after sending):
 *   never resend blindly; reconcile from status webhooks or ask the caseworker.
 */
export type SendResult =
  | { outcome: 'accepted'; providerMessageId: string }
  | { outcome: 'retryable'; code: number | null; reason: string; retryAfterMs: number | null }
  | { outcome: 'rejected'; code: number | null; reason: string }
  | { outcome: 'uncertain'; reason: string };

export interface DownloadedMedia {
  bytes: Buffer;
  mimeType: string;
  sha256: string;
  fileName: string | null;
}

/** Media being downloaded: its body a piece at a time; `sha256` and `sizeBytes` are known once the body has been read through. */
export interface StreamedMedia {
  mimeType: string;
  /** Fails (ChannelMediaError) past the size limit, or at its end when the content does not match the provider's SHA-256. */
  body: AsyncGenerator<Buffer>;
  /** Hex, once the whole body has been read and matched; null before. */
  readonly sha256: string | null;
  readonly sizeBytes: number;
}

export interface ChannelClient {
  send(request: SendRequest): Promise<SendResult>;
  downloadMedia(mediaId: string): Promise<DownloadedMedia>;
  /** The same download as a stream, for callers that must never hold a whole file. */
  openMedia(mediaId: string): Promise<StreamedMedia>;
}
