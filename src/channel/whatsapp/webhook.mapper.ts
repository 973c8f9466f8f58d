import { z } from 'zod';
import type {
  ChannelEvent,
  ChannelNotice,
  DeliveryStatus,
  InboundKind,
  InboundMedia,
  InboundMessageEvent,
  ProviderError,
  StatusEvent,
  TemplateStatusEvent,
} from '../channel.types.js';
import { TEMPLATE_STATUSES } from '../channel.types.js';
import {
  bsuid,
  messagesChangeValueSchema,
  metaErrorSchema,
  templateStatusValueSchema,
  webhookContactSchema,
  webhookEnvelopeSchema,
  webhookMessageSchema,
  webhookStatusSchema,
  type MetaError,
  type WebhookMessage,
  type WebhookStatus,
} from './cloud-api.types.js';
import { WebhookPayloadError } from './channel.errors.js';

export interface MappedWebhook {
  events: ChannelEvent[];
  /** Items Liaise neither stores nor needs: none today (every item is a message, a status or a notice). */
  ignored: number;
  /**
   * Items inside a well-formed delivery that could not be read (path and problem, never content). Each is
   * still emitted: a message with a readable id and sender as an `unsupported` message carrying what could
   * be read, anything else as an `unreadable` notice holding the item, so nothing Meta sent disappears.
   */
  problems: Array<{ path: string; problem: string }>;
}

export const MEDIA_KINDS = ['image', 'document', 'audio', 'video', 'sticker'] as const;
type MediaKind = (typeof MEDIA_KINDS)[number];
const DELIVERY_STATUSES: ReadonlySet<string> = new Set<DeliveryStatus>(['sent', 'delivered', 'read', 'failed']);
/** How much of an item Liaise puts into a message body when it has no better summary of it. */
const MAX_RAW_SUMMARY = 4000;

/**
 * Translate one webhook delivery (already JSON-parsed) into Liaise's channel events.
 * Every entry, every change, every message and every status is mapped — not just the first — and so
 * is what is not a message: account-level errors, statuses in states Liaise does not track, changes on
 * other fields, and unreadable items become notices.
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
    const wabaId = entry.id ?? null;
    entry.changes.forEach((change, c) => {
      const at = `entry[${e}].changes[${c}]`;
      const notice = (n: Omit<ChannelNotice, 'kind' | 'field' | 'wabaId' | 'at'> & { field?: string }): void => {
        events.push({ kind: 'notice', field: change.field, wabaId, at: receivedAt, ...n });
      };
      if (change.field === 'message_template_status_update') {
        // A template's review: Liaise updates the template's status; the notice below keeps what Meta sent.
        const v = templateStatusValueSchema.safeParse(change.value);
        if (v.success) events.push(mapTemplateStatus(v.data, wabaId, receivedAt));
        else problems.push({ path: `${at}.value`, problem: 'template status update could not be read' });
      }
      if (change.field !== 'messages') {
        // account_alerts, account_update, message_template_status_update, user_preferences, calls …
        notice({
          noticeKind: 'field',
          phoneNumberId: phoneNumberIdOf(change.value),
          code: null,
          title: change.field,
          item: change.value ?? null,
          dedupeKey: `delivery:${at}`,
        });
        return;
      }
      const value = tryParse(messagesChangeValueSchema, change.value, `${at}.value`);
      if (!value) {
        notice({
          noticeKind: 'unreadable',
          phoneNumberId: phoneNumberIdOf(change.value),
          code: null,
          title: 'change could not be read',
          item: change.value ?? null,
          dedupeKey: `delivery:${at}`,
        });
        return;
      }
      const phoneNumberId = value.metadata.phone_number_id;
      const senders = sendersOf(value.contacts);

      value.messages?.forEach((raw, m) => {
        const path = `${at}.value.messages[${m}]`;
        const message = tryParse(webhookMessageSchema, raw, path);
        const core = message ?? messageCoreSchema.safeParse(raw).data;
        const sender = core ? senderOf(core, senders) : null;
        if (message && sender) {
          events.push(mapMessage(message, sender, phoneNumberId, problems, path));
          return;
        }
        if (core && sender) {
          events.push(unreadableMessage(core, raw, sender, phoneNumberId));
          return;
        }
        if (message || core) problems.push({ path, problem: 'no sender (from or from_user_id)' });
        const id = core?.id ?? (isRecord(raw) && typeof raw['id'] === 'string' ? raw['id'] : null);
        notice({
          noticeKind: 'unreadable',
          phoneNumberId,
          code: null,
          title: 'message could not be read',
          item: raw,
          dedupeKey: id ? `message:${id}` : `delivery:${path}`,
        });
      });
      value.statuses?.forEach((raw, s) => {
        const path = `${at}.value.statuses[${s}]`;
        const status = tryParse(webhookStatusSchema, raw, path);
        const recipient = status ? (status.recipient_id ? toE164(status.recipient_id) : (status.recipient_user_id ?? null)) : null;
        if (status && recipient && DELIVERY_STATUSES.has(status.status)) {
          events.push(mapStatus(status, recipient, phoneNumberId));
          return;
        }
        // 'deleted', 'warning', 'played' …, a status with no recipient, or one that could not be read.
        notice({
          noticeKind: status ? 'status' : 'unreadable',
          phoneNumberId,
          code: status?.errors?.[0]?.code ?? null,
          title: status ? status.status : 'status could not be read',
          item: raw,
          dedupeKey: status ? `status:${status.id}:${status.status}:${String(status.timestamp)}` : `delivery:${path}`,
        });
      });
      value.errors?.forEach((raw, x) => {
        const error = metaErrorSchema.safeParse(raw);
        notice({
          noticeKind: error.success ? 'account_error' : 'unreadable',
          phoneNumberId,
          code: error.success ? error.data.code : null,
          title: error.success ? mapProviderError(error.data).title : 'error could not be read',
          item: raw,
          dedupeKey: `delivery:${at}.value.errors[${x}]`,
        });
      });
    });
  });

  for (const ev of events) {
    if (ev.kind === 'message') ev.sentAt = plausibleTime(ev.sentAt, receivedAt);
    else if (ev.kind === 'status') ev.at = plausibleTime(ev.at, receivedAt);
  }
  return { events, ignored: 0, problems };
}

function mapTemplateStatus(v: z.output<typeof templateStatusValueSchema>, wabaId: string | null, at: Date): TemplateStatusEvent {
  const status = (TEMPLATE_STATUSES as readonly string[]).includes(v.event) ? (v.event as TemplateStatusEvent['status']) : null;
  return {
    kind: 'template_status',
    wabaId,
    providerTemplateId: v.message_template_id !== undefined ? String(v.message_template_id) : null,
    name: v.message_template_name,
    language: v.message_template_language,
    status,
    reason: v.reason && v.reason !== 'NONE' ? v.reason.slice(0, 200) : null,
    at,
  };
}

/** The fields every message has; enough to keep a trace of one whose body cannot be read. */
const messageCoreSchema = z.looseObject({
  from: z
    .string()
    .regex(/^\+?\d{5,20}$/)
    .optional()
    .catch(undefined),
  from_user_id: bsuid.optional().catch(undefined),
  id: z.string().min(1),
  timestamp: z.union([z.string().regex(/^\d{1,12}$/), z.number().int().nonnegative()]).catch(0),
  type: z.string().optional().catch(undefined),
});
type MessageCore = z.output<typeof messageCoreSchema>;

