import { createHash, randomUUID } from 'node:crypto';
import type { AuditService } from '../audit/audit.service.js';
import type { ChannelClient, ChannelEvent, InboundMessageEvent, OutboundContent, StatusEvent } from '../channel/channel.types.js';
import type { Citizen, CitizenRepository } from '../citizens/citizen.repository.js';
import { contactEligibility } from '../citizens/citizen.service.js';
import type { Clock } from '../platform/clock.js';
import type { Cipher } from '../platform/crypto/cipher.js';
import type { Db, Queryable } from '../platform/db/db.client.js';
import type { Notifier } from '../platform/db/notifier.js';
import { createBatcher } from '../platform/db/batcher.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import type { Job, JobOutcome, JobQueue } from '../platform/jobs/job.queue.js';
import type { Logger } from '../platform/log/logger.js';
import type { RecordsService } from '../records/records.service.js';
import { type Actor, canSeeTeam, seesAllTeams } from '../staff/staff.types.js';
import {
  type Conversation,
  type ConversationRepository,
  conversationIdFor,
  type InboundBatchItem,
  type InboundRoute,
  type MessageStatus,
  type NewMessage,
  type StoredAttachment,
  type StoredMessage,
} from './conversation.repository.js';
import { decisionForRecord, inboundFlag, type PolicyChecker, type PolicyDecisionView } from './policy.port.js';
import { FIRST_CONTACT_TEMPLATE, isWindowOpen, renderTemplate } from './templates.js';

/** An idempotency key as a form or an API client sends it. */
const CLIENT_KEY = /^[A-Za-z0-9_-]{8,100}$/;

export const EVENTS_CHANNEL = 'liaise_events';
export const SEND_JOB = 'whatsapp.send';
export const FETCH_MEDIA_JOB = 'whatsapp.fetch-media';
export const MAX_MESSAGE_LENGTH = 4096; // WhatsApp's limit for a text body
export const MIN_JUSTIFICATION_LENGTH = 10;
const ROUTE_TTL_MS = 1000;

/** Status order: a status never moves a message backwards (webhooks arrive out of order). */
const STATUS_RANK: Record<MessageStatus, number> = {
  received: 0,
  queued: 0,
  sending: 1,
  uncertain: 1,
  not_sent: 1,
  accepted: 2,
  sent: 3,
  failed: 3.5,
  delivered: 4,
  read: 5,
};

export interface LiveEvent {
  type: 'message.created' | 'message.status-changed' | 'conversation.changed';
  conversationId: string;
  teamId: string | null;
}

