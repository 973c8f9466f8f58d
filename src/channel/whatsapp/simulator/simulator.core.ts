/**
 * The simulator's state and behaviour, independent of HTTP: what Meta's Cloud API would do with a
 * send, the 24-hour customer-service window, media, fault injection and signed webhook delivery.
 * `simulator.server.ts` puts it behind Meta's wire format.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';
import type { GraphErrorBody, MediaInfoResponse, MessageTemplateList, SendMessageResponse, WebhookPayload } from '../cloud-api.types.js';
import { stringifyLikeMeta } from '../meta-json.js';
import { signWebhookBody } from '../webhook.signature.js';
import { findShape } from './meta-shapes.js';
import { FIRST_CONTACT_TEMPLATE } from '../../../conversations/templates.js';
import { SimulatorInputError } from './simulator.errors.js';
import { SAMPLES } from './simulator.samples.js';
import {
  FAULT_KINDS,
  type ActiveFault,
  type FaultSpec,
  type OutboundStatus,
  type SimInboundInput,
  type SimInboundMedia,
  type SimInboundMessage,
  type SimOutboundMessage,
  type SimTemplate,
  type SimulatorControl,
  type SimulatorOptions,
  type WebhookDeliveryLog,
} from './simulator.types.js';

/** Meta's customer-service window: free-form messages only within 24 h of the citizen's last message. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The template the simulated WhatsApp Business Account starts with, approved: Liaise's first-contact
 * message, the same definition Liaise renders into the record, so the record holds what the phone shows.
 */
const SEED_TEMPLATE = {
  id: '900000000000001',
  name: FIRST_CONTACT_TEMPLATE.name,
  language: FIRST_CONTACT_TEMPLATE.language,
  category: 'UTILITY',
  body: FIRST_CONTACT_TEMPLATE.body,
  status: 'APPROVED',
  rejectedReason: null,
} as const;

const TEMPLATE_PARAM = /\{\{\s*(\d+)\s*\}\}/g;

/**
 * Meta's review of a body, as the simulator plays it: parameters numbered 1..n without gaps and not at the
 * very start or end of the body. Meta's reason for breaking them is `INVALID_FORMAT`.
 */
export function simulatedReview(body: string): { status: 'APPROVED' } | { status: 'REJECTED'; reason: string } {
  const t = body.trim();
  const numbers = [...new Set([...t.matchAll(TEMPLATE_PARAM)].map((m) => Number(m[1])))].sort((a, b) => a - b);
  const gaps = numbers.some((n, i) => n !== i + 1);
  const atEdge = /^\{\{\s*\d+\s*\}\}/.test(t) || /\{\{\s*\d+\s*\}\}[.!?]?$/.test(t);
  return gaps || atEdge ? { status: 'REJECTED', reason: 'INVALID_FORMAT' } : { status: 'APPROVED' };
}

/** Oldest entries are dropped beyond this, so a long bench run does not grow without bound. */
const MAX_KEPT = 10_000;
const keep = <T>(list: T[]) => {
  if (list.length > MAX_KEPT) list.splice(0, list.length - MAX_KEPT);
};

const STATUS_RANK: Record<OutboundStatus, number> = { accepted: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** What the HTTP layer should do with a `POST /messages`. */
export type SendDirective =
  { kind: 'respond'; status: number; body: unknown; headers?: Record<string, string> } | { kind: 'hang' } | { kind: 'reset' };

interface StoredMedia {
  id: string;
  bytes: Buffer;
  mimeType: string;
  sha256Hex: string;
  fileName: string | null;
  token: string;
}

interface DeliveryJob {
  body: string;
  log: WebhookDeliveryLog;
  timer: NodeJS.Timeout | null;
}

const sendBodySchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  recipient_type: z.literal('individual').optional(),
  to: z.string().regex(/^\+?\d{6,15}$/),
  type: z.string().optional(),
  text: z.looseObject({ body: z.string().min(1).max(4096), preview_url: z.boolean().optional() }).optional(),
  template: z
    .looseObject({
      name: z.string().min(1),
      language: z.looseObject({ code: z.string().min(1), policy: z.string().optional() }),
      components: z
        .array(
          z.looseObject({
            type: z.string(),
            parameters: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).optional(),
          }),
        )
        .optional(),
    })
    .optional(),
  biz_opaque_callback_data: z.string().max(512).optional(),
  context: z.looseObject({ message_id: z.string() }).optional(),
});

const readReceiptSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  status: z.literal('read'),
  message_id: z.string().min(1),
});