interface Sender {
  /** The conversation's address: the number in E.164, or the BSUID when there is no number. */
  address: string;
  userId: string | null;
  profileName: string | null;
}

interface ContactIndex {
  byWaId: Map<string, { name: string | null; userId: string | null }>;
  byUserId: Map<string, { name: string | null; waId: string | null }>;
  /** The one contact of a change, when there is exactly one: it names that change's sender. */
  only: { name: string | null; userId: string | null; waId: string | null } | null;
}

function sendersOf(contacts: unknown[] | undefined): ContactIndex {
  const index: ContactIndex = { byWaId: new Map(), byUserId: new Map(), only: null };
  const parsed = (contacts ?? []).map((c) => webhookContactSchema.safeParse(c).data).filter((c) => c !== undefined);
  for (const contact of parsed) {
    const name = contact.profile?.name ?? null;
    const userId = contact.user_id && bsuid.safeParse(contact.user_id).success ? contact.user_id : null;
    if (contact.wa_id) index.byWaId.set(digitsOf(contact.wa_id), { name, userId });
    if (userId) index.byUserId.set(userId, { name, waId: contact.wa_id ?? null });
  }
  if (parsed.length === 1) {
    const c = parsed[0]!;
    index.only = { name: c.profile?.name ?? null, userId: c.user_id ?? null, waId: c.wa_id ?? null };
  }
  return index;
}

