import type { ShapeExpectation } from './meta-shapes.js';
/**
 * The WhatsApp Cloud API simulator's own types: how it is started, steered and inspected.
 * The wire shapes it speaks are Meta's (see `../cloud-api.types.ts`).
 */

export interface SimulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Signs webhooks (`X-Hub-Signature-256`), as Meta does with the app secret. */
  appSecret: string;
  /** The only bearer token the Graph routes accept. */
  accessToken: string;
  /** The business phone number id (`/{version}/{phoneNumberId}/messages`). */
  phoneNumberId: string;
  /** Where webhooks go; null holds them until `sim.setWebhookUrl` is called. */
  webhookUrl: string | null;
  /** Graph API version the simulator reports (any `vNN.N` is accepted on requests; default v21.0). */
  apiVersion?: string;
  /** Shown on the citizen-phone page (default "Liaise Council"). */
  businessName?: string;
  /** The business's display number, digits only (default 447700900000). */
  displayPhoneNumber?: string;
  /** Clock for timestamps and the 24-hour window (default real time). */
  now?: () => Date;
  /** Gap between the send and each of its sent/delivered statuses (default 150 ms). */
  statusDelayMs?: number;
  /** Also send `read` automatically after `delivered` (default false: read when the citizen opens the thread). */
  autoRead?: boolean;
  /** Waits before each webhook retry (default 1 s, 2 s, 4 s … up to 10 tries). */
  webhookRetryDelaysMs?: number[];
  /** Per-attempt webhook timeout (default 10 s). */
  webhookTimeoutMs?: number;
  /** How long a `timeout` fault holds the request before dropping it (default 60 s). */
  faultHoldMs?: number;
  /** Largest upload on the phone page (default 16 MB). */
  maxUploadBytes?: number;
  /** The WhatsApp Business Account id of `/{waba-id}/message_templates` (default: derived from the phone number id). */
  wabaId?: string;
  /**
   * How long after it is created a template is reviewed (approved, or rejected for breaking Meta's rules)
   * and the status webhook sent (default 2 s). Null: only when `reviewTemplate` is called.
   */
  templateReviewDelayMs?: number | null;
}

/** A template on the simulated business account. */
export interface SimTemplate {
  id: string;
  name: string;
  language: string;
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  body: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  rejectedReason: string | null;
}

/** Faults on `POST /messages` (`5xx` … `undeliverable-async`) or on webhook delivery (the last two). */
export type FaultKind =
  | '5xx'
  | '5xx-no-body'
  | '429'
  | 'timeout'
  | 'reset'
  | 'undeliverable'
  | 'undeliverable-async'
  | 'duplicate-webhook'
  | 'out-of-order-statuses';

export const FAULT_KINDS: readonly FaultKind[] = [
  '5xx',
  '5xx-no-body',
  '429',
  'timeout',
  'reset',
  'undeliverable',
  'undeliverable-async',
  'duplicate-webhook',
  'out-of-order-statuses',
];

export interface FaultSpec {
  kind: FaultKind;
  /** How many requests (or webhook deliveries, or sends for out-of-order) it affects (default 1). */
  count?: number;
  /**
   * For `timeout`, `reset` and `5xx-no-body`: whether the message was really accepted before the
   * answer was lost (default true — the case that must not be resent blindly). Ignored otherwise.
   */
  accepted?: boolean;
}

export interface ActiveFault {
  kind: FaultKind;
  remaining: number;
  accepted: boolean;
}

export type OutboundStatus = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

/** A message the business sent, as the citizen's phone received it. */
export interface SimOutboundMessage {
  id: string;
  /** Citizen's WhatsApp id: digits, no '+'. */
  to: string;
  type: 'text' | 'template';
  /** What the citizen sees (a template rendered with its parameters). */
  text: string;
  template: { name: string; language: string; parameters: string[] } | null;
  /** `biz_opaque_callback_data` as sent. */
  clientReference: string | null;
  at: Date;
  status: OutboundStatus;
}

