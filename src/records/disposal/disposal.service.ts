import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { isAppError } from '../../platform/errors.js';
import { join } from 'node:path';
import { can } from '../../access/authorize.js';
import { isCalendarDate } from '../calendar-date.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { ConversationRepository } from '../../conversations/conversation.repository.js';
import type { ImportBatchRepository } from '../../imports/import-batch.repository.js';
import type { ReportRepository } from '../../oversight/report.repository.js';
import type { ShareRepository } from '../../oversight/share.repository.js';
import type { Clock } from '../../platform/clock.js';
import type { AttachmentContentRepository } from '../../conversations/attachment-content.repository.js';
import type { AttachmentStore } from '../../conversations/attachment-store.js';
import type { Cipher } from '../../platform/crypto/cipher.js';
import type { Db, Queryable } from '../../platform/db/db.client.js';
import type { JobQueue, Job, JobOutcome } from '../../platform/jobs/job.queue.js';
import type { Logger } from '../../platform/log/logger.js';
import type { Actor } from '../../staff/staff.types.js';
import { holdMatcher, UNREADABLE_TEXT, type ActiveHold } from '../holds/hold-scope.js';
import type { RecordsService } from '../records.service.js';
import type { RetentionSchedule } from '../retention/retention-schedule.js';
import { setDisposalStates } from '../retention/retention.repository.js';
import { buildDestructionCertificate, DESTRUCTION_METHOD, type DestructionCertificate } from './destruction-certificate.js';
import {
  certificateNotFound,
  disposalAsOfInvalid,
  disposalChooseDecision,
  disposalChooseItems,
  disposalExtendDateInvalid,
  disposalForbidden,
  disposalHeld,
  disposalReasonRequired,
  disposalReviewNotFound,
  retentionReadForbidden,
} from './disposal.errors.js';
import type { CertificateSummary, DisposalRepository, DueRow, ReviewItemRow, RunOutcome } from './disposal.repository.js';

export const DISPOSE_JOB = 'records.dispose-expired';

// A batch is one short transaction: small enough not to hold row locks for long, large enough that
// a million records take a few hundred round trips. Over 1,000,000 records on PostgreSQL on two cores
// (`npm run bench -- disposal`'s data, messages laid out in arrival order), one run each: 2,500 with 4
// lanes 57.1 s, with 3 lanes 63.8 s; 1,250 with 4 lanes 62.3 s; 5,000 with 4 lanes 72.0 s. (Before the
// layout was fixed: 2 lanes 73.2 s, 3 lanes 68.3 s, 4 lanes 65.8 s.) Runs of one setting vary by ±4 s. These
// figures predate the claim's plan fix (`claimDueBatch`) and were taken on another machine: not re-measured since.
const DEFAULT_BATCH = 2500;

// A scheduled run commits its progress after every batch; one that has not moved for this long died
// with its node, and the next run finishes it (issues the certificate for what it destroyed).
const ABANDONED_AFTER_MS = 15 * 60_000;

const TRANSFER_METHOD =
  'exported to the archive package named on this certificate, then message body and attachment content deleted from the database; tombstone record appended to the hash chain';

export interface DisposalRunResult {
  runId: string | null;
  asOf: string;
  dryRun: boolean;
  destroyed: number;
  queuedForReview: number;
  held: number;
  notDue: number;
  certificateId: string | null;
}

