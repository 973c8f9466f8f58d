import { z } from 'zod';
import type {
  ChannelEvent,
  DeliveryStatus,
  InboundKind,
  InboundMedia,
  InboundMessageEvent,
  ProviderError,
  StatusEvent,
} from '../channel.types.js';
import {
  messagesChangeValueSchema,
  webhookEnvelopeSchema,
  webhookMessageSchema,
  webhookStatusSchema,
  type MetaError,
  type WebhookContact,
  type WebhookMessage,
  type WebhookStatus,
} from './cloud-api.types.js';
import { WebhookPayloadError } from './channel.errors.js';

export interface MappedWebhook {
  events: ChannelEvent[];
  /** Items Liaise does not act on: other webhook fields, unknown statuses, account-level errors. */
  ignored: number;
  /**
   * Items inside a well-formed delivery that could not be read (path and problem, never content).
   * A message with a readable id, sender and time but an unreadable body is still emitted, as
   * `unsupported`, so nothing Meta acknowledged to the citizen disappears without a trace.
   */
  problems: Array<{ path: string; problem: string }>;
}

export const MEDIA_KINDS = ['image', 'document', 'audio', 'video', 'sticker'] as const;
type MediaKind = (typeof MEDIA_KINDS)[number];
const DELIVERY_STATUSES: ReadonlySet<string> = new Set<DeliveryStatus>(['sent', 'delivered', 'read', 'failed']);

/**
 * Translate one webhook delivery (already JSON-parsed) into Liaise's channel events.
 * Every entry, every change, every message and every status is mapped — not just the first.
 * Throws `WebhookPayloadError` when the envelope itself is not Meta's (`object`, `entry[]`,
 * `changes[]`); a bad item inside it is reported in `problems` and does not sink its siblings.
 */
export function mapWebhookPayload(raw: unknown, receivedAt: Date = new Date()): MappedWebhook {
  // A NUL character is valid JSON but no database text column takes it; left in, one
  // delivery would fail on every retry (Meta retries for 7 days). Strip it everywhere.
  const payload = stripNul(raw);
  const envelope = parseAt(webhookEnvelopeSchema, payload, '');
  const events: ChannelEvent[] = [];
  const problems: MappedWebhook['problems'] = [];
  let ignored = 0;

  const tryParse = <S extends z.ZodType>(schema: S, data: unknown, path: string): z.output<S> | undefined => {
    try {
      return parseAt(schema, data, path);
    } catch (err) {
      if (!(err instanceof WebhookPayloadError)) throw err;
      problems.push({ path: err.path, problem: err.message });
      return undefined;
    }
  };

  envelope.entry.forEach((entry, e) => {
    entry.changes.forEach((change, c) => {
      const at = `entry[${e}].changes[${c}]`;
      if (change.field !== 'messages') {
        ignored += 1;
        return;
      }
      const value = tryParse(messagesChangeValueSchema, change.value, `${at}.value`);
      if (!value) return;
      const phoneNumberId = value.metadata.phone_number_id;
      const profileNames = profileNamesByWaId(value.contacts);

      value.messages?.forEach((raw, m) => {
        const path = `${at}.value.messages[${m}]`;
        const message = tryParse(webhookMessageSchema, raw, path);
        if (message) {
          events.push(mapMessage(message, phoneNumberId, profileNames, problems, path));
          return;
        }
        const core = messageCoreSchema.safeParse(raw);
        if (core.success) events.push(unsupportedMessage(core.data, phoneNumberId, profileNames));
      });
      value.statuses?.forEach((raw, s) => {
        const status = tryParse(webhookStatusSchema, raw, `${at}.value.statuses[${s}]`);
        if (!status) return;
        if (!DELIVERY_STATUSES.has(status.status)) {
          ignored += 1; // e.g. 'deleted', 'warning': not a delivery state Liaise tracks
          return;
        }
        events.push(mapStatus(status, phoneNumberId));
      });
      ignored += value.errors?.length ?? 0;
    });
  });

  for (const ev of events) {
    if (ev.kind === 'message') ev.sentAt = plausibleTime(ev.sentAt, receivedAt);
    else ev.at = plausibleTime(ev.at, receivedAt);
  }
  return { events, ignored, problems };
}

