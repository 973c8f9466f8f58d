import { can } from '../../access/authorize.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { ChannelClient, OutboundContent } from '../../channel/channel.types.js';
import type { CitizenRepository } from '../../citizens/citizen.repository.js';
import type { Clock } from '../../platform/clock.js';
import type { Cipher } from '../../platform/crypto/cipher.js';
import type { Digester } from '../../platform/crypto/digest.js';
import { uuidv7 } from '../../platform/crypto/uuid-v7.js';
import type { Db, Queryable } from '../../platform/db/db.client.js';
import type { Job, JobOutcome, JobQueue } from '../../platform/jobs/job.queue.js';
import type { RecordsService } from '../../records/records.service.js';
import type { Actor } from '../../staff/staff.types.js';
import type { LiveEvent, LivePublisher } from '../conversation.events.js';
import {
  clientKeyInvalid,
  conversationActionForbidden,
  conversationForbidden,
  conversationNotLinked,
  conversationNotOnThisNumber,
  messageEmpty,
  messageNotFound,
  messageNotUncertain,
  messageTooLong,
  policyBlocked,
  policyJustificationRequired,
} from '../conversation.errors.js';
import type { Conversation, ConversationRepository, MessageStatus, StoredMessage } from '../conversation.repository.js';
import type { ContactService } from '../../contact/contact.service.js';
import { type ConversationService, MIN_JUSTIFICATION_LENGTH } from '../conversation.service.js';
import { type BodyEnvelope, createMessageBodies, keyedBodyDigest, messageRecordLinks, STATUS_RANK } from '../message.js';
import { decisionForRecord, type PolicyChecker } from '../policy.port.js';
import { FIRST_CONTACT_TEMPLATE, isWindowOpen } from '../templates.js';
import type { TemplatesService } from '../../contact/templates.service.js';

export const SEND_JOB = 'whatsapp.send';
export const MAX_MESSAGE_LENGTH = 4096; // WhatsApp's limit for a text body

/** An idempotency key as a form or an API client sends it. */
const CLIENT_KEY = /^[A-Za-z0-9_-]{8,100}$/;

export interface OutboundDeps {
  db: Db;
  conversations: ConversationRepository;
  /** Visibility and the contact rules, as the conversation service applies them. */
  conversationService: Pick<ConversationService, 'getConversationSummary'>;
  /** The contact rules' gate every send passes before anything is queued or recorded. */
  contact: Pick<ContactService, 'assertMaySend'>;
  /** Approved templates, filled in: refuses unknown or unapproved ones and parameters that do not fit. */
  templates: Pick<TemplatesService, 'fillTemplate'>;
  citizens: CitizenRepository;
  records: RecordsService;
  audit: AuditService;
  jobs: JobQueue;
  cipher: Cipher;
  digester: Digester;
  policy: PolicyChecker;
  channel: ChannelClient;
  clock: Clock;
  publish: LivePublisher;
  phoneNumberId: string;
}

/**
 * Staff sends: checked by the policy engine and committed with their record and
 * outbox job in one transaction; the outbox worker sends them; a send whose
 * outcome is unknown waits for the caseworker's decision.
 */