export interface MessageView extends Omit<StoredMessage, 'bodyCt' | 'keyId'> {
  body: string | null;
  attachments: StoredAttachment[];
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

interface BodyEnvelope {
  text: string;
  template?: { name: string; language: string; params: string[] };
}

export interface MessagingDeps {
  db: Db;
  conversations: ConversationRepository;
  citizens: CitizenRepository;
  records: RecordsService;
  audit: AuditService;
  jobs: JobQueue;
  cipher: Cipher;
  policy: PolicyChecker;
  channel: ChannelClient & {
    downloadMedia(mediaId: string, options?: { expectedSha256?: string | null }): ReturnType<ChannelClient['downloadMedia']>;
  };
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  phoneNumberId: string;
  minContactAge?: number;
  /** Group concurrent inbound deliveries into one statement (default on; the bench's peer turns it off). */
  batchInbound?: boolean;
}

export function createMessagingService(deps: MessagingDeps) {
  const { db, conversations, citizens, records, audit, jobs, cipher, policy, channel, clock, logger, phoneNumberId } = deps;

  /** Live-update hints go out after commit (see platform/db/notifier.ts for why never inside the transaction). */
  const publish = (events: Iterable<LiveEvent>) => {
    for (const e of events) deps.notifier.publish(EVENTS_CHANNEL, JSON.stringify(e));
  };

  function sealBody(messageId: string, env: BodyEnvelope) {
    const plaintext = env.template ? JSON.stringify(env) : env.text;
    const { keyId, ciphertext } = cipher.seal(plaintext, messageId);
    return { keyId, bodyCt: ciphertext, bodySha256: sha256(env.text) };
  }

  function openBody(m: StoredMessage): BodyEnvelope | null {
    if (!m.bodyCt || !m.keyId) return null;
    const plain = cipher.open(m.keyId, m.bodyCt, m.id).toString('utf8');
    return m.kind === 'template' ? (JSON.parse(plain) as BodyEnvelope) : { text: plain };
  }

  async function visibleConversation(actor: Actor, id: string, q: Queryable = db): Promise<Conversation> {
    const c = /^[0-9a-f-]{36}$/i.test(id) ? await conversations.findConversation(q, id) : null;
    if (!c || !(canSeeTeam(actor, c.teamId) || (c.teamId === null && actor.role === 'admin')))
      throw notFound('CONVERSATION_NOT_FOUND', 'Conversation');
    return c;
  }

  const canMessage = (actor: Actor) => actor.role === 'caseworker' || actor.role === 'manager' || actor.role === 'admin';

  /** Opens (or returns) the conversation with a citizen; first contact needs a recorded justification. */
  async function openConversation(actor: Actor, citizenId: string, justificationInput: string): Promise<Conversation> {
    if (!canMessage(actor)) throw forbidden('CONVERSATION_FORBIDDEN', 'Your role cannot message citizens');
    const citizen = /^[0-9a-f-]{36}$/i.test(citizenId) ? await citizens.findById(db, citizenId) : null;
    if (!citizen || !canSeeTeam(actor, citizen.teamId)) throw notFound('CITIZEN_NOT_FOUND', 'Citizen');
    const eligibility = contactEligibility(citizen, clock.now(), deps.minContactAge);
    if (!eligibility.eligible) throw new AppError(eligibility.code, eligibility.message, 422);
    const justification = justificationInput.trim();
    const existing = await conversations.findConversationByNumber(db, citizen.teamId, phoneNumberId, citizen.waNumber);
    if (existing && (existing.contactJustification || existing.lastInboundAt)) return existing;
    if (justification.length < MIN_JUSTIFICATION_LENGTH) {
      throw invalid(
        'CONVERSATION_JUSTIFICATION_REQUIRED',
        'Say which other ways of contacting the citizen were tried (guidance section 5: WhatsApp is a last resort)',
        { field: 'justification' },
      );
    }
    const id = await db.transaction(async (tx) => {
      const now = clock.now();
      const { id, created } = await conversations.ensureConversation(tx, {
        id: conversationIdFor(citizen.teamId, phoneNumberId, citizen.waNumber),
        teamId: citizen.teamId,
        phoneNumberId,
        waNumber: citizen.waNumber,
        citizenId: citizen.id,
        caseId: citizen.caseId,
        profileName: null,
        openedBy: actor.id,
        justification,
        now,
      });
      if (!created) await conversations.setJustification(tx, id, justification);
      await records.append(tx, {
        kind: 'conversation.opened',
        conversationId: id,
        citizenId: citizen.id,
        caseId: citizen.caseId,
        staffId: actor.id,
        payload: { justificationSha256: sha256(justification), phoneNumberId },
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'conversation.opened',
        subjectType: 'conversation',
        subjectId: id,
        details: { citizenId: citizen.id },
      });
      return id;
    });
    return (await conversations.findConversation(db, id))!;
  }

  async function listConversations(actor: Actor, opts: { unlinkedOnly?: boolean } = {}) {
    return conversations.listConversations(db, {
      teamId: actor.teamId,
      allTeams: seesAllTeams(actor),
      unlinkedOnly: opts.unlinkedOnly ?? false,
    });
  }

  /** The conversation with its messages decrypted. Every call is an audited read of message content. */
  async function readConversation(actor: Actor, id: string, meta: { requestId?: string } = {}) {
    const conversation = await visibleConversation(actor, id);
    const stored = await conversations.listMessages(db, id);
    const attachments = await conversations.listAttachments(
      db,
      stored.map((m) => m.id),
    );
    const messages: MessageView[] = stored.map(({ bodyCt: _b, keyId: _k, ...m }) => ({
      ...m,
      body: openBody({ ...m, bodyCt: _b, keyId: _k })?.text ?? null,
      attachments: attachments.filter((a) => a.messageId === m.id),
    }));
    await audit.write(db, {
      actorStaffId: actor.id,
      action: 'message.content-read',
      subjectType: 'conversation',
      subjectId: id,
      details: { messages: messages.length },
      requestId: meta.requestId,
    });
    return { conversation, messages, windowOpen: isWindowOpen(conversation.lastInboundAt, clock.now()) };
  }

  async function getConversationSummary(actor: Actor, id: string) {
    return visibleConversation(actor, id);
  }

  /** Live check as the caseworker types: findings and decision, nothing stored. */
  function checkText(text: string): PolicyDecisionView {
    return policy.evaluate({ text, direction: 'outbound' });
  }

  async function linkConversation(actor: Actor, conversationId: string, citizenId: string): Promise<void> {
    if (!canMessage(actor)) throw forbidden();
    const conv = await visibleConversation(actor, conversationId);
    const citizen = /^[0-9a-f-]{36}$/i.test(citizenId) ? await citizens.findById(db, citizenId) : null;
    if (!citizen || !canSeeTeam(actor, citizen.teamId))
      throw invalid('CITIZEN_NOT_FOUND', 'Choose a citizen from your team', { field: 'citizenId' });
    if (citizen.waNumber !== conv.waNumber)
      throw invalid('CONVERSATION_NUMBER_MISMATCH', 'That citizen has a different WhatsApp number', { field: 'citizenId' });
    const events: LiveEvent[] = [];
    invalidateRoutes();
    await db.transaction(async (tx) => {
      await conversations.linkConversation(tx, conv.id, citizen.id, citizen.caseId, citizen.teamId);
      await records.append(tx, {
        kind: 'conversation.linked',
        conversationId: conv.id,
        citizenId: citizen.id,
        caseId: citizen.caseId,
        staffId: actor.id,
        payload: { fromTeamId: conv.teamId, toTeamId: citizen.teamId },
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'conversation.linked',
        subjectType: 'conversation',
        subjectId: conv.id,
        details: { citizenId: citizen.id },
      });
      events.push({ type: 'conversation.changed', conversationId: conv.id, teamId: citizen.teamId });
    });
    publish(events);
  }

  /**
   * A staff send: checked by the policy engine, then the message, its record and
   * the outbox job are committed in one transaction. The worker sends it later.
   */
  async function sendMessage(
    actor: Actor,
    conversationId: string,
    input: { text?: string; justification?: string | null; useTemplate?: boolean; clientKey?: string | null },
    meta: { requestId?: string } = {},
  ): Promise<StoredMessage> {
    if (!canMessage(actor)) throw forbidden('CONVERSATION_FORBIDDEN', 'Your role cannot message citizens');
    const conv = await visibleConversation(actor, conversationId);
    const clientKey = input.clientKey?.trim() || null;
    if (clientKey !== null && !CLIENT_KEY.test(clientKey))
      throw invalid('MESSAGE_CLIENT_KEY_INVALID', 'The idempotency key must be 8 to 100 letters, digits, dashes or underscores');
    // The same form (or API call) again: the message it already queued, not a second send.
    if (clientKey) {
      const already = await sentWithKey(conv.id, clientKey);
      if (already) return already;
    }
    if (conv.phoneNumberId !== phoneNumberId) {
      throw new AppError(
        'CONVERSATION_NOT_ON_THIS_NUMBER',
        'This conversation was imported from a staff phone or belongs to another number: reply from the citizen’s live conversation',
        422,
      );
    }
    if (!conv.citizenId) throw new AppError('CONVERSATION_NOT_LINKED', 'Link this conversation to a citizen and case before replying', 422);
    const citizen = (await citizens.findById(db, conv.citizenId))!;
    const eligibility = contactEligibility(citizen, clock.now(), deps.minContactAge);
    if (!eligibility.eligible) throw new AppError(eligibility.code, eligibility.message, 422);
    if (!conv.contactJustification && !conv.lastInboundAt) {
      throw new AppError('CONVERSATION_JUSTIFICATION_REQUIRED', 'Record why WhatsApp is needed before the first contact', 422);
    }
    const now = clock.now();
    const windowOpen = isWindowOpen(conv.lastInboundAt, now);
    let envelope: BodyEnvelope;
    let content: 'text' | 'template';
    if (input.useTemplate || !windowOpen) {
      if (!input.useTemplate) {
        throw new AppError(
          'WHATSAPP_WINDOW_CLOSED',
          'The citizen has not messaged in the last 24 hours, so WhatsApp only allows the approved first-contact template',
          422,
        );
      }
      const params = [citizen.fullName.split(/\s+/)[0] ?? citizen.fullName, actor.displayName, conv.teamName ?? 'the council'];
      envelope = {
        text: renderTemplate(FIRST_CONTACT_TEMPLATE, params),
        template: { name: FIRST_CONTACT_TEMPLATE.name, language: FIRST_CONTACT_TEMPLATE.language, params },
      };
      content = 'template';
    } else {
      const text = (input.text ?? '').replace(/\r\n/g, '\n').trim();
      if (!text) throw invalid('MESSAGE_EMPTY', 'Enter a message', { field: 'text' });
      if (text.length > MAX_MESSAGE_LENGTH)
        throw invalid('MESSAGE_TOO_LONG', `Messages can be at most ${MAX_MESSAGE_LENGTH} characters`, { field: 'text' });
      envelope = { text };
      content = 'text';
    }
    const decision = policy.evaluate({ text: envelope.text, direction: 'outbound' });
    const policyRecord = decisionForRecord(decision);
    const base = { conversationId: conv.id, citizenId: conv.citizenId, caseId: conv.caseId, staffId: actor.id };
    if (decision.decision === 'block') {
      // The attempt is a record too (managers review blocked attempts), but its text is not kept.
      await db.transaction(async (tx) => {
        await records.append(tx, {
          kind: 'message.blocked',
          ...base,
          payload: { bodySha256: sha256(envelope.text), policy: policyRecord },
        });
        await audit.write(tx, {
          actorStaffId: actor.id,
          action: 'message.blocked',
          subjectType: 'conversation',
          subjectId: conv.id,
          details: { reasons: policyRecord.reasons },
          requestId: meta.requestId,
        });
      });
      throw new AppError('POLICY_BLOCKED', 'This message cannot be sent: it breaks the council’s WhatsApp guidance', 422, { decision });
    }
    const justification = input.justification?.trim() || null;
    if (decision.decision === 'warn' && (!justification || justification.length < MIN_JUSTIFICATION_LENGTH)) {
      throw new AppError('POLICY_JUSTIFICATION_REQUIRED', 'This message needs a written justification before it can be sent', 422, {
        decision,
        field: 'justification',
      });
    }
    const id = randomUUID();
    const sealed = sealBody(id, envelope);
    let duplicate = false;
    await db.transaction(async (tx) => {
      if (clientKey) {
        // Taken first, in the same transaction: of two submits racing, one queues and the other finds its message.
        const claimed = await tx.query(
          'INSERT INTO message_client_key (conversation_id, client_key, message_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
          [conv.id, clientKey, id, now],
        );
        if (claimed.rowCount !== 1) {
          duplicate = true;
          return;
        }
      }
      await conversations.insertMessage(tx, {
        id,
        conversationId: conv.id,
        direction: 'outbound',
        kind: content,
        staffId: actor.id,
        ...sealed,
        templateName: envelope.template?.name ?? null,
        providerMessageId: null,
        status: 'queued',
        statusAt: now,
        decision: decision.decision,
        policy: policyRecord,
        justification: decision.decision === 'warn' ? justification : null,
        forwarded: false,
        flagged: null,
        sentAt: null,
        createdAt: now,
      });
      await records.append(tx, {
        kind: 'message.outbound',
        ...base,
        messageId: id,
        payload: {
          content,
          template: envelope.template?.name ?? null,
          bodySha256: sealed.bodySha256,
          policy: policyRecord,
          justificationSha256: justification && decision.decision === 'warn' ? sha256(justification) : null,
        },
      });
      await jobs.enqueue(tx, SEND_JOB, { messageId: id });
      await conversations.touchConversation(tx, conv.id, now, false);
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: decision.decision === 'warn' ? 'message.sent-with-warning' : 'message.queued',
        subjectType: 'message',
        subjectId: id,
        details: { conversationId: conv.id, reasons: policyRecord.reasons },
        requestId: meta.requestId,
      });
    });
    if (duplicate) return (await sentWithKey(conv.id, clientKey!))!;
    publish([{ type: 'message.created', conversationId: conv.id, teamId: conv.teamId }]);
    jobs.wake(SEND_JOB);
    return (await conversations.findMessage(db, id))!;
  }

  async function sentWithKey(conversationId: string, clientKey: string): Promise<StoredMessage | null> {
    const r = await db.query<{ message_id: string }>(
      'SELECT message_id FROM message_client_key WHERE conversation_id = $1 AND client_key = $2',
      [conversationId, clientKey],
    );
    return r.rows[0] ? conversations.findMessage(db, r.rows[0].message_id) : null;
  }

  function outboundContent(m: StoredMessage, env: BodyEnvelope): OutboundContent {
    if (m.kind === 'template' && env.template) {
      return { type: 'template', name: env.template.name, language: env.template.language, bodyParameters: env.template.params };
    }
    return { type: 'text', body: env.text };
  }

  async function setStatus(
    tx: Queryable,
    events: LiveEvent[],
    m: StoredMessage,
    conv: Conversation,
    status: MessageStatus,
    extra: { errorCode?: number | null; errorTitle?: string | null; providerMessageId?: string | null; sentAt?: Date | null } = {},
  ) {
    const now = clock.now();
    await conversations.updateStatus(tx, m.id, { status, at: now, ...extra });
    await records.append(tx, {
      kind: 'message.status',
      conversationId: conv.id,
      citizenId: conv.citizenId,
      caseId: conv.caseId,
      messageId: m.id,
      payload: {
        status,
        source: 'liaise',
        errorCode: extra.errorCode ?? null,
        providerMessageId: extra.providerMessageId ?? m.providerMessageId,
      },
    });
    events.push({ type: 'message.status-changed', conversationId: conv.id, teamId: conv.teamId });
  }

  /**
   * The outbox worker's send. The message is marked `sending` in its own commit
   * before the call, so if the process dies during the call the next attempt finds
   * `sending` and marks it uncertain instead of sending again.
   */
  async function runSendJob(job: Job): Promise<JobOutcome> {
    const messageId = String(job.payload['messageId']);
    const events: LiveEvent[] = [];
    const prepared = await db.transaction(async (tx) => {
      const m = await conversations.lockMessage(tx, messageId);
      if (!m) return null;
      const conv = (await conversations.findConversation(tx, m.conversationId))!;
      if (m.status === 'sending') {
        await setStatus(tx, events, m, conv, 'uncertain', {
          errorTitle: 'Liaise stopped while sending; it is not known whether WhatsApp received the message',
        });
        return null;
      }
      if (m.status !== 'queued') return null;
      await conversations.updateStatus(tx, m.id, { status: 'sending', at: clock.now() });
      return { m, conv };
    });
    publish(events);
    if (!prepared) return { result: 'done' };
    const { m, conv } = prepared;
    const env = openBody(m)!;
    const result = await channel.send({ to: conv.waNumber, content: outboundContent(m, env), clientReference: m.id });
    const outcome = await db.transaction(async (tx) => {
      const current = (await conversations.lockMessage(tx, m.id))!;
      switch (result.outcome) {
        case 'accepted': {
          // A status webhook may have matched it by client reference already; never move backwards.
          const status: MessageStatus = STATUS_RANK[current.status] < STATUS_RANK.accepted ? 'accepted' : current.status;
          await conversations.updateStatus(tx, m.id, {
            status,
            at: clock.now(),
            providerMessageId: result.providerMessageId,
            sentAt: clock.now(),
          });
          await records.append(tx, {
            kind: 'message.accepted',
            conversationId: conv.id,
            citizenId: conv.citizenId,
            caseId: conv.caseId,
            messageId: m.id,
            payload: { providerMessageId: result.providerMessageId, attempt: job.attempts },
          });
          events.push({ type: 'message.status-changed', conversationId: conv.id, teamId: conv.teamId });
          return { result: 'done' } as const;
        }
        case 'retryable': {
          if (job.attempts >= job.maxAttempts) {
            await setStatus(tx, events, current, conv, 'failed', {
              errorCode: result.code,
              errorTitle: `Gave up after ${job.attempts} attempts: ${result.reason}`,
            });
            return { result: 'failed', error: result.reason } as const;
          }
          await conversations.updateStatus(tx, m.id, { status: 'queued', at: clock.now() });
          return { result: 'retry', error: result.reason, ...(result.retryAfterMs ? { delayMs: result.retryAfterMs } : {}) } as const;
        }
        case 'rejected':
          await setStatus(tx, events, current, conv, 'failed', { errorCode: result.code, errorTitle: result.reason });
          return { result: 'done' } as const;
        case 'uncertain':
          if (STATUS_RANK[current.status] <= STATUS_RANK.sending) {
            await setStatus(tx, events, current, conv, 'uncertain', { errorTitle: result.reason });
          }
          return { result: 'done' } as const;
      }
    });
    publish(events);
    return outcome;
  }

  /** After an uncertain send the caseworker decides: send again, or record it as not sent. Never automatic. */
  async function resolveUncertain(
    actor: Actor,
    messageId: string,
    action: 'resend' | 'not_sent',
    meta: { requestId?: string } = {},
  ): Promise<void> {
    if (!canMessage(actor)) throw forbidden();
    const m = /^[0-9a-f-]{36}$/i.test(messageId) ? await conversations.findMessage(db, messageId) : null;
    if (!m) throw notFound('MESSAGE_NOT_FOUND', 'Message');
    const conv = await visibleConversation(actor, m.conversationId);
    await db.transaction(async (tx) => {
      const current = (await conversations.lockMessage(tx, m.id))!;
      if (current.status !== 'uncertain') throw conflict('MESSAGE_NOT_UNCERTAIN', 'This message is no longer waiting for a decision');
      if (action === 'resend') {
        await conversations.updateStatus(tx, m.id, { status: 'queued', at: clock.now() });
        await jobs.enqueue(tx, SEND_JOB, { messageId: m.id });
      } else {
        await conversations.updateStatus(tx, m.id, { status: 'not_sent', at: clock.now() });
      }
      await records.append(tx, {
        kind: action === 'resend' ? 'message.resend-confirmed' : 'message.marked-not-sent',
        conversationId: conv.id,
        citizenId: conv.citizenId,
        caseId: conv.caseId,
        messageId: m.id,
        staffId: actor.id,
        payload: {},
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: `message.uncertain-${action}`,
        subjectType: 'message',
        subjectId: m.id,
        requestId: meta.requestId,
      });
    });
    publish([{ type: 'message.status-changed', conversationId: conv.id, teamId: conv.teamId }]);
    if (action === 'resend') jobs.wake(SEND_JOB);
  }

  function inboundText(e: InboundMessageEvent): string {
    if (e.location) {
      const place = [e.location.name, e.location.address].filter(Boolean).join(', ');
      return `Location: ${place ? `${place} ` : ''}(${e.location.latitude}, ${e.location.longitude})`;
    }
    return e.text ?? (e.media ? '' : `[${e.type} message]`);
  }

  const inboundFlags = (d: PolicyDecisionView | null) => inboundFlag(d, policy.pack);

  /** Stores one inbound message; false if its provider id was already stored. */
  async function storeInbound(
    tx: Queryable,
    e: InboundMessageEvent,
    touched: Map<string, LiveEvent>,
    route?: InboundRoute,
  ): Promise<boolean> {
    const now = clock.now();
    const r = route ?? (await conversations.routeInbound(tx, e.phoneNumberId, e.from));
    const conv = await conversations.upsertInboundConversation(tx, {
      id: conversationIdFor(r.teamId, e.phoneNumberId, e.from),
      route: r,
      phoneNumberId: e.phoneNumberId,
      waNumber: e.from,
      profileName: e.profileName,
      at: e.sentAt > now ? now : e.sentAt,
      now,
    });
    const prepared = prepareInbound(e, conv.id, conv.citizenId, conv.caseId, now);
    // The message and its record in one statement; nothing when the provider id is already stored.
    const inserted = await records.appendIfInserted(tx, conversations.messageInsert(prepared.message), prepared.record);
    if (!inserted) return false; // the same provider message id again: stored once
    if (e.media) {
      const attachmentId = randomUUID();
      await conversations.insertAttachment(tx, {
        id: attachmentId,
        messageId: prepared.message.id,
        providerMediaId: e.media.mediaId,
        mimeType: e.media.mimeType,
        fileName: e.media.fileName,
        sha256: e.media.sha256,
        sizeBytes: null,
        state: 'pending',
      });
      await jobs.enqueue(tx, FETCH_MEDIA_JOB, { attachmentId });
    }
    touched.set(conv.id, { type: 'message.created', conversationId: conv.id, teamId: conv.teamId });
    return true;
  }

  /** The message row and its record for an inbound message: policy scan, encryption, record payload. */
  function prepareInbound(e: InboundMessageEvent, conversationId: string, citizenId: string | null, caseId: string | null, now: Date) {
    const text = inboundText(e);
    const decision = text
      ? policy.evaluate({
          text,
          direction: 'inbound',
          attachments: e.media ? [{ fileName: e.media.fileName, mimeType: e.media.mimeType }] : [],
        })
      : null;
    const flagged = inboundFlags(decision);
    const id = randomUUID();
    const sealed = sealBody(id, { text });
    const policyRecord = decision ? decisionForRecord(decision) : null;
    const message: NewMessage = {
      id,
      conversationId,
      direction: 'inbound',
      kind: e.type,
      staffId: null,
      ...sealed,
      templateName: null,
      providerMessageId: e.providerMessageId,
      status: 'received',
      statusAt: now,
      decision: decision?.decision ?? null,
      policy: policyRecord,
      justification: null,
      forwarded: e.forwarded,
      flagged,
      sentAt: e.sentAt,
      createdAt: now,
    };
    const record = {
      kind: 'message.inbound',
      conversationId,
      citizenId,
      caseId,
      messageId: id,
      payload: {
        providerMessageId: e.providerMessageId,
        type: e.type,
        sentAt: e.sentAt.toISOString(),
        bodySha256: sealed.bodySha256,
        forwarded: e.forwarded,
        flagged,
        policy: policyRecord,
        linked: citizenId !== null,
      },
    };
    return { message, record };
  }

  /**
   * Routes are cached for a second: a busy number's messages then need one round
   * trip each instead of two. Local changes (a citizen added, a conversation
   * linked) clear the cache at once; a change made on another node is seen within
   * ROUTE_TTL_MS on PostgreSQL, and the fast path's guard sends anything inconsistent down the
   * transactional path, so a stale route can only mean a message that arrives
   * within that second still lands where it would have a second earlier.
   */
  const routeCache = new Map<string, { route: InboundRoute; at: number }>();
  // PGlite is single-process (the server holds the data directory), so every change
  // that affects routing happens here and clears the cache: it can live longer.
  const routeTtlMs = db.kind === 'pglite' ? 10 * ROUTE_TTL_MS * 60 : ROUTE_TTL_MS;
  async function routeFor(phoneNumberId: string, waNumber: string): Promise<InboundRoute> {
    const key = `${phoneNumberId}|${waNumber}`;
    const hit = routeCache.get(key);
    const t = Date.now();
    if (hit && t - hit.at < routeTtlMs) return hit.route;
    const route = await conversations.routeInbound(db, phoneNumberId, waNumber);
    if (routeCache.size >= 10_000) routeCache.clear();
    routeCache.set(key, { route, at: t });
    return route;
  }
  const invalidateRoutes = () => routeCache.clear();

  /** The team whose caseworkers pick up messages from numbers Liaise does not know, on this WhatsApp number. */
  async function getTriageTeam(): Promise<{ teamId: string | null; phoneNumberId: string }> {
    const r = await db.query<{ triage_team_id: string | null }>('SELECT triage_team_id FROM channel_number WHERE phone_number_id = $1', [
      phoneNumberId,
    ]);
    return { teamId: r.rows[0]?.triage_team_id ?? null, phoneNumberId };
  }

  /** Admins choose the triage team for this number; new unknown-number conversations go to it from then on. */
  async function setTriageTeam(actor: Actor, teamId: string, meta: { requestId?: string } = {}): Promise<void> {
    if (actor.role !== 'admin') throw forbidden('CHANNEL_ADMIN_ONLY', 'Only an admin can choose the triage team');
    if (!/^[0-9a-f-]{36}$/i.test(teamId))
      throw invalid('CHANNEL_TEAM_REQUIRED', 'Choose the team that picks up unknown numbers', { field: 'triageTeamId' });
    const team = await db.query('SELECT 1 FROM team WHERE id = $1', [teamId]);
    if (team.rows.length !== 1)
      throw invalid('CHANNEL_TEAM_REQUIRED', 'Choose the team that picks up unknown numbers', { field: 'triageTeamId' });
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO channel_number (phone_number_id, triage_team_id) VALUES ($1, $2)
         ON CONFLICT (phone_number_id) DO UPDATE SET triage_team_id = EXCLUDED.triage_team_id`,
        [phoneNumberId, teamId],
      );
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'channel.triage-team-set',
        subjectType: 'channel_number',
        subjectId: phoneNumberId,
        details: { teamId },
        requestId: meta.requestId,
      });
    });
    invalidateRoutes();
  }

  /**
   * The common case in one autocommit statement: a message without media, to a
   * conversation whose id, citizen and case are what routing predicts. Anything
   * else (media, a conversation moved to another team) takes the transactional path.
   */
  // Concurrent deliveries share one statement (see platform/db/batcher.ts).
  // Each batch gathers what arrived in the same turn of the event loop; PGlite runs one
  // statement at a time, so there one batch in flight lets the next grow.
  const inboundBatcher = createBatcher((items: InboundBatchItem[]) => conversations.storeInboundBatch(db, items), {
    maxInFlight: db.kind === 'pglite' ? 1 : 2,
    maxBatch: 64,
    gatherOneTurn: true,
  });
  const storeOne = (item: InboundBatchItem) =>
    deps.batchInbound === false ? conversations.storeInboundBatch(db, [item]).then((r) => r[0]!) : inboundBatcher.submit(item);

  async function storeInboundFast(e: InboundMessageEvent, touched: Map<string, LiveEvent>): Promise<boolean> {
    const now = clock.now();
    const route = await routeFor(e.phoneNumberId, e.from);
    const conversationId = conversationIdFor(route.teamId, e.phoneNumberId, e.from);
    const prepared = prepareInbound(e, conversationId, route.citizenId, route.caseId, now);
    const result = await storeOne({
      route,
      phoneNumberId: e.phoneNumberId,
      waNumber: e.from,
      profileName: e.profileName,
      at: e.sentAt > now ? now : e.sentAt,
      message: prepared.message,
      record: records.prepare(prepared.record),
    });
    if (!result.guardHeld) return db.transaction((tx) => storeInbound(tx, e, touched, route));
    if (result.inserted) touched.set(conversationId, { type: 'message.created', conversationId, teamId: route.teamId });
    return result.inserted;
  }

  async function storeStatus(tx: Queryable, e: StatusEvent, touched: Map<string, LiveEvent>): Promise<boolean> {
    let m = await conversations.findMessageByProviderId(tx, e.providerMessageId);
    // Reconcile a send whose response was lost: Meta echoes our id in biz_opaque_callback_data.
    if (!m && e.clientReference && /^[0-9a-f-]{36}$/i.test(e.clientReference)) {
      const byRef = await conversations.lockMessage(tx, e.clientReference);
      // (Waiting on the row lock: if the worker was just storing the provider id, it is this one.)
      if (byRef && byRef.direction === 'outbound' && (!byRef.providerMessageId || byRef.providerMessageId === e.providerMessageId))
        m = byRef;
    }
    if (!m) return false;
    if (!(await conversations.insertStatusEvent(tx, m.id, e.status, e.at))) return false; // duplicate delivery
    const conv = (await conversations.findConversation(tx, m.conversationId))!;
    const err = e.errors[0] ?? null;
    await records.append(tx, {
      kind: 'message.status',
      conversationId: conv.id,
      citizenId: conv.citizenId,
      caseId: conv.caseId,
      messageId: m.id,
      payload: {
        status: e.status,
        at: e.at.toISOString(),
        source: 'whatsapp',
        providerMessageId: e.providerMessageId,
        errors: e.errors.map((x) => ({ code: x.code, title: x.title })),
      },
    });
    const forward = STATUS_RANK[e.status] > STATUS_RANK[m.status];
    if (forward || !m.providerMessageId) {
      await conversations.updateStatus(tx, m.id, {
        status: forward ? e.status : m.status,
        at: forward ? e.at : m.statusAt,
        providerMessageId: e.providerMessageId,
        errorCode: e.status === 'failed' ? (err?.code ?? null) : null,
        errorTitle: e.status === 'failed' ? (err?.title ?? null) : null,
        sentAt: e.at,
      });
    }
    touched.set(conv.id, { type: 'message.status-changed', conversationId: conv.id, teamId: conv.teamId });
    return true;
  }

  /** One webhook delivery, stored in one transaction: answered 200 only after this commits. */
  async function receiveChannelEvents(events: ChannelEvent[]): Promise<{ stored: number; duplicates: number }> {
    const touched = new Map<string, LiveEvent>();
    // Messages are committed one by one (each is whole on its own; a redelivery after a
    // partial failure stores only what is missing); statuses together in one transaction.
    let stored = 0;
    for (const e of events) {
      if (e.kind !== 'message') continue;
      const ok = e.media ? await db.transaction((tx) => storeInbound(tx, e, touched)) : await storeInboundFast(e, touched);
      if (ok) stored += 1;
    }
    const statuses = events.filter((e): e is StatusEvent => e.kind === 'status');
    if (statuses.length) {
      stored += await db.transaction(async (tx) => {
        let n = 0;
        for (const e of statuses) if (await storeStatus(tx, e, touched)) n += 1;
        return n;
      });
    }
    publish(touched.values());
    if (events.some((e) => e.kind === 'message' && e.media)) jobs.wake(FETCH_MEDIA_JOB);
    return { stored, duplicates: events.length - stored };
  }

  /** Fetches inbound media through the media-id → URL → download flow and stores it encrypted. */
  async function runFetchMediaJob(job: Job): Promise<JobOutcome> {
    const attachmentId = String(job.payload['attachmentId']);
    const a = await conversations.findAttachment(db, attachmentId);
    if (!a || a.state !== 'pending' || !a.providerMediaId) return { result: 'done' };
    try {
      const media = await channel.downloadMedia(a.providerMediaId, { expectedSha256: a.sha256 });
      const { keyId, ciphertext } = cipher.seal(media.bytes, a.id);
      const m = (await conversations.findMessage(db, a.messageId))!;
      const conv = (await conversations.findConversation(db, m.conversationId))!;
      const digest = sha256(media.bytes);
      await db.transaction(async (tx) => {
        await conversations.storeAttachmentContent(tx, a.id, {
          contentCt: ciphertext,
          keyId,
          sha256: digest,
          sizeBytes: media.bytes.length,
          mimeType: media.mimeType,
        });
        await records.append(tx, {
          kind: 'attachment.stored',
          conversationId: conv.id,
          citizenId: conv.citizenId,
          caseId: conv.caseId,
          messageId: m.id,
          payload: { attachmentId: a.id, sha256: digest, sizeBytes: media.bytes.length, mimeType: media.mimeType, fileName: a.fileName },
        });
      });
      publish([{ type: 'message.status-changed', conversationId: conv.id, teamId: conv.teamId }]);
      return { result: 'done' };
    } catch (err) {
      logger.warn({ attachmentId, code: (err as AppError).code }, 'media download failed');
      if (job.attempts >= job.maxAttempts) {
        await conversations.failAttachment(db, a.id);
        return { result: 'failed', error: (err as Error).message };
      }
      return { result: 'retry', error: (err as Error).message };
    }
  }

  /** Decrypted attachment bytes for a member of staff who can see the conversation; audited. */
  async function readAttachment(actor: Actor, attachmentId: string) {
    const a = /^[0-9a-f-]{36}$/i.test(attachmentId) ? await conversations.findAttachment(db, attachmentId) : null;
    if (!a || a.state !== 'stored' || !a.contentCt || !a.keyId) throw notFound('ATTACHMENT_NOT_FOUND', 'Attachment');
    const m = (await conversations.findMessage(db, a.messageId))!;
    await visibleConversation(actor, m.conversationId);
    const bytes = cipher.open(a.keyId, a.contentCt, a.id);
    await audit.write(db, { actorStaffId: actor.id, action: 'attachment.content-read', subjectType: 'attachment', subjectId: a.id });
    return { bytes, mimeType: a.mimeType ?? 'application/octet-stream', fileName: a.fileName };
  }

  return {
    openConversation,
    listConversations,
    readConversation,
    getConversationSummary,
    linkConversation,
    checkText,
    sendMessage,
    runSendJob,
    resolveUncertain,
    receiveChannelEvents,
    runFetchMediaJob,
    readAttachment,
    /** Call when citizens' numbers or teams change, so inbound routing sees it at once. */
    invalidateRoutes,
    getTriageTeam,
    setTriageTeam,
    /** Whether the guidance allows WhatsApp contact with this citizen now (the same rule openConversation applies). */
    contactEligibility: (citizen: Pick<Citizen, 'dateOfBirth' | 'ageBand'>) => contactEligibility(citizen, clock.now(), deps.minContactAge),
  };
}

export type MessagingService = ReturnType<typeof createMessagingService>;