export interface SimulatorCore extends SimulatorControl {
  readonly options: ResolvedSimulatorOptions;
  /** Check `Authorization: Bearer …`; null when good, otherwise Meta's 401 answer. */
  checkAuth(header: string | undefined): SendDirective | null;
  handleSend(phoneNumberId: string, body: unknown): SendDirective;
  mediaInfo(mediaId: string, baseUrl: string): MediaInfoResponse | null;
  mediaBytes(mediaId: string, token?: string): StoredMedia | null;
  /** Numbers with a thread, most recent activity first. */
  knownNumbers(): string[];
  /** The citizen opens the thread: delivered business messages become read. */
  viewThread(waId: string): void;
  /** `GET /{waba-id}/message_templates`: Meta's list shape, paged with `after` cursors. */
  listTemplates(wabaId: string, query: { limit?: number; after?: string }): SendDirective;
  /** `POST /{waba-id}/message_templates`: a new template, PENDING until the simulated review. */
  createTemplate(wabaId: string, body: unknown): SendDirective;
  queueInbound(input: SimInboundInput): { id: string; firstAttempt: Promise<void> };
  profileNameOf(waId: string): string | null;
  setProfileName(waId: string, name: string): void;
  close(): void;
}

export type ResolvedSimulatorOptions = Required<
  Omit<SimulatorOptions, 'port' | 'host' | 'webhookUrl' | 'wabaId' | 'templateReviewDelayMs'>
> & {
  wabaId: string;
  templateReviewDelayMs: number | null;
};

export function resolveSimulatorOptions(opts: SimulatorOptions): ResolvedSimulatorOptions {
  return {
    appSecret: opts.appSecret,
    accessToken: opts.accessToken,
    phoneNumberId: opts.phoneNumberId,
    apiVersion: opts.apiVersion ?? 'v21.0',
    businessName: opts.businessName ?? 'Liaise Council',
    displayPhoneNumber: opts.displayPhoneNumber ?? '447700900000',
    now: opts.now ?? (() => new Date()),
    statusDelayMs: opts.statusDelayMs ?? 150,
    autoRead: opts.autoRead ?? false,
    webhookRetryDelaysMs: opts.webhookRetryDelaysMs ?? [1000, 2000, 4000, 8000, 16000, 32000, 60000, 120000, 300000],
    webhookTimeoutMs: opts.webhookTimeoutMs ?? 10_000,
    faultHoldMs: opts.faultHoldMs ?? 60_000,
    maxUploadBytes: opts.maxUploadBytes ?? 16 * 1024 * 1024,
    templateReviewDelayMs: opts.templateReviewDelayMs === undefined ? 2000 : opts.templateReviewDelayMs,
    wabaId:
      opts.wabaId ?? '1' + createHash('sha256').update(opts.phoneNumberId).digest('hex').replace(/\D/g, '').padEnd(14, '0').slice(0, 14),
  };
}

/** Digits of a WhatsApp id (no '+'); a UK national number (07…) becomes 447…. Null if not a number. */
export function toWaId(input: string): string | null {
  let v = input.replace(/[\s().-]/g, '');
  if (v.startsWith('+')) v = v.slice(1);
  else if (v.startsWith('00')) v = v.slice(2);
  else if (/^0\d{9,10}$/.test(v)) v = `44${v.slice(1)}`;
  return /^\d{6,15}$/.test(v) ? v : null;
}

export function graphError(code: number, message: string, details?: string, extra: Partial<GraphErrorBody['error']> = {}): GraphErrorBody {
  return {
    error: {
      message: `(#${code}) ${message}`,
      type: 'OAuthException',
      code,
      ...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
      ...extra,
      fbtrace_id: randomBytes(12).toString('base64url'),
    },
  };
}

const newWamid = () =>
  `wamid.HBgM${randomBytes(30)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'A')}`;
const newMediaId = () => `${randomInt(1, 10)}${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e6)).padStart(6, '0')}`;
const unixSeconds = (d: Date) => String(Math.floor(d.getTime() / 1000));

