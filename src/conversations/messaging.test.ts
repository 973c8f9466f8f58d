import { createHash, createHmac } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/app.js';
import { DB_KINDS } from '../../test/db.js';
import { TEST_SECRETS } from '../../test/services.js';
import { firstContact, waIdOf } from '../../test/factories.js';
import { AppError } from '../platform/errors.js';

describe.each(DB_KINDS)('messaging end to end through the WhatsApp simulator (%s)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind);
  }, 60_000);
  afterAll(async () => t?.close());

  /** A citizen with an open conversation whose 24-hour window is open (the citizen has replied). */
  async function openWindowConversation() {
    const citizen = await t.addCitizen();
    const conv = await t.services.conversations.openConversation(
      t.caseworker,
      citizen.id,
      firstContact('Phoned twice and wrote a letter, no answer'),
    );
    await t.simulator.sim.sendInbound({ from: citizen.waNumber, text: 'Hello, you can call me after 5pm' });
    await t.settle();
    return { citizen, conv };
  }

  const messages = (conversationId: string) =>
    t.services.conversations.readConversation(t.caseworker, conversationId).then((r) => r.messages);
  const recordKinds = async (conversationId: string) =>
    (await t.db.query<{ kind: string }>('SELECT kind FROM record WHERE conversation_id = $1 ORDER BY seq', [conversationId])).rows.map(
      (r) => r.kind,
    );

  it('sends the first-contact template, and delivered and read statuses come back by signed webhook', async () => {
    const citizen = await t.addCitizen({ fullName: 'Sam Sample' });
    const conv = await t.services.conversations.openConversation(
      t.caseworker,
      citizen.id,
      firstContact('Phoned on 3 and 5 March, no answer; letter returned'),
    );
    await expect(t.services.outbound.sendMessage(t.caseworker, conv.id, { text: 'Hi' })).rejects.toMatchObject({
      code: 'CONTACT_WINDOW_CLOSED',
    });
    const m = await t.services.outbound.sendMessage(t.caseworker, conv.id, { useTemplate: true });
    expect(m.status).toBe('queued');
    await t.settle();
    const out = t.simulator.sim.outbox().filter((o) => o.to === waIdOf(citizen.waNumber));
    expect(out).toHaveLength(1);
    expect(out[0]!.type).toBe('template');
    expect(out[0]!.text).toContain('Hello Sam');
    expect(out[0]!.clientReference).toBe(m.id);
    let [stored] = await messages(conv.id);
    expect(stored!.status).toBe('delivered');
    await t.simulator.sim.markRead(out[0]!.id);
    await t.settle();
    [stored] = await messages(conv.id);
    expect(stored!.status).toBe('read');
    expect(stored!.providerMessageId).toBe(out[0]!.id);
    const kinds = await recordKinds(conv.id);
    expect(kinds).toEqual(expect.arrayContaining(['conversation.opened', 'message.outbound', 'message.accepted', 'message.status']));
    expect(kinds.filter((k) => k === 'message.status').length).toBeGreaterThanOrEqual(3); // sent, delivered, read
  });

  it('sends once for one form however often it is submitted: the same idempotency key returns the queued message', async () => {
    const citizen = await t.addCitizen({ fullName: 'Ira Twice' });
    const conv = await t.services.conversations.openConversation(
      t.caseworker,
      citizen.id,
      firstContact('Phoned on 3 and 5 March, no answer; letter returned'),
    );
    const key = 'form-3f0c1e7a-5b6d';
    // Three clicks in quick succession, racing each other, and one more later.
    const sent = await Promise.all(
      [1, 2, 3].map(() => t.services.outbound.sendMessage(t.caseworker, conv.id, { useTemplate: true, clientKey: key })),
    );
    const again = await t.services.outbound.sendMessage(t.caseworker, conv.id, { useTemplate: true, clientKey: key });
    expect(new Set([...sent, again].map((m) => m.id)).size).toBe(1);
    await t.settle();
    expect(t.simulator.sim.outbox().filter((o) => o.to === waIdOf(citizen.waNumber))).toHaveLength(1);
    expect(await messages(conv.id)).toHaveLength(1);
    // Another form (another key) is another message.
    const other = await t.services.outbound.sendMessage(t.caseworker, conv.id, { useTemplate: true, clientKey: 'form-second-0001' });
    expect(other.id).not.toBe(sent[0]!.id);
    // A malformed key is refused and changes nothing.
    await expect(
      t.services.outbound.sendMessage(t.caseworker, conv.id, { useTemplate: true, clientKey: 'bad key!' }),
    ).rejects.toMatchObject({
      code: 'MESSAGE_CLIENT_KEY_INVALID',
    });
    await t.settle();
    expect(await messages(conv.id)).toHaveLength(2);
  });

  it('stores an inbound reply once, even when the webhook is delivered twice', async () => {
    const { citizen, conv } = await openWindowConversation();
    t.simulator.sim.injectFault({ kind: 'duplicate-webhook', count: 1 });
    await t.simulator.sim.sendInbound({ from: citizen.waNumber, text: 'Tuesday at 10 works for me' });
    await t.settle();
    const inbound = (await messages(conv.id)).filter((m) => m.direction === 'inbound');
    expect(inbound.map((m) => m.body)).toEqual(['Hello, you can call me after 5pm', 'Tuesday at 10 works for me']);
    const dup = t.simulator.sim.webhookDeliveries().filter((d) => d.duplicate);
    expect(dup.length).toBeGreaterThan(0);
  });

  it('keeps message bodies encrypted at rest with a key id per row', async () => {
    const { conv } = await openWindowConversation();
    const rows = await t.db.query<{ body_ct: Uint8Array; key_id: string }>(
      'SELECT body_ct, key_id FROM message WHERE conversation_id = $1',
      [conv.id],
    );
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const r of rows.rows) {
      expect(r.key_id).toBe('k1');
      expect(Buffer.from(r.body_ct).toString('utf8')).not.toContain('call me');
    }
  });

  it('never lets an out-of-order status move a message backwards', async () => {
    const { citizen, conv } = await openWindowConversation();
    t.simulator.sim.injectFault({ kind: 'out-of-order-statuses', count: 1 });
    await t.services.outbound.sendMessage(t.caseworker, conv.id, { text: 'Can I call you on Tuesday at 10?' });
    await t.settle();
    const sent = t.simulator.sim
      .outbox()
      .filter((o) => o.to === waIdOf(citizen.waNumber))
      .at(-1)!;
    await t.simulator.sim.markRead(sent.id);
    await t.settle();
    const out = (await messages(conv.id)).filter((m) => m.direction === 'outbound');
    expect(out.at(-1)!.status).toBe('read');
    const events = await t.db.query<{ status: string }>('SELECT status FROM message_status_event WHERE message_id = $1', [out.at(-1)!.id]);
    expect(events.rows.map((r) => r.status).sort()).toEqual(['delivered', 'read', 'sent']);
  });

  it('blocks a message the policy forbids: it never reaches WhatsApp, and the attempt is recorded without its text', async () => {
    const { citizen, conv } = await openWindowConversation();
    const before = t.simulator.sim.outbox().length;
    const err = await t.services.outbound
      .sendMessage(t.caseworker, conv.id, { text: 'Your NHS number is 943 476 5919, please confirm.' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('POLICY_BLOCKED');
    await t.settle();
    expect(t.simulator.sim.outbox().length).toBe(before);
    expect(t.simulator.sim.outbox().some((o) => o.to === waIdOf(citizen.waNumber) && o.text.includes('943'))).toBe(false);
    const blocked = await t.db.query<{ payload: { policy: { decision: string; findings: { type: string }[] } } }>(
      `SELECT payload FROM record WHERE conversation_id = $1 AND kind = 'message.blocked'`,
      [conv.id],
    );
    expect(blocked.rows).toHaveLength(1);
    expect(blocked.rows[0]!.payload.policy.decision).toBe('block');
    expect(blocked.rows[0]!.payload.policy.findings.map((f) => f.type)).toContain('NHS_NUMBER');
    expect(JSON.stringify(blocked.rows[0]!.payload)).not.toContain('943');
    const msgs = await t.db.query('SELECT id FROM message WHERE conversation_id = $1 AND direction = $2', [conv.id, 'outbound']);
    expect(msgs.rows).toHaveLength(0);
  });

  it('sends a warned message only with a written justification, and records the justification', async () => {
    const { conv } = await openWindowConversation();
    const text = 'Could you email me at sam.sample@example.com so we can set up a call?';
    await expect(t.services.outbound.sendMessage(t.caseworker, conv.id, { text })).rejects.toMatchObject({
      code: 'POLICY_JUSTIFICATION_REQUIRED',
    });
    const m = await t.services.outbound.sendMessage(t.caseworker, conv.id, {
      text,
      justification: 'Citizen asked to be contacted by email instead',
    });
    expect(m.decision).toBe('warn');
    expect(m.justification).toBe('Citizen asked to be contacted by email instead');
    await t.settle();
    const rec = await t.db.query<{ payload: { policy: { decision: string }; justificationDigest: string | null; digestKeyId: string } }>(
      `SELECT payload FROM record WHERE message_id = $1 AND kind = 'message.outbound'`,
      [m.id],
    );
    expect(rec.rows[0]!.payload.policy.decision).toBe('warn');
    // A keyed digest of the justification (HMAC under the digest key the record names), never an unkeyed hash.
    expect(rec.rows[0]!.payload.digestKeyId).toBe('d1');
    expect(rec.rows[0]!.payload.justificationDigest).toBe(
      createHmac('sha256', TEST_SECRETS.digestKeys.keys.d1).update('Citizen asked to be contacted by email instead').digest('hex'),
    );
    const audit = await t.db.query(`SELECT 1 FROM audit_event WHERE action = 'message.sent-with-warning' AND subject_id = $1`, [m.id]);
    expect(audit.rows).toHaveLength(1);
  });

  it('retries a send that certainly failed (5xx with an error body) and sends it exactly once', async () => {
    const { citizen, conv } = await openWindowConversation();
    t.simulator.sim.injectFault({ kind: '5xx', count: 1 });
    const m = await t.services.outbound.sendMessage(t.caseworker, conv.id, { text: 'Shall we meet at the Civic Centre on Friday?' });
    // The retry is scheduled with backoff; pull it forward rather than wait.
    for (let i = 0; i < 200; i++) {
      await t.settle();
      await t.db.query(`UPDATE job SET run_at = now() WHERE state = 'pending'`);
      const s = (await t.services.conversations.readConversation(t.caseworker, conv.id)).messages.find((x) => x.id === m.id)!.status;
      if (s === 'delivered') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const copies = t.simulator.sim.outbox().filter((o) => o.to === waIdOf(citizen.waNumber) && o.text.includes('Civic Centre'));
    expect(copies).toHaveLength(1);
    const job = await t.db.query<{ attempts: number; state: string }>(`SELECT attempts, state FROM job WHERE payload->>'messageId' = $1`, [
      m.id,
    ]);
    expect(job.rows[0]).toMatchObject({ attempts: 2, state: 'done' });
  });

  it('does not resend when a timeout leaves it uncertain; the status webhook reconciles it by client reference', async () => {
    const { citizen, conv } = await openWindowConversation();
    t.simulator.sim.injectFault({ kind: 'timeout', count: 1, accepted: true });
    const m = await t.services.outbound.sendMessage(t.caseworker, conv.id, { text: 'Is Thursday morning good for a call?' });
    // Wait for the status webhook (the timed-out send and the webhook both take their time on a busy machine).
    for (let i = 0; i < 100; i++) {
      await t.settle();
      const s = (await messages(conv.id)).find((x) => x.id === m.id)!.status;
      if (s === 'sent' || s === 'delivered') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const copies = t.simulator.sim.outbox().filter((o) => o.to === waIdOf(citizen.waNumber) && o.text.includes('Thursday morning'));
    expect(copies).toHaveLength(1);
    const stored = (await messages(conv.id)).find((x) => x.id === m.id)!;
    // Meta accepted it before the answer was lost: its status webhooks carry our id, so Liaise learns it was sent.
    expect(['sent', 'delivered']).toContain(stored.status);
    expect(stored.providerMessageId).toBe(copies[0]!.id);
  });

  it('asks the caseworker after an uncertain send that WhatsApp never accepted, and never resends by itself', async () => {
    const { citizen, conv } = await openWindowConversation();
    t.simulator.sim.injectFault({ kind: 'reset', count: 1, accepted: false });
    const m = await t.services.outbound.sendMessage(t.caseworker, conv.id, { text: 'Please ring the housing team on Monday.' });
    await t.settle();
    let stored = (await messages(conv.id)).find((x) => x.id === m.id)!;
    expect(stored.status).toBe('uncertain');
    expect(t.simulator.sim.outbox().filter((o) => o.to === waIdOf(citizen.waNumber) && o.text.includes('ring the housing'))).toHaveLength(
      0,
    );
    await t.services.outbound.resolveUncertain(t.caseworker, m.id, 'resend');
    await t.settle();
    stored = (await messages(conv.id)).find((x) => x.id === m.id)!;
    expect(stored.status).toBe('delivered');
    expect(t.simulator.sim.outbox().filter((o) => o.to === waIdOf(citizen.waNumber) && o.text.includes('ring the housing'))).toHaveLength(
      1,
    );
    await expect(t.services.outbound.resolveUncertain(t.caseworker, m.id, 'resend')).rejects.toMatchObject({
      code: 'MESSAGE_NOT_UNCERTAIN',
    });
  });

  it('marks a send found half-done after a crash as uncertain instead of sending it again', async () => {
    const { citizen, conv } = await openWindowConversation();
    await t.worker.stop();
    try {
      const m = await t.services.outbound.sendMessage(t.caseworker, conv.id, { text: 'Can we talk on Wednesday?' });
      // Simulate a crash after the worker marked it sending and before the answer was stored.
      await t.db.query(`UPDATE message SET status = 'sending' WHERE id = $1`, [m.id]);
      const job = await t.db.query<{ id: string }>(`SELECT id FROM job WHERE payload->>'messageId' = $1`, [m.id]);
      await t.services.outbound.runSendJob({
        id: job.rows[0]!.id,
        kind: 'whatsapp.send',
        payload: { messageId: m.id },
        attempts: 2,
        maxAttempts: 8,
      });
      const stored = (await messages(conv.id)).find((x) => x.id === m.id)!;
      expect(stored.status).toBe('uncertain');
      expect(t.simulator.sim.outbox().filter((o) => o.to === waIdOf(citizen.waNumber) && o.text.includes('Wednesday'))).toHaveLength(0);
    } finally {
      await t.worker.start();
      await t.db.query(
        `UPDATE job SET state = 'done' WHERE state = 'pending' AND payload->>'messageId' IN (SELECT id::text FROM message WHERE status = 'uncertain')`,
      );
    }
  });

  it('shows a final failure (undeliverable number) to the caseworker', async () => {
    const { conv } = await openWindowConversation();
    t.simulator.sim.injectFault({ kind: 'undeliverable', count: 1 });
    const m = await t.services.outbound.sendMessage(t.caseworker, conv.id, { text: 'Could you call the office tomorrow?' });
    await t.settle();
    const stored = (await messages(conv.id)).find((x) => x.id === m.id)!;
    expect(stored.status).toBe('failed');
    expect(stored.errorCode).toBe(131026);
    expect(stored.errorTitle).toContain('could not be delivered to this number'); // plain words for 131026, not just any text
  });

  it('puts a message from an unknown number in the triage queue, then links it to a citizen and case', async () => {
    const unknown = '+447700900998';
    await t.simulator.sim.sendInbound({ from: unknown, text: 'Hi, I got a letter about my rent', profileName: 'Unknown Person' });
    await t.settle();
    const triage = await t.services.conversations.listConversations(t.caseworker, { unlinkedOnly: true });
    const conv = triage.find((c) => c.waNumber === unknown)!;
    expect(conv).toBeDefined();
    expect(conv.citizenId).toBeNull();
    expect(conv.teamId).toBe(t.teamId); // the first team is the triage team by default
    await expect(t.services.outbound.sendMessage(t.caseworker, conv.id, { text: 'Hello' })).rejects.toMatchObject({
      code: 'CONVERSATION_NOT_LINKED',
    });
    const citizen = await t.addCitizen({ waNumber: '07700 900998', caseReference: 'HSG-RENT-1' });
    await t.services.conversations.linkConversation(t.caseworker, conv.id, citizen.id);
    const linked = await t.services.conversations.getConversationSummary(t.caseworker, conv.id);
    expect(linked.citizenId).toBe(citizen.id);
    expect(linked.caseReference).toBe('HSG-RENT-1');
    expect(await recordKinds(conv.id)).toEqual(expect.arrayContaining(['message.inbound', 'conversation.linked']));
  });

  it('fetches inbound media through the media-id flow and stores it encrypted', async () => {
    const { citizen, conv } = await openWindowConversation();
    await t.simulator.sim.sendInbound({ from: citizen.waNumber, image: { sample: 'image', caption: 'Photo of the damp' } });
    await t.simulator.sim.sendInbound({ from: citizen.waNumber, document: { sample: 'pdf', fileName: 'tenancy.pdf' } });
    await t.simulator.sim.sendInbound({ from: citizen.waNumber, location: { latitude: 51.5, longitude: -0.12, name: 'Civic Centre' } });
    await t.settle();
    const msgs = await messages(conv.id);
    const image = msgs.find((m) => m.kind === 'image')!;
    expect(image.body).toBe('Photo of the damp');
    expect(image.attachments[0]!.state).toBe('stored');
    const file = await t.services.conversations.readAttachment(t.caseworker, image.attachments[0]!.id);
    expect(file.mimeType).toMatch(/^image\//);
    const bytes = await buffer(file.content);
    const raw = await t.db.query<{ content_digest: string; digest_key_id: string; content_id: string | null }>(
      'SELECT content_digest, digest_key_id, content_id FROM attachment WHERE id = $1',
      [image.attachments[0]!.id],
    );
    // Its digest is keyed (the HMAC of its SHA-256): the plain SHA-256 is in no column and no record.
    const plain = createHash('sha256').update(bytes).digest('hex');
    const keyed = createHmac('sha256', TEST_SECRETS.digestKeys.keys.d1).update(`attachment-sha256:${plain}`).digest('hex');
    expect(raw.rows[0]).toMatchObject({ content_digest: keyed, digest_key_id: 'd1' });
    const stored = await t.db.query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM record WHERE kind = 'attachment.stored' AND payload->>'attachmentId' = $1`,
      [image.attachments[0]!.id],
    );
    expect(stored.rows[0]!.payload).toMatchObject({ contentDigest: keyed, digestKeyId: 'd1' });
    const dump = JSON.stringify([
      (await t.db.query('SELECT * FROM attachment')).rows,
      (await t.db.query('SELECT payload FROM record')).rows,
    ]);
    expect(dump).not.toContain(plain);
    // At rest it is sealed chunks, none of which holds the picture's bytes.
    const chunks = await t.db.query<{ content_ct: Uint8Array }>('SELECT content_ct FROM attachment_chunk WHERE content_id = $1', [
      raw.rows[0]!.content_id,
    ]);
    expect(chunks.rows.length).toBeGreaterThan(0);
    expect(chunks.rows.some((c) => Buffer.from(c.content_ct).includes(bytes.subarray(0, 32)))).toBe(false);
    expect(msgs.find((m) => m.kind === 'document')!.attachments[0]!.fileName).toBe('tenancy.pdf');
    expect(msgs.find((m) => m.kind === 'location')!.body).toContain('Civic Centre');
    expect(await recordKinds(conv.id)).toContain('attachment.stored');
  });

  it('streams a large inbound file into the store, and keeps nothing of one that does not match the SHA-256 its webhook announced', async () => {
    const { citizen, conv } = await openWindowConversation();
    // Three and a half megabytes: over a hundred sealed chunks, read from the download a piece at a time.
    const big = Buffer.alloc(3.5 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32BE(i, i);
    await t.simulator.sim.sendInbound({
      from: citizen.waNumber,
      document: { bytes: big, fileName: 'survey.pdf', mimeType: 'application/pdf' },
    });
    await t.settle();
    const doc = (await messages(conv.id)).find((m) => m.kind === 'document')!;
    expect(doc.attachments[0]!.state).toBe('stored');
    const file = await t.services.conversations.readAttachment(t.caseworker, doc.attachments[0]!.id);
    expect((await buffer(file.content)).equals(big)).toBe(true);

    // The webhook's SHA-256 is kept keyed; a download that does not match it rolls back whole.
    const contentsBefore = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM attachment_content')).rows[0]!.n;
    await t.simulator.sim.sendInbound({
      from: citizen.waNumber,
      image: { sample: 'image', caption: 'Second photo', announcedSha256: '0'.repeat(64) },
    });
    await t.simulator.sim.idle();
    const pending = await t.db.query<{ id: string; content_digest: string }>(
      `SELECT a.id, a.content_digest FROM attachment a JOIN message m ON m.id = a.message_id
        WHERE m.conversation_id = $1 AND m.kind = 'image'`,
      [conv.id],
    );
    expect(pending.rows).toHaveLength(1);
    // What is kept of the announced SHA-256 is its keyed form.
    const wrong = createHmac('sha256', TEST_SECRETS.digestKeys.keys.d1)
      .update(`attachment-sha256:${'0'.repeat(64)}`)
      .digest('hex');
    expect(pending.rows[0]!.content_digest).toBe(wrong);
    await t.settle();
    const after = await t.db.query<{ state: string; content_id: string | null }>('SELECT state, content_id FROM attachment WHERE id = $1', [
      pending.rows[0]!.id,
    ]);
    expect(after.rows[0]!.content_id).toBeNull();
    expect(after.rows[0]!.state).not.toBe('stored');
    // The fetch ran (it read the file through) and was refused on its digest.
    const job = await t.db.query<{ attempts: number; last_error: string | null }>(
      `SELECT attempts, last_error FROM job WHERE kind = 'whatsapp.fetch-media' AND payload->>'attachmentId' = $1`,
      [pending.rows[0]!.id],
    );
    expect(job.rows[0]!.attempts).toBeGreaterThanOrEqual(1);
    expect(job.rows[0]!.last_error).toMatch(/does not match the SHA-256 its webhook announced/);
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM attachment_content')).rows[0]!.n).toBe(contentsBefore);
    const stored = await t.db.query(`SELECT 1 FROM record WHERE kind = 'attachment.stored' AND payload->>'attachmentId' = $1`, [
      pending.rows[0]!.id,
    ]);
    expect(stored.rows).toHaveLength(0);
  });

  it('flags an offensive inbound message for the manager instead of blocking it', async () => {
    const { citizen, conv } = await openWindowConversation();
    await t.simulator.sim.sendInbound({ from: citizen.waNumber, text: 'You are a useless fucking idiot' });
    await t.settle();
    const m = (await messages(conv.id)).at(-1)!;
    expect(m.flagged).toBe('offensive');
  });

  it('flags personal data a citizen sends for the records officer by the pack’s inbound rules, but not a phone number or postcode', async () => {
    const { citizen, conv } = await openWindowConversation();
    await t.simulator.sim.sendInbound({ from: citizen.waNumber, text: 'Call me on 07700 900456, I live near SW1A 1AA' });
    await t.simulator.sim.sendInbound({ from: citizen.waNumber, text: 'My NI number is AB 12 34 56 C' });
    await t.settle();
    const inbound = (await messages(conv.id)).filter((m) => m.direction === 'inbound');
    expect(inbound.at(-2)!.flagged).toBeNull();
    expect(inbound.at(-1)!.flagged).toBe('personal_data');
  });

  it('scopes conversations to the team and audits every read of message content', async () => {
    const { conv } = await openWindowConversation();
    const outsider = (await t.addStaff('caseworker', 'Adult social care')).actor;
    await expect(t.services.conversations.readConversation(outsider, conv.id)).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
    expect((await t.services.conversations.listConversations(outsider)).some((c) => c.id === conv.id)).toBe(false);
    const officer = (await t.addStaff('records_officer', null)).actor;
    await t.services.conversations.readConversation(officer, conv.id);
    const audit = await t.db.query(
      `SELECT 1 FROM audit_event WHERE action = 'message.content-read' AND subject_id = $1 AND actor_staff_id = $2`,
      [conv.id, officer.id],
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('queues warned sends, blocked attempts and flagged messages for the manager, without message text', async () => {
    const manager = (await t.addStaff('manager')).actor;
    const items = await t.services.review.listForReview(manager);
    const kinds = new Set(items.map((i) => i.kind));
    expect(kinds).toEqual(new Set(['sent_with_warning', 'blocked_attempt', 'offensive_inbound', 'personal_data_inbound']));
    const warned = items.find((i) => i.kind === 'sent_with_warning')!;
    expect(warned.justification).toBe('Citizen asked to be contacted by email instead');
    expect(warned.reasons.map((r) => r.findingType)).toContain('EMAIL');
    expect(JSON.stringify(items)).not.toContain('943 476');
    const otherManager = (await t.addStaff('manager', 'Adult social care')).actor;
    expect(await t.services.review.listForReview(otherManager)).toEqual([]);
    await expect(t.services.review.listForReview(t.caseworker)).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
  });

  it('seals every record into a chain that verifies, and the database refuses to change a record', async () => {
    await t.settle();
    await t.services.records.sealPending();
    const result = await t.services.records.verify();
    expect(result).toMatchObject({ ok: true, pending: 0 });
    expect(result.sealed).toBe(result.records);
    await expect(t.db.query(`UPDATE record SET payload = '{}'::jsonb`)).rejects.toThrow(/RECORDS_APPEND_ONLY/);
    await expect(t.db.query('DELETE FROM record')).rejects.toThrow(/RECORDS_APPEND_ONLY/);
  });
});
