import type { KeyObject } from 'node:crypto';
import { uuidv7 } from '../platform/crypto/uuid-v7.js';
import type { Db, Queryable } from '../platform/db/db.client.js';
import type { Clock } from '../platform/clock.js';
import { chainHash, GENESIS_HASH, hashRecord, type RecordContent } from './record.hash.js';
import type { RecordsRepository, Seal, StoredRecord } from './records.repository.js';
import {
  type Checkpoint,
  type CheckpointKeys,
  type CheckpointMismatch,
  findCheckpointMismatch,
  signCheckpoint,
} from './chain/checkpoint.js';
import type { RecordCheckpointRepository } from './chain/record-checkpoint.repository.js';

/** The retention class every WhatsApp business message gets until the schedule assigns finer ones. */
export const DEFAULT_RETENTION_CLASS = 'whatsapp-business-message';

// Only one sequencer at a time across every node sharing the database.
const SEQUENCER_LOCK = 4_242_002;
// Large enough to keep up with thousands of records a second, small enough that
// one sealing transaction stays short.
const SEAL_BATCH = 2000;

export type RecordInput = Omit<
  RecordContent,
  'id' | 'createdAt' | 'retentionClass' | 'conversationId' | 'citizenId' | 'caseId' | 'messageId' | 'staffId'
> &
  Partial<Pick<RecordContent, 'conversationId' | 'citizenId' | 'caseId' | 'messageId' | 'staffId' | 'retentionClass'>>;

export interface VerifyProblem {
  chainIndex: number | null;
  recordId: string;
  problem: string;
}

/** Message rows and records that have parted: ids (the first 100 of each) and how many in all. */
export interface MessageLinkProblems {
  /** Messages no capture record (received, sent, imported) names. */
  messagesWithoutRecord: string[];
  unrecordedCount: number;
  /** Message ids records name whose message row is gone. */
  recordsWithoutMessage: string[];
  orphanCount: number;
}

export interface VerifyResult {
  ok: boolean;
  records: number;
  sealed: number;
  pending: number;
  firstProblem: VerifyProblem | null;
  messageLinks: MessageLinkProblems;
}

/** The records that capture a message's arrival in Liaise: every message row has one. */
const CAPTURE_KINDS = ['message.inbound', 'message.outbound', 'message.imported'] as const;
const LINK_IDS_LISTED = 100;
// Records per keyset read when verifying: big enough that round trips do not count, small enough to hold two.
const VERIFY_PAGE = 20_000;
const VERIFY_LANES = 3;

/** Signed checkpoints: the key and how often (every `everyRecords` records or `everyMs`, whichever comes first). */
export interface CheckpointPolicy {
  repo: RecordCheckpointRepository;
  keys: CheckpointKeys;
  everyRecords: number;
  everyMs: number;
}

// How often an idle sequencer looks whether a checkpoint has fallen due by time.
const CHECKPOINT_TIME_CHECK_MS = 60_000;