/** Who sent a message: its number (`from`), else its BSUID (`from_user_id`), else the change's one contact. */
function senderOf(message: Pick<MessageCore, 'from' | 'from_user_id'>, contacts: ContactIndex): Sender | null {
  const byNumber = message.from ? contacts.byWaId.get(digitsOf(message.from)) : undefined;
  const byUser = message.from_user_id ? contacts.byUserId.get(message.from_user_id) : undefined;
  // Neither id on the message: the change's one contact is its sender.
  const only = !message.from && !message.from_user_id ? contacts.only : null;
  const onlyUserId = only?.userId && bsuid.safeParse(only.userId).success ? only.userId : null;
  const userId = message.from_user_id ?? byNumber?.userId ?? onlyUserId;
  const name = byNumber?.name ?? byUser?.name ?? contacts.only?.name ?? null;
  if (message.from) return { address: toE164(message.from), userId, profileName: name };
  const waId = byUser?.waId ?? only?.waId ?? null;
  if (waId && /^\+?\d{5,20}$/.test(waId)) return { address: toE164(waId), userId, profileName: name };
  if (userId) return { address: userId, userId, profileName: name };
  return null;
}

function baseOf(message: MessageCore & Partial<Pick<WebhookMessage, 'context'>>, sender: Sender, phoneNumberId: string) {
  return {
    kind: 'message' as const,
    phoneNumberId,
    providerMessageId: message.id,
    from: sender.address,
    fromUserId: sender.userId,
    profileName: sender.profileName,
    sentAt: fromUnixSeconds(message.timestamp),
    forwarded: message.context?.forwarded === true || message.context?.frequently_forwarded === true,
    frequentlyForwarded: message.context?.frequently_forwarded === true,
    replyToProviderMessageId: message.context?.id ?? null,
    media: null as InboundMedia | null,
    location: null as InboundMessageEvent['location'],
    offeredNumber: null as InboundMessageEvent['offeredNumber'],
  };
}

/** A message with an id and a sender whose content did not match Meta's shape: kept, with what it held. */
function unreadableMessage(core: MessageCore, raw: unknown, sender: Sender, phoneNumberId: string): InboundMessageEvent {
  const type = core.type ?? 'unknown';
  const inner = isRecord(raw) ? raw[type] : undefined;
  return {
    ...baseOf(core, sender, phoneNumberId),
    type: 'unsupported',
    text: `[${type} message that could not be read]${inner === undefined ? '' : ` ${rawSummary(inner)}`}`,
  };
}

function mapMessage(
  message: WebhookMessage,
  sender: Sender,
  phoneNumberId: string,
  problems: MappedWebhook['problems'],
  at: string,
): InboundMessageEvent {
  const base = baseOf(message, sender, phoneNumberId);
  const referral = message.referral
    ? `\n[From an ad${message.referral.headline ? `: ${message.referral.headline}` : ''}${message.referral.source_url ? ` (${message.referral.source_url})` : ''}]`
    : '';
  const withReferral = (text: string | null) => (referral ? `${text ?? ''}${referral}`.trim() : text);
  const missing = (field: string): InboundMessageEvent => {
    problems.push({ path: `${at}.${field}`, problem: `required for a ${message.type} message` });
    return { ...base, type: 'unsupported', text: `[${message.type} message without its ${field}]` };
  };

  switch (message.type) {
    case 'text': {
      if (!message.text) return missing('text');
      return { ...base, type: 'text', text: withReferral(message.text.body) };
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
        text: withReferral(media.caption ?? null),
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
      // A reply to a REQUEST_CONTACT_INFO button: the user shares their own number (origin contact_request).
      const origin = originOf(message.origin);
      const shared = origin === 'contact_request' ? (cards[0]?.phones?.[0]?.wa_id ?? cards[0]?.phones?.[0]?.phone ?? null) : null;
      const sharedNumber = shared ? e164OrNull(shared) : null;
      return {
        ...base,
        type: 'contacts',
        text: sharedNumber
          ? `Shared their phone number: ${sharedNumber}`
          : summary.length
            ? `Contact card: ${summary.join('; ')}`
            : 'Contact card',
        offeredNumber: sharedNumber ? { number: sharedNumber, reason: 'shared_number' } : null,
      };
    }
    case 'interactive': {
      const i = message.interactive;
      if (i?.nfm_reply) {
        // A WhatsApp Flow's answer: its fields are in response_json (a JSON string).
        const r = i.nfm_reply;
        const fields = r.response_json !== undefined ? flowFields(r.response_json) : null;
        const head = `Form reply${r.name ? ` (${r.name})` : ''}${r.body ? `: ${r.body}` : ''}`;
        return { ...base, type: 'interactive', text: fields ? `${head}\n${fields}` : head };
      }
      const title = i?.button_reply?.title ?? i?.list_reply?.title ?? null;
      if (title !== null) {
        const description = i?.list_reply?.description ? ` (${i.list_reply.description})` : '';
        return { ...base, type: 'interactive', text: `${title}${description}` };
      }
      return { ...base, type: 'interactive', text: `[Interactive reply] ${rawSummary(i ?? null)}` };
    }
    case 'button':
      return { ...base, type: 'button', text: message.button?.text ?? message.button?.payload ?? '[Button reply]' };
    case 'reaction':
      return {
        ...base,
        type: 'reaction',
        text: message.reaction?.emoji ? `Reacted ${message.reaction.emoji}` : 'Removed a reaction',
        replyToProviderMessageId: message.reaction?.message_id ?? base.replyToProviderMessageId,
      };
    case 'order': {
      const o = message.order;
      if (!o) return missing('order');
      const items = (o.product_items ?? []).map(
        (p) =>
          `${p.quantity ?? '?'} × ${p.product_retailer_id ?? 'item'}${p.item_price !== undefined ? ` at ${p.item_price}${p.currency ? ` ${p.currency}` : ''}` : ''}`,
      );
      const lines = [`Order${o.catalog_id ? ` from catalogue ${o.catalog_id}` : ''}:`, ...items.map((x) => `- ${x}`)];
      if (o.text) lines.push(o.text);
      return { ...base, type: 'order', text: lines.join('\n') };
    }
    case 'system': {
      const sys = message.system;
      if (!sys) return missing('system');
      const newNumber = sys.wa_id ?? sys.new_wa_id ?? null;
      const changed = sys.type === 'user_changed_number' || sys.type === 'customer_changed_number';
      const offered = changed && newNumber ? e164OrNull(newNumber) : null;
      const text =
        sys.body ??
        (changed
          ? `Changed their number${offered ? ` to ${offered}` : ''}`
          : sys.type === 'user_changed_user_id' || sys.type === 'customer_identity_changed'
            ? 'Their WhatsApp identity changed'
            : `[System message${sys.type ? `: ${sys.type}` : ''}]`);
      return {
        ...base,
        type: 'system',
        text,
        offeredNumber: offered ? { number: offered, reason: 'changed_number' } : null,
      };
    }
    case 'request_welcome':
      return { ...base, type: 'request_welcome', text: 'Opened the chat for the first time' };
    default: {
      // 'unsupported', 'unknown', 'ephemeral', 'edit', 'revoke' … and anything Meta adds later:
      // kept with Meta's reason and whatever the message held, so staff see that something came.
      const reasons = (message.errors ?? []).map((err) => {
        const pe = mapProviderError(err);
        return `${pe.title} (${pe.code})${pe.detail ? `: ${pe.detail}` : ''}`;
      });
      const inner = (message as Record<string, unknown>)[message.type];
      const parts = [`[${message.type} message]`];
      if (reasons.length) parts.push(reasons.join('; '));
      if (inner !== undefined) parts.push(rawSummary(inner));
      return { ...base, type: 'unsupported' satisfies InboundKind, text: withReferral(parts.join(' ')) };
    }
  }
}