export interface DisposalProgress {
  runId: string | null;
  scanned: number;
  destroyed: number;
  queuedForReview: number;
  held: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface DisposalDeps {
  db: Db;
  disposal: DisposalRepository;
  holds: { activeHolds(q: Queryable): Promise<ActiveHold[]> };
  conversations: Pick<ConversationRepository, 'eraseMessageContent' | 'forgetEmptiedConversations'>;
  /** Erases stored attachment content no surviving message shares. */
  attachmentContents: Pick<AttachmentContentRepository, 'eraseForMessages'>;
  /** Reads attachment content for the transfer package. */
  attachments: Pick<AttachmentStore, 'openAttachmentContent'>;
  importBatches: Pick<ImportBatchRepository, 'forgetDestroyedBatches'>;
  /** The free text staff wrote about a message (report notes and outcomes, share notes) goes with it. */
  reports: Pick<ReportRepository, 'eraseTextOf'>;
  shares: Pick<ShareRepository, 'eraseNotesOf'>;
  records: RecordsService;
  audit: AuditService;
  jobs: JobQueue;
  cipher: Cipher;
  clock: Clock;
  logger: Logger;
  schedule: RetentionSchedule;
  /** The council's zone: which calendar day a message and "today" fall on. */
  timeZone: string;
  /** Where transfer packages are written. */
  archiveDir: string;
  /** Gives every message without one its class and disposal date before a run (the retention service). */
  assignMissing?: () => Promise<unknown>;
  batchSize?: number;
  /** Batches destroyed at once by one run (each its own transaction); PGlite has one connection, so 1 there. */
  concurrency?: number;
  /** How long an unfinished run may go without progress before the next run finishes it for it. */
  abandonedAfterMs?: number;
}

/**
 * Disposal at the end of retention: the daily job destroys records whose class ends in destroy,
 * queues the rest for a records officer's review, and keeps whatever a legal hold covers; the
 * review destroys, extends or transfers. Each run that destroys writes one destruction certificate;
 * each destroyed message leaves a tombstone record so the chain still verifies.
 */
export function createDisposalService(deps: DisposalDeps) {
  const { db, disposal, records, audit, clock, logger, schedule, cipher } = deps;
  const batchSize = deps.batchSize ?? DEFAULT_BATCH;
  const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: deps.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const today = () => dayFormat.format(clock.now());

  /** The message's text for a keyword hold; UNREADABLE_TEXT when its stored body cannot be decrypted. */
  const textOf = (r: DueRow): string | null | typeof UNREADABLE_TEXT => {
    if (!r.bodyCt || !r.keyId) return null;
    let plain: string;
    try {
      plain = cipher.open(r.keyId, r.bodyCt, r.messageId).toString('utf8');
    } catch {
      logger.warn({ messageId: r.messageId }, 'message body unreadable: kept under the keyword hold');
      return UNREADABLE_TEXT;
    }
    if (r.kind !== 'template') return plain;
    try {
      return (JSON.parse(plain) as { text?: string }).text ?? null;
    } catch {
      return plain;
    }
  };

  // One matcher per list of holds read (a batch's), built at its first message.
  const matchers = new WeakMap<ActiveHold[], ReturnType<typeof holdMatcher>>();
  const holdFor = (holds: ActiveHold[], r: DueRow) => {
    if (holds.length === 0) return null;
    let match = matchers.get(holds);
    if (!match) matchers.set(holds, (match = holdMatcher(holds)));
    return match({
      caseIds: r.caseIds,
      citizenId: r.citizenId,
      number: r.number,
      classId: r.classId,
      messageDate: r.messageDate,
      text: () => textOf(r),
    });
  };

  const needs = (holds: ActiveHold[]) => ({
    withCases: holds.some((h) => h.scope.kind === 'case'),
    withBody: holds.some((h) => h.scope.kind === 'keyword'),
  });

  /**
   * Destroys `rows` inside `tx`: tombstones in the chain, content gone, the destruction noted. Returns the
   * disposal states to set, which the caller writes with `setDisposalStates` in the same transaction (a run's
   * claim has set them already).
   */
  async function destroyRows(
    tx: Queryable,
    rows: DueRow[],
    run: { runId: string; approver: string; action: 'destroy' | 'transfer' },
  ): Promise<{ messageId: string; state: 'destroyed' | 'transferred' }[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.messageId);
    // A run's claim read each capture hash with its rows; a review's decision reads them here.
    const hashes = rows.every((r) => r.captureHash !== undefined)
      ? new Map(rows.flatMap((r) => (r.captureHash ? [[r.messageId, r.captureHash] as const] : [])))
      : await disposal.captureRecordHashes(tx, ids);
    const at = clock.now();
    const tombstones = await records.appendMany(
      tx,
      rows.map((r) => ({
        kind: 'message.destroyed',
        conversationId: r.conversationId,
        citizenId: r.citizenId,
        messageId: r.messageId,
        retentionClass: r.classId,
        // Classes, hashes and ids only: a tombstone is kept for good and holds no personal data.
        payload: {
          destroyedRecordHash: hashes.get(r.messageId) ?? null,
          classId: r.classId,
          action: run.action,
          approver: run.approver,
          runId: run.runId,
          scheduleVersion: schedule.version,
        },
      })),
    );
    await deps.attachmentContents.eraseForMessages(tx, ids);
    await deps.conversations.eraseMessageContent(tx, ids);
    await deps.reports.eraseTextOf(tx, ids);
    await deps.shares.eraseNotesOf(tx, ids);
    await disposal.insertDestructions(
      tx,
      rows.map((r, i) => ({
        messageId: r.messageId,
        runId: run.runId,
        at,
        classId: r.classId,
        messageDate: r.messageDate,
        recordHash: hashes.get(r.messageId) ?? 'no-capture-record',
        tombstoneId: tombstones[i]!,
      })),
    );
    const state = run.action === 'transfer' ? ('transferred' as const) : ('destroyed' as const);
    return ids.map((messageId) => ({ messageId, state }));
  }