/** The fields every message has; enough to keep a trace of one whose body cannot be read. */
const messageCoreSchema = z.looseObject({
  from: z.string().regex(/^\+?\d{5,20}$/),
  id: z.string().min(1),
  timestamp: z.union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()]),
});

function baseOf(
  message: z.output<typeof messageCoreSchema> & Partial<Pick<WebhookMessage, 'context'>>,
  phoneNumberId: string,
  profileNames: Map<string, string>,
) {
  return {
    kind: 'message' as const,
    phoneNumberId,
    providerMessageId: message.id,
    from: toE164(message.from),
    profileName: profileNames.get(digitsOf(message.from)) ?? profileNames.get('*') ?? null,
    sentAt: fromUnixSeconds(message.timestamp),
    forwarded: message.context?.forwarded === true || message.context?.frequently_forwarded === true,
    frequentlyForwarded: message.context?.frequently_forwarded === true,
    replyToProviderMessageId: message.context?.id ?? null,
    media: null as InboundMedia | null,
    location: null as InboundMessageEvent['location'],
  };
}

function unsupportedMessage(
  core: z.output<typeof messageCoreSchema>,
  phoneNumberId: string,
  profileNames: Map<string, string>,
): InboundMessageEvent {
  return { ...baseOf(core, phoneNumberId, profileNames), type: 'unsupported', text: null };
}

function mapMessage(
  message: WebhookMessage,
  phoneNumberId: string,
  profileNames: Map<string, string>,
  problems: MappedWebhook['problems'],
  at: string,
): InboundMessageEvent {
  const base = baseOf(message, phoneNumberId, profileNames);
  const missing = (field: string): InboundMessageEvent => {
    problems.push({ path: `${at}.${field}`, problem: `required for a ${message.type} message` });
    return { ...base, type: 'unsupported', text: null };
  };

  switch (message.type) {
    case 'text': {
      if (!message.text) return missing('text');
      return { ...base, type: 'text', text: message.text.body };
    }
    case 'image':
    case 'document':
    case 'audio':
    case 'video':
    case 'sticker': {
      const kind: MediaKind = message.type;
      const media = message[kind];
      if (!media) return missing(kind);
      return {
        ...base,
        type: kind,
        text: media.caption ?? null,
        media: {
          mediaId: media.id,
          mimeType: media.mime_type ?? null,
          sha256: media.sha256 ? normaliseSha256(media.sha256) : null,
          fileName: media.filename ?? null,
          caption: media.caption ?? null,
        },
      };
    }
    case 'location': {
      const loc = message.location;
      if (!loc) return missing('location');
      const location = {
        latitude: loc.latitude,
        longitude: loc.longitude,
        name: loc.name ?? null,
        address: loc.address ?? null,
      };
      const label = [loc.name, loc.address].filter(Boolean).join(', ');
      return {
        ...base,
        type: 'location',
        location,
        text: `Location: ${label ? `${label} ` : ''}(${loc.latitude}, ${loc.longitude})`,
      };
    }
    case 'contacts': {
      const cards = message.contacts ?? [];
      const summary = cards
        .map((card) => {
          const phones = (card.phones ?? []).map((p) => p.phone).filter(Boolean);
          return [card.name?.formatted_name, phones.join(', ')].filter(Boolean).join(': ');
        })
        .filter(Boolean);
      return { ...base, type: 'contacts', text: summary.length ? `Contact card: ${summary.join('; ')}` : 'Contact card' };
    }
    case 'interactive': {
      const i = message.interactive;
      const title = i?.button_reply?.title ?? i?.list_reply?.title ?? null;
      return { ...base, type: 'interactive', text: title };
    }
    case 'button':
      return { ...base, type: 'button', text: message.button?.text ?? message.button?.payload ?? null };
    case 'reaction':
      return {
        ...base,
        type: 'reaction',
        text: message.reaction?.emoji ? `Reacted ${message.reaction.emoji}` : 'Removed a reaction',
        replyToProviderMessageId: message.reaction?.message_id ?? base.replyToProviderMessageId,
      };
    default:
      // 'unsupported', 'unknown', 'system', 'order', 'request_welcome' … and anything Meta adds later.
      return { ...base, type: 'unsupported' satisfies InboundKind, text: null };
  }
}

