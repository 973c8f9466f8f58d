import type { AuditService } from '../../audit/audit.service.js';
import { authorize } from '../../access/authorize.js';
import type { Clock } from '../../platform/clock.js';
import { UNREADABLE_BODY } from '../../conversations/message.js';
import { isAppError } from '../../platform/errors.js';
import type { Cipher } from '../../platform/crypto/cipher.js';
import type { Db } from '../../platform/db/db.client.js';
import { backoffMs, type Job, type JobOutcome, type JobQueue } from '../../platform/jobs/job.queue.js';
import type { Actor } from '../../staff/staff.types.js';
import { MESSAGE_CAPTURE_KINDS } from '../records.repository.js';
import type { CasePushRepository, PushFacts } from './case-push.repository.js';
import { pushDeliveryNotFailed, pushDeliveryNotFound, pushNotConfigured } from './export.errors.js';
import { signPush, PUSH_SIGNATURE_HEADER } from './push-signature.js';

export const CASE_PUSH_JOB = 'records.case-push';

// One pump reads this many seals: a short transaction, and at most this many jobs queued at once.
const PUMP_BATCH = 500;
// A case system down for longer than the backoff covers (about an hour at 5-minute steps) leaves the
// delivery failed on the log page, where a records officer retries it.
const DEFAULT_MAX_ATTEMPTS = 15;

/** Opens a message body sealed by the cipher (bound to the message id); a template's body is its text. */
function openText(cipher: Cipher, m: NonNullable<PushFacts['message']>): string | null {
  if (!m.bodyCt || !m.keyId) return null;
  try {
    const plain = cipher.open(m.keyId, m.bodyCt, m.id).toString('utf8');
    return m.kind === 'template' ? ((JSON.parse(plain) as { text?: string }).text ?? null) : plain;
  } catch (err) {
    // An altered or moved body is pushed as unreadable rather than failing the delivery for good.
    if (isAppError(err) || err instanceof SyntaxError) return UNREADABLE_BODY;
    throw err;
  }
}

/** What a failed attempt was, as a class the log can show (never a message or a body). */
function errorClass(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
  const code = e.cause?.code;
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ECONNRESET') return 'connection_reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  return 'network';
}

/**
 * The push to the council's case system. A pump tails the record chain (by chain index, which commits
 * in order) and queues one outbox job per captured-message record; each job posts a signed webhook
 * and is retried with exponential backoff until the receiver answers 2xx. Whatever is appended to the
 * chain with a captured-message kind is pushed, so no other service needs to know about the push.
 */