  /** After a run's destructions: certificate, and the clean-up of conversations and imports left empty. */
  async function finish(
    tx: Queryable,
    run: {
      runId: string;
      approver: string;
      action: 'destroy' | 'transfer';
      archiveFile?: string | null;
      outcome?: RunOutcome;
      /**
       * The conversations and import batches the run's destructions touched, when the run gathered them as
       * it went; otherwise (a run finished for a node that died) they are read back from its destructions.
       */
      touched?: { conversationIds: string[]; batchIds: string[] };
    },
  ): Promise<string | null> {
    const touched = run.touched ?? (await disposal.runTouched(tx, run.runId));
    await deps.conversations.forgetEmptiedConversations(tx, touched.conversationIds);
    await deps.importBatches.forgetDestroyedBatches(tx, touched.batchIds);
    const cert = await disposal.issueCertificate(tx, {
      id: randomUUID(),
      runId: run.runId,
      issuedAt: clock.now(),
      approver: run.approver,
      action: run.action,
      method: run.action === 'transfer' ? TRANSFER_METHOD : DESTRUCTION_METHOD,
      scheduleVersion: schedule.version,
      archiveFile: run.archiveFile ?? null,
    });
    await disposal.finishRun(tx, run.runId, clock.now(), cert?.id ?? null, run.outcome ?? 'completed');
    return cert?.id ?? null;
  }

  /**
   * An attachment's content, checked by reading it through once (decrypting every chunk): its plain
   * SHA-256 for the archive's fixity check, null when it has none (erased, never fetched), or
   * UNREADABLE_TEXT when it cannot be read, so the package can say so before any of it is written.
   */
  async function checkAttachment(tx: Queryable, attachmentId: string): Promise<string | null | typeof UNREADABLE_TEXT> {
    try {
      const h = createHash('sha256');
      for await (const chunk of await deps.attachments.openAttachmentContent(attachmentId, tx)) h.update(chunk as Buffer);
      return h.digest('hex');
    } catch (err) {
      if (isAppError(err) && err.code === 'ATTACHMENT_NOT_FOUND') return null;
      logger.warn({ attachmentId }, 'attachment unreadable: marked so in the transfer package');
      return UNREADABLE_TEXT;
    }
  }