function mapStatus(status: WebhookStatus, phoneNumberId: string): StatusEvent {
  return {
    kind: 'status',
    phoneNumberId,
    providerMessageId: status.id,
    status: status.status as DeliveryStatus,
    at: fromUnixSeconds(status.timestamp),
    recipient: toE164(status.recipient_id),
    clientReference: status.biz_opaque_callback_data ?? null,
    errors: (status.errors ?? []).map(mapProviderError),
  };
}

/** Meta's error object (in statuses and messages) → Liaise's ProviderError. */
export function mapProviderError(error: MetaError): ProviderError {
  return {
    code: error.code,
    title: error.title ?? error.message ?? `Error ${error.code}`,
    detail: error.error_data?.details ?? null,
  };
}

function profileNamesByWaId(contacts: WebhookContact[] | undefined): Map<string, string> {
  const names = new Map<string, string>();
  if (!contacts) return names;
  for (const contact of contacts) {
    const name = contact.profile?.name;
    if (name === undefined) continue;
    if (contact.wa_id) names.set(digitsOf(contact.wa_id), name);
  }
  // A single contact without wa_id still names the sender of that change.
  if (contacts.length === 1 && contacts[0]?.profile?.name !== undefined && !contacts[0].wa_id) {
    names.set('*', contacts[0].profile.name);
  }
  return names;
}

/** Meta gives media hashes in base64 in webhooks and hex elsewhere: Liaise keeps lowercase hex. */
export function normaliseSha256(value: string): string {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return v.toLowerCase();
  const bytes = Buffer.from(v, 'base64');
  return bytes.length === 32 ? bytes.toString('hex') : v;
}

const digitsOf = (id: string) => (id.startsWith('+') ? id.slice(1) : id);
const toE164 = (id: string) => `+${digitsOf(id)}`;
// WhatsApp Business messages cannot predate the platform; a time beyond a day ahead is a
// sender's clock or a forged payload. Either way the message is kept, at the time it arrived.
const EARLIEST_PLAUSIBLE_MS = Date.UTC(2009, 0, 1);
const LATEST_AHEAD_MS = 24 * 60 * 60 * 1000;

const fromUnixSeconds = (ts: string | number) => new Date(Number(ts) * 1000);

/** The time itself, or the receipt time when it is impossible (9e12, "999999999999", before 2009). */
export function plausibleTime(t: Date, receivedAt: Date): Date {
  const ms = t.getTime();
  return Number.isFinite(ms) && ms >= EARLIEST_PLAUSIBLE_MS && ms <= receivedAt.getTime() + LATEST_AHEAD_MS ? t : receivedAt;
}

/** Every string in a parsed JSON value with NUL characters removed (keys included). */
export function stripNul(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  if (Array.isArray(value)) return value.map(stripNul);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k.replaceAll('\u0000', '')] = stripNul(v);
    return out;
  }
  return value;
}

function parseAt<S extends z.ZodType>(schema: S, data: unknown, prefix: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = formatPath(prefix, issue.path);
  throw new WebhookPayloadError(path, describeIssue(issue));
}

function formatPath(prefix: string, path: PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** A description of the problem that never includes the received value. */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'invalid_format':
      return issue.message && !issue.message.startsWith('Invalid') ? issue.message : `invalid ${issue.format}`;
    case 'too_small':
      return 'too short or empty';
    case 'too_big':
      return 'too long';
    case 'invalid_union': {
      const nested = issue.errors.flat().find((i) => i.code !== 'invalid_type');
      return nested ? describeIssue(nested) : 'not a recognised form';
    }
    default:
      return 'invalid';
  }
}
