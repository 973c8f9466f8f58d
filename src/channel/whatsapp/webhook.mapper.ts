import type { z } from 'zod';
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
}

const MEDIA_KINDS = ['image', 'document', 'audio', 'video', 'sticker'] as const;
type MediaKind = (typeof MEDIA_KINDS)[number];
const DELIVERY_STATUSES: ReadonlySet<string> = new Set<DeliveryStatus>(['sent', 'delivered', 'read', 'failed']);

/**
 * Translate one webhook delivery (already JSON-parsed) into Liaise's channel events.
 * Every entry, every change, every message and every status is mapped — not just the first.
 * Throws `WebhookPayloadError` naming the path of the first structurally invalid field.
 */
export function mapWebhookPayload(payload: unknown): MappedWebhook {
  const envelope = parseAt(webhookEnvelopeSchema, payload, '');
  const events: ChannelEvent[] = [];
  let ignored = 0;

  envelope.entry.forEach((entry, e) => {
    entry.changes.forEach((change, c) => {
      const at = `entry[${e}].changes[${c}]`;
      if (change.field !== 'messages') {
        ignored += 1;
        return;
      }
      const value = parseAt(messagesChangeValueSchema, change.value, `${at}.value`);
      const phoneNumberId = value.metadata.phone_number_id;
      const profileNames = profileNamesByWaId(value.contacts);

      value.messages?.forEach((raw, m) => {
        const message = parseAt(webhookMessageSchema, raw, `${at}.value.messages[${m}]`);
        events.push(mapMessage(message, phoneNumberId, profileNames, `${at}.value.messages[${m}]`));
      });
      value.statuses?.forEach((raw, s) => {
        const status = parseAt(webhookStatusSchema, raw, `${at}.value.statuses[${s}]`);
        if (!DELIVERY_STATUSES.has(status.status)) {
          ignored += 1; // e.g. 'deleted', 'warning': not a delivery state Liaise tracks
          return;
        }
        events.push(mapStatus(status, phoneNumberId));
      });
      ignored += value.errors?.length ?? 0;
    });
  });

  return { events, ignored };
}

function mapMessage(
  message: WebhookMessage,
  phoneNumberId: string,
  profileNames: Map<string, string>,
  at: string,
): InboundMessageEvent {
  const from = toE164(message.from);
  const base = {
    kind: 'message' as const,
    phoneNumberId,
    providerMessageId: message.id,
    from,
    profileName: profileNames.get(digitsOf(message.from)) ?? profileNames.get('*') ?? null,
    sentAt: fromUnixSeconds(message.timestamp),
    forwarded: message.context?.forwarded === true || message.context?.frequently_forwarded === true,
    replyToProviderMessageId: message.context?.id ?? null,
    media: null as InboundMedia | null,
    location: null as InboundMessageEvent['location'],
  };

  switch (message.type) {
    case 'text': {
      if (!message.text) throw new WebhookPayloadError(`${at}.text`, 'required for a text message');
      return { ...base, type: 'text', text: message.text.body };
    }
    case 'image':
    case 'document':
    case 'audio':
    case 'video':
    case 'sticker': {
      const kind: MediaKind = message.type;
      const media = message[kind];
      if (!media) throw new WebhookPayloadError(`${at}.${kind}`, `required for a ${kind} message`);
      return {
        ...base,
        type: kind,
        text: media.caption ?? null,
        media: {
          mediaId: media.id,
          mimeType: media.mime_type ?? null,
          sha256: media.sha256 ?? null,
          fileName: media.filename ?? null,
          caption: media.caption ?? null,
        },
      };
    }
    case 'location': {
      const loc = message.location;
      if (!loc) throw new WebhookPayloadError(`${at}.location`, 'required for a location message');
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

const digitsOf = (id: string) => (id.startsWith('+') ? id.slice(1) : id);
const toE164 = (id: string) => `+${digitsOf(id)}`;
const fromUnixSeconds = (ts: string | number) => new Date(Number(ts) * 1000);

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