  /**
   * Writes a transfer package (JSON) durably: to a temporary name, fsync, then renamed. It is written a
   * piece at a time, attachments streamed from the store as base64, so no file (nor the package) is
   * ever held whole in memory. What cannot be read goes in marked unreadable, rather than stopping the
   * transfer: the package then says exactly what the archive did not receive.
   */
  async function writeArchivePackage(tx: Queryable, certificateHint: string, messageIds: string[], approver: string): Promise<string> {
    const material = await disposal.archiveMaterial(tx, messageIds);
    const bodyOf = (m: (typeof material.messages)[number]) => {
      if (!m.body_ct || !m.key_id) return { body: null, unreadable: false };
      try {
        return { body: cipher.open(m.key_id, m.body_ct, m.id).toString('utf8'), unreadable: false };
      } catch {
        logger.warn({ messageId: m.id }, 'message body unreadable: marked so in the transfer package');
        return { body: null, unreadable: true };
      }
    };
    // `{...}` without its closing brace, for fields written after it: never called with an empty object.
    const openObject = (o: object) => JSON.stringify(o).slice(0, -1);

    mkdirSync(deps.archiveDir, { recursive: true, mode: 0o700 });
    const name = `transfer-${certificateHint}.json`;
    const tmp = join(deps.archiveDir, `.${name}.part`);
    const out = await openFile(tmp, 'w', 0o600);
    try {
      const write = async (text: string) => void (await out.write(text));
      await write(
        `${openObject({
          package: 'liaise-archive-transfer',
          version: 2,
          createdAt: clock.now().toISOString(),
          transferId: certificateHint,
          scheduleVersion: schedule.version,
          approver,
        })},"messages":[\n`,
      );
      for (const [i, m] of material.messages.entries()) {
        await write(
          `${i === 0 ? '' : ',\n'}${openObject({
            id: m.id,
            conversationId: m.conversation_id,
            direction: m.direction,
            kind: m.kind,
            sentAt: m.sent_at ? new Date(m.sent_at).toISOString() : null,
            createdAt: new Date(m.created_at).toISOString(),
            authorLabel: m.author_label,
            staffId: m.staff_id,
            bodyDigest: m.body_digest,
            digestKeyId: m.digest_key_id,
            ...bodyOf(m),
          })},"attachments":[`,
        );
        const attachments = material.attachments.filter((a) => a.message_id === m.id);
        for (const [k, a] of attachments.entries()) {
          const checked = await checkAttachment(tx, a.id);
          const readable = typeof checked === 'string';
          await write(
            `${k === 0 ? '' : ','}${openObject({
              id: a.id,
              fileName: a.file_name,
              mimeType: a.mime_type,
              contentDigest: a.content_digest,
              digestKeyId: a.digest_key_id,
              // The archive checks what it received by a plain SHA-256 (fixity): it holds the content itself.
              sha256: readable ? checked : null,
              unreadable: checked === UNREADABLE_TEXT,
            })},"contentBase64":`,
          );
          if (!readable) await write('null}');
          else {
            await write('"');
            const base64 = createBase64Encoder();
            for await (const chunk of await deps.attachments.openAttachmentContent(a.id, tx)) await write(base64.push(chunk as Buffer));
            await write(`${base64.end()}"}`);
          }
        }
        const records = material.records
          .filter((r) => r.message_id === m.id)
          .map((r) => ({
            id: r.id,
            kind: r.kind,
            createdAt: new Date(r.created_at).toISOString(),
            payload: r.payload,
            recordHash: r.record_hash,
          }));
        await write(`],"records":${JSON.stringify(records)}}`);
      }
      await write('\n]}\n');
      await out.sync();
    } catch (err) {
      await out.close();
      rmSync(tmp, { force: true });
      throw err;
    }
    await out.close();
    renameSync(tmp, join(deps.archiveDir, name));
    return name;
  }

