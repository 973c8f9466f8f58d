import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_SECRETS, type TestContext } from '../../../test/app.js';
import { DB_KINDS } from '../../../test/db.js';
import { META_SHAPES, type ShapeExpectation } from '../../channel/whatsapp/simulator/meta-shapes.js';
import { createCipher } from '../../platform/crypto/cipher.js';
import { toBuffer } from '../../platform/db/db.client.js';
import { stringifyLikeMeta } from '../../channel/whatsapp/meta-json.js';

const cipher = createCipher(TEST_SECRETS.encryptionKeys);
const USER_ID = 'GB.12345678901234567890';
const WA_ID = '447700900123';

/** Every message body, notice and status event, decrypted: what Liaise holds after a delivery. */
async function holdings(t: TestContext) {
  const messages = await t.db.query<{
    id: string;
    provider_message_id: string;
    kind: string;
    body_ct: unknown;
    key_id: string;
    conversation_id: string;
  }>(`SELECT id, provider_message_id, kind, body_ct, key_id, conversation_id FROM message WHERE direction = 'inbound'`);
  const notices = await t.db.query<{ id: string; kind: string; field: string; content_ct: unknown; key_id: string }>(
    'SELECT id, kind, field, content_ct, key_id FROM channel_notice',
  );
  const statuses = await t.db.query<{ provider_message_id: string; status: string }>(
    'SELECT m.provider_message_id, e.status FROM message_status_event e JOIN message m ON m.id = e.message_id',
  );
  return {
    messages: messages.rows.map((m) => ({
      ...m,
      body: cipher.open(m.key_id, toBuffer(m.body_ct), m.id).toString('utf8'),
    })),
    notices: notices.rows.map((n) => ({
      ...n,
      content: cipher.open(n.key_id, toBuffer(n.content_ct), `channel_notice:${n.id}`).toString('utf8'),
    })),
    statuses: statuses.rows,
  };
}

