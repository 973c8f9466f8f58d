import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportRepository, ERASED_OUTCOME } from '../../oversight/report.repository.js';
import { createShareRepository } from '../../oversight/share.repository.js';
import { DB_KINDS, openTestDb, snapshotTables } from '../../../test/db.js';
import { seedServiceTestContext, testServicesOptions } from '../../../test/services.js';
import { linkConversationToCase, seedMessageRetention } from '../../../test/retention-seed.js';
import type { InboundMessageEvent } from '../../channel/channel.types.js';
import { createServices, type Services } from '../../composition.js';
import { createConversationRepository } from '../../conversations/conversation.repository.js';
import { createDisposalRepository } from './disposal.repository.js';
import { CONTENT_CHUNK_BYTES } from '../../platform/crypto/cipher.js';
import { createFakeClock } from '../../platform/clock.js';
import { createViewEnvironment } from '../../platform/http/views.js';
import type { Db } from '../../platform/db/db.client.js';
import type { Actor } from '../../staff/staff.types.js';
import { TEST_PHONE_NUMBER_ID } from '../../../test/factories.js';

let seq = 0;
const inbound = (from: string, text: string, at: Date, profileName: string | null = null): InboundMessageEvent => ({
  kind: 'message',
  phoneNumberId: TEST_PHONE_NUMBER_ID,
  providerMessageId: `wamid.disposal-${++seq}-${Math.random().toString(36).slice(2)}`,
  from,
  profileName,
  sentAt: at,
  type: 'text',
  text,
  media: null,
  location: null,
  forwarded: false,
  frequentlyForwarded: false,
  replyToProviderMessageId: null,
});

const DISPOSAL_TABLES = [
  'message',
  'attachment',
  'message_retention',
  'message_destruction',
  'disposal_review',
  'destruction_certificate',
  'record',
  'legal_hold',
  'conversation',
] as const;