export function createCasePushService(deps: {
  db: Db;
  pushes: CasePushRepository;
  jobs: JobQueue;
  cipher: Cipher;
  audit: AuditService;
  clock: Clock;
  target: { url: string; secret: string; maxAttempts?: number } | null;
  timeoutMs?: number;
}) {
  const { db, pushes, jobs, cipher, audit, clock, target } = deps;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const maxAttempts = target?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;

  /** The body of one push. Text goes with inbound, outbound and imported messages; never with a destruction. */
  function buildBody(f: PushFacts, destroyed: boolean): string {
    const m = f.message;
    const withText = f.recordKind !== 'message.destroyed' && !destroyed;
    return JSON.stringify({
      event: f.recordKind,
      record: { id: f.recordId, hash: f.recordHash, chainIndex: f.chainIndex, recordedAt: f.recordedAt.toISOString() },
      message: m
        ? {
            id: m.id,
            conversationId: f.conversationId,
            citizenId: f.citizenId,
            direction: m.direction,
            kind: m.kind,
            status: m.status,
            sentAt: m.sentAt?.toISOString() ?? null,
            createdAt: m.createdAt.toISOString(),
            destroyed,
            text: withText ? openText(cipher, m) : null,
          }
        : null,
      cases: f.cases.map((c) => ({ id: c.id, reference: c.reference })),
    });
  }

  return {
    isConfigured: target !== null,

    /** Queues a push for every captured-message record sealed since the last pump. Returns how many were queued. */
    async pump(): Promise<number> {
      if (!target) return 0;
      let queued = 0;
      for (;;) {
        const { n, scanned } = await db.transaction(async (tx) => {
          const { deliveryIds, scanned } = await pushes.advance(tx, MESSAGE_CAPTURE_KINDS, PUMP_BATCH, clock.now());
          for (const deliveryId of deliveryIds) await jobs.enqueue(tx, CASE_PUSH_JOB, { deliveryId }, { maxAttempts });
          return { n: deliveryIds.length, scanned };
        });
        queued += n;
        if (scanned < PUMP_BATCH) break;
      }
      if (queued > 0) jobs.wake(CASE_PUSH_JOB);
      return queued;
    },

    /** The outbox job: one signed POST; 2xx delivers, anything else retries with backoff, then fails. */
    async runPushJob(job: Job): Promise<JobOutcome> {
      const deliveryId = String(job.payload['deliveryId']);
      const delivery = await pushes.get(db, deliveryId);
      if (!delivery) return { result: 'failed', error: 'delivery not found' };
      if (delivery.state === 'delivered') return { result: 'done' };
      if (!target) return { result: 'failed', error: 'not_configured' };
      const facts = await pushes.facts(db, delivery.recordId);
      if (!facts) return { result: 'failed', error: 'record not found' };
      const destroyed = facts.message ? await pushes.isDestroyed(db, facts.message.id) : false;
      const body = buildBody(facts, destroyed);
      const at = clock.now();
      let status: number | null = null;
      let error: string | null = null;
      try {
        const res = await fetch(target.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [PUSH_SIGNATURE_HEADER]: signPush(body, target.secret, at) },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (!res.ok) error = `http_${res.status}`;
      } catch (err) {
        error = errorClass(err);
      }
      if (!error) {
        await pushes.recordAttempt(db, delivery.id, {
          state: 'delivered',
          attempts: delivery.attempts + 1,
          status,
          error: null,
          at,
          nextAt: null,
        });
        return { result: 'done' };
      }
      const givingUp = job.attempts >= job.maxAttempts;
      const delayMs = backoffMs(job.attempts);
      await pushes.recordAttempt(db, delivery.id, {
        state: givingUp ? 'failed' : 'pending',
        attempts: delivery.attempts + 1,
        status,
        error,
        at,
        nextAt: givingUp ? null : new Date(at.getTime() + delayMs),
      });
      return givingUp ? { result: 'failed', error } : { result: 'retry', error, delayMs };
    },

    /** The delivery log, failures first. */
    async listDeliveries(actor: Actor, limit = 200) {
      authorize(actor, 'records.push');
      const [deliveries, counts] = await Promise.all([pushes.list(db, limit), pushes.counts(db)]);
      return { configured: target !== null, deliveries, counts };
    },

    /** Queues a failed delivery again (a person saw the case system was back). */
    async retry(actor: Actor, deliveryId: string, requestId: string | null = null): Promise<void> {
      authorize(actor, 'records.push');
      if (!target) throw pushNotConfigured();
      await db.transaction(async (tx) => {
        const d = await pushes.get(tx, deliveryId);
        if (!d) throw pushDeliveryNotFound();
        if (!(await pushes.requeue(tx, deliveryId, clock.now()))) throw pushDeliveryNotFailed();
        await jobs.enqueue(tx, CASE_PUSH_JOB, { deliveryId }, { maxAttempts });
        await audit.write(tx, {
          actorStaffId: actor.id,
          action: 'case-push.retried',
          subjectType: 'case_push_delivery',
          subjectId: deliveryId,
          details: { recordId: d.recordId, attempts: d.attempts },
          requestId,
        });
      });
      jobs.wake(CASE_PUSH_JOB);
    },
  };
}

export type CasePushService = ReturnType<typeof createCasePushService>;
