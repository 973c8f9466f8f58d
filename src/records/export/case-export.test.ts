import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, openTestDb, snapshotTables } from '../../../test/db.js';
import { createBrowserSession } from '../../../test/http.js';
import { seedServiceTestContext, testServicesOptions } from '../../../test/services.js';
import { buildApp } from '../../app.js';
import type { InboundMessageEvent } from '../../channel/channel.types.js';
import { createServices, type Services } from '../../composition.js';
import { createFakeClock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/db.client.js';
import { csvCell } from './case-export.service.js';

/** The text a reader would get from the PDF, page by page, extracted with PDF.js. */
async function pdfText(bytes: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl })
    .promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join('\n'));
  }
  await doc.destroy();
  return pages;
}

const inbound = (from: string, text: string, sentAt: Date): InboundMessageEvent => ({
  kind: 'message',
  phoneNumberId: '100000000000001',
  providerMessageId: `wamid.export-${randomUUID()}`,
  from,
  profileName: null,
  sentAt,
  type: 'text',
  text,
  media: null,
  location: null,
  forwarded: false,
  frequentlyForwarded: false,
  replyToProviderMessageId: null,
});

describe('CSV cells', () => {
  it.each([
    ['plain', 'Hello', '"Hello"'],
    ['quotes doubled', 'He said "hi", then left', '"He said ""hi"", then left"'],
    ['formula', '=HYPERLINK("http://x.example","y")', '"\'=HYPERLINK(""http://x.example"",""y"")"'],
    ['plus', '+44 7700 900000', '"\'+44 7700 900000"'],
    ['minus', '-2+3', '"\'-2+3"'],
    ['at', '@SUM(A1)', '"\'@SUM(A1)"'],
    ['tab', '\t=1', '"\'\t=1"'],
    ['null', null, '""'],
  ])('%s', (_name, value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe.each(DB_KINDS)('case exports (%s)', (kind) => {
  let db: Db;
  let services: Services;
  let app: FastifyInstance;
  const clock = createFakeClock('2026-03-14T09:30:00Z');
  let caseId: string;
  let seeded: Awaited<ReturnType<typeof seedServiceTestContext>>;
  const texts = {
    first: 'Please call me about the damp in the bedroom, after 3pm',
    formula: '=HYPERLINK("http://attacker.example","Click")',
    destroyed: 'My old address was 1 Synthetic Row',
    unlinked: 'This one belongs to no case',
  };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDb(kind);
    services = createServices(testServicesOptions(db, { clock }));
    seeded = await seedServiceTestContext(services);
    app = await buildApp({
      services,
      publicUrl: 'http://127.0.0.1',
      timeZone: 'Europe/London',
      whatsapp: { appSecret: 'x', verifyToken: 'y' },
      signInRateLimit: 1000,
    });
    const receive = async (number: string, text: string) => {
      clock.advance(60_000);
      await services.inbound.receiveChannelEvents([inbound(number, text, clock.now())]);
      const m = await db.query<{ id: string; conversation_id: string }>(
        `SELECT m.id, m.conversation_id FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE c.wa_number = $1 ORDER BY m.created_at DESC LIMIT 1`,
        [number],
      );
      return m.rows[0]!;
    };
    const first = await receive('+447700900301', texts.first);
    ids['first'] = first.id;
    ids['formula'] = (await receive('+447700900301', texts.formula)).id;
    ids['destroyed'] = (await receive('+447700900301', texts.destroyed)).id;
    const single = await receive('+447700900302', texts.unlinked);
    caseId = randomUUID();
    await db.query(
      `INSERT INTO case_file (id, team_id, reference, case_type, title, opened_on) VALUES ($1, $2, 'HOU/2026/0007', 'tenancy', 'Damp at flat', '2026-02-01')`,
      [caseId, seeded.teamId],
    );
    await db.query(`INSERT INTO case_link (id, case_id, conversation_id, linked_at) VALUES ($1, $2, $3, $4)`, [
      randomUUID(),
      caseId,
      first.conversation_id,
      clock.now(),
    ]);
    // The other number's conversation is not linked; one more message of the first is linked on its own as well.
    await db.query(`INSERT INTO case_link (id, case_id, message_id, linked_at) VALUES ($1, $2, $3, $4)`, [
      randomUUID(),
      caseId,
      ids['first'],
      clock.now(),
    ]);
    ids['unlinked'] = single.id;
    // Destroyed under the schedule: a tombstone in the chain. The body is left in place here, so the test
    // shows the export leaves a destroyed message's content out because of the tombstone itself.
    await db.transaction(async (tx) => {
      await services.records.append(tx, {
        kind: 'message.destroyed',
        conversationId: first.conversation_id,
        messageId: ids['destroyed'],
        payload: { classId: 'tenancy' },
      });
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const signedIn = async (role: 'caseworker' | 'records_officer', team: string | null = 'Housing') => {
    const s = await services.staff.createStaff(null, {
      email: `${role}-${randomUUID()}@council.example`,
      displayName: 'Staff member',
      role,
      team,
    });
    const browser = createBrowserSession(app);
    await browser.signIn(s.staff.email, s.oneTimePassword);
    return { browser, staffId: s.staff.id };
  };

  it('downloads the case as JSON with every linked message once, oldest first, and the destroyed one as a tombstone', async () => {
    const { browser, staffId } = await signedIn('caseworker');
    const res = await browser.get(`/cases/${caseId}/export.json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['content-disposition']).toBe('attachment; filename="case-HOU-2026-0007.json"');
    const doc = res.json<{ case: Record<string, unknown>; messages: Record<string, unknown>[] }>();
    expect(doc.case).toMatchObject({
      id: caseId,
      reference: 'HOU/2026/0007',
      type: 'tenancy',
      team: 'Housing',
      openedOn: '2026-02-01',
      closedOn: null,
    });
    expect(doc.messages.map((m) => m['id'])).toEqual([ids['first'], ids['formula'], ids['destroyed']]);
    expect(doc.messages[0]).toMatchObject({ direction: 'inbound', author: 'Citizen', text: texts.first, destroyed: false });
    expect(doc.messages[0]!['recordHash']).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.messages[2]).toMatchObject({ text: null, author: null, destroyed: true });
    expect(res.body).not.toContain(texts.destroyed);
    expect(res.body).not.toContain(texts.unlinked);
    const audit = await db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_event WHERE action = 'case.exported' AND subject_id = $1 AND actor_staff_id = $2`,
      [caseId, staffId],
    );
    expect(audit.rows.map((r) => r.details)).toEqual([{ format: 'json', messages: 3, destroyed: 1 }]);
  });

  it('downloads CSV that a spreadsheet cannot run as a formula', async () => {
    const { browser } = await signedIn('caseworker');
    const res = await browser.get(`/cases/${caseId}/export.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^"case_reference","message_id",/);
    expect(lines[1]).toContain(`"${texts.first}"`);
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://attacker.example"",""Click"")"`);
    expect(lines[3]).toContain(`"${ids['destroyed']}"`);
    expect(lines[3]).toContain('"true"');
    expect(res.body).not.toContain(texts.destroyed);
  });

  it('downloads a readable PDF transcript whose text holds the messages and the tombstone', async () => {
    const { browser } = await signedIn('caseworker');
    const res = await browser.get(`/cases/${caseId}/export.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pages = await pdfText(res.rawPayload);
    const all = pages.join('\n');
    expect(all).toContain('Case HOU/2026/0007 - transcript');
    expect(all).toContain('Team: Housing');
    expect(all).toContain('Opened: 1 February 2026');
    expect(all).toContain('Citizen (received)');
    expect(all).toContain('14 March 2026 at 09:31');
    expect(all.replace(/\n/g, ' ')).toContain(texts.first);
    expect(all).toContain('=HYPERLINK');
    expect(all).toContain('Destroyed under the Record Retention Schedule');
    expect(all).not.toContain('Synthetic Row');
    expect(all).not.toContain(texts.unlinked);
  });

  it('gives case systems the same files through the API with an API token', async () => {
    const staff = await services.staff.createStaff(null, {
      email: `api-${randomUUID()}@council.example`,
      displayName: 'Case system',
      role: 'caseworker',
      team: 'Housing',
    });
    const { token } = await services.staff.createApiToken(null, staff.staff.id, 'Case system');
    const auth = { authorization: `Bearer ${token}` };
    const json = await app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/export?format=json`, headers: auth });
    expect(json.statusCode).toBe(200);
    expect(json.json<{ messages: unknown[] }>().messages).toHaveLength(3);
    const pdf = await app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/export?format=pdf`, headers: auth });
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const before = await snapshotTables(db, ['audit_event']);
    const badFormat = await app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/export?format=xml`, headers: auth });
    expect(badFormat.statusCode).toBe(400);
    expect(badFormat.json()).toMatchObject({ error: { code: 'REQUEST_INVALID', field: 'format' } });
    const unknown = await app.inject({ method: 'GET', url: `/api/v1/cases/${randomUUID()}/export?format=json`, headers: auth });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'CASE_NOT_FOUND' } });
    const noAuth = await app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/export?format=json` });
    expect(noAuth.statusCode).toBe(401);
    expect(await snapshotTables(db, ['audit_event'])).toEqual(before);
  });

  it('keeps other teams out (as not found) and lets records officers export any team’s case', async () => {
    const other = await services.staff.createStaff(null, {
      email: `other-${randomUUID()}@council.example`,
      displayName: 'Other team',
      role: 'caseworker',
      team: 'Adult social care',
    });
    const otherBrowser = createBrowserSession(app);
    await otherBrowser.signIn(other.staff.email, other.oneTimePassword);
    const before = await snapshotTables(db, ['audit_event']);
    expect((await otherBrowser.get(`/cases/${caseId}/export.json`)).statusCode).toBe(404);
    expect((await otherBrowser.get(`/cases/${caseId}/export.xml`)).statusCode).toBe(404);
    expect((await otherBrowser.get(`/cases/${randomUUID()}/export.pdf`)).statusCode).toBe(404);
    expect(await snapshotTables(db, ['audit_event'])).toEqual(before);
    const { browser } = await signedIn('records_officer', null);
    expect((await browser.get(`/cases/${caseId}/export.csv`)).statusCode).toBe(200);
  });
});
