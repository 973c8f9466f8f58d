import { randomUUID } from 'node:crypto';
import type { ChannelClient, ChannelEvent, ChannelNotice, InboundMessageEvent, StatusEvent } from '../../channel/channel.types.js';
import type { Clock } from '../../platform/clock.js';
import type { AttachmentStore } from '../attachment-store.js';
import type { Cipher } from '../../platform/crypto/cipher.js';
import { attachmentDigest, attachmentDigestInput, type Digester } from '../../platform/crypto/digest.js';
import { uuidv7 } from '../../platform/crypto/uuid-v7.js';
import { createBatcher } from '../../platform/db/batcher.js';
import { retryTransient } from '../../platform/db/transient.js';
import type { Db, Queryable } from '../../platform/db/db.client.js';
import type { AppError } from '../../platform/errors.js';
import type { Job, JobOutcome, JobQueue } from '../../platform/jobs/job.queue.js';
import type { Logger } from '../../platform/log/logger.js';
import type { RecordsService } from '../../records/records.service.js';
import type { LiveEvent, LivePublisher } from '../conversation.events.js';
import {
  type ConversationRepository,
  conversationIdFor,
  type InboundBatchItem,
  type InboundRoute,
  type NewMessage,
} from '../conversation.repository.js';
import { mediaChecksumMismatch } from '../conversation.errors.js';
import { sealFileName } from '../file-name.js';
import { createMessageBodies, keyedAttachmentDigest, messageRecordLinks, STATUS_RANK } from '../message.js';
import type { ChannelNoticeRepository } from './channel-notice.repository.js';
import { decisionForRecord, inboundFlag, type PolicyChecker } from '../policy.port.js';
import type { InboundContactSignals } from '../../contact/contact.service.js';
import { classifyOptIntent, findChildSignals } from '../../contact/inbound-signals.js';

export const FETCH_MEDIA_JOB = 'whatsapp.fetch-media';
const ROUTE_TTL_MS = 1000;

export interface InboundDeps {
  db: Db;
  conversations: ConversationRepository;
  notices: ChannelNoticeRepository;
  records: RecordsService;
  jobs: JobQueue;
  cipher: Cipher;
  digester: Digester;
  policy: PolicyChecker;
  /** The channel's media download; the Cloud API client also checks the webhook's SHA-256. */
  channel: Pick<ChannelClient, 'openMedia'>;
  clock: Clock;
  logger: Logger;
  publish: LivePublisher;
  /** Group concurrent inbound deliveries into one statement (default on; the bench's peer turns it off). */
  batchInbound?: boolean;
  /** Inbound offensive content is reported to the team's manager automatically (oversight's report service). */
  autoReports?: AutoReports;
  /** The contact age threshold, for reading signs that the writer is a child. */
  minContactAge?: number;
  /** Called after a message is stored, only when its text showed STOP, START or signs of a child. */
  onContactSignals?: (s: InboundContactSignals) => Promise<void>;
  /** Where fetched media is stored (sealed in chunks, like imported media). */
  attachments: Pick<AttachmentStore, 'writeContent'>;
}

/** What inbound needs to report offensive content by itself: the due date, and the insert for the transactional path. */
export interface AutoReports {
  dueOn(at: Date): string;
  insertAutomatic(
    tx: Queryable,
    r: { id: string; messageId: string; teamId: string | null; reportedAt: Date; dueOn: string },
  ): Promise<void>;
}

/** An inbound message scanned and sealed once, whichever path then stores it. */
interface ScannedInbound {
  id: string;
  sealed: ReturnType<ReturnType<typeof createMessageBodies>['seal']>;
  decision: ReturnType<PolicyChecker['evaluate']> | null;
  flagged: string | null;
  policyRecord: ReturnType<typeof decisionForRecord> | null;
  /** The automatic report to the manager, when the message is offensive. */
  report: { id: string; dueOn: string } | null;
  /** STOP/START and signs of a child, read from the same text the policy scan reads (null: none). */
  signals: Pick<InboundContactSignals, 'optIntent' | 'childSignals'> | null;
}