describe.each(DB_KINDS)('disposal at the end of retention (%s)', (kind) => {
  let db: Db;
  let services: Services;
  let officer: Actor;
  let manager: Actor;
  let caseworker: Actor;
  let teamId: string;
  let archiveDir: string;
  const clock = createFakeClock('2026-01-10T10:00:00Z');

  const seed = () => seedMessageRetention(db, services.retentionSchedule, clock.now());
  const conversationOf = async (number: string) =>
    (await db.query<{ id: string }>('SELECT id FROM conversation WHERE wa_number = $1', [number])).rows[0]!.id;
  const receive = async (number: string, text: string, profileName: string | null = null) => {
    await services.inbound.receiveChannelEvents([inbound(number, text, clock.now(), profileName)]);
    return conversationOf(number);
  };
  const stateOf = async (conversationId: string) =>
    (
      await db.query<{ disposal_state: string }>(
        'SELECT mr.disposal_state FROM message_retention mr JOIN message m ON m.id = mr.message_id WHERE m.conversation_id = $1 ORDER BY m.created_at',
        [conversationId],
      )
    ).rows.map((r) => r.disposal_state);

  beforeAll(async () => {
    db = await openTestDb(kind);
    archiveDir = mkdtempSync(join(tmpdir(), 'liaise-archive-'));
    services = createServices({ ...testServicesOptions(db, { clock }), archiveDir, disposalBatchSize: 2 });
    const ctx = await seedServiceTestContext(services);
    teamId = ctx.teamId;
    caseworker = ctx.caseworker;
    officer = (await ctx.addStaff('records_officer', null)).actor;
    manager = (await ctx.addStaff('manager')).actor;
  }, 180_000);
  afterAll(async () => {
    await services?.notifier.close();
    await db?.close();
    rmSync(archiveDir, { recursive: true, force: true });
  });

  it('destroys a transient message on the day it is due and not the day before, leaving a tombstone the chain verifies', async () => {
    clock.set('2026-01-10T10:00:00Z');
    const number = '+447700900301';
    const conv = await receive(number, 'My neighbour Alice Smith at 4 Elm Road is noisy', 'Alice S');
    expect(await seed()).toBe(1);
    const due = await db.query<{ due: string }>(
      `SELECT to_char(mr.disposal_due, 'YYYY-MM-DD') AS due FROM message_retention mr JOIN message m ON m.id = mr.message_id WHERE m.conversation_id = $1`,
      [conv],
    );
    expect(due.rows[0]!.due).toBe('2026-07-10');

    const before = await services.disposal.run({ asOf: '2026-07-09' });
    expect(before).toMatchObject({ destroyed: 0, queuedForReview: 0, held: 0, certificateId: null });
    expect(before.notDue).toBeGreaterThanOrEqual(1);
    expect(await stateOf(conv)).toEqual(['kept']);

    // Staff wrote about the message: a report (decided) and a share, each with free text naming people.
    const [messageId] = (await db.query<{ id: string }>('SELECT id FROM message WHERE conversation_id = $1', [conv])).rows.map((r) => r.id);
    const reportId = randomUUID();
    await createReportRepository().insertReport(db, {
      id: reportId,
      messageId: messageId!,
      teamId: null,
      category: 'other',
      note: 'Alice Smith is the neighbour',
      reportedBy: caseworker.id,
      reportedAt: clock.now(),
      dueOn: '2026-07-20',
    });
    await createReportRepository().decideReport(db, reportId, {
      outcome: 'Spoke to Alice Smith',
      decidedBy: manager.id,
      decidedAt: clock.now(),
    });
    await createShareRepository().insertShare(db, {
      id: randomUUID(),
      messageId: messageId!,
      sharedBy: caseworker.id,
      sharedWith: manager.id,
      note: 'About Alice Smith',
      sharedAt: clock.now(),
    });

    const progress: number[] = [];
    const on = await services.disposal.run({ asOf: '2026-07-10', onProgress: (p) => progress.push(p.destroyed) });
    expect(on.destroyed).toBe(1);
    expect(on.certificateId).not.toBeNull();
    expect(progress.at(-1)).toBe(1);
    expect(await stateOf(conv)).toEqual(['destroyed']);

    const stored = await db.query<{ body_ct: unknown; key_id: string | null; profile_name: string | null }>(
      'SELECT m.body_ct, m.key_id, cv.profile_name FROM message m JOIN conversation cv ON cv.id = m.conversation_id WHERE m.conversation_id = $1',
      [conv],
    );
    expect(stored.rows[0]).toMatchObject({ body_ct: null, key_id: null, profile_name: null });
    const notes = await db.query<{ note: string | null; outcome: string | null }>(
      `SELECT note, outcome FROM message_report WHERE message_id = $1 UNION ALL SELECT note, NULL FROM message_share WHERE message_id = $1`,
      [messageId],
    );
    expect(notes.rows).toEqual([
      { note: null, outcome: ERASED_OUTCOME },
      { note: null, outcome: null },
    ]);
    const { messages } = await services.conversations.readConversation(officer, conv);
    expect(messages[0]!.body).toBeNull();
    expect(messages[0]!.destroyedAt).not.toBeNull();

    const tomb = await db.query<{ kind: string; payload: Record<string, unknown> }>(
      `SELECT kind, payload FROM record WHERE conversation_id = $1 AND kind = 'message.destroyed'`,
      [conv],
    );
    expect(tomb.rows).toHaveLength(1);
    expect(tomb.rows[0]!.payload).toMatchObject({ classId: 'transient-unlinked', approver: 'schedule', action: 'destroy' });

    await services.records.sealPending();
    const verified = await services.records.verify();
    expect(verified.ok).toBe(true);

    // Again on the same day: nothing new.
    const again = await services.disposal.run({ asOf: '2026-07-10' });
    expect(again).toMatchObject({ destroyed: 0, queuedForReview: 0, certificateId: null });
    expect((await db.query('SELECT 1 FROM message_destruction')).rows).toHaveLength(1);
  });

  it('writes a certificate with classes, dates, counts and hashes, and no names, numbers or text', async () => {
    const [cert] = await services.disposal.listCertificates(officer);
    const full = await services.disposal.getCertificate(officer, cert!.id);
    expect(full).toMatchObject({ approver: 'schedule', action: 'destroy', total: 1, scheduleVersion: services.retentionSchedule.version });
    expect(full.classes).toEqual([
      expect.objectContaining({ classId: 'transient-unlinked', from: '2026-01-10', to: '2026-01-10', count: 1 }),
    ]);
    const hash = await db.query<{ record_hash: string }>(
      `SELECT record_hash FROM record WHERE kind = 'message.inbound' ORDER BY seq LIMIT 1`,
    );
    expect(full.classes[0]!.recordHashes).toEqual([hash.rows[0]!.record_hash]);
    const text = JSON.stringify(full);
    for (const personal of ['447700900301', '7700 900301', 'Alice', 'Smith', 'Elm Road', 'neighbour']) expect(text).not.toContain(personal);
    const stored = JSON.stringify((await db.query('SELECT * FROM destruction_certificate')).rows);
    expect(stored).not.toContain('447700900301');
  });

  it('fails verification after the record log is tampered with', async () => {
    await db.exec('ALTER TABLE record DISABLE TRIGGER record_append_only');
    try {
      await db.query(`UPDATE record SET payload = payload || '{"classId":"tampered"}'::jsonb WHERE kind = 'message.destroyed'`);
      const v = await services.records.verify();
      expect(v.ok).toBe(false);
      expect(v.firstProblem?.problem).toContain('does not match');
      await db.query(`UPDATE record SET payload = payload || '{"classId":"transient-unlinked"}'::jsonb WHERE kind = 'message.destroyed'`);
      expect((await services.records.verify()).ok).toBe(true);
    } finally {
      await db.exec('ALTER TABLE record ENABLE TRIGGER record_append_only');
    }
  });

  it('keeps what a hold on a number covers, including a message that arrives after the hold, until a records officer releases it', async () => {
    clock.set('2026-02-01T09:00:00Z');
    const number = '+447700900302';
    const conv = await receive(number, 'First message about a claim');
    await seed();
    await expect(services.holds.createHold(caseworker, { scope: { kind: 'number', number }, reason: 'Claim' })).rejects.toMatchObject({
      code: 'HOLD_FORBIDDEN',
    });
    const hold = await services.holds.createHold(manager, {
      scope: { kind: 'number', number: '07700 900302' },
      reason: 'Insurance claim expected',
    });
    expect(hold.scope).toEqual({ kind: 'number', number });
    expect(hold.ownerStaffId).toBe(manager.id);
    clock.set('2026-02-02T09:00:00Z');
    await receive(number, 'Second message, after the hold');
    await seed();

    const run = await services.disposal.run({ asOf: '2026-12-01' });
    expect(run.held).toBe(2);
    expect(run.destroyed).toBe(0);
    expect(await stateOf(conv)).toEqual(['kept', 'kept']);

    // Only a records officer releases, and only with a reason; a refused release changes nothing.
    await expect(services.holds.releaseHold(manager, hold.id, 'Claim settled')).rejects.toMatchObject({ code: 'HOLD_RELEASE_FORBIDDEN' });
    const before = await snapshotTables(db, ['legal_hold', 'audit_event']);
    await expect(services.holds.releaseHold(officer, hold.id, '  ')).rejects.toMatchObject({ code: 'HOLD_RELEASE_REASON_REQUIRED' });
    expect(await snapshotTables(db, ['legal_hold', 'audit_event'])).toEqual(before);

    const released = await services.holds.releaseHold(officer, hold.id, 'Claim settled');
    expect(released.releasedAt).not.toBeNull();
    await expect(services.holds.releaseHold(officer, hold.id, 'again')).rejects.toMatchObject({ code: 'HOLD_ALREADY_RELEASED' });
    const audit = await db.query<{ action: string }>(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY at`, [hold.id]);
    expect(audit.rows.map((a) => a.action)).toEqual(['hold.created', 'hold.released']);

    const after = await services.disposal.run({ asOf: '2026-12-01' });
    expect(after).toMatchObject({ destroyed: 2, held: 0 });
    expect(await stateOf(conv)).toEqual(['destroyed', 'destroyed']);
  });

  it('matches keyword, class and date-range holds, and refuses bad hold input without changing anything', async () => {
    clock.set('2026-03-01T09:00:00Z');
    const a = await receive('+447700900303', 'The boiler is broken again');
    const b = await receive('+447700900304', 'Parental leave question');
    await seed();
    const kw = await services.holds.createHold(officer, { scope: { kind: 'keyword', word: 'Boiler' }, reason: 'Disrepair claim' });
    const dry = await services.disposal.run({ asOf: '2026-12-01', dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, held: 1, destroyed: 1, runId: null, certificateId: null });

    const before = await snapshotTables(db, [...DISPOSAL_TABLES]);
    for (const scope of [
      { kind: 'number' as const, number: '12345' },
      { kind: 'class' as const, classId: 'no-such-class' },
      { kind: 'dates' as const, from: '2026-02-30', to: '2026-03-01' },
      { kind: 'dates' as const, from: '2026-03-02', to: '2026-03-01' },
      { kind: 'keyword' as const, word: ' ' },
      { kind: 'case' as const, caseReference: 'NO-SUCH-CASE' },
      { kind: 'citizen' as const, citizenId: 'not-an-id' },
    ])
      await expect(services.holds.createHold(officer, { scope, reason: 'x' })).rejects.toMatchObject({ status: 400 });
    await expect(services.holds.createHold(officer, { scope: { kind: 'keyword', word: 'rent' }, reason: '' })).rejects.toMatchObject({
      code: 'HOLD_REASON_REQUIRED',
    });
    // A dry run changed nothing either.
    expect(await snapshotTables(db, [...DISPOSAL_TABLES])).toEqual(before);

    const run = await services.disposal.run({ asOf: '2026-12-01' });
    expect(run).toMatchObject({ held: 1, destroyed: 1 });
    expect(await stateOf(a)).toEqual(['kept']);
    expect(await stateOf(b)).toEqual(['destroyed']);
    await services.holds.releaseHold(officer, kw.id, 'Claim withdrawn');

    const dates = await services.holds.createHold(officer, {
      scope: { kind: 'dates', from: '2026-03-01', to: '2026-03-01' },
      reason: 'Audit',
    });
    expect((await services.disposal.run({ asOf: '2026-12-01' })).held).toBe(1);
    await services.holds.releaseHold(officer, dates.id, 'Audit done');
    const cls = await services.holds.createHold(officer, { scope: { kind: 'class', classId: 'transient-unlinked' }, reason: 'Inquiry' });
    expect((await services.disposal.run({ asOf: '2026-12-01' })).held).toBe(1);
    await services.holds.releaseHold(officer, cls.id, 'Inquiry closed');
    expect((await services.disposal.run({ asOf: '2026-12-01' })).destroyed).toBe(1);
  });

  /** Files on a conversation's first message, by id; the same Buffer is written once and then shared, as an import stores a file several messages refer to. */
  const written = new Map<Buffer, { contentId: string; sha256: string; sizeBytes: number }>();
  const attach = async (conversationId: string, bytes: Buffer[]) => {
    const messageId = (await db.query<{ id: string }>('SELECT id FROM message WHERE conversation_id = $1', [conversationId])).rows[0]!.id;
    const ids: string[] = [];
    for (const b of bytes) {
      const id = randomUUID();
      await db.transaction(async (tx) => {
        // The same bytes written once, then shared, as an import stores a file several messages refer to.
        const known = written.get(b);
        const c = known ?? (await services.attachments.writeContent(tx, [b]));
        written.set(b, c);
        await createConversationRepository().insertAttachment(tx, {
          id,
          messageId,
          providerMediaId: null,
          mimeType: 'image/jpeg',
          fileName: 'photo.jpg',
          contentDigest: null,
          digestKeyId: null,
          sizeBytes: c.sizeBytes,
          contentId: c.contentId,
          state: 'stored',
        });
      });
      ids.push(id);
    }
    return ids;
  };

  it('queues a review class for disposition review; the records officer extends, destroys and transfers', async () => {
    clock.set('2020-01-15T09:00:00Z');
    const convs: string[] = [];
    for (const n of ['+447700900311', '+447700900312', '+447700900313']) {
      const conv = await receive(n, `Complaint about repairs from ${n}`);
      await linkConversationToCase(db, { teamId, conversationId: conv, caseType: 'complaint', closedOn: '2020-02-01' });
      convs.push(conv);
    }
    await seed();
    clock.set('2026-02-02T09:00:00Z');
    const run = await services.disposal.run({ asOf: '2026-02-01' });
    expect(run).toMatchObject({ destroyed: 0, queuedForReview: 3, held: 0 });
    expect((await services.disposal.run({ asOf: '2026-02-01' })).queuedForReview).toBe(0);
    const queue = await services.disposal.listReviewQueue(officer);
    expect(queue).toHaveLength(3);
    expect(queue.every((q) => q.classId === 'complaint' && q.dueOn === '2026-02-01')).toBe(true);
    const byConv = (c: string) => queue.find((q) => q.conversationId === c)!.id;

    // Bad decisions change nothing.
    const before = await snapshotTables(db, [...DISPOSAL_TABLES]);
    await expect(services.disposal.decideReview(manager, { ids: [byConv(convs[0]!)], decision: 'destroy' })).rejects.toMatchObject({
      code: 'DISPOSAL_FORBIDDEN',
    });
    await expect(services.disposal.decideReview(officer, { ids: [], decision: 'destroy' })).rejects.toMatchObject({
      code: 'DISPOSAL_CHOOSE_ITEMS',
    });
    await expect(services.disposal.decideReview(officer, { ids: [byConv(convs[0]!)], decision: 'shred' })).rejects.toMatchObject({
      code: 'DISPOSAL_CHOOSE_DECISION',
    });
    await expect(
      services.disposal.decideReview(officer, { ids: [byConv(convs[0]!)], decision: 'extend', extendTo: '2026-01-01', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'DISPOSAL_EXTEND_DATE_INVALID' });
    await expect(
      services.disposal.decideReview(officer, { ids: [byConv(convs[0]!)], decision: 'extend', extendTo: '2027-02-01', reason: '' }),
    ).rejects.toMatchObject({ code: 'DISPOSAL_REASON_REQUIRED' });
    expect(await snapshotTables(db, [...DISPOSAL_TABLES])).toEqual(before);

    await services.disposal.decideReview(officer, {
      ids: [byConv(convs[0]!)],
      decision: 'extend',
      extendTo: '2027-02-01',
      reason: 'Ombudsman review still open',
    });
    expect(await stateOf(convs[0]!)).toEqual(['kept']);
    // A later recompute (here, of the same facts) never brings the extended date forward.
    await services.retention.recomputeForConversations([convs[0]!]);
    const extended = await db.query<{ due: string }>(
      `SELECT to_char(mr.disposal_due, 'YYYY-MM-DD') AS due FROM message_retention mr JOIN message m ON m.id = mr.message_id WHERE m.conversation_id = $1`,
      [convs[0]!],
    );
    expect(extended.rows.map((r) => r.due)).toEqual(['2027-02-01']);
    expect((await services.disposal.run({ asOf: '2027-01-31' })).queuedForReview).toBe(0);

    // A hold placed while queued stops the decision.
    const hold = await services.holds.createHold(officer, { scope: { kind: 'number', number: '+447700900312' }, reason: 'Litigation' });
    await expect(services.disposal.decideReview(officer, { ids: [byConv(convs[1]!)], decision: 'destroy' })).rejects.toMatchObject({
      code: 'DISPOSAL_HELD',
    });
    await services.holds.releaseHold(officer, hold.id, 'Litigation over');

    const destroyed = await services.disposal.decideReview(officer, { ids: [byConv(convs[1]!)], decision: 'destroy' });
    expect(destroyed.certificateId).not.toBeNull();
    const cert = await services.disposal.getCertificate(officer, destroyed.certificateId!);
    expect(cert).toMatchObject({ approver: officer.id, action: 'destroy', total: 1 });
    expect(await stateOf(convs[1]!)).toEqual(['destroyed']);

    // Two files on the transferred message: one of many chunks (a length base64 cannot split evenly), and
    // one whose stored chunk has been altered.
    const photo = randomBytes(3 * CONTENT_CHUNK_BYTES + 1000);
    const [photoId, damagedId] = (await attach(convs[2]!, [photo, randomBytes(5000)])) as [string, string];
    await db.query(
      `UPDATE attachment_chunk c SET content_ct = set_byte(c.content_ct, 20, get_byte(c.content_ct, 20) # 255)
         FROM attachment a WHERE a.id = $1 AND c.content_id = a.content_id`,
      [damagedId],
    );
    const transferred = await services.disposal.decideReview(officer, { ids: [byConv(convs[2]!)], decision: 'transfer' });
    expect(transferred.archiveFile).toMatch(/^transfer-.*\.json$/);
    const pkg = JSON.parse(readFileSync(join(archiveDir, transferred.archiveFile!), 'utf8')) as {
      messages: {
        body: string;
        records: { kind: string }[];
        attachments: { id: string; sha256: string | null; contentBase64: string | null; unreadable: boolean }[];
      }[];
    };
    expect(pkg.messages[0]!.body).toBe('Complaint about repairs from +447700900313');
    expect(pkg.messages[0]!.records.map((r) => r.kind)).toContain('message.inbound');
    // The package is written a piece at a time: the file comes out byte for byte, with its fixity SHA-256;
    // the damaged one is marked unreadable, with no content.
    const files = new Map(pkg.messages[0]!.attachments.map((a) => [a.id, a]));
    expect(Buffer.from(files.get(photoId)!.contentBase64!, 'base64').equals(photo)).toBe(true);
    expect(files.get(photoId)).toMatchObject({ sha256: createHash('sha256').update(photo).digest('hex'), unreadable: false });
    expect(files.get(damagedId)).toMatchObject({ sha256: null, contentBase64: null, unreadable: true });
    expect(readdirSync(archiveDir).filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(await stateOf(convs[2]!)).toEqual(['transferred']);
    expect((await services.disposal.getCertificate(officer, transferred.certificateId!)).action).toBe('transfer');
    expect(existsSync(join(archiveDir, transferred.archiveFile!))).toBe(true);
    // Deciding again: no longer waiting.
    await expect(services.disposal.decideReview(officer, { ids: [byConv(convs[2]!)], decision: 'destroy' })).rejects.toMatchObject({
      code: 'DISPOSAL_REVIEW_NOT_FOUND',
    });
    const actions = await db.query<{ action: string }>(`SELECT action FROM audit_event WHERE action LIKE 'records.review-%' ORDER BY at`);
    expect(actions.rows.map((a) => a.action)).toEqual([
      'records.review-extended',
      'records.review-destroyed',
      'records.review-transferred',
    ]);
    await services.records.sealPending();
    expect((await services.records.verify()).ok).toBe(true);
  });

  it('is safe with two runs at once: every due record is destroyed once', async () => {
    clock.set('2026-04-01T09:00:00Z');
    for (let i = 0; i < 7; i++) await receive(`+44770090032${i}`, `Message ${i}`);
    await seed();
    const [a, b] = await Promise.all([services.disposal.run({ asOf: '2026-12-01' }), services.disposal.run({ asOf: '2026-12-01' })]);
    expect(a.destroyed + b.destroyed).toBe(7);
    const dup = await db.query('SELECT message_id FROM message_destruction GROUP BY message_id HAVING count(*) > 1');
    expect(dup.rows).toHaveLength(0);
    const tombs = await db.query(`SELECT message_id FROM record WHERE kind = 'message.destroyed' GROUP BY message_id HAVING count(*) > 1`);
    expect(tombs.rows).toHaveLength(0);
  });

  // The run's batches commit without waiting for their WAL (SET LOCAL synchronous_commit = off). The setting
  // must end with each batch: a connection going back to the pool with it would let later transactions (a
  // webhook's acknowledged message, say) be lost in a crash.
  // (PGlite's one connection never leaves synchronous commit: the run sets it on PostgreSQL only.)
  if (kind === 'postgres')
    it('leaves every pooled connection committing synchronously after a run', async () => {
      clock.set('2026-04-01T09:00:00Z');
      for (let i = 0; i < 12; i++) await receive(`+44770090042${String(i).padStart(2, '0')}`, `Message ${i}`);
      await seed();
      // The suite's batches of 2, over the four lanes PostgreSQL gets: every lane's connection runs batches.
      const run = await services.disposal.run({ asOf: '2026-12-01' });
      expect(run.destroyed).toBe(12);
      const settings = await Promise.all(
        Array.from({ length: 8 }, () =>
          db.transaction(async (tx) => {
            const r = await tx.query<{ s: string; pid: number }>(
              `SELECT current_setting('synchronous_commit') AS s, pg_backend_pid() AS pid FROM pg_sleep(0.05)`,
            );
            return r.rows[0]!;
          }),
        ),
      );
      expect(new Set(settings.map((r) => r.pid)).size).toBeGreaterThanOrEqual(4);
      expect(settings.map((r) => r.s)).toEqual(settings.map(() => 'on'));
    });

  it('enqueues the daily records.dispose-expired job once a day, and the job runs the disposal', async () => {
    clock.set('2026-05-01T03:00:00Z');
    expect(await services.disposal.scheduleDaily()).toBe(true);
    expect(await services.disposal.scheduleDaily()).toBe(false);
    const jobs = await db.query<{ payload: { asOf: string } }>(`SELECT payload FROM job WHERE kind = 'records.dispose-expired'`);
    expect(jobs.rows.map((j) => j.payload.asOf)).toEqual(['2026-05-01']);
    const worker = services.createWorker({ pollMs: 20 });
    await worker.start();
    try {
      for (let i = 0; i < 600; i++) {
        const r = await db.query<{ state: string }>(`SELECT state FROM job WHERE kind = 'records.dispose-expired'`);
        if (r.rows[0]?.state === 'done') break;
        await new Promise((res) => setTimeout(res, 50));
      }
    } finally {
      await worker.stop();
    }
    const runs = await db.query<{ as_of: string }>(
      `SELECT to_char(as_of, 'YYYY-MM-DD') AS as_of FROM disposal_run WHERE as_of = '2026-05-01'`,
    );
    expect(runs.rows).toHaveLength(1);
  });

  it('erases an attachment’s stored chunks with its message, keeping content another message still shares until that goes too', async () => {
    const shared = randomBytes(150_000);
    const own = randomBytes(70_000);
    const chunkCount = async (contentId: string) =>
      (await db.query('SELECT 1 FROM attachment_chunk WHERE content_id = $1', [contentId])).rows.length;

    clock.set('2031-01-10T10:00:00Z');
    const first = await receive('+447700900391', 'Photos of the damp, as promised');
    const [firstShared, firstOwn] = await attach(first, [shared, own]);
    clock.set('2031-06-01T10:00:00Z');
    const second = await receive('+447700900392', 'The same photo again');
    const [secondShared] = await attach(second, [shared]);
    await seed();
    const sharedId = written.get(shared)!.contentId;
    const ownId = written.get(own)!.contentId;
    const chunksFor = (b: Buffer) => Math.ceil(b.length / CONTENT_CHUNK_BYTES);
    expect(await chunkCount(sharedId)).toBe(chunksFor(shared));
    expect(await chunkCount(ownId)).toBe(chunksFor(own));

    clock.set('2031-07-10T10:00:00Z');
    await services.disposal.run({ asOf: '2031-07-10' });
    expect(await stateOf(first)).toEqual(['destroyed']);
    expect(await stateOf(second)).toEqual(['kept']);
    // The first message's own photo is gone, chunks and all; the one it shared is kept for the second.
    expect(await chunkCount(ownId)).toBe(0);
    expect((await db.query('SELECT 1 FROM attachment_content WHERE id = $1', [ownId])).rows).toHaveLength(0);
    const tombstones = await db.query<{ content_id: string | null; content_ct: unknown }>(
      'SELECT content_id, content_ct FROM attachment WHERE id = ANY($1::uuid[])',
      [[firstShared, firstOwn]],
    );
    expect(tombstones.rows).toEqual([
      { content_id: null, content_ct: null },
      { content_id: null, content_ct: null },
    ]);
    await expect(services.attachments.openAttachmentContent(firstShared!)).rejects.toMatchObject({ code: 'ATTACHMENT_NOT_FOUND' });
    expect(await chunkCount(sharedId)).toBe(chunksFor(shared));
    expect((await buffer(await services.attachments.openAttachmentContent(secondShared!))).equals(shared)).toBe(true);

    clock.set('2031-12-01T10:00:00Z');
    await services.disposal.run({ asOf: '2031-12-01' });
    expect(await stateOf(second)).toEqual(['destroyed']);
    expect(await chunkCount(sharedId)).toBe(0);
    expect((await db.query('SELECT 1 FROM attachment_content WHERE id = ANY($1::uuid[])', [[sharedId, ownId]])).rows).toHaveLength(0);
  });
  it('keeps a message whose body cannot be read under a keyword hold, and transfers one marked unreadable, without failing the run', async () => {
    // Two ciphertexts swapped: each fails its authentication (each is bound to its own message id).
    const swapBodies = async (a: string, b: string) => {
      const ids = async (conv: string) =>
        (await db.query<{ id: string }>('SELECT id FROM message WHERE conversation_id = $1', [conv])).rows[0]!.id;
      const [ma, mb] = [await ids(a), await ids(b)];
      await db.query(
        `UPDATE message m SET body_ct = o.body_ct FROM message o WHERE (m.id, o.id) IN (($1::uuid, $2::uuid), ($2::uuid, $1::uuid))`,
        [ma, mb],
      );
    };
    clock.set('2035-01-10T10:00:00Z');
    const plain = await receive('+447700900431', 'When is the bin collection?');
    const unreadableA = await receive('+447700900432', 'Bin collection missed again');
    const unreadableB = await receive('+447700900433', 'Another question about bins');
    await seed();
    await swapBodies(unreadableA, unreadableB);
    const hold = await services.holds.createHold(officer, {
      scope: { kind: 'keyword', word: 'arrears' },
      reason: 'Rent arrears litigation',
    });
    clock.set('2035-08-01T10:00:00Z');
    const run = await services.disposal.run({ asOf: '2035-08-01' });
    // Neither unreadable body can be shown to fall outside the hold on "arrears": both are kept; the readable one goes.
    expect(run.held).toBeGreaterThanOrEqual(2);
    expect(await stateOf(plain)).toEqual(['destroyed']);
    expect(await stateOf(unreadableA)).toEqual(['kept']);
    expect(await stateOf(unreadableB)).toEqual(['kept']);
    await services.holds.releaseHold(officer, hold.id, 'Litigation over');

    // Queued for review as a complaint, then transferred: the package says the body could not be read.
    await linkConversationToCase(db, { teamId, conversationId: unreadableA, caseType: 'complaint', closedOn: '2035-01-20' });
    await services.retention.recomputeForConversations([unreadableA]);
    clock.set('2041-02-01T10:00:00Z');
    expect((await services.disposal.run({ asOf: '2041-02-01' })).queuedForReview).toBeGreaterThanOrEqual(1);
    const item = (await services.disposal.listReviewQueue(officer)).find((q) => q.conversationId === unreadableA)!;
    const transferred = await services.disposal.decideReview(officer, { ids: [item.id], decision: 'transfer' });
    const pkg = JSON.parse(readFileSync(join(archiveDir, transferred.archiveFile!), 'utf8')) as {
      messages: { body: string | null; unreadable: boolean }[];
    };
    expect(pkg.messages).toEqual([expect.objectContaining({ body: null, unreadable: true })]);
    expect(await stateOf(unreadableA)).toEqual(['transferred']);
  });

  it('refuses to note a destruction of a message or under a run that does not exist, writing nothing', async () => {
    const repo = createDisposalRepository();
    const [messageId] = (await db.query<{ id: string }>('SELECT id FROM message LIMIT 1')).rows.map((r) => r.id);
    const [runId] = (await db.query<{ id: string }>('SELECT id FROM disposal_run LIMIT 1')).rows.map((r) => r.id);
    const row = (m: string, r: string) => ({
      messageId: m,
      runId: r,
      at: clock.now(),
      classId: 'transient-unlinked',
      messageDate: '2026-01-01',
      recordHash: 'h',
      tombstoneId: randomUUID(),
    });
    const before = await snapshotTables(db, ['message_destruction']);
    for (const rows of [[row(randomUUID(), runId!)], [row(messageId!, randomUUID())]]) {
      await expect(db.transaction((tx) => repo.insertDestructions(tx, rows))).rejects.toThrow(/does not exist/);
    }
    expect(await snapshotTables(db, ['message_destruction'])).toEqual(before);
  });

  describe('a run that does not finish', () => {
    const failOn = async (table: 'message_destruction' | 'destruction_certificate', messageId: string | null) => {
      // A real database failure inside the run, from a trigger on the table the step writes to.
      const test = messageId ? `NEW.message_id = '${messageId}'` : 'true';
      await db.exec(`CREATE FUNCTION test_fail_step() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN IF ${test} THEN RAISE EXCEPTION 'storage failed'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER test_fail_step BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION test_fail_step();`);
      return () => db.exec(`DROP TRIGGER test_fail_step ON ${table}; DROP FUNCTION test_fail_step();`);
    };
    const receiveSix = async (prefix: string) => {
      const convs: string[] = [];
      for (let i = 0; i < 6; i++) convs.push(await receive(`${prefix}${i}`, `Bin collection ${i}`));
      await seed();
      const ids = await db.query<{ id: string }>('SELECT id FROM message WHERE conversation_id = ANY($1::uuid[]) ORDER BY id', [convs]);
      return { convs, messageIds: ids.rows.map((r) => r.id) };
    };
    const runsOn = (asOf: string) =>
      db.query<{ id: string; outcome: string | null; finished_at: Date | null; certificate_id: string | null }>(
        `SELECT id, outcome, finished_at, certificate_id FROM disposal_run WHERE as_of = $1 ORDER BY started_at`,
        [asOf],
      );
    const destroyedBy = async (runId: string) =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM message_destruction WHERE run_id = $1', [runId])).rows[0]!.n;
    const uncertified = async () =>
      (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM message_destruction d
            WHERE NOT EXISTS (SELECT 1 FROM destruction_certificate c WHERE c.run_id = d.run_id)`,
        )
      ).rows[0]!.n;

    it('certifies what it destroyed before a batch failed, marks the run failed, and the next run does the rest', async () => {
      clock.set('2033-01-10T10:00:00Z');
      const { convs, messageIds } = await receiveSix('+44770090041');
      // The last of the six in the run's (date, id) order fails: the batches before it commit.
      const drop = await failOn('message_destruction', messageIds.at(-1)!);
      clock.set('2033-08-01T10:00:00Z');
      try {
        await expect(services.disposal.run({ asOf: '2033-08-01' })).rejects.toThrow(/storage failed/);
      } finally {
        await drop();
      }
      const [run] = (await runsOn('2033-08-01')).rows;
      expect(run).toMatchObject({ outcome: 'failed' });
      expect(run!.finished_at).not.toBeNull();
      const destroyed = await destroyedBy(run!.id);
      expect(destroyed).toBeGreaterThanOrEqual(4);
      expect(destroyed).toBeLessThan(6);
      const certificate = await services.disposal.getCertificate(null, run!.certificate_id!);
      expect(certificate.total).toBe(destroyed);
      // The certificate says its run stopped, here and on the records officer's pages.
      expect(certificate.runOutcome).toBe('failed');
      expect((await services.disposal.listCertificates(null)).find((c) => c.id === certificate.id)?.runOutcome).toBe('failed');
      const views = createViewEnvironment({ timeZone: 'Europe/London' });
      const page = views.render('certificate.njk', { certificate, approverText: 'The schedule', title: 'x' });
      expect(page).toContain('Stopped by an error: this certifies what was destroyed before it stopped');
      const list = views.render('certificates.njk', { certificates: [{ ...certificate, approverText: 'The schedule' }] });
      expect(list).toContain('Stopped by an error');
      expect(await uncertified()).toBe(0);
      const audit = await db.query(`SELECT 1 FROM audit_event WHERE action = 'records.disposal-run-failed' AND subject_id = $1`, [run!.id]);
      expect(audit.rows).toHaveLength(1);

      const next = await services.disposal.run({ asOf: '2033-08-01' });
      expect(next.certificateId).not.toBeNull();
      for (const conv of convs) expect(await stateOf(conv)).toEqual(['destroyed']);
      expect(await uncertified()).toBe(0);
      expect((await services.records.verify()).ok).toBe(true);
    });

    it('is finished by a later run, with a certificate, once its node has made no progress for fifteen minutes', async () => {
      clock.set('2034-01-10T10:00:00Z');
      const { convs } = await receiveSix('+44770090042');
      // Every batch commits, then nothing more is written (as when the node dies before its last step).
      const drop = await failOn('destruction_certificate', null);
      clock.set('2034-08-01T10:00:00Z');
      try {
        await expect(services.disposal.run({ asOf: '2034-08-01' })).rejects.toThrow(/storage failed/);
      } finally {
        await drop();
      }
      const [run] = (await runsOn('2034-08-01')).rows;
      expect(run).toMatchObject({ outcome: null, finished_at: null, certificate_id: null });
      expect(await destroyedBy(run!.id)).toBe(6);
      for (const conv of convs) expect(await stateOf(conv)).toEqual(['destroyed']);

      // Ten minutes on, the run may still be under way on its node: it is left alone.
      clock.set('2034-08-01T10:10:00Z');
      expect(await services.disposal.finishAbandonedRuns()).toEqual([]);
      expect((await runsOn('2034-08-01')).rows[0]).toMatchObject({ outcome: null });

      // Sixteen minutes on, the next run finishes it first.
      clock.set('2034-08-01T10:16:00Z');
      await services.disposal.run({ asOf: '2034-08-01' });
      const [finished] = (await runsOn('2034-08-01')).rows;
      expect(finished).toMatchObject({ id: run!.id, outcome: 'interrupted' });
      const certificate = await services.disposal.getCertificate(null, finished!.certificate_id!);
      expect(certificate.total).toBe(6);
      expect(certificate.runOutcome).toBe('interrupted');
      expect(await uncertified()).toBe(0);
      const audit = await db.query(`SELECT 1 FROM audit_event WHERE action = 'records.disposal-run-interrupted' AND subject_id = $1`, [
        run!.id,
      ]);
      expect(audit.rows).toHaveLength(1);
    });
  });
});