export function createSimulatorCore(opts: SimulatorOptions): SimulatorCore {
  const o = resolveSimulatorOptions(opts);
  let webhookUrl = opts.webhookUrl;

  let outbound: SimOutboundMessage[] = [];
  let inbound: SimInboundMessage[] = [];
  let lastInboundAt = new Map<string, Date>();
  let profileNames = new Map<string, string>();
  let media = new Map<string, StoredMedia>();
  let faults: ActiveFault[] = [];
  let templates: SimTemplate[] = [{ ...SEED_TEMPLATE }];
  const reviewTimers = new Map<string, NodeJS.Timeout>();

  const deliveries: WebhookDeliveryLog[] = [];
  const held: DeliveryJob[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<AbortController>();
  let pending = 0;
  let idleWaiters: Array<() => void> = [];
  let seq = 0;
  let closed = false;

  // ----- bookkeeping for idle() -------------------------------------------------------------

  const begin = () => {
    pending += 1;
  };
  const end = () => {
    pending -= 1;
    if (pending <= 0) {
      pending = 0;
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  // ----- faults -----------------------------------------------------------------------------

  function takeFault(kinds: readonly string[]): ActiveFault | null {
    const f = faults.find((x) => kinds.includes(x.kind) && x.remaining > 0);
    if (!f) return null;
    f.remaining -= 1;
    faults = faults.filter((x) => x.remaining > 0);
    return f;
  }

  // ----- webhook delivery -------------------------------------------------------------------

  function envelope(
    value: Omit<WebhookPayload['entry'][number]['changes'][number]['value'], 'messaging_product' | 'metadata'>,
  ): WebhookPayload {
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: o.wabaId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: o.displayPhoneNumber, phone_number_id: o.phoneNumberId },
                ...value,
              },
            },
          ],
        },
      ],
    };
  }

  /** Queue a signed delivery; resolves after its first attempt (or at once if held). */
  function deliver(payload: WebhookPayload, about: string, messageId: string, duplicate = false): Promise<void> {
    const job: DeliveryJob = {
      body: stringifyLikeMeta(payload),
      log: { seq: ++seq, about, messageId, attempts: 0, lastStatus: null, state: 'pending', duplicate },
      timer: null,
    };
    deliveries.push(job.log);
    keep(deliveries);
    const dup = duplicate ? null : takeFault(['duplicate-webhook']);
    begin();
    const first = attempt(job);
    if (dup) {
      return first.then(() => deliver(payload, about, messageId, true));
    }
    return first;
  }

  async function attempt(job: DeliveryJob): Promise<void> {
    if (closed) return finish(job, 'gave-up');
    if (webhookUrl === null) {
      // Held until a webhook URL is set; not counted as pending, so idle() does not wait for it.
      job.log.state = 'held';
      held.push(job);
      end();
      return;
    }
    job.log.attempts += 1;
    const controller = new AbortController();
    inFlight.add(controller);
    const timeout = setTimeout(() => controller.abort(), o.webhookTimeoutMs);
    let status: number | null;
    try {
      const res = await fetch(webhookUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': signWebhookBody(job.body, o.appSecret),
          'user-agent': 'facebookexternalua',
        },
        body: job.body,
        signal: controller.signal,
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      status = null;
    } finally {
      clearTimeout(timeout);
      inFlight.delete(controller);
    }
    job.log.lastStatus = status;
    if (status !== null && status >= 200 && status < 300) return finish(job, 'delivered');
    const delay = o.webhookRetryDelaysMs[job.log.attempts - 1];
    if (delay === undefined || closed) return finish(job, 'gave-up');
    job.log.state = 'retrying';
    const t = setTimeout(() => {
      timers.delete(t);
      void attempt(job);
    }, delay);
    timers.add(t);
  }

  function finish(job: DeliveryJob, state: 'delivered' | 'gave-up') {
    job.log.state = state;
    end();
  }

  // ----- statuses ---------------------------------------------------------------------------

  function statusPayload(msg: SimOutboundMessage, status: Exclude<OutboundStatus, 'accepted'>, errorCode?: number) {
    const at = o.now();
    const conversation = {
      id: createHash('sha256').update(`${o.phoneNumberId}:${msg.to}`).digest('hex').slice(0, 32),
      origin: { type: msg.type === 'template' ? 'utility' : 'service' },
      ...(status === 'sent' ? { expiration_timestamp: unixSeconds(new Date(at.getTime() + SERVICE_WINDOW_MS)) } : {}),
    };
    const item: Record<string, unknown> = {
      id: msg.id,
      status,
      timestamp: unixSeconds(at),
      recipient_id: msg.to,
      ...(msg.clientReference !== null ? { biz_opaque_callback_data: msg.clientReference } : {}),
    };
    if (status === 'sent' || status === 'delivered') {
      item.conversation = conversation;
      item.pricing = { billable: true, pricing_model: 'PMP', category: conversation.origin.type };
    }
    if (status === 'failed') {
      item.errors = [
        {
          code: errorCode ?? 131026,
          title: 'Message undeliverable',
          message: 'Message undeliverable',
          error_data: { details: 'Message failed to send because the recipient cannot receive it.' },
          href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
        },
      ];
    }
    return envelope({ statuses: [item] });
  }

  function advance(msg: SimOutboundMessage, status: Exclude<OutboundStatus, 'accepted'>): void {
    if (STATUS_RANK[status] > STATUS_RANK[msg.status]) msg.status = status;
  }

  function emitStatus(msg: SimOutboundMessage, status: Exclude<OutboundStatus, 'accepted'>): Promise<void> {
    advance(msg, status);
    return deliver(statusPayload(msg, status), status, msg.id);
  }

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  }

  /**
   * sent → delivered (→ read), each after the previous one's first delivery attempt, so that in the
   * ordinary case they arrive in order; the out-of-order fault sends them newest first.
   */
  function scheduleStatuses(msg: SimOutboundMessage, outOfOrder: boolean, failAsync: boolean): void {
    const steps: Array<Exclude<OutboundStatus, 'accepted'>> = failAsync
      ? ['failed']
      : ['sent', 'delivered', ...(o.autoRead || outOfOrder ? (['read'] as const) : [])];
    begin();
    void (async () => {
      try {
        if (outOfOrder) {
          await pause(o.statusDelayMs);
          for (const s of [...steps].reverse()) await emitStatus(msg, s);
        } else {
          for (const s of steps) {
            await pause(o.statusDelayMs);
            await emitStatus(msg, s);
          }
        }
      } finally {
        end();
      }
    })();
  }

  // ----- sending (business → citizen) -------------------------------------------------------

  function accept(body: z.output<typeof sendBodySchema>): { response: SendMessageResponse; msg: SimOutboundMessage } | SendDirective {
    const to = body.to.replace(/^\+/, '');
    const type = body.type ?? 'text';
    let text: string;
    let template: SimOutboundMessage['template'] = null;

    if (type === 'text') {
      if (!body.text) return badParam('The parameter text.body is required.');
      const last = lastInboundAt.get(to);
      if (!last || o.now().getTime() - last.getTime() > SERVICE_WINDOW_MS) {
        return {
          kind: 'respond',
          status: 400,
          body: graphError(
            131047,
            'Re-engagement message',
            'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
          ),
        };
      }
      text = body.text.body;
    } else if (type === 'template') {
      if (!body.template) return badParam('The parameter template is required.');
      const lang = body.template.language.code;
      const found = templates.find((x) => x.name === body.template!.name && x.language === lang);
      const refusal = !found
        ? ([132001, 'Template name does not exist in the translation'] as const)
        : found.status === 'PAUSED'
          ? ([132015, 'Template is paused'] as const)
          : found.status === 'DISABLED'
            ? ([132016, 'Template is disabled'] as const)
            : found.status !== 'APPROVED'
              ? ([132001, 'Template name does not exist in the translation'] as const)
              : null;
      if (refusal || !found) {
        return {
          kind: 'respond',
          status: 404,
          body: graphError(
            refusal?.[0] ?? 132001,
            refusal?.[1] ?? 'Template name does not exist in the translation',
            `template name (${body.template.name.slice(0, 100)}) does not exist in ${lang.slice(0, 20)}`,
          ),
        };
      }
      const t = { body: found.body, parameterCount: new Set([...found.body.matchAll(TEMPLATE_PARAM)].map((m) => m[1])).size };
      const parameters = (body.template.components ?? [])
        .filter((c) => c.type === 'body')
        .flatMap((c) => c.parameters ?? [])
        .map((p) => p.text ?? '');
      if (parameters.length !== t.parameterCount) {
        return {
          kind: 'respond',
          status: 400,
          body: graphError(
            132000,
            'Number of parameters does not match the expected number of params',
            `body: number of localizable_params (${parameters.length}) does not match the expected number of params (${t.parameterCount})`,
          ),
        };
      }
      text = t.body.replace(TEMPLATE_PARAM, (_m, n: string) => parameters[Number(n) - 1] ?? '');
      template = { name: body.template.name, language: lang, parameters };
    } else {
      return {
        kind: 'respond',
        status: 400,
        body: graphError(
          131051,
          'Unsupported message type',
          `The simulator sends only text and template messages, not ${type.slice(0, 20)}.`,
        ),
      };
    }

    const msg: SimOutboundMessage = {
      id: newWamid(),
      to,
      type: type,
      text,
      template,
      clientReference: body.biz_opaque_callback_data ?? null,
      at: o.now(),
      status: 'accepted',
    };
    const response: SendMessageResponse = {
      messaging_product: 'whatsapp',
      contacts: [{ input: body.to, wa_id: to }],
      messages: [{ id: msg.id, ...(type === 'template' ? { message_status: 'accepted' } : {}) }],
    };
    return { response, msg };
  }

  function badParam(details: string): SendDirective {
    return { kind: 'respond', status: 400, body: graphError(100, 'Invalid parameter', details) };
  }

  function handleSend(phoneNumberId: string, raw: unknown): SendDirective {
    if (phoneNumberId !== o.phoneNumberId) {
      return {
        kind: 'respond',
        status: 400,
        body: graphError(
          100,
          `Unsupported post request. Object with ID '${phoneNumberId.slice(0, 40)}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
          undefined,
          { error_subcode: 33 },
        ),
      };
    }

    const receipt = readReceiptSchema.safeParse(raw);
    if (receipt.success) {
      const m = inbound.find((x) => x.id === receipt.data.message_id);
      if (!m) return badParam('Invalid message_id.');
      m.readByBusiness = true;
      return { kind: 'respond', status: 200, body: { success: true } };
    }

    const parsed = sendBodySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return badParam(`The parameter ${issue?.path.join('.') || 'body'} is invalid or missing.`);
    }

    const fault = takeFault(['5xx', '5xx-no-body', '429', 'timeout', 'reset', 'undeliverable', 'undeliverable-async']);
    if (fault?.kind === '5xx') {
      return {
        kind: 'respond',
        status: 503,
        body: graphError(2, 'Service temporarily unavailable', undefined, { is_transient: true }),
      };
    }
    if (fault?.kind === '429') {
      return {
        kind: 'respond',
        status: 429,
        headers: { 'retry-after': '2' },
        body: graphError(130429, 'Rate limit hit', 'Cloud API message throughput has been reached.'),
      };
    }
    if (fault?.kind === 'undeliverable') {
      return {
        kind: 'respond',
        status: 400,
        body: graphError(131026, 'Message Undeliverable', 'Message failed to send because the recipient cannot receive it.'),
      };
    }

    const result = accept(parsed.data);
    if ('kind' in result) return result; // refused: 131047, 132001 … (also behind a lost answer)

    const lostAnswer = fault?.kind === 'timeout' || fault?.kind === 'reset' || fault?.kind === '5xx-no-body';
    if (!lostAnswer || fault.accepted) {
      outbound.push(result.msg);
      keep(outbound);
      const outOfOrder = takeFault(['out-of-order-statuses']) !== null;
      scheduleStatuses(result.msg, outOfOrder, fault?.kind === 'undeliverable-async');
    }
    if (fault?.kind === 'timeout') return { kind: 'hang' };
    if (fault?.kind === 'reset') return { kind: 'reset' };
    if (fault?.kind === '5xx-no-body') return { kind: 'respond', status: 502, body: '' };
    return { kind: 'respond', status: 200, body: result.response };
  }

  // ----- inbound (citizen → business) -------------------------------------------------------

  function storeMedia(m: SimInboundMedia, fallback: 'image' | 'pdf'): StoredMedia {
    const sample = SAMPLES[m.sample ?? fallback];
    const bytes = m.bytes ?? sample.bytes;
    const stored: StoredMedia = {
      id: newMediaId(),
      bytes,
      mimeType: m.mimeType ?? (m.bytes ? 'application/octet-stream' : sample.mimeType),
      sha256Hex: createHash('sha256').update(bytes).digest('hex'),
      fileName: m.fileName ?? (m.bytes ? null : sample.fileName),
      token: randomBytes(16).toString('hex'),
    };
    media.set(stored.id, stored);
    return stored;
  }

  function queueInbound(input: SimInboundInput): { id: string; firstAttempt: Promise<void> } {
    const from = toWaId(input.from);
    if (!from) throw new SimulatorInputError('sendInbound: `from` is not a phone number');
    const profileName = input.profileName ?? profileNames.get(from) ?? 'Test Citizen';
    profileNames.set(from, profileName);
    const at = o.now();
    const id = newWamid();
    const message: Record<string, unknown> = { from, id, timestamp: unixSeconds(at) };
    if (input.replyTo) message.context = { from: o.displayPhoneNumber, id: input.replyTo };

    const record: SimInboundMessage = {
      id,
      from,
      profileName,
      type: 'text',
      text: null,
      mediaId: null,
      fileName: null,
      location: null,
      at,
      readByBusiness: false,
    };
    if (input.image) {
      const m = storeMedia(input.image, 'image');
      message.type = 'image';
      message.image = {
        ...(input.image.caption ? { caption: input.image.caption } : {}),
        mime_type: m.mimeType,
        sha256: Buffer.from(input.image.announcedSha256 ?? m.sha256Hex, 'hex').toString('base64'),
        id: m.id,
      };
      Object.assign(record, { type: 'image', text: input.image.caption ?? null, mediaId: m.id, fileName: m.fileName });
    } else if (input.document) {
      const m = storeMedia(input.document, 'pdf');
      message.type = 'document';
      message.document = {
        ...(input.document.caption ? { caption: input.document.caption } : {}),
        filename: m.fileName ?? 'document',
        mime_type: m.mimeType,
        sha256: Buffer.from(input.document.announcedSha256 ?? m.sha256Hex, 'hex').toString('base64'),
        id: m.id,
      };
      Object.assign(record, { type: 'document', text: input.document.caption ?? null, mediaId: m.id, fileName: m.fileName });
    } else if (input.location) {
      const l = input.location;
      if (!Number.isFinite(l.latitude) || !Number.isFinite(l.longitude) || Math.abs(l.latitude) > 90 || Math.abs(l.longitude) > 180) {
        throw new SimulatorInputError('sendInbound: location is out of range');
      }
      message.type = 'location';
      message.location = {
        latitude: l.latitude,
        longitude: l.longitude,
        ...(l.name ? { name: l.name } : {}),
        ...(l.address ? { address: l.address } : {}),
      };
      Object.assign(record, {
        type: 'location',
        location: { latitude: l.latitude, longitude: l.longitude, name: l.name ?? null, address: l.address ?? null },
      });
    } else {
      if (typeof input.text !== 'string' || input.text.length === 0)
        throw new SimulatorInputError('sendInbound: give text, image, document or location');
      message.type = 'text';
      message.text = { body: input.text };
      record.text = input.text;
    }

    inbound.push(record);
    keep(inbound);
    lastInboundAt.set(from, at);
    const payload = envelope({ contacts: [{ profile: { name: profileName }, wa_id: from }], messages: [message] });
    return { id, firstAttempt: deliver(payload, 'message', id) };
  }

  // ----- templates (the business account's message_templates) --------------------------------

  function wrongAccount(wabaId: string): SendDirective | null {
    if (wabaId === o.wabaId) return null;
    return {
      kind: 'respond',
      status: 400,
      body: graphError(
        100,
        `Unsupported request. Object with ID '${wabaId.slice(0, 40)}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        undefined,
        { error_subcode: 33 },
      ),
    };
  }

  const templateNode = (t: SimTemplate): MessageTemplateList['data'][number] => ({
    name: t.name,
    ...(t.rejectedReason ? { rejected_reason: t.rejectedReason } : {}),
    components: [{ type: 'BODY', text: t.body }],
    language: t.language,
    status: t.status,
    category: t.category,
    id: t.id,
  });

  function listTemplates(wabaId: string, query: { limit?: number; after?: string }): SendDirective {
    const denied = wrongAccount(wabaId);
    if (denied) return denied;
    const limit = Math.min(Math.max(query.limit ?? 25, 1), 100);
    const start = query.after ? Number(Buffer.from(query.after, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(start) || start < 0) return badParam('The parameter after is not a valid cursor.');
    const page = templates.slice(start, start + limit);
    const cursor = (n: number) => Buffer.from(String(n), 'utf8').toString('base64url');
    const body: MessageTemplateList = { data: page.map(templateNode) };
    if (page.length) {
      body.paging = { cursors: { before: cursor(start), after: cursor(start + page.length) } };
      if (start + page.length < templates.length)
        body.paging.next = `message_templates?limit=${limit}&after=${cursor(start + page.length)}`;
    }
    return { kind: 'respond', status: 200, body };
  }

  const createTemplateSchema = z.looseObject({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/),
    language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/),
    category: z.enum(['UTILITY', 'MARKETING', 'AUTHENTICATION']),
    components: z
      .array(
        z.looseObject({
          type: z.string(),
          text: z.string().max(1024).optional(),
          example: z.looseObject({ body_text: z.array(z.array(z.string())).optional() }).optional(),
        }),
      )
      .min(1),
  });

  function createTemplate(wabaId: string, raw: unknown): SendDirective {
    const denied = wrongAccount(wabaId);
    if (denied) return denied;
    const parsed = createTemplateSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return badParam(`The parameter ${issue?.path.join('.') || 'body'} is invalid or missing.`);
    }
    const { name, language, category, components } = parsed.data;
    const bodyComponent = components.find((c) => c.type === 'BODY');
    if (!bodyComponent?.text?.trim()) return badParam('A BODY component with text is required.');
    const text = bodyComponent.text;
    const count = new Set([...text.matchAll(TEMPLATE_PARAM)].map((m) => m[1])).size;
    if (count > 0 && (bodyComponent.example?.body_text?.[0]?.length ?? 0) !== count) {
      return {
        kind: 'respond',
        status: 400,
        body: graphError(100, 'Invalid parameter', 'The body has variables but no example value for each of them.', {
          error_subcode: 2388043,
        }),
      };
    }
    if (templates.some((t) => t.name === name && t.language === language)) {
      return {
        kind: 'respond',
        status: 400,
        body: graphError(100, 'Invalid parameter', `Content in this language already exists for ${name.slice(0, 100)}.`, {
          error_subcode: 2388024,
        }),
      };
    }
    const t: SimTemplate = {
      id: `${randomInt(1, 10)}${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e5)).padStart(5, '0')}`,
      name,
      language,
      category,
      body: text,
      status: 'PENDING',
      rejectedReason: null,
    };
    templates.push(t);
    if (o.templateReviewDelayMs !== null) {
      const timer = setTimeout(() => {
        reviewTimers.delete(t.id);
        timers.delete(timer);
        void review(t.id);
      }, o.templateReviewDelayMs);
      timers.add(timer);
      reviewTimers.set(t.id, timer);
    }
    return { kind: 'respond', status: 200, body: { id: t.id, status: t.status, category: t.category } };
  }

  /** Meta's review: the template's new status and a signed `message_template_status_update` webhook. */
  async function review(templateId: string, decision?: { status: SimTemplate['status']; reason?: string }): Promise<SimTemplate> {
    const t = templates.find((x) => x.id === templateId);
    if (!t) throw new SimulatorInputError('reviewTemplate: no such template');
    const timer = reviewTimers.get(templateId);
    if (timer) {
      clearTimeout(timer);
      timers.delete(timer);
      reviewTimers.delete(templateId);
    }
    const outcome = decision ?? simulatedReview(t.body);
    t.status = outcome.status;
    t.rejectedReason = outcome.status === 'REJECTED' ? ('reason' in outcome && outcome.reason ? outcome.reason : 'INVALID_FORMAT') : null;
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: o.wabaId,
          time: Math.floor(o.now().getTime() / 1000),
          changes: [
            {
              value: {
                event: t.status,
                message_template_id: Number(t.id),
                message_template_name: t.name,
                message_template_language: t.language,
                reason: t.rejectedReason ?? 'NONE',
                message_template_category: t.category,
              },
              field: 'message_template_status_update',
            },
          ],
        },
      ],
    };
    await deliver(payload as unknown as WebhookPayload, `template:${t.status.toLowerCase()}`, t.id);
    return { ...t };
  }

  // ----- control ----------------------------------------------------------------------------

  const core: SimulatorCore = {
    options: o,

    checkAuth(header) {
      const token = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
      if (token === o.accessToken) return null;
      return {
        kind: 'respond',
        status: 401,
        body: graphError(
          190,
          token
            ? 'Invalid OAuth access token - Cannot parse access token'
            : 'An active access token must be used to query information about the current user.',
          undefined,
          { error_subcode: token ? 463 : undefined },
        ),
      };
    },

    handleSend,
    listTemplates,
    createTemplate,
    templates: () => templates.map((t) => ({ ...t })),
    reviewTemplate: (id, decision) => review(id, decision),

    mediaInfo(mediaId, baseUrl) {
      const m = media.get(mediaId);
      if (!m) return null;
      const ext = m.fileName?.split('.').pop() ?? 'bin';
      return {
        messaging_product: 'whatsapp',
        url: `${baseUrl}/whatsapp_business/attachments/?mid=${m.id}&ext=${encodeURIComponent(ext)}&hash=${m.token}`,
        mime_type: m.mimeType,
        sha256: m.sha256Hex,
        file_size: m.bytes.length,
        id: m.id,
      };
    },

    mediaBytes(mediaId, token) {
      const m = media.get(mediaId);
      if (!m || (token !== undefined && token !== m.token)) return null;
      return m;
    },

    knownNumbers() {
      const last = new Map<string, number>();
      for (const m of outbound) last.set(m.to, Math.max(last.get(m.to) ?? 0, m.at.getTime()));
      for (const m of inbound) last.set(m.from, Math.max(last.get(m.from) ?? 0, m.at.getTime()));
      return [...last.entries()].sort((a, b) => b[1] - a[1]).map(([n]) => n);
    },

    viewThread(waId) {
      for (const m of outbound) {
        if (m.to === waId && m.status === 'delivered') void emitStatus(m, 'read');
      }
    },

    profileNameOf: (waId) => profileNames.get(waId) ?? null,
    setProfileName: (waId, name) => {
      profileNames.set(waId, name);
    },

    queueInbound,

    async sendInbound(input) {
      const { id, firstAttempt } = queueInbound(input);
      await firstAttempt;
      return id;
    },

    outbox: () => outbound.map((m) => ({ ...m })),
    inbox: () => inbound.map((m) => ({ ...m })),

    async markRead(wamid) {
      const m = outbound.find((x) => x.id === wamid);
      if (!m) throw new SimulatorInputError('markRead: no such message');
      await emitStatus(m, 'read');
    },

    injectFault(fault: FaultSpec) {
      if (!FAULT_KINDS.includes(fault.kind)) throw new SimulatorInputError(`injectFault: unknown kind`);
      const count = fault.count ?? 1;
      if (!Number.isInteger(count) || count < 1) throw new SimulatorInputError('injectFault: count must be a positive integer');
      faults.push({ kind: fault.kind, remaining: count, accepted: fault.accepted ?? true });
    },
    clearFaults() {
      faults = [];
    },
    faults: () => faults.map((f) => ({ ...f })),

    async sendShape(name, options = {}) {
      const shape = findShape(name);
      if (!shape) throw new SimulatorInputError(`unknown shape "${name}"`);
      const waId = options.waId ? toWaId(options.waId) : '447700900123';
      if (!waId) throw new SimulatorInputError('waId: expected a phone number');
      if (options.userId !== undefined && !/^[A-Z]{2}\.[A-Za-z0-9]{1,60}$/.test(options.userId)) {
        throw new SimulatorInputError('userId: expected a business-scoped user id such as GB.1234');
      }
      if (shape.needsKnownMessage && !options.knownMessageId) throw new SimulatorInputError(`shape "${name}" needs knownMessageId`);
      const { payload, expect } = shape.build({
        wabaId: o.wabaId,
        phoneNumberId: o.phoneNumberId,
        displayPhoneNumber: o.displayPhoneNumber,
        waId,
        userId: options.userId ?? `GB.${waId}`,
        prefix: options.prefix ?? randomBytes(6).toString('hex'),
        now: Math.floor(Date.now() / 1000),
        ...(options.knownMessageId ? { knownMessageId: options.knownMessageId } : {}),
      });
      const first = expect[0];
      const about = first && 'message' in first ? first.message : `shape:${name}`;
      const before = seq;
      await deliver(payload as unknown as WebhookPayload, `shape:${name}`, about);
      const log = deliveries.find((d) => d.seq === before + 1);
      return { status: log?.lastStatus ?? null, expect };
    },

    async deliverRaw(body, options = {}) {
      if (webhookUrl === null) throw new SimulatorInputError('deliverRaw: no webhook URL');
      const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : stringifyLikeMeta(body));
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const signature = options.signature === undefined ? signWebhookBody(raw, o.appSecret) : options.signature;
      if (signature !== null) headers['x-hub-signature-256'] = signature;
      try {
        const res = await fetch(webhookUrl, {
          method: 'POST',
          headers,
          body: new Uint8Array(raw),
          signal: AbortSignal.timeout(o.webhookTimeoutMs),
        });
        await res.arrayBuffer().catch(() => undefined);
        return { status: res.status };
      } catch {
        return { status: null };
      }
    },

    setWebhookUrl(url) {
      webhookUrl = url;
      if (url === null) return;
      for (const job of held.splice(0)) {
        begin();
        void attempt(job);
      }
    },

    webhookDeliveries: () => deliveries.map((d) => ({ ...d })),

    idle() {
      if (pending === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idleWaiters.push(resolve));
    },

    reset() {
      outbound = [];
      inbound = [];
      lastInboundAt = new Map();
      profileNames = new Map();
      media = new Map();
      faults = [];
      for (const t of reviewTimers.values()) {
        clearTimeout(t);
        timers.delete(t);
      }
      reviewTimers.clear();
      templates = [{ ...SEED_TEMPLATE }];
    },

    close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const c of inFlight) c.abort();
      held.splice(0);
      pending = 0;
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    },
  };
  return core;
}