export function createOutboundService(deps: OutboundDeps) {
  const { db, conversations, records, audit, jobs, policy, channel, clock, publish, phoneNumberId } = deps;
  const bodies = createMessageBodies(deps.cipher, deps.digester);
  const visibleConversation = deps.conversationService.getConversationSummary;

  /**
   * A staff send: checked by the policy engine, then the message, its record and
   * the outbox job are committed in one transaction. The worker sends it later.
   */
  async function sendMessage(
    actor: Actor,
    conversationId: string,
    input: {
      text?: string;
      justification?: string | null;
      /** The first-contact template, filled in with the citizen's first name, the sender's name and the team. */
      useTemplate?: boolean;
      /** An approved template and its parameters ({{1}}, {{2}} …), in order. */
      template?: { name: string; language: string; parameters: string[] } | null;
      clientKey?: string | null;
    },
    meta: { requestId?: string } = {},
  ): Promise<StoredMessage> {
    if (!can(actor, 'conversation.send')) throw conversationForbidden();
    const conv = await visibleConversation(actor, conversationId);
    const clientKey = input.clientKey?.trim() || null;
    if (clientKey !== null && !CLIENT_KEY.test(clientKey)) throw clientKeyInvalid();
    // The same form (or API call) again: the message it already queued, not a second send.
    if (clientKey) {
      const already = await sentWithKey(conv.id, clientKey);
      if (already) return already;
    }
    if (conv.phoneNumberId !== phoneNumberId) throw conversationNotOnThisNumber();
    if (!conv.citizenId) throw conversationNotLinked();
    const citizen = (await deps.citizens.findById(db, conv.citizenId))!;
    const now = clock.now();
    const windowOpen = isWindowOpen(conv.lastInboundAt, now);
    // The contact rules first: a refusal throws its CONTACT_… code before anything is checked, queued or recorded.
    const asTemplate = Boolean(input.useTemplate || input.template);
    deps.contact.assertMaySend(conv, citizen, asTemplate ? 'template' : 'text', windowOpen);
    let envelope: BodyEnvelope;
    let content: 'text' | 'template';
    if (asTemplate) {
      // Only an approved template, its parameters checked; the text is exactly what the citizen's phone shows.
      const filled = await deps.templates.fillTemplate(
        input.template ?? {
          name: FIRST_CONTACT_TEMPLATE.name,
          language: FIRST_CONTACT_TEMPLATE.language,
          parameters: [citizen.fullName.split(/\s+/)[0] ?? citizen.fullName, actor.displayName, conv.teamName ?? 'the council'],
        },
      );
      envelope = { text: filled.text, template: { name: filled.name, language: filled.language, params: filled.parameters } };
      content = 'template';
    } else {
      const text = (input.text ?? '').replace(/\r\n/g, '\n').trim();
      if (!text) throw messageEmpty();
      if (text.length > MAX_MESSAGE_LENGTH) throw messageTooLong(MAX_MESSAGE_LENGTH);
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
          payload: { ...keyedBodyDigest(bodies.digestOf(envelope.text)), policy: policyRecord },
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
      throw policyBlocked(decision);
    }
    const justification = input.justification?.trim() || null;
    if (decision.decision === 'warn' && (!justification || justification.length < MIN_JUSTIFICATION_LENGTH)) {
      throw policyJustificationRequired(decision);
    }
    const id = uuidv7();
    const sealed = bodies.seal(id, envelope);
    let duplicate = false;
    await db.transaction(async (tx) => {
      // Taken first, in the same transaction: of two submits racing, one queues and the other finds its message.
      if (clientKey && !(await conversations.claimClientKey(tx, { conversationId: conv.id, clientKey, messageId: id, now }))) {
        duplicate = true;
        return;
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
          bodyDigest: sealed.bodyDigest,
          digestKeyId: sealed.digestKeyId,
          policy: policyRecord,
          // Digested under the same (current) key as the body, which digestKeyId names.
          justificationDigest: justification && decision.decision === 'warn' ? bodies.digestOf(justification).digest : null,
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
    const messageId = await conversations.findMessageIdByClientKey(db, conversationId, clientKey);
    return messageId ? conversations.findMessage(db, messageId) : null;
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
      ...messageRecordLinks(conv, m.id),
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
    const env = bodies.open(m)!;
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
            ...messageRecordLinks(conv, m.id),
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
    if (!can(actor, 'conversation.send')) throw conversationActionForbidden();
    const m = /^[0-9a-f-]{36}$/i.test(messageId) ? await conversations.findMessage(db, messageId) : null;
    if (!m) throw messageNotFound();
    const conv = await visibleConversation(actor, m.conversationId);
    await db.transaction(async (tx) => {
      const current = (await conversations.lockMessage(tx, m.id))!;
      if (current.status !== 'uncertain') throw messageNotUncertain();
      if (action === 'resend') {
        await conversations.updateStatus(tx, m.id, { status: 'queued', at: clock.now() });
        await jobs.enqueue(tx, SEND_JOB, { messageId: m.id });
      } else {
        await conversations.updateStatus(tx, m.id, { status: 'not_sent', at: clock.now() });
      }
      await records.append(tx, {
        kind: action === 'resend' ? 'message.resend-confirmed' : 'message.marked-not-sent',
        ...messageRecordLinks(conv, m.id),
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

  /**
   * A message Liaise itself sends in the caller's transaction (the one confirmation of a STOP): checked by
   * the policy engine and recorded like any send, with no member of staff. Call `jobs.wake(SEND_JOB)` after commit.
   */
  async function queueSystemMessage(tx: Queryable, conv: Conversation, text: string, reason: 'opt_out_confirmation'): Promise<string> {
    const now = clock.now();
    const decision = policy.evaluate({ text, direction: 'outbound' });
    const policyRecord = decisionForRecord(decision);
    const id = uuidv7();
    const sealed = bodies.seal(id, { text });
    await conversations.insertMessage(tx, {
      id,
      conversationId: conv.id,
      direction: 'outbound',
      kind: 'text',
      staffId: null,
      ...sealed,
      templateName: null,
      providerMessageId: null,
      status: 'queued',
      statusAt: now,
      decision: decision.decision,
      policy: policyRecord,
      justification: null,
      forwarded: false,
      flagged: null,
      sentAt: null,
      createdAt: now,
    });
    await records.append(tx, {
      kind: 'message.outbound',
      conversationId: conv.id,
      citizenId: conv.citizenId,
      caseId: conv.caseId,
      messageId: id,
      payload: { content: 'text', system: reason, bodyDigest: sealed.bodyDigest, digestKeyId: sealed.digestKeyId, policy: policyRecord },
    });
    await jobs.enqueue(tx, SEND_JOB, { messageId: id });
    await conversations.touchConversation(tx, conv.id, now, false);
    return id;
  }

  return { sendMessage, runSendJob, resolveUncertain, queueSystemMessage };
}

export type OutboundService = ReturnType<typeof createOutboundService>;