export interface SimInboundMedia {
  /** Raw bytes; or use `sample` for the built-in image or PDF. */
  bytes?: Buffer;
  sample?: 'image' | 'pdf';
  mimeType?: string;
  fileName?: string;
  caption?: string;
  /**
   * The SHA-256 (hex) the webhook announces, instead of the file's own: a delivery whose checksum does not
   * match the media it points to, for testing that the download is refused.
   */
  announcedSha256?: string;
}

export interface SimInboundInput {
  /** Citizen's number, with or without '+'. */
  from: string;
  text?: string;
  image?: SimInboundMedia;
  document?: SimInboundMedia;
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  /** WhatsApp profile name sent in `contacts[].profile.name` (default: last one used, or "Test Citizen"). */
  profileName?: string;
  /** Reply to one of the business's messages (`context.id`). */
  replyTo?: string;
}

/** A message the citizen sent. */
export interface SimInboundMessage {
  id: string;
  from: string;
  profileName: string;
  type: 'text' | 'image' | 'document' | 'location';
  text: string | null;
  mediaId: string | null;
  fileName: string | null;
  location: { latitude: number; longitude: number; name: string | null; address: string | null } | null;
  at: Date;
  /** Marked read by the business (`POST /messages` with `status: 'read'`). */
  readByBusiness: boolean;
}

export interface WebhookDeliveryLog {
  /** Sequence number of the delivery (a duplicate gets its own). */
  seq: number;
  /** What it carried: `message`, or a status name. */
  about: string;
  /** wamid it concerns. */
  messageId: string;
  attempts: number;
  /** Last HTTP status, or null for a connection error / not yet tried. */
  lastStatus: number | null;
  state: 'pending' | 'delivered' | 'retrying' | 'gave-up' | 'held';
  duplicate: boolean;
}

export interface SimulatorControl {
  /** Deliver a citizen's message by signed webhook; resolves with its wamid after the first attempt. */
  sendInbound(input: SimInboundInput): Promise<string>;
  /** Every message the business sent, oldest first. */
  outbox(): SimOutboundMessage[];
  /** Every message citizens sent, oldest first. */
  inbox(): SimInboundMessage[];
  /** The citizen reads a business message: a `read` status webhook (resolves after the first attempt). */
  markRead(wamid: string): Promise<void>;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  faults(): ActiveFault[];
  /**
   * Deliver one of Meta's documented webhook shapes (`META_SHAPES`, by name), signed and retried like
   * any other delivery, from `waId` (default a drama-range number) with business-scoped user id `userId`.
   * Resolves after the first attempt with the HTTP status it got and what Liaise must keep of it.
   */
  sendShape(
    name: string,
    options?: { waId?: string; userId?: string; knownMessageId?: string; prefix?: string },
  ): Promise<{ status: number | null; expect: ShapeExpectation[] }>;
  /** POST an arbitrary body to the webhook, signed (or with `signature` as given; null sends none). */
  deliverRaw(body: unknown, options?: { signature?: string | null }): Promise<{ status: number | null }>;
  setWebhookUrl(url: string | null): void;
  webhookDeliveries(): WebhookDeliveryLog[];
  /** Resolves when no webhook delivery is pending or scheduled for retry. */
  idle(): Promise<void>;
  /** The business account's templates, oldest first. */
  templates(): SimTemplate[];
  /**
   * Meta's review of a template now: as given, or by the simulated rules (approved unless the body breaks
   * Meta's rules). Sends the signed `message_template_status_update` webhook; resolves after its first attempt.
   */
  reviewTemplate(templateId: string, decision?: { status: SimTemplate['status']; reason?: string }): Promise<SimTemplate>;
  /** Forget all messages, media, windows and faults; the templates go back to the approved first-contact one. */
  reset(): void;
}

export interface RunningSimulator {
  /** Base URL, e.g. `http://127.0.0.1:41234`: the client's `graphBase`. */
  url: string;
  close(): Promise<void>;
  sim: SimulatorControl;
}
