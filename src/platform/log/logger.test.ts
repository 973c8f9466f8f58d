import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_SECRETS, type TestContext } from '../../../test/app.js';
import { DB_KINDS, openTestDb } from '../../../test/db.js';
import { createBrowserSession } from '../../../test/http.js';
import { createLogger } from './logger.js';

/**
 * Log text without what the logger writes itself (the time, durations, ids, a listening port): those can by
 * chance hold the digits of a birth year or a number ("time":1796419774541 holds 1977).
 */
const withoutOwnFigures = (text: string) =>
  text
    .replace(/"(time|ms)":\d+/g, '"$1":0')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID')
    .replace(/(127\.0\.0\.1|localhost):\d+/g, '$1:PORT');

describe.each(DB_KINDS)('logs carry ids and route patterns, never personal data or secrets (%s)', (kind) => {
  it("masks a database error's values and drops its parameters", async () => {
    const db = await openTestDb(kind);
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    try {
      const err = await db.query('SELECT $1::int AS n', ['07700 900456']).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      logger.error({ err }, 'query failed');
    } finally {
      await db.close();
    }
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as { err: { code?: string; message: string } };
    expect(line.err.code).toBe('22P02');
    expect(line.err.message).toContain('invalid input syntax');
    expect(withoutOwnFigures(lines[0]!)).not.toContain('07700');
    expect(withoutOwnFigures(lines[0]!)).not.toContain('900456');
  });

  describe('a journey', () => {
    let t: TestContext;
    const lines: string[] = [];
    beforeAll(async () => {
      t = await createTestContext(kind, { logLines: lines });
    }, 60_000);
    afterAll(async () => t?.close());

    it('signs in, adds and searches for a citizen, exchanges messages and verifies the webhook without logging any of it', async () => {
      const newPassword = 'a-quiet-passphrase-for-logs';
      const { email, password } = await t.addStaff('caseworker');
      const browser = createBrowserSession(t.app);
      expect((await browser.signIn(email, password, newPassword)).statusCode).toBe(303);
      await browser.get('/citizens/new');
      const added = await browser.post('/citizens', {
        fullName: 'Morwenna Quillfeather',
        waNumber: '07700 900871',
        caseReference: 'HSG-4242',
        caseType: 'housing-tenancy',
        'dob-day': '9',
        'dob-month': '11',
        'dob-year': '1977',
      });
      expect(added.statusCode).toBe(303);
      expect((await browser.get('/citizens?q=07700%20900871')).statusCode).toBe(200);

      // The citizen writes (a signed delivery from the simulator), the caseworker answers from the conversation page, tries to
      // send bank details (blocked), and the reply goes out through the simulator with its status webhooks.
      await t.simulator.sim.sendInbound({
        from: '447700900871',
        text: 'The boiler at 12 Larkspur Row is broken again',
        profileName: 'Morwenna Q',
      });
      await t.settle();
      const conversation = await t.db.query<{ id: string }>(`SELECT id FROM conversation WHERE wa_number = '+447700900871'`);
      const conversationId = conversation.rows[0]!.id;
      expect((await browser.get(`/conversations/${conversationId}`)).body).toContain('Larkspur');
      const blocked = await browser.post(`/conversations/${conversationId}/messages`, { text: 'Pay into 40-47-84 71653922 today' });
      expect(blocked.statusCode).toBe(422);
      const replied = await browser.post(`/conversations/${conversationId}/messages`, {
        text: 'Thank you, an engineer from Thistlewood Heating will call you to book a visit',
      });
      expect(replied.statusCode, replied.body.match(/govuk-error-summary__list[\s\S]{0,900}/)?.[0]).toBe(303);
      await t.settle();
      const sent = t.simulator.sim.outbox().filter((m) => m.to.endsWith('7700900871'));
      expect(sent.map((m) => m.text)).toEqual(['Thank you, an engineer from Thistlewood Heating will call you to book a visit']);
      expect((await browser.get('/citizens?q=Quillfeather')).body).toContain('Morwenna Quillfeather');
      const challenge = await t.app.inject({
        method: 'GET',
        url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${TEST_SECRETS.verifyToken}&hub.challenge=918273`,
      });
      expect(challenge.body).toBe('918273');
      const refused = await t.app.inject({
        method: 'GET',
        url: '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guessed-token-value&hub.challenge=1',
      });
      expect(refused.statusCode).toBe(403);

      const all = lines.join('');
      // The requests were logged, by route pattern.
      expect(all).toContain('"route":"/citizens"');
      expect(all).toContain('"route":"/conversations/:id/messages"');
      expect(all).toContain('whatsapp webhook verification refused');
      const written = withoutOwnFigures(all);
      expect(written).toContain('"route":"/citizens"');
      for (const secret of [
        'Morwenna',
        'Quillfeather',
        '07700',
        '900871',
        '447700900871',
        'HSG-4242',
        '1977',
        'Larkspur',
        'boiler',
        'Morwenna Q',
        'Thistlewood',
        '71653922',
        '40-47-84',
        TEST_SECRETS.verifyToken,
        'guessed-token-value',
        password,
        newPassword,
        email,
        'hub.verify_token',
        '?q=',
      ]) {
        expect(written, secret).not.toContain(secret);
      }
    });
  });
});