  const service = {
    today,

    /**
     * One disposal pass as of `asOf` (default today). A dry run changes nothing and counts what
     * would happen. Safe to run on several nodes at once (rows are taken with SKIP LOCKED) and to
     * run again (what was disposed of is no longer 'kept').
     */
    async run(opts: { asOf?: string; dryRun?: boolean; onProgress?: (p: DisposalProgress) => void } = {}): Promise<DisposalRunResult> {
      const asOf = opts.asOf ?? today();
      if (!isCalendarDate(asOf)) throw disposalAsOfInvalid();
      const dryRun = opts.dryRun ?? false;
      if (deps.assignMissing) await deps.assignMissing();
      const totals = { scanned: 0, destroyed: 0, queuedForReview: 0, held: 0 };
      let after = { dueOn: '0001-01-01', messageId: '00000000-0000-0000-0000-000000000000' };

      if (dryRun) {
        const holds = await deps.holds.activeHolds(db);
        for (;;) {
          const rows = await disposal.takeDueBatch(db, {
            asOf,
            after,
            limit: batchSize,
            timeZone: deps.timeZone,
            ...needs(holds),
          });
          for (const r of rows) {
            if (holdFor(holds, r)) totals.held += 1;
            else if (r.action === 'destroy') totals.destroyed += 1;
            else totals.queuedForReview += 1;
          }
          totals.scanned += rows.length;
          opts.onProgress?.({ runId: null, ...totals });
          if (rows.length < batchSize) break;
          after = { dueOn: rows.at(-1)!.dueOn, messageId: rows.at(-1)!.messageId };
        }
        const notDue = await disposal.countNotDue(db, asOf);
        return { runId: null, asOf, dryRun, ...pick(totals), notDue, certificateId: null };
      }

      await service.finishAbandonedRuns();
      const runId = randomUUID();
      await disposal.insertRun(db, { id: runId, asOf, approver: 'schedule', startedAt: clock.now() });
      logger.info({ runId, asOf }, 'disposal run started');

      // One reader walks the due keys in order, a batch at a time, without locks; `concurrency` workers
      // each destroy a batch in their own short transaction, locking its rows with SKIP LOCKED (rows
      // another node has taken are left to it). Held rows stay 'kept' and the reader moves past them.
      let exhausted = false;
      let reading: Promise<string[] | null> = Promise.resolve(null);
      const nextBatch = () =>
        (reading = reading.then(async () => {
          if (exhausted) return null;
          const keys = await disposal.dueKeys(db, { asOf, after, limit: batchSize });
          if (keys.length < batchSize) exhausted = true;
          if (keys.length === 0) return null;
          after = keys.at(-1)!;
          return keys.map((k) => k.messageId);
        }));

      // What the destructions touched, for the clean-up at the end (read back from a million destructions,
      // it took 2.7 s of the run on PostgreSQL); only committed batches add theirs.
      const touchedConversations = new Set<string>();
      const touchedBatches = new Set<string>();
      const touched = () => ({ conversationIds: [...touchedConversations], batchIds: [...touchedBatches] });

      const disposeBatch = (ids: string[]) =>
        db.transaction(async (tx) => {
          // The batch commits without waiting for its WAL to reach disk (PostgreSQL's asynchronous commit):
          // over 1,000,000 records the run took 47.5 s this way against 62.0 s waiting at every commit
          // (`npm run bench -- disposal`, same machine). A database crash may lose the last batches committed
          // this way, and only whole, in order: their rows are then still kept, with their bodies, and the
          // next run destroys them. Nothing outside the database acts on a batch, and the certificate's own
          // commit is synchronous, so it waits for the WAL of every batch before it: a certificate never
          // lists a destruction that a crash could undo. (PGlite has no WAL writer to leave it to.)
          if (db.kind === 'postgres') await tx.query('SET LOCAL synchronous_commit = off');
          // Holds are read each batch, so a hold placed while a long run is under way applies at once.
          const holds = await deps.holds.activeHolds(tx);
          // One statement locks the rows (SKIP LOCKED: rows another node has taken are left to it) and sets
          // the state each one's action leads to; the held ones are given back, kept, before the commit.
          const rows = await disposal.claimDueBatch(tx, { asOf, ids, timeZone: deps.timeZone, ...needs(holds) });
          const destroy: DueRow[] = [];
          const review: DueRow[] = [];
          const held: string[] = [];
          for (const r of rows) {
            if (holdFor(holds, r)) held.push(r.messageId);
            else if (r.action === 'destroy') destroy.push(r);
            else review.push(r);
          }
          await disposal.releaseHeld(tx, held);
          await destroyRows(tx, destroy, { runId, approver: 'schedule', action: 'destroy' });
          await disposal.queueForReview(
            tx,
            review.map((r) => ({
              id: randomUUID(),
              messageId: r.messageId,
              classId: r.classId,
              action: r.action as 'review' | 'transfer',
              dueOn: r.dueOn,
            })),
            runId,
            clock.now(),
          );
          // Last, so the run's row is locked only for the moment before this batch commits.
          await disposal.addRunProgress(tx, runId, { destroyed: destroy.length, queued: review.length, held: held.length }, clock.now());
          return { scanned: rows.length, destroyed: destroy, queuedForReview: review.length, held: held.length };
        });

      const worker = async () => {
        for (let ids = await nextBatch(); ids; ids = await nextBatch()) {
          const done = await disposeBatch(ids);
          for (const r of done.destroyed) {
            touchedConversations.add(r.conversationId);
            if (r.importBatchId) touchedBatches.add(r.importBatchId);
          }
          totals.destroyed += done.destroyed.length;
          totals.queuedForReview += done.queuedForReview;
          totals.held += done.held;
          totals.scanned += done.scanned;
          opts.onProgress?.({ runId, ...totals });
          if (done.scanned > 0) logger.info({ runId, ...totals }, 'disposal run progress');
        }
      };
      const lanes = Math.max(1, deps.concurrency ?? (db.kind === 'postgres' ? 4 : 1));
      // A failed batch stops its lane; the others finish theirs, then the run reports the failure.
      const outcomes = await Promise.allSettled(Array.from({ length: lanes }, worker));
      const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      if (failed) {
        // The batches that committed destroyed records: they get their certificate now, and the run is
        // marked failed. (Should this too fail, the next run finishes it once it is seen abandoned.)
        const certificateId = await db
          .transaction(async (tx) => {
            const id = await finish(tx, { runId, approver: 'schedule', action: 'destroy', outcome: 'failed', touched: touched() });
            await audit.write(tx, {
              actorStaffId: null,
              action: 'records.disposal-run-failed',
              subjectType: 'disposal_run',
              subjectId: runId,
              details: { asOf, ...pick(totals), certificateId: id },
            });
            return id;
          })
          .catch(() => null);
        logger.error({ runId, asOf, ...pick(totals), certificateId }, 'disposal run failed');
        throw failed.reason;
      }
      const certificateId = await db.transaction(async (tx) => {
        const id = await finish(tx, { runId, approver: 'schedule', action: 'destroy', touched: touched() });
        await audit.write(tx, {
          actorStaffId: null,
          action: 'records.disposal-run',
          subjectType: 'disposal_run',
          subjectId: runId,
          details: { asOf, ...pick(totals), certificateId: id },
        });
        return id;
      });
      const notDue = await disposal.countNotDue(db, asOf);
      logger.info({ runId, asOf, ...pick(totals), notDue, certificateId }, 'disposal run finished');
      return { runId, asOf, dryRun, ...pick(totals), notDue, certificateId };
    },

    /**
     * Finishes scheduled runs whose node died part-way (no progress for `abandonedAfterMs`): each gets the
     * certificate for what it destroyed, and the outcome 'interrupted'. Every run calls this first.
     */
    async finishAbandonedRuns(): Promise<{ runId: string; certificateId: string | null }[]> {
      const before = new Date(clock.now().getTime() - (deps.abandonedAfterMs ?? ABANDONED_AFTER_MS));
      return db.transaction(async (tx) => {
        const finished: { runId: string; certificateId: string | null }[] = [];
        for (const run of await disposal.lockAbandonedRuns(tx, before)) {
          const certificateId = await finish(tx, { runId: run.id, approver: 'schedule', action: 'destroy', outcome: 'interrupted' });
          await audit.write(tx, {
            actorStaffId: null,
            action: 'records.disposal-run-interrupted',
            subjectType: 'disposal_run',
            subjectId: run.id,
            details: { asOf: run.asOf, destroyed: run.destroyed, queuedForReview: run.queued, held: run.held, certificateId },
          });
          logger.warn({ runId: run.id, certificateId }, 'interrupted disposal run finished');
          finished.push({ runId: run.id, certificateId });
        }
        return finished;
      });
    },

    /** The scheduler's daily tick: enqueues today's disposal job once, whichever node gets there first. */
    async scheduleDaily(): Promise<boolean> {
      const day = today();
      const queued = await db.transaction(async (tx) => {
        if (!(await disposal.claimDay(tx, day, clock.now()))) return false;
        await deps.jobs.enqueue(tx, DISPOSE_JOB, { asOf: day }, { maxAttempts: 3 });
        return true;
      });
      if (queued) deps.jobs.wake(DISPOSE_JOB);
      return queued;
    },

    /** The `records.dispose-expired` job. */
    async runDisposeJob(job: Job): Promise<JobOutcome> {
      const asOf = typeof job.payload['asOf'] === 'string' ? job.payload['asOf'] : undefined;
      await service.run({ asOf, dryRun: false });
      return { result: 'done' };
    },

    async listReviewQueue(actor: Actor): Promise<ReviewItemRow[]> {
      if (!can(actor, 'retention.read')) throw retentionReadForbidden();
      return disposal.listOpenReviews(db);
    },

    /**
     * A records officer's decision on review items: destroy; extend to a new date, with a reason;
     * or transfer (an archive package is written, then the records are destroyed). Items a legal
     * hold now covers cannot be destroyed or transferred.
     */
    async decideReview(
      actor: Actor,
      input: { ids: string[]; decision: string; extendTo?: string | null; reason?: string | null },
      meta: { requestId?: string } = {},
    ): Promise<{ decided: number; certificateId: string | null; archiveFile: string | null }> {
      if (!can(actor, 'records.dispose')) throw disposalForbidden();
      const ids = [...new Set(input.ids)];
      if (ids.length === 0 || ids.some((id) => !UUID.test(id))) throw disposalChooseItems();
      const decision = input.decision;
      if (decision !== 'destroy' && decision !== 'extend' && decision !== 'transfer') throw disposalChooseDecision();
      const reason = input.reason?.trim() || null;
      const extendTo = decision === 'extend' ? (input.extendTo?.trim() ?? '') : null;
      if (decision === 'extend') {
        if (!extendTo || !isCalendarDate(extendTo) || extendTo <= today()) throw disposalExtendDateInvalid();
        if (!reason) throw disposalReasonRequired();
      }
      return db.transaction(async (tx) => {
        const items = await disposal.lockOpenReviews(tx, ids, deps.timeZone);
        if (items.length !== ids.length) throw disposalReviewNotFound();
        const at = clock.now();
        if (decision === 'extend') {
          await setDisposalStates(
            tx,
            items.map((i) => ({ messageId: i.messageId, state: 'kept' })),
            extendTo,
          );
          await disposal.decideReviews(tx, ids, { decision, by: actor.id, at, extendTo, reason });
          await audit.write(tx, {
            actorStaffId: actor.id,
            action: 'records.review-extended',
            subjectType: 'disposal_review',
            subjectId: ids.length === 1 ? ids[0]! : null,
            details: { items: ids, extendTo },
            requestId: meta.requestId,
          });
          return { decided: ids.length, certificateId: null, archiveFile: null };
        }
        const holds = await deps.holds.activeHolds(tx);
        const held = items.filter((i) => holdFor(holds, i.due)).length;
        if (held > 0) throw disposalHeld(held);
        const runId = randomUUID();
        await disposal.insertRun(tx, { id: runId, asOf: today(), approver: actor.id, startedAt: at });
        const archiveFile =
          decision === 'transfer'
            ? await writeArchivePackage(
                tx,
                runId,
                items.map((i) => i.messageId),
                actor.id,
              )
            : null;
        await setDisposalStates(
          tx,
          await destroyRows(
            tx,
            items.map((i) => i.due),
            { runId, approver: actor.id, action: decision },
          ),
        );
        await disposal.addRunProgress(tx, runId, { destroyed: items.length, queued: 0, held: 0 }, at);
        await disposal.decideReviews(tx, ids, { decision, by: actor.id, at, extendTo: null, reason });
        const certificateId = await finish(tx, { runId, approver: actor.id, action: decision, archiveFile });
        await audit.write(tx, {
          actorStaffId: actor.id,
          action: decision === 'transfer' ? 'records.review-transferred' : 'records.review-destroyed',
          subjectType: 'disposal_run',
          subjectId: runId,
          details: { items: ids, certificateId, archiveFile },
          requestId: meta.requestId,
        });
        return { decided: ids.length, certificateId, archiveFile };
      });
    },

    /** Certificates, newest first. `null`: the operator at the command line. */
    async listCertificates(actor: Actor | null): Promise<CertificateSummary[]> {
      if (actor && !can(actor, 'retention.read')) throw retentionReadForbidden();
      return disposal.listCertificates(db);
    },

    /** One certificate in full, with the destroyed records' hashes. */
    async getCertificate(
      actor: Actor | null,
      id: string,
    ): Promise<DestructionCertificate & { runId: string; archiveFile: string | null; runOutcome: RunOutcome | null }> {
      if (actor && !can(actor, 'retention.read')) throw retentionReadForbidden();
      const c = UUID.test(id) ? await disposal.findCertificate(db, id) : null;
      if (!c) throw certificateNotFound();
      const destroyed = await disposal.certificateRecords(db, id);
      const built = buildDestructionCertificate({
        id: c.id,
        issuedAt: c.issuedAt,
        scheduleVersion: c.scheduleVersion,
        approver: c.approver,
        action: c.action,
        method: c.method,
        destroyed,
      });
      return { ...built, runId: c.runId, archiveFile: c.archiveFile, runOutcome: c.runOutcome };
    },

    /** The schedule in force, for its read-only page. */
    getSchedule(actor: Actor): RetentionSchedule {
      if (!can(actor, 'retention.read')) throw retentionReadForbidden();
      return schedule;
    },
  };
  return service;
}

const pick = (t: { destroyed: number; queuedForReview: number; held: number }) => ({
  destroyed: t.destroyed,
  queuedForReview: t.queuedForReview,
  held: t.held,
});

export type DisposalService = ReturnType<typeof createDisposalService>;

/** Base64 of a byte stream a piece at a time: whole 3-byte groups are encoded as they come, the rest at the end. */
function createBase64Encoder() {
  let rest = Buffer.alloc(0);
  return {
    push(chunk: Buffer): string {
      const all = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      const whole = all.length - (all.length % 3);
      rest = Buffer.from(all.subarray(whole));
      return all.subarray(0, whole).toString('base64');
    },
    end: () => rest.toString('base64'),
  };
}