/**
 * What arrives from the channel: inbound messages (routed to their conversation,
 * scanned, encrypted and recorded), delivery statuses, and the job that fetches
 * inbound media.
 */
export function createInboundService(deps: InboundDeps) {
  const { db, conversations, notices, records, jobs, cipher, policy, channel, clock, logger, publish } = deps;
  const bodies = createMessageBodies(cipher, deps.digester);

  function inboundText(e: InboundMessageEvent): string {
    if (e.location) {
      const place = [e.location.name, e.location.address].filter(Boolean).join(', ');
      return `Location: ${place ? `${place} ` : ''}(${e.location.latitude}, ${e.location.longitude})`;
    }
    return e.text ?? (e.media ? '' : `[${e.type} message]`);
  }

  /** The costly part of storing an inbound message: the policy scan and the body's encryption. Done once per message. */
  function scanInbound(e: InboundMessageEvent): ScannedInbound {
    const text = inboundText(e);
    const decision = text
      ? policy.evaluate({
          text,
          direction: 'inbound',
          attachments: e.media ? [{ fileName: e.media.fileName, mimeType: e.media.mimeType }] : [],
        })
      : null;
    const id = uuidv7();
    const flagged = inboundFlag(decision, policy.pack);
    const typed = e.type === 'text' ? e.text : null;
    const optIntent = classifyOptIntent(typed);
    const childSignals = findChildSignals(typed, deps.minContactAge).map((c) => c.kind);
    return {
      id,
      sealed: bodies.seal(id, { text }),
      decision,
      flagged,
      policyRecord: decision ? decisionForRecord(decision) : null,
      report: flagged === 'offensive' && deps.autoReports ? { id: randomUUID(), dueOn: deps.autoReports.dueOn(clock.now()) } : null,
      signals: optIntent || childSignals.length ? { optIntent, childSignals } : null,
    };
  }

  /** The message row and its record for a scanned inbound message, in the conversation it is stored in. */
  function inboundRows(
    e: InboundMessageEvent,
    s: ScannedInbound,
    conversationId: string,
    citizenId: string | null,
    caseId: string | null,
    now: Date,
  ) {
    const message: NewMessage = {
      id: s.id,
      conversationId,
      direction: 'inbound',
      kind: e.type,
      staffId: null,
      ...s.sealed,
      templateName: null,
      providerMessageId: e.providerMessageId,
      status: 'received',
      statusAt: now,
      decision: s.decision?.decision ?? null,
      policy: s.policyRecord,
      justification: null,
      forwarded: e.forwarded,
      frequentlyForwarded: e.frequentlyForwarded,
      flagged: s.flagged,
      sentAt: e.sentAt,
      createdAt: now,
    };
    const record = {
      kind: 'message.inbound',
      conversationId,
      citizenId,
      caseId,
      messageId: s.id,
      payload: {
        providerMessageId: e.providerMessageId,
        type: e.type,
        sentAt: e.sentAt.toISOString(),
        bodyDigest: s.sealed.bodyDigest,
        digestKeyId: s.sealed.digestKeyId,
        forwarded: e.forwarded,
        flagged: s.flagged,
        policy: s.policyRecord,
        linked: citizenId !== null,
        // The record log carries the automatic report with the message it is about.
        ...(e.frequentlyForwarded ? { frequentlyForwarded: true } : {}),
        ...(s.report ? { report: { id: s.report.id, category: 'offensive', dueOn: s.report.dueOn, automatic: true } } : {}),
      },
    };
    return { message, record };
  }

  /**
   * Stores one inbound message in the caller's transaction; false if its provider
   * id was already stored. `scanned` is the fast path's scan when it falls back here.
   */
  async function storeInbound(
    tx: Queryable,
    e: InboundMessageEvent,
    touched: Map<string, LiveEvent>,
    route?: InboundRoute,
    scanned?: ScannedInbound,
    found?: InboundContactSignals[],
  ): Promise<boolean> {
    const now = clock.now();
    const r = route ?? (await conversations.routeInbound(tx, e.phoneNumberId, e.from, e.fromUserId ?? null));
    const conv = await conversations.upsertInboundConversation(tx, {
      id: conversationIdFor(r.teamId, e.phoneNumberId, e.from),
      route: r,
      phoneNumberId: e.phoneNumberId,
      waNumber: e.from,
      waUserId: e.fromUserId ?? null,
      profileName: e.profileName,
      at: e.sentAt > now ? now : e.sentAt,
      now,
    });
    const s = scanned ?? scanInbound(e);
    const prepared = inboundRows(e, s, conv.id, conv.citizenId, conv.caseId, now);
    // The message and its record in one statement; nothing when the provider id is already stored.
    const inserted = await records.appendIfInserted(tx, conversations.messageInsert(prepared.message), prepared.record);
    if (!inserted) return false; // the same provider message id again: stored once
    if (s.report && deps.autoReports)
      await deps.autoReports.insertAutomatic(tx, {
        id: s.report.id,
        messageId: s.id,
        teamId: conv.teamId,
        reportedAt: now,
        dueOn: s.report.dueOn,
      });
    if (e.offeredNumber) await conversations.offerNumber(tx, conv.id, { ...e.offeredNumber, at: now });
    if (s.signals) found?.push({ conversationId: conv.id, citizenId: conv.citizenId, messageId: s.id, ...s.signals });
    if (e.media) {
      const attachmentId = randomUUID();
      await conversations.insertAttachment(tx, {
        id: attachmentId,
        messageId: prepared.message.id,
        providerMediaId: e.media.mediaId,
        mimeType: e.media.mimeType,
        ...sealFileName(cipher, attachmentId, e.media.fileName, e.media.mimeType),
        // Meta's declared SHA-256, kept only under the digest key; the download is checked against it.
        ...(e.media.sha256
          ? keyedAttachmentDigest(attachmentDigest(deps.digester, e.media.sha256))
          : { contentDigest: null, digestKeyId: null }),
        sizeBytes: null,
        state: 'pending',
      });
      await jobs.enqueue(tx, FETCH_MEDIA_JOB, { attachmentId });
    }
    touched.set(conv.id, { type: 'message.created', conversationId: conv.id, teamId: conv.teamId });
    return true;
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
  async function routeFor(phoneNumberId: string, waNumber: string, waUserId: string | null): Promise<InboundRoute> {
    const key = `${phoneNumberId}|${waNumber}|${waUserId ?? ''}`;
    const hit = routeCache.get(key);
    const t = Date.now();
    if (hit && t - hit.at < routeTtlMs) return hit.route;
    const route = await conversations.routeInbound(db, phoneNumberId, waNumber, waUserId);
    if (routeCache.size >= 10_000) routeCache.clear();
    routeCache.set(key, { route, at: t });
    return route;
  }
  const invalidateRoutes = () => routeCache.clear();

  /**
   * The common case in one autocommit statement: a message without media, to a
   * conversation whose id, citizen and case are what routing predicts. Anything
   * else (media, a conversation moved to another team) takes the transactional path.
   */
  // Concurrent deliveries share one statement (see platform/db/batcher.ts).
  // Each batch gathers what arrived in the same turn of the event loop; PGlite runs one
  // statement at a time, so there one batch in flight lets the next grow.
  // A deadlock with another node's statement (or a transaction on another path) is retried: the aborted
  // statement wrote nothing (see platform/db/transient.ts).
  const storeBatch = (items: InboundBatchItem[]) => retryTransient(() => conversations.storeInboundBatch(db, items));
  const inboundBatcher = createBatcher(storeBatch, {
    maxInFlight: db.kind === 'pglite' ? 1 : 2,
    maxBatch: 64,
    gatherOneTurn: true,
  });
  const storeOne = (item: InboundBatchItem) =>
    deps.batchInbound === false ? storeBatch([item]).then((r) => r[0]!) : inboundBatcher.submit(item);

  async function storeInboundFast(
    e: InboundMessageEvent,
    touched: Map<string, LiveEvent>,
    found: InboundContactSignals[],
  ): Promise<boolean> {
    const now = clock.now();
    const route = await routeFor(e.phoneNumberId, e.from, e.fromUserId ?? null);
    const conversationId = conversationIdFor(route.teamId, e.phoneNumberId, e.from);
    const scanned = scanInbound(e);
    const prepared = inboundRows(e, scanned, conversationId, route.citizenId, route.caseId, now);
    const result = await storeOne({
      route,
      phoneNumberId: e.phoneNumberId,
      waNumber: e.from,
      waUserId: e.fromUserId ?? null,
      profileName: e.profileName,
      at: e.sentAt > now ? now : e.sentAt,
      message: prepared.message,
      record: records.prepare(prepared.record),
      report: scanned.report,
    });
    // The guard failed, so nothing of this message was stored: the slow path reuses its scan and sealed body.
    if (!result.guardHeld) return storeInboundInTransaction(e, touched, found, route, scanned);
    if (result.inserted) touched.set(conversationId, { type: 'message.created', conversationId, teamId: route.teamId });
    if (result.inserted && scanned.signals)
      found.push({ conversationId, citizenId: route.citizenId, messageId: scanned.id, ...scanned.signals });
    return result.inserted;
  }

  /**
   * `storeInbound` in a transaction of its own, run again if the database aborts it as a deadlock. What an attempt
   * found is kept only once it commits, so a retried message reports its STOP or START once.
   */
  async function storeInboundInTransaction(
    e: InboundMessageEvent,
    touched: Map<string, LiveEvent>,
    found: InboundContactSignals[],
    route?: InboundRoute,
    scanned?: ScannedInbound,
  ): Promise<boolean> {
    const s = scanned ?? scanInbound(e);
    let attempt: InboundContactSignals[] = [];
    const ok = await retryTransient(() => {
      attempt = [];
      return db.transaction((tx) => storeInbound(tx, e, touched, route, s, attempt));
    });
    found.push(...attempt);
    return ok;
  }

  async function storeStatus(
    tx: Queryable,
    e: StatusEvent,
    touched: Map<string, LiveEvent>,
  ): Promise<'stored' | 'duplicate' | 'unmatched'> {
    let m = await conversations.findMessageByProviderId(tx, e.providerMessageId);
    // Reconcile a send whose response was lost: Meta echoes our id in biz_opaque_callback_data.
    if (!m && e.clientReference && /^[0-9a-f-]{36}$/i.test(e.clientReference)) {
      const byRef = await conversations.lockMessage(tx, e.clientReference);
      // (Waiting on the row lock: if the worker was just storing the provider id, it is this one.)
      if (byRef && byRef.direction === 'outbound' && (!byRef.providerMessageId || byRef.providerMessageId === e.providerMessageId))
        m = byRef;
    }
    if (!m) return 'unmatched';
    if (!(await conversations.insertStatusEvent(tx, m.id, e.status, e.at))) return 'duplicate'; // duplicate delivery
    const conv = (await conversations.findConversation(tx, m.conversationId))!;
    const err = e.errors[0] ?? null;
    await records.append(tx, {
      kind: 'message.status',
      ...messageRecordLinks(conv, m.id),
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
    return 'stored';
  }

  /** A notice stored once (by its dedupe key), the item Meta sent encrypted and bound to the row. */
  async function storeNotice(tx: Queryable, n: ChannelNotice): Promise<boolean> {
    const id = randomUUID();
    const { keyId, ciphertext } = cipher.seal(JSON.stringify(n.item ?? null), `channel_notice:${id}`);
    return notices.insertNotice(tx, {
      id,
      dedupeKey: n.dedupeKey,
      kind: n.noticeKind,
      field: n.field,
      wabaId: n.wabaId,
      phoneNumberId: n.phoneNumberId,
      code: n.code,
      title: n.title,
      contentCt: ciphertext,
      keyId,
      receivedAt: clock.now(),
    });
  }

  /** A delivery status for no message Liaise holds (sent from elsewhere, or lost): kept as a notice. */
  const unmatchedStatus = (e: StatusEvent): ChannelNotice => ({
    kind: 'notice',
    noticeKind: 'status',
    field: 'messages',
    wabaId: null,
    phoneNumberId: e.phoneNumberId,
    code: e.errors[0]?.code ?? null,
    title: `${e.status} (no matching message)`,
    item: {
      id: e.providerMessageId,
      status: e.status,
      timestamp: Math.floor(e.at.getTime() / 1000),
      recipient: e.recipient,
      biz_opaque_callback_data: e.clientReference,
      errors: e.errors,
    },
    dedupeKey: `status:${e.providerMessageId}:${e.status}:${Math.floor(e.at.getTime() / 1000)}`,
    at: e.at,
  });

  /** One webhook delivery, stored in one transaction: answered 200 only after this commits. */
  async function receiveChannelEvents(events: ChannelEvent[]): Promise<{ stored: number; duplicates: number }> {
    const touched = new Map<string, LiveEvent>();
    // Messages are committed one by one (each is whole on its own; a redelivery after a
    // partial failure stores only what is missing); statuses together in one transaction.
    let stored = 0;
    const found: InboundContactSignals[] = [];
    for (const e of events) {
      if (e.kind !== 'message') continue;
      // Media and offered numbers write more than the fast path's one statement.
      const ok =
        e.media || e.offeredNumber ? await storeInboundInTransaction(e, touched, found) : await storeInboundFast(e, touched, found);
      if (ok) stored += 1;
    }
    // Only a message that said STOP, START or showed signs of a child costs more round trips: its contact changes.
    for (const s of found) await deps.onContactSignals?.(s);
    const statuses = events.filter((e): e is StatusEvent => e.kind === 'status');
    const noticesIn = events.filter((e): e is ChannelNotice => e.kind === 'notice');
    if (statuses.length || noticesIn.length) {
      // Two deliveries' statuses for the same messages, in another order, can deadlock: retried (the touched map is
      // keyed, so a failed attempt's entries are the ones a retry makes again).
      stored += await retryTransient(() =>
        db.transaction(async (tx) => {
          let n = 0;
          for (const e of statuses) {
            const outcome = await storeStatus(tx, e, touched);
            if (outcome === 'stored' || (outcome === 'unmatched' && (await storeNotice(tx, unmatchedStatus(e))))) n += 1;
          }
          for (const e of noticesIn) if (await storeNotice(tx, e)) n += 1;
          return n;
        }),
      );
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
      // Meta caps media at 100 MB: it is streamed from the download into sealed chunks, never held whole.
      const media = await channel.openMedia(a.providerMediaId);
      const m = (await conversations.findMessage(db, a.messageId))!;
      const conv = (await conversations.findConversation(db, m.conversationId))!;
      await db.transaction(async (tx) => {
        const written = await deps.attachments.writeContent(tx, media.body);
        // The webhook's SHA-256 was kept keyed: checked now the whole file is read (a mismatch rolls it all back).
        if (
          a.contentDigest &&
          a.digestKeyId &&
          !deps.digester.matches(a.digestKeyId, a.contentDigest, attachmentDigestInput(written.sha256))
        )
          throw mediaChecksumMismatch({ attachmentId: a.id });
        const digest = attachmentDigest(deps.digester, written.sha256);
        await conversations.storeAttachmentContent(tx, a.id, {
          contentId: written.contentId,
          digest,
          sizeBytes: written.sizeBytes,
          mimeType: media.mimeType,
        });
        await records.append(tx, {
          kind: 'attachment.stored',
          ...messageRecordLinks(conv, m.id),
          payload: {
            attachmentId: a.id,
            ...keyedAttachmentDigest(digest),
            sizeBytes: written.sizeBytes,
            mimeType: media.mimeType,
            fileName: a.fileName,
          },
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

  return {
    receiveChannelEvents,
    runFetchMediaJob,
    /** Call when citizens' numbers or teams change, so inbound routing sees it at once. */
    invalidateRoutes,
  };
}

export type InboundService = ReturnType<typeof createInboundService>;
