import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toActor } from '../../src/staff/staff.service.js';
import type { Actor } from '../../src/staff/staff.types.js';
import { buildCitizen, firstContact } from '../factories.js';
import { type BrowserHarness, expectAccessible, signInFirstTime, skipBrowser, startBrowserHarness, waitForText } from './harness.js';

/**
 * Oversight in real Chromium: a caseworker reports a message and the manager records the outcome from
 * the queue; a copy outside Liaise of a message with personal data is refused in words; the usage page
 * shows its charts and tables and the CSV downloads. axe on every page.
 */
describe.skipIf(skipBrowser)('oversight in the browser (Chromium)', () => {
  let h: BrowserHarness;
  let caseworker: { page: Page; actor: Actor };
  let manager: { page: Page; actor: Actor };
  let colleague: { page: Page; actor: Actor };
  let conversationId: string;
  const ids: Record<string, string> = {};

  async function staff(email: string, displayName: string, role: 'caseworker' | 'manager', password: string) {
    const made = await h.liaise.services.staff.createStaff(null, { email, displayName, role, team: 'Triage' });
    const page = await (await h.browser.newContext({ acceptDownloads: true })).newPage();
    await signInFirstTime(h.liaise, page, email, made.oneTimePassword, password);
    return { page, actor: toActor(made.staff) };
  }

  beforeAll(async () => {
    h = await startBrowserHarness();
    caseworker = await staff('casey.reporter@council.example', 'Casey Reporter', 'caseworker', 'amber window falcon 7');
    colleague = await staff('cole.league@council.example', 'Cole League', 'caseworker', 'silver meadow piano 4');
    manager = await staff('morgan.manager@council.example', 'Morgan Manager', 'manager', 'copper river lantern 9');
    const { services, simulator } = h.liaise;
    const citizen = await services.citizens.addCitizen(caseworker.actor, buildCitizen({ fullName: 'Robin Sample' }));
    const conv = await services.conversations.openConversation(
      caseworker.actor,
      citizen.id,
      firstContact('Phoned twice and wrote, no answer'),
    );
    conversationId = conv.id;
    const texts = { plain: 'My son said he will be home on Tuesday', email: 'my email is alex@example.com, call me after 5' };
    for (const text of Object.values(texts)) await simulator!.sim.sendInbound({ from: citizen.waNumber, text });
    await simulator!.sim.sendInbound({ from: citizen.waNumber, text: 'You are a useless idiot and I hate you' });
    for (let i = 0; i < 300; i++) {
      const { messages } = await services.conversations.readConversation(caseworker.actor, conv.id);
      if (messages.length === 3) {
        ids['plain'] = messages.find((m) => m.body === texts.plain)!.id;
        ids['email'] = messages.find((m) => m.body === texts.email)!.id;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await services.outbound.sendMessage(caseworker.actor, conv.id, { text: 'I can call you on Tuesday at 2pm' });
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('a caseworker reports a message; the manager sees it in the queue and records the outcome', async () => {
    const cw = caseworker.page;
    await cw.goto(`${h.liaise.url}/conversations/${conversationId}`);
    await expectAccessible(cw);
    await cw
      .locator(`#message-${ids['plain']}`)
      .getByRole('link', { name: /^Report/ })
      .click();
    await cw.waitForURL(`**/messages/${ids['plain']}/report`);
    await expectAccessible(cw);
    await cw.getByRole('button', { name: 'Send report' }).click();
    await waitForText(cw, '.govuk-error-summary', 'Choose what you are reporting');
    expect(await cw.locator('.govuk-error-summary a').getAttribute('href')).toBe('#category');
    await expectAccessible(cw);
    await cw.getByLabel('Safeguarding concern').check();
    await cw.getByLabel('Note for your manager (optional)').fill('Mentions a son at home; check his age');
    await cw.getByRole('button', { name: 'Send report' }).click();
    await waitForText(cw, '.govuk-panel', 'Report sent to your manager');
    await expectAccessible(cw);

    const m = manager.page;
    await m.goto(`${h.liaise.url}/oversight/queue`);
    await expectAccessible(m);
    const reports = m.locator('#queue tbody tr[data-kind="report"]');
    expect(await reports.count()).toBe(2);
    const mine = reports.filter({ hasText: 'Safeguarding concern' });
    expect(await mine.textContent()).toContain('Casey Reporter');
    expect(await mine.textContent()).toContain('Mentions a son at home');
    // The offensive message was reported by Liaise itself.
    expect(await reports.filter({ hasText: 'Liaise (automatic)' }).filter({ hasText: 'Offensive content' }).count()).toBe(1);
    await mine.getByRole('link', { name: /Record the outcome/ }).click();
    await m.waitForURL('**/oversight/reports/**');
    await expectAccessible(m);
    await m.getByRole('button', { name: 'Record outcome' }).click();
    await waitForText(m, '.govuk-error-summary', 'Enter the outcome');
    await expectAccessible(m);
    await m.getByLabel('Outcome').fill('Checked with the caseworker: the son is an adult. No further action.');
    await m.getByRole('button', { name: 'Record outcome' }).click();
    await m.waitForURL('**/oversight/queue?done=outcome');
    await waitForText(m, '.govuk-notification-banner', 'The outcome of the report is recorded.');
    expect(await m.locator('#queue tbody tr[data-kind="report"]').count()).toBe(1);
    await expectAccessible(m);
  }, 120_000);

  it('a copy outside Liaise of a message with personal data is refused in words; sharing with a colleague works', async () => {
    const cw = caseworker.page;
    await cw.goto(`${h.liaise.url}/conversations/${conversationId}`);
    await cw
      .locator(`#message-${ids['email']}`)
      .getByRole('link', { name: /^Share/ })
      .click();
    await cw.waitForURL(`**/messages/${ids['email']}/share`);
    await expectAccessible(cw);
    await cw.getByRole('button', { name: 'Download a copy' }).click();
    await waitForText(cw, '.govuk-error-summary', 'This message contains personal data, so it cannot be copied outside Liaise');
    await waitForText(cw, '#copy-refused', 'Share it with a colleague inside Liaise instead');
    await expectAccessible(cw);
    await cw.getByLabel('Colleague').selectOption({ label: 'Cole League' });
    await cw.getByLabel('Note (optional)').fill('Can you ring them after 5?');
    await cw.getByRole('button', { name: 'Share with colleague' }).click();
    await waitForText(cw, '.govuk-panel', 'With Cole League');
    await expectAccessible(cw);

    const c = colleague.page;
    await c.goto(`${h.liaise.url}/shared`);
    await expectAccessible(c);
    await waitForText(c, '#shared', 'Can you ring them after 5?');
    await c.getByRole('link', { name: 'Robin Sample' }).click();
    await c.waitForURL(`**/conversations/${conversationId}#message-${ids['email']}`);
  }, 120_000);

  it('the usage page shows its charts and tables, its range selector works, and the CSV downloads', async () => {
    const m = manager.page;
    await m.goto(`${h.liaise.url}/oversight/usage`);
    await expectAccessible(m);
    for (const id of ['chart-messages', 'chart-activity', 'chart-replies']) {
      const width = await m.locator(`#${id}`).evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0));
      expect(width, id).toBeGreaterThan(0);
    }
    await waitForText(m, '#table-messages', 'Casey Reporter');
    await waitForText(m, '#totals', 'Liaise (automatic reports)');
    await m.getByLabel('Weeks shown').selectOption({ label: 'Last 4 weeks' });
    await m.getByRole('button', { name: 'Show' }).click();
    await m.waitForURL('**/oversight/usage?weeks=4');
    expect(await m.locator('#table-activity tbody tr').count()).toBe(4);
    await expectAccessible(m);
    const [download] = await Promise.all([
      m.waitForEvent('download'),
      m.getByRole('link', { name: 'Download these figures as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^liaise-usage-.*\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8').split('\r\n');
    expect(csv[0]).toBe(
      'week_starting,staff,team,messages_sent,first_contacts,warnings_overridden,blocked_attempts,reports,replies,median_reply_minutes',
    );
    expect(csv.find((l) => l.includes('"Casey Reporter"'))).toMatch(/,"Triage",1,1,0,0,1,1,/);
  }, 120_000);
});