describe.each(DB_KINDS)('every Meta webhook shape is stored once, with its content (%s)', (kind) => {
  let t: TestContext;
  let knownMessageId: string;

  beforeAll(async () => {
    t = await createTestContext(kind);
    // A message Liaise holds, for the statuses about it.
    const sent = await t.simulator.sim.sendShape('text', { waId: WA_ID, userId: USER_ID, prefix: 'known' });
    expect(sent.status).toBe(200);
    knownMessageId = 'wamid.known.text';
  }, 120_000);
  afterAll(async () => t?.close());

  it('the table covers more than 40 shapes', () => {
    expect(META_SHAPES.length).toBeGreaterThan(40);
    expect(new Set(META_SHAPES.map((s) => s.name)).size).toBe(META_SHAPES.length);
  });

  it.each(META_SHAPES.map((s) => [s.name, s] as const))('%s', async (name, shape) => {
    const before = await holdings(t);
    const options = { waId: WA_ID, userId: USER_ID, prefix: `p-${name}`, ...(shape.needsKnownMessage ? { knownMessageId } : {}) };
    const sent = await t.simulator.sim.sendShape(name, options);
    expect(sent.status, 'answered 200').toBe(200);
    const after = await holdings(t);
    const newMessages = after.messages.filter((m) => !before.messages.some((b) => b.id === m.id));
    const newNotices = after.notices.filter((n) => !before.notices.some((b) => b.id === n.id));
    const newStatuses = after.statuses.length - before.statuses.length;

    const wanted = (k: 'message' | 'notice' | 'status') => sent.expect.filter((e) => k in e);
    expect(newMessages.map((m) => m.provider_message_id).sort()).toEqual(
      wanted('message')
        .map((e) => (e as Extract<ShapeExpectation, { message: string }>).message)
        .sort(),
    );
    expect(newNotices).toHaveLength(wanted('notice').length);
    expect(newStatuses).toBe(wanted('status').length);

    for (const e of sent.expect) {
      if ('message' in e) {
        const m = newMessages.find((x) => x.provider_message_id === e.message)!;
        expect(m.kind).toBe(e.kind);
        for (const text of e.contains) expect(m.body).toContain(text);
        const conv = await t.db.query<{ offered_number: string | null; wa_user_id: string | null; wa_number: string }>(
          'SELECT offered_number, wa_user_id, wa_number FROM conversation WHERE id = $1',
          [m.conversation_id],
        );
        if (e.offeredNumber) expect(conv.rows[0]!.offered_number).toBe(e.offeredNumber);
        if (e.userId) {
          expect(conv.rows[0]!.wa_user_id).toBe(e.userId);
          expect(conv.rows[0]!.wa_number).toBe(e.userId); // no number: the BSUID is the address
        }
      } else if ('notice' in e) {
        const n = newNotices.find((x) => x.kind === e.notice && x.field === e.field && e.contains.every((c) => x.content.includes(c)));
        expect(n, `a ${e.notice} notice on ${e.field} holding ${e.contains.join(', ')}`).toBeDefined();
      } else {
        expect(after.statuses).toContainEqual({ provider_message_id: knownMessageId, status: e.status });
      }
    }

    // Meta delivers again (the same bytes): nothing more is stored.
    const deliveries = t.simulator.sim.webhookDeliveries();
    expect(deliveries.at(-1)!.about).toBeDefined();
    const again = await holdings(t);
    const replay = await t.simulator.sim.sendShape(name, options);
    expect(replay.status).toBe(200);
    const last = await holdings(t);
    // A re-built shape has a fresh timestamp, so only id-keyed items are certain to be the same: messages and statuses.
    expect(last.messages.length).toBe(again.messages.length);
    expect(last.statuses.length).toBe(again.statuses.length);
  });

  it('routes a username-only message to the citizen whose conversation first carried that BSUID', async () => {
    const citizen = await t.addCitizen({ waNumber: '07700 900321' });
    // The citizen writes from their number, with their BSUID beside it ('bsuid-only' below appends 7 to the id it is given).
    await t.simulator.sim.sendShape('text', { waId: '447700900321', userId: 'GB.99990000111122223337', prefix: 'route-1' });
    const sent = await t.simulator.sim.sendShape('bsuid-only', { userId: 'GB.9999000011112222333', prefix: 'route-2' });
    expect(sent.status).toBe(200);
    const conv = await t.db.query<{ citizen_id: string | null }>(
      `SELECT cv.citizen_id FROM message m JOIN conversation cv ON cv.id = m.conversation_id WHERE m.provider_message_id = 'wamid.route-2.bsuid-only'`,
    );
    expect(conv.rows[0]!.citizen_id).toBe(citizen.id);
  });

  it('refuses what is not a delivery with a 4xx that says why, and stores nothing', async () => {
    const before = await holdings(t);
    const sim = t.simulator.sim;
    const cases: Array<[string, unknown, { signature?: string | null }, number, string]> = [
      ['malformed JSON', '{"object": "whatsapp_business_account", "entry": [', {}, 400, 'WEBHOOK_MALFORMED_JSON'],
      ['an unknown object', { object: 'page', entry: [] }, {}, 400, 'WEBHOOK_PAYLOAD_INVALID'],
      ['no entry array', { object: 'whatsapp_business_account' }, {}, 400, 'WEBHOOK_PAYLOAD_INVALID'],
      [
        'a bad signature',
        { object: 'whatsapp_business_account', entry: [] },
        { signature: `sha256=${'0'.repeat(64)}` },
        401,
        'WEBHOOK_SIGNATURE_INVALID',
      ],
      ['no signature', { object: 'whatsapp_business_account', entry: [] }, { signature: null }, 401, 'WEBHOOK_SIGNATURE_INVALID'],
    ];
    for (const [what, body, options, status, code] of cases) {
      const raw = typeof body === 'string' ? body : stringifyLikeMeta(body);
      const res = await t.app.inject({
        method: 'POST',
        url: '/webhooks/whatsapp',
        headers: {
          'content-type': 'application/json',
          ...(options.signature === null
            ? {}
            : {
                'x-hub-signature-256':
                  options.signature ??
                  (await import('../../channel/whatsapp/webhook.signature.js')).signWebhookBody(raw, TEST_SECRETS.appSecret),
              }),
        },
        payload: raw,
      });
      expect(res.statusCode, what).toBe(status);
      expect(res.json(), what).toMatchObject({ error: { code } });
    }
    // Over the size limit (1 MiB), signed.
    const big = stringifyLikeMeta({ object: 'whatsapp_business_account', entry: [], pad: 'x'.repeat(1024 * 1024) });
    const res = await sim.deliverRaw(big);
    expect(res.status).toBe(413);
    const after = await holdings(t);
    expect(after.messages.length).toBe(before.messages.length);
    expect(after.notices.length).toBe(before.notices.length);
    expect(after.statuses.length).toBe(before.statuses.length);
  });

  it('keeps no plaintext file name in the attachment table, yet the conversation shows the name it came with', async () => {
    const sent = await t.simulator.sim.sendShape('document', { waId: WA_ID, userId: USER_ID, prefix: 'files' });
    expect(sent.status).toBe(200);
    const rows = await t.db.query<{ file_name: string | null; file_name_ct: unknown }>('SELECT file_name, file_name_ct FROM attachment');
    expect(rows.rows.length).toBeGreaterThan(0);
    for (const r of rows.rows) if (r.file_name !== null) expect(r.file_name).toMatch(/^attachment(\.[a-z0-9]+)?$/);
    expect(rows.rows.map((r) => r.file_name)).toContain('attachment.pdf');
    const dump = await t.db.query<{ dump: string }>(
      `SELECT string_agg(coalesce(file_name, '') || encode(coalesce(file_name_ct, ''::bytea), 'escape'), '|') AS dump FROM attachment`,
    );
    expect(dump.rows[0]!.dump).not.toContain('Lease - Sam Synthetic');
    const m = await t.db.query<{ conversation_id: string }>(
      `SELECT conversation_id FROM message WHERE provider_message_id = 'wamid.files.document'`,
    );
    const admin = await t.addStaff('admin', null);
    const view = await t.services.conversations.readConversation(admin.actor, m.rows[0]!.conversation_id);
    const names = view.messages.flatMap((x) => x.attachments.map((a) => a.fileName));
    expect(names).toContain('Lease - Sam Synthetic.pdf');
  });
});