export function createRecordsService(deps: { db: Db; records: RecordsRepository; clock: Clock; checkpoints?: CheckpointPolicy }) {
  const { db, records, clock, checkpoints } = deps;
  let lastTimeCheck = 0;

  /**
   * Signs the head (inside the sequencer's transaction, so under its lock) when N records or H hours
   * have passed since the last checkpoint; the first sealed record gets the first checkpoint.
   */
  async function checkpointIfDue(tx: Queryable, head: { chainIndex: number; chainHash: string } | null): Promise<void> {
    if (!checkpoints || !head) return;
    const last = await checkpoints.repo.latest(tx);
    const now = clock.now();
    if (last && head.chainIndex <= last.chainIndex) return;
    const due =
      !last || head.chainIndex - last.chainIndex >= checkpoints.everyRecords || now.getTime() - Date.parse(last.at) >= checkpoints.everyMs;
    if (!due) return;
    await checkpoints.repo.insert(
      tx,
      signCheckpoint({ chainIndex: head.chainIndex, headHash: head.chainHash }, now, checkpoints.keys.current),
    );
  }

  const toContent = (input: RecordInput): RecordContent => ({
    // Time-ordered (UUIDv7): each new record lands at the right-hand edge of the id indexes instead of on a
    // random page, which took a quarter off the tombstone inserts of a retention run over a million records.
    // The time it carries is the record's createdAt, which the record holds anyway.
    id: uuidv7(),
    createdAt: clock.now(),
    kind: input.kind,
    conversationId: input.conversationId ?? null,
    citizenId: input.citizenId ?? null,
    caseId: input.caseId ?? null,
    messageId: input.messageId ?? null,
    staffId: input.staffId ?? null,
    payload: input.payload,
    retentionClass: input.retentionClass ?? DEFAULT_RETENTION_CLASS,
  });

  return {
    /**
     * Appends a record inside the caller's transaction. It is durable when that
     * transaction commits; the sequencer seals it into the chain shortly after.
     */
    async append(tx: Queryable, input: RecordInput): Promise<string> {
      const content = toContent(input);
      await records.insert(tx, content, hashRecord(content));
      return content.id;
    },

    /** A record's content and hash, for repositories that write it in their own statement. */
    prepare(input: RecordInput): { content: RecordContent; recordHash: string } {
      const content = toContent(input);
      return { content, recordHash: hashRecord(content) };
    },

    /** Runs `lead` and appends the record only if `lead` inserted its row, in one round trip. */
    async appendIfInserted(tx: Queryable, lead: { sql: string; params: unknown[] }, input: RecordInput): Promise<boolean> {
      const content = toContent(input);
      return records.insertIfInserted(tx, lead, content, hashRecord(content));
    },

    /** Appends several records in one statement, in order; returns their ids. */
    async appendMany(tx: Queryable, inputs: RecordInput[]): Promise<string[]> {
      const rows = inputs.map((input) => {
        const content = toContent(input);
        return { content, recordHash: hashRecord(content) };
      });
      await records.insertMany(tx, rows);
      return rows.map((r) => r.content.id);
    },

    /**
     * Seals pending records into the hash chain. Returns how many were sealed;
     * 0 when another node holds the sequencer or nothing is pending.
     */
    async sealPending(maxBatches = 50): Promise<number> {
      let total = 0;
      for (let i = 0; i < maxBatches; i++) {
        const sealed = await db.transaction(async (tx) => {
          if (!(await records.tryLockSequencer(tx, SEQUENCER_LOCK))) return 0;
          const pending = await records.takePending(tx, SEAL_BATCH);
          if (pending.length === 0) {
            // Idle: a checkpoint may still be due by time (looked at once a minute, not every tick).
            if (checkpoints && clock.now().getTime() - lastTimeCheck >= CHECKPOINT_TIME_CHECK_MS) {
              lastTimeCheck = clock.now().getTime();
              await checkpointIfDue(tx, await records.lastSeal(tx));
            }
            return 0;
          }
          const last = await records.lastSeal(tx);
          let prev = last?.chainHash ?? GENESIS_HASH;
          let index = last ? last.chainIndex + 1 : 0;
          const seals: Seal[] = pending.map((p) => {
            const seal: Seal = {
              chainIndex: index,
              recordId: p.recordId,
              recordHash: p.recordHash,
              prevHash: prev,
              chainHash: chainHash(prev, p.recordHash, index),
            };
            prev = seal.chainHash;
            index += 1;
            return seal;
          });
          await records.insertSeals(tx, seals);
          await checkpointIfDue(tx, seals[seals.length - 1]!);
          return seals.length;
        });
        total += sealed;
        if (sealed < SEAL_BATCH) break;
      }
      return total;
    },

    /** Every signed checkpoint, oldest first (for `records checkpoints export`). */
    async listCheckpoints(): Promise<Checkpoint[]> {
      if (!checkpoints) return [];
      const out: Checkpoint[] = [];
      for (;;) {
        const page = await checkpoints.repo.list(db, out.at(-1)?.chainIndex ?? -1);
        out.push(...page);
        if (page.length < 10_000) return out;
      }
    },

    /**
     * Compares the chain in the database with checkpoints kept outside it: the first whose signature
     * fails for the configured keys, whose position the chain no longer reaches, or whose head hash differs.
     */
    async verifyCheckpoints(list: Checkpoint[]): Promise<CheckpointMismatch | null> {
      const publicKeys = checkpoints?.keys.publicKeys ?? new Map<string, KeyObject>();
      return findCheckpointMismatch(list, publicKeys, (index) => records.chainHashAt(db, index));
    },

    /**
     * Checks every sealed link and every record's own hash, naming the first broken record; and that every
     * message row has its capture record and every record's message row exists, naming those that do not.
     */
    async verify(onProgress?: (checked: number) => void): Promise<VerifyResult> {
      const counts = await records.counts(db);
      let firstProblem: VerifyProblem | null = null;
      let prev = GENESIS_HASH;
      let expectedIndex = 0;
      let checked = 0;
      // The chain in ranges of positions read VERIFY_LANES at a time (on PostgreSQL each on its own pooled
      // connection), hashed in order as they arrive: reading, not hashing, is most of the time.
      const PAGE = VERIFY_PAGE;
      const reads: Promise<{ seal: Seal; record: StoredRecord | null }[]>[] = [];
      let nextFrom = 0;
      const readAhead = () => {
        while (reads.length < VERIFY_LANES && nextFrom <= counts.lastIndex) {
          const read = records.sealedPage(db, nextFrom, PAGE);
          read.catch(() => undefined); // a read left behind by a break is not an unhandled rejection
          reads.push(read);
          nextFrom += PAGE;
        }
      };
      readAhead();
      outer: while (reads.length > 0) {
        const page = await reads.shift()!;
        readAhead();
        for (const { seal, record } of page) {
          const fail = (problem: string) => {
            firstProblem = { chainIndex: seal.chainIndex, recordId: seal.recordId, problem };
          };
          if (seal.chainIndex !== expectedIndex) fail(`chain position ${expectedIndex} is missing`);
          else if (!record) fail('sealed record is missing');
          else if (seal.prevHash !== prev) fail('link does not follow the previous record');
          else if (seal.chainHash !== chainHash(prev, seal.recordHash, seal.chainIndex)) fail('chain hash does not match');
          else if (hashRecord(record) !== seal.recordHash) fail('record content does not match its sealed hash');
          else if (record.recordHash !== seal.recordHash) fail('record hash column was altered');
          if (firstProblem) break outer;
          prev = seal.chainHash;
          expectedIndex += 1;
          checked += 1;
        }
        onProgress?.(checked);
      }
      if (!firstProblem && expectedIndex !== counts.sealed) {
        firstProblem = { chainIndex: expectedIndex, recordId: '', problem: 'seal rows are missing or out of order' };
      }
      // Records not yet sealed are checked against their own hash. Each is in the sealing queue; only when
      // the counts say some record is neither sealed nor queued are all records searched for the unsealed.
      let afterSeq = 0;
      let unsealed = 0;
      const unqueued = counts.records !== counts.sealed + counts.pending;
      while (!firstProblem) {
        const page = unqueued ? await records.unsealedPage(db, afterSeq, PAGE) : await records.pendingPage(db, afterSeq, PAGE);
        for (const r of page) {
          unsealed += 1;
          if (hashRecord(r) !== r.recordHash) {
            firstProblem = { chainIndex: null, recordId: r.id, problem: 'unsealed record content does not match its hash' };
            break;
          }
          afterSeq = r.seq;
        }
        if (page.length < PAGE) break;
      }
      const messageLinks = await records.messageLinkProblems(db, CAPTURE_KINDS, LINK_IDS_LISTED);
      return {
        ok: firstProblem === null && messageLinks.unrecordedCount === 0 && messageLinks.orphanCount === 0,
        messageLinks,
        records: counts.records,
        sealed: counts.sealed,
        pending: firstProblem ? counts.records - counts.sealed : unsealed,
        firstProblem,
      };
    },
  };
}

export type RecordsService = ReturnType<typeof createRecordsService>;