function mapStatus(status: WebhookStatus, recipient: string, phoneNumberId: string): StatusEvent {
  return {
    kind: 'status',
    phoneNumberId,
    providerMessageId: status.id,
    status: status.status as DeliveryStatus,
    at: fromUnixSeconds(status.timestamp),
    recipient,
    clientReference: status.biz_opaque_callback_data ?? null,
    errors: (status.errors ?? []).map(mapProviderError),
  };
}

/** A Flow's answer as `field: value` lines; the string itself when it is not a JSON object. */
function flowFields(responseJson: string): string {
  try {
    const parsed: unknown = JSON.parse(responseJson);
    if (isRecord(parsed)) {
      return Object.entries(parsed)
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join('\n');
    }
  } catch {
    // fall through: keep what was sent
  }
  return responseJson;
}

function originOf(origin: unknown): string | null {
  if (typeof origin === 'string') return origin.split('/')[0] ?? null;
  if (isRecord(origin) && typeof origin['type'] === 'string') return origin['type'];
  return null;
}

function phoneNumberIdOf(value: unknown): string | null {
  const metadata = isRecord(value) ? value['metadata'] : undefined;
  const id = isRecord(metadata) ? metadata['phone_number_id'] : undefined;
  return typeof id === 'string' ? id : null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function rawSummary(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  return json.length > MAX_RAW_SUMMARY ? `${json.slice(0, MAX_RAW_SUMMARY)}…` : json;
}

/** A number as E.164 when it is one (digits, spaces, dashes, brackets and an optional '+'), else null. */
function e164OrNull(value: string): string | null {
  const digits = value.replace(/[\s\-().]/g, '');
  return /^\+?\d{7,15}$/.test(digits) ? toE164(digits) : null;
}

/** Meta's error object (in statuses and messages) → Liaise's ProviderError. */
export function mapProviderError(error: MetaError): ProviderError {
  return {
    code: error.code,
    title: error.title ?? error.message ?? `Error ${error.code}`,
    detail: error.error_data?.details ?? null,
  };
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
