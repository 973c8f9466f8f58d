import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningLiaise } from '../../src/server.js';
import { toActor } from '../../src/staff/staff.service.js';
import { type BrowserHarness, expectAccessible, signInFirstTime, skipBrowser, startBrowserHarness, waitForText } from './harness.js';

/**
 * The contact rules as caseworkers and managers meet them in Chromium: a first contact held for a
 * manager's approval, a child with no contact offered, only the template once the window has closed,
 * and a citizen's STOP and START typed on the simulator's phone page. axe on every page.
 */
describe.skipIf(skipBrowser)('contact rules in the browser (Chromium)', () => {
  let h: BrowserHarness;
  let liaise: RunningLiaise;
  let browser: Browser;
  let cw: Page;
  let mgr: Page;
  let cwActor: ReturnType<typeof toActor>;
  let mgrActor: ReturnType<typeof toActor>;

  async function staffPage(email: string, displayName: string, role: 'caseworker' | 'manager', team: string, pw: string) {
    const made = await liaise.services.staff.createStaff(null, { email, displayName, role, team });
    const page = await (await browser.newContext()).newPage();
    await signInFirstTime(liaise, page, email, made.oneTimePassword, pw);
    return { page, actor: toActor(made.staff) };
  }

  beforeAll(async () => {
    h = await startBrowserHarness();
    ({ liaise, browser } = h);
    await liaise.services.staff.createTeam(null, { name: 'Family support', requiresFirstContactApproval: true });
    ({ page: cw, actor: cwActor } = await staffPage(
      'cass.held@council.example',
      'Cass Held',
      'caseworker',
      'Family support',
      'copper meadow violin 7',
    ));
    ({ page: mgr, actor: mgrActor } = await staffPage(
      'morgan.lead@council.example',
      'Morgan Lead',
      'manager',
      'Family support',
      'silver canyon lantern 4',
    ));
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  const addCitizen = (fullName: string, waNumber: string, dateOfBirth: string) =>
    liaise.services.citizens.addCitizen(cwActor, {
      fullName,
      waNumber,
      dateOfBirth,
      ageBand: null,
      caseReference: `FS-${waNumber.slice(-3)}`,
    });

  /** Fills the first-contact form as rendered: channels with their dates, the purpose, the justification. */
  async function startFirstContact(page: Page) {
    await page.getByLabel('Phone', { exact: true }).check();
    const phone = page.getByRole('group', { name: 'Date you tried phone' });
    await phone.getByLabel('Day').fill('3');
    await phone.getByLabel('Month').fill('11');
    await phone.getByLabel('Year').fill('2026');
    await page.getByLabel('Letter', { exact: true }).check();
    const letter = page.getByRole('group', { name: 'Date you tried letter' });
    await letter.getByLabel('Day').fill('5');
    await letter.getByLabel('Month').fill('11');
    await letter.getByLabel('Year').fill('2026');
    await page.getByLabel('Arrange a phone call').check();
    await page.getByLabel('Which other ways of contacting them have you tried?').fill('Two calls unanswered, letter returned.');
    await page.getByRole('button', { name: 'Start a WhatsApp conversation' }).click();
    await page.waitForURL(/\/conversations\/[0-9a-f-]{36}$/);
  }

  async function openPhone(number: string) {
    const phone = await (await browser.newContext()).newPage();
    await phone.goto(liaise.phoneUrl!);
    await phone
      .getByLabel(/number/i)
      .first()
      .fill(number);
    await phone.getByRole('button', { name: 'Open chat' }).click();
    return phone;
  }
  async function citizenTypes(phone: Page, text: string) {
    await phone.locator('textarea#text').fill(text);
    await phone.getByRole('button', { name: 'Send message' }).click();
  }

  it('holds a first contact until a manager approves it; the caseworker is told and can then send', async () => {
    const citizen = await addCitizen('Robin Held', '07700 900611', '1979-04-02');
    await cw.goto(`${liaise.url}/citizens/${citizen.id}`);
    await expectAccessible(cw);
    // The form says what is missing, every problem at once.
    await cw.getByRole('button', { name: 'Start a WhatsApp conversation' }).click();
    await cw.locator('.govuk-error-summary').waitFor();
    expect(await cw.locator('.govuk-error-summary a').allTextContents()).toEqual([
      'Select the verifiable channels you tried before WhatsApp',
      'Select what the contact is to arrange',
      'Say what happened when you tried, and why WhatsApp is needed now (at least 10 characters)',
    ]);
    await expectAccessible(cw);
    await startFirstContact(cw);
    const conversationUrl = cw.url();
    await waitForText(cw, '#approval-banner', 'waiting for a manager’s approval');
    await waitForText(cw, '#first-contact', 'Phone on 3 November 2026');
    expect(await cw.getByRole('button', { name: 'Send first-contact message' }).count()).toBe(0);
    await waitForText(cw, '#contact-refusal', 'manager to approve');
    await expectAccessible(cw);
    await cw.goto(`${liaise.url}/conversations`);
    await waitForText(cw, '#inbox', 'Awaiting approval');

    await mgr.goto(conversationUrl);
    await mgr.getByRole('button', { name: 'Record decision' }).click();
    await waitForText(mgr, '.govuk-error-summary', 'Select whether to approve or refuse first contact');
    await expectAccessible(mgr);
    await mgr.getByLabel('Approve', { exact: true }).check();
    await mgr.getByRole('button', { name: 'Record decision' }).click();
    await waitForText(mgr, '#done-banner', 'First contact approved');
    await expectAccessible(mgr);

    await cw.goto(`${liaise.url}/conversations`);
    await waitForText(cw, '#inbox', 'First contact approved');
    await cw.goto(conversationUrl);
    await waitForText(cw, '#first-contact', 'Approved by Morgan Lead');
    await cw.getByRole('button', { name: 'Send first-contact message' }).click();
    await waitForText(cw, '#thread', 'Hello Robin, this is Cass Held from Family support');
    await expectAccessible(cw);
  });

  it('offers no contact at all for a citizen under 13, and says why', async () => {
    const child = await addCitizen('Kit Young', '07700 900612', '2016-09-01');
    await cw.goto(`${liaise.url}/citizens/${child.id}`);
    await waitForText(cw, '#contact-refused', 'under the minimum age');
    expect(await cw.getByRole('button', { name: 'Start a WhatsApp conversation' }).count()).toBe(0);
    expect(await cw.locator('#first-contact-form').count()).toBe(0);
    await expectAccessible(cw);
  });

  /** Opens the page afresh (retrying if the page's own live update navigated at the same moment). */
  async function open(page: Page, url: string) {
    for (let i = 0; ; i++) {
      try {
        await page.goto(url);
        return;
      } catch (err) {
        if (i >= 3 || !String(err).includes('ERR_ABORTED')) throw err;
      }
    }
  }

  it('offers only the approved template once the 24-hour window has closed; STOP ends contact and START resumes it', async () => {
    const citizen = await addCitizen('Sasha Reply', '07700 900613', '1988-12-12');
    const conv = await liaise.services.conversations.openConversation(cwActor, citizen.id, {
      justification: 'Two calls unanswered, letter returned.',
      channelsTried: [{ channel: 'phone', on: '2026-11-03' }],
      purpose: 'call',
    });
    await liaise.services.contact.decideFirstContact(mgrActor, conv.id, { decision: 'approve' });
    const phone = await openPhone('07700 900613');
    await citizenTypes(phone, 'Hi, who is this?');
    await cw.goto(`${liaise.url}/conversations/${conv.id}`);
    await waitForText(cw, '#thread', 'Hi, who is this?', 15_000);
    expect(await cw.locator('textarea#text').count()).toBe(1);

    // A day and more later: the window has closed, so only the template is offered.
    await liaise.services.db.query(`UPDATE conversation SET last_inbound_at = now() - interval '25 hours' WHERE id = $1`, [conv.id]);
    await open(cw, `${liaise.url}/conversations/${conv.id}`);
    await waitForText(cw, '#composer', 'has not messaged in the last 24 hours');
    expect(await cw.locator('textarea#text').count()).toBe(0);
    expect(await cw.getByRole('button', { name: 'Send first-contact message' }).count()).toBe(1);
    await expectAccessible(cw);

    // The citizen says STOP: one confirmation, and nothing more can be sent.
    await citizenTypes(phone, 'STOP');
    await waitForText(cw, '#thread', 'STOP', 15_000);
    await open(cw, `${liaise.url}/conversations/${conv.id}`);
    await waitForText(cw, '#opted-out-banner', 'replied STOP', 15_000);
    await waitForText(cw, '#contact-refusal', 'reply START');
    expect(await cw.locator('textarea#text').count()).toBe(0);
    expect(await cw.getByRole('button', { name: /Send/ }).count()).toBe(0);
    await expectAccessible(cw);
    await phone.reload();
    await waitForText(phone, 'body', 'You will not get any more WhatsApp messages from Family support');
    await cw.goto(`${liaise.url}/citizens/${citizen.id}`);
    await waitForText(cw, 'dl', 'Stopped: they replied STOP');
    await expectAccessible(cw);

    // START: contact resumes (the window is open again, so free text too).
    await citizenTypes(phone, 'START');
    await open(cw, `${liaise.url}/conversations/${conv.id}`);
    await waitForText(cw, '#thread', 'START', 15_000);
    await open(cw, `${liaise.url}/conversations/${conv.id}`);
    expect(await cw.locator('#opted-out-banner').count()).toBe(0);
    await cw.locator('textarea#text').fill('Thanks. Can I call you tomorrow at 10?');
    await cw.getByRole('button', { name: 'Send message' }).click();
    await waitForText(cw, '#thread', 'Can I call you tomorrow at 10?');
    await phone.reload();
    await waitForText(phone, 'body', 'Can I call you tomorrow at 10?');
    await expectAccessible(cw);
  });
});
