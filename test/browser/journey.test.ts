import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningLiaise } from '../../src/server.js';
import {
  type BrowserHarness,
  expectAccessible,
  signInFirstTime as signInFirstTime_,
  skipBrowser,
  startBrowserHarness,
  waitForText,
} from './harness.js';

const dobGroup = (page: Page) => page.getByRole('group', { name: /Date of birth/ });

/** The first-contact form's channels and purpose, as a caseworker fills them: a phone call on 2 November 2026 tried, to arrange a call. */
async function recordChannelsTried(page: Page) {
  await page.getByLabel('Phone', { exact: true }).check();
  const tried = page.getByRole('group', { name: 'Date you tried phone' });
  await tried.getByLabel('Day').fill('2');
  await tried.getByLabel('Month').fill('11');
  await tried.getByLabel('Year').fill('2026');
  await page.getByLabel('Arrange a phone call').check();
}

/**
 * The caseworker's whole journey in real Chromium against `npm start`'s own
 * start-up path (embedded PGlite, in-process simulator), with axe on every page.
 */
describe.skipIf(skipBrowser)('browser journey (Chromium)', () => {
  let h: BrowserHarness;
  let liaise: RunningLiaise;
  let browser: Browser;

  beforeAll(async () => {
    h = await startBrowserHarness();
    ({ liaise, browser } = h);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  const signInFirstTime = (page: Page, email: string, otp: string, pw: string) => signInFirstTime_(liaise, page, email, otp, pw);

  it('admin creates a caseworker; caseworker adds a citizen, makes first contact, gets a live reply, is stopped from sending an NHS number, and imports a chat from a phone', async () => {
    const adminPage = await (await browser.newContext()).newPage();
    await signInFirstTime(adminPage, liaise.firstAdmin!.email, liaise.firstAdmin!.oneTimePassword, 'tidal lantern orbit 2026');
    await adminPage.goto(`${liaise.url}/admin/staff`);
    await expectAccessible(adminPage);
    await adminPage.getByLabel('Email address').fill('casey.worker@council.example');
    await adminPage.getByLabel('Name').fill('Casey Worker');
    await adminPage.getByLabel('Role').selectOption('caseworker');
    await adminPage.getByLabel('Team').selectOption({ label: 'Triage' });
    await adminPage.getByRole('button', { name: 'Create account' }).click();
    const otp = (await adminPage.locator('#one-time-password').textContent())!.trim();

    const cw = await (await browser.newContext()).newPage();
    await signInFirstTime(cw, 'casey.worker@council.example', otp, 'velvet harbour kettle 1');
    await cw.goto(`${liaise.url}/citizens/new`);
    // A blank form opens without any error state.
    expect(await cw.locator('.govuk-form-group--error, .govuk-error-message, .govuk-error-summary').count()).toBe(0);
    await expectAccessible(cw);
    await cw.getByLabel('Full name').fill('Robin Sample');
    await dobGroup(cw).getByLabel('Month').fill('3');
    await cw.getByRole('button', { name: 'Add citizen' }).click();
    await cw.locator('.govuk-error-summary').first().waitFor();
    // Every problem at once, each linking to its field; what was typed stays.
    const summary = cw.locator('.govuk-error-summary a');
    expect(await summary.allTextContents()).toEqual([
      'Enter a WhatsApp number, like 07700 900123 or +44 7700 900123',
      'Enter the case reference from the council’s case system',
      'Date of birth must include a day and a year',
    ]);
    expect(await summary.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['#waNumber', '#caseReference', '#dob-day']);
    // Each link's target is the field itself (the date link: its day box).
    expect(await cw.locator('#dob-day').getAttribute('name')).toBe('dob-day');
    expect(await cw.locator('#waNumber').getAttribute('name')).toBe('waNumber');
    expect(await dobGroup(cw).getByLabel('Month').inputValue()).toBe('3');
    expect(await cw.getByLabel('Full name').inputValue()).toBe('Robin Sample');
    await expectAccessible(cw);
    await cw.getByLabel('WhatsApp number').fill('07700 900321');
    await cw.getByLabel('Case reference').fill('HSG-2026-0042');
    const dob = dobGroup(cw);
    await dob.getByLabel('Day').fill('14');
    await dob.getByLabel('Month').fill('3');
    await dob.getByLabel('Year').fill('1985');
    await cw.getByRole('button', { name: 'Add citizen' }).click();
    // The reference is new: the case it opens needs a type, which sets how long its messages are kept.
    await waitForText(cw, '.govuk-error-summary', 'Choose the type of case: this case reference is new');
    expect(await cw.locator('.govuk-error-summary a').getAttribute('href')).toBe('#caseType');
    expect(await cw.getByLabel('Case reference').inputValue()).toBe('HSG-2026-0042');
    await expectAccessible(cw);
    await cw.getByLabel('Type of case').selectOption('housing-tenancy');
    await cw.getByRole('button', { name: 'Add citizen' }).click();
    await cw.waitForURL(/\/citizens\/[0-9a-f-]{36}$/);
    // Shown as GOV.UK writes dates, and the number as people write it.
    await waitForText(cw, 'dl', '14 March 1985');
    await waitForText(cw, 'dl', '07700 900321');
    await expectAccessible(cw);
    // The case it opened is of the type chosen.
    await cw.locator('#citizen-case').click();
    await waitForText(cw, 'dl', 'Housing tenancy');
    await cw.goBack();
    await cw.waitForURL(/\/citizens\/[0-9a-f-]{36}$/);
    await cw
      .getByLabel('Which other ways of contacting them have you tried?')
      .fill('Phoned on 2 and 4 November, letter on 5 November; no reply.');
    await cw.getByLabel('Phone', { exact: true }).check();
    const phoneTried = cw.getByRole('group', { name: 'Date you tried phone' });
    await phoneTried.getByLabel('Day').fill('2');
    await phoneTried.getByLabel('Month').fill('11');
    await phoneTried.getByLabel('Year').fill('2026');
    await cw.getByLabel('Arrange a phone call').check();
    await cw.getByRole('button', { name: 'Start a WhatsApp conversation' }).click();
    await cw.waitForURL(/\/conversations\/[0-9a-f-]{36}$/);
    await cw.getByRole('button', { name: 'Send first-contact message' }).click();
    await waitForText(cw, '#thread', 'Hello Robin, this is Casey Worker from Triage');
    await expectAccessible(cw);

    // The citizen replies on the simulator's phone page; the caseworker sees it without reloading.
    const phone = await (await browser.newContext()).newPage();
    await phone.goto(liaise.phoneUrl!);
    await phone
      .getByLabel(/number/i)
      .first()
      .fill('07700 900321');
    await phone.getByRole('button', { name: 'Open chat' }).click();
    // The phone shows exactly the text the record holds.
    const recorded = (await cw.locator('#thread .app-message-body').first().textContent())!.trim();
    expect(recorded).toBe(
      'Hello Robin, this is Casey Worker from Triage. We have been trying to reach you. Please reply to this message so we can arrange a phone call or meeting.',
    );
    await waitForText(phone, 'body', recorded);
    await phone.locator('textarea#text').fill('Hi, please call me tomorrow at 10');
    await phone.getByRole('button', { name: 'Send message' }).click();
    await waitForText(cw, '#thread', 'Hi, please call me tomorrow at 10', 15_000);
    await waitForText(cw, '#thread', /Delivered|Read/);

    // Live check as the caseworker types; the server still refuses on submit.
    await cw.locator('#text').fill('Thanks. Your NHS number is 943 476 5919.');
    await waitForText(cw, '#live-check', 'cannot be sent', 20_000);
    expect(await cw.locator('#live-check mark').first().textContent()).toBe('943 476 5919');
    await cw.getByRole('button', { name: 'Send message' }).click();
    await waitForText(cw, '.govuk-error-summary', 'NHS number');
    await waitForText(cw, '#policy-result', 'guidance section 5: personal data must be secured');
    await expectAccessible(cw);
    await cw.locator('#text').fill('Thanks, I will call you tomorrow at 10.');
    await cw.getByRole('button', { name: 'Send message' }).click();
    await waitForText(cw, '#thread', 'I will call you tomorrow at 10');
    // The phone page is plain HTML without live updates: a refresh shows the new message.
    await phone.reload();
    await waitForText(phone, 'body', 'I will call you tomorrow at 10');

    await cw.goto(`${liaise.url}/conversations`);
    await expectAccessible(cw);

    // The inbox: assign the conversation to myself, close it, find it under Closed, reopen it.
    await cw.locator('#inbox').getByRole('link', { name: /Robin/ }).first().click();
    await cw.getByLabel('Assign to').selectOption({ label: 'Casey Worker (you)' });
    await cw.getByRole('button', { name: 'Assign', exact: true }).click();
    await waitForText(cw, '#done-banner', 'Assigned to Casey Worker');
    await cw.getByRole('link', { name: 'Conversations' }).first().click();
    await cw.getByRole('link', { name: 'Assigned to me' }).click();
    await waitForText(cw, '#inbox', 'Robin');
    await expectAccessible(cw);
    await cw.locator('#inbox').getByRole('link', { name: /Robin/ }).first().click();
    await cw.getByRole('button', { name: 'Close conversation' }).click();
    await waitForText(cw, 'main', 'The conversation was closed');
    expect(await cw.locator('#inbox').getByRole('link', { name: /Robin/ }).count()).toBe(0);
    await cw.getByRole('link', { name: 'Closed', exact: true }).click();
    await cw.locator('#inbox').getByRole('link', { name: /Robin/ }).first().click();
    await cw.getByRole('button', { name: 'Reopen conversation' }).click();
    await waitForText(cw, '#done-banner', 'open again');
    await expectAccessible(cw);

    // Import a chat that was on a staff phone: upload, say who is who, watch it finish.
    await cw.goto(`${liaise.url}/citizens`);
    // Found by the number as people write it.
    await cw.getByLabel('Search by name, case reference or WhatsApp number').fill('07700 900321');
    await cw.getByRole('button', { name: 'Search' }).click();
    await cw.waitForURL(/\/citizens\?q=07700/);
    await cw.getByRole('link', { name: 'Robin Sample' }).click();
    await cw.getByRole('link', { name: 'import the chat into the records' }).click();
    await expectAccessible(cw);
    await cw.getByLabel('Exported chat (.txt or .zip)').setInputFiles({
      name: 'WhatsApp Chat with Robin.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from(
        '13/03/2024, 09:01 - Casey W: Can we arrange a call?\n13/03/2024, 09:05 - Robin: Yes after 5pm\n13/03/2024, 09:06 - Robin: my NI is AB 12 34 56 C\n',
      ),
    });
    await cw.getByRole('button', { name: 'Upload and check' }).click();
    await waitForText(cw, 'h1', 'Who is in this chat?');
    await expectAccessible(cw);
    await cw
      .getByRole('group', { name: /Casey W/ })
      .getByLabel('Casey Worker (staff)')
      .check();
    await cw.getByRole('group', { name: /Robin/ }).getByLabel('Robin Sample (the citizen)').check();
    await cw.getByRole('button', { name: 'Import the chat' }).click();
    await waitForText(cw, 'h1', 'Chat imported', 20_000);
    await expectAccessible(cw);
    await cw.getByRole('link', { name: 'See the imported messages' }).click();
    await waitForText(cw, '#thread', 'Yes after 5pm');

    // A chat whose dates read both ways: the page says the council's setting decided, and asks.
    await cw.goto(`${liaise.url}/citizens`);
    await cw.getByRole('link', { name: 'Robin Sample' }).click();
    await cw.getByRole('link', { name: 'import the chat into the records' }).click();
    await cw.getByLabel('Exported chat (.txt or .zip)').setInputFiles({
      name: 'WhatsApp Chat with Robin (2).txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('02/10/2023, 09:01 - Casey W: Are you free for a call on Friday?\n02/10/2023, 09:07 - Robin: Friday suits\n'),
    });
    await cw.getByRole('button', { name: 'Upload and check' }).click();
    const when = cw.getByRole('group', { name: 'When was the first message sent?' });
    await when.waitFor();
    expect(await when.getByLabel('2 October 2023 (day first)').isChecked()).toBe(true);
    await expectAccessible(cw);
    await when.getByLabel('10 February 2023 (month first)').check();
    await cw
      .getByRole('group', { name: /Casey W/ })
      .getByLabel('Casey Worker (staff)')
      .check();
    await cw.getByRole('group', { name: /Robin/ }).getByLabel('Robin Sample (the citizen)').check();
    await cw.getByRole('button', { name: 'Import the chat' }).click();
    await waitForText(cw, 'h1', 'Chat imported', 20_000);
    await cw.getByRole('link', { name: 'See the imported messages' }).click();
    await waitForText(cw, '#thread', 'Friday suits');
    expect(await cw.locator('#thread time').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('10 Feb 2023')]));

    // The API's documentation is a page like any other: it passes axe under the same CSP.
    await cw.goto(`${liaise.url}/api/docs`);
    await waitForText(cw, 'h1', 'Liaise API');
    await expectAccessible(cw);

    // The admin reviews what was flagged.
    await adminPage.goto(`${liaise.url}/review`);
    await waitForText(adminPage, 'table', 'Personal data received');
    await expectAccessible(adminPage);
  }, 180_000);

  it('pages work as staff expect: GOV.UK error pages, landlines refused, no contact for an under-13, one send per form, blocked and warned messages explained, the draft kept when the session ends, a triage pick-up, and sign out everywhere closing the other tab', async () => {
    const { staff, citizens } = liaise.services;
    await staff.createTeam(null, { name: 'Housing' });
    const dana = await staff.createStaff(null, {
      email: 'dana.doe@council.example',
      displayName: 'Dana Doe',
      role: 'caseworker',
      team: 'Housing',
    });
    const page = await (await browser.newContext()).newPage();
    await signInFirstTime(page, 'dana.doe@council.example', dana.oneTimePassword, 'quiet meadow copper 2026');

    // Errors on pages are GOV.UK pages with a title and a language, never JSON.
    const admin = (await liaise.services.db.query<{ id: string }>(`SELECT id FROM staff WHERE role = 'admin' LIMIT 1`)).rows[0]!;
    const triage = (await liaise.services.db.query<{ id: string }>(`SELECT id FROM team WHERE name = 'Triage'`)).rows[0]!;
    const elsewhere = await citizens.addCitizen(
      { id: admin.id, role: 'admin', teamId: null, displayName: 'Admin' },
      { fullName: 'Other Team Person', waNumber: '07700 900999', caseReference: 'TRI-1', teamId: triage.id, dateOfBirth: '1970-01-01' },
    );
    for (const path of [
      '/no-such-page',
      `/citizens/${elsewhere.id}`,
      '/imports/00000000-0000-4000-8000-000000000000',
      '/conversations/not-an-id',
    ]) {
      const res = await page.goto(`${liaise.url}${path}`);
      expect(res!.status(), path).toBe(404);
      expect(res!.headers()['content-type'], path).toContain('text/html');
      await waitForText(page, 'h1', 'Page not found');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.title()).toContain('Page not found');
      await expectAccessible(page);
    }

    // A landline is refused as a WhatsApp number, saying why.
    await page.goto(`${liaise.url}/citizens/new`);
    await page.getByLabel('Full name').fill('Lee Landline');
    await page.getByLabel('WhatsApp number').fill('0113 496 0123');
    await page.getByLabel('Case reference').fill('HSG-LAND-1');
    await page.getByLabel('Type of case').selectOption('general-enquiry');
    await dobGroup(page).getByLabel('Day').fill('2');
    await dobGroup(page).getByLabel('Month').fill('5');
    await dobGroup(page).getByLabel('Year').fill('1980');
    await page.getByRole('button', { name: 'Add citizen' }).click();
    await waitForText(page, '.govuk-error-summary', 'That is a landline number');
    await expectAccessible(page);

    // An under-13's page does not offer WhatsApp at all, and says why.
    await page.goto(`${liaise.url}/citizens/new`);
    await page.getByLabel('Full name').fill('Kit Young');
    await page.getByLabel('WhatsApp number').fill('07700 900777');
    await page.getByLabel('Case reference').fill('CSC-KID-1');
    await page.getByLabel('Type of case').selectOption('child-protection');
    await dobGroup(page).getByLabel('Day').fill('1');
    await dobGroup(page).getByLabel('Month').fill('6');
    await dobGroup(page)
      .getByLabel('Year')
      .fill(String(new Date().getFullYear() - 10));
    await page.getByRole('button', { name: 'Add citizen' }).click();
    await page.waitForURL(/\/citizens\/[0-9a-f-]{36}$/);
    await waitForText(page, '#contact-refused', 'under the minimum age');
    expect(await page.getByRole('button', { name: 'Start a WhatsApp conversation' }).count()).toBe(0);
    await expectAccessible(page);

    // An adult: first contact, a reply, then a blocked and a warned message as rendered.
    await page.goto(`${liaise.url}/citizens/new`);
    await page.getByLabel('Full name').fill('Morgan Adult');
    await page.getByLabel('WhatsApp number').fill('07700 900456');
    await page.getByLabel('Case reference').fill('HSG-ADULT-1');
    await page.getByLabel('Type of case').selectOption('general-enquiry');
    await dobGroup(page).getByLabel('Day').fill('9');
    await dobGroup(page).getByLabel('Month').fill('9');
    await dobGroup(page).getByLabel('Year').fill('1979');
    await page.getByRole('button', { name: 'Add citizen' }).click();
    await page.waitForURL(/\/citizens\/[0-9a-f-]{36}$/);
    await waitForText(page, 'dl', '9 September 1979');
    await page
      .getByLabel('Which other ways of contacting them have you tried?')
      .fill('Phoned twice on 1 and 3 December, letter on 2 December.');
    await recordChannelsTried(page);
    await page.getByRole('button', { name: 'Start a WhatsApp conversation' }).click();
    await page.waitForURL(/\/conversations\/[0-9a-f-]{36}$/);
    // The first-contact form sent twice at once (a double click that beats the button's own guard, or a
    // resubmitted page): its one idempotency key means one message.
    const statuses = await page.evaluate(async () => {
      const form = [...document.querySelectorAll('form')].find((f) => f.querySelector('input[name="template"]'))!;
      const body = new URLSearchParams([...new FormData(form).entries()].map(([k, v]) => [k, String(v)]));
      const sends = await Promise.all([1, 2].map(() => fetch(form.action, { method: 'POST', body, redirect: 'manual' })));
      return sends.map((r) => r.type);
    });
    expect(statuses).toEqual(['opaqueredirect', 'opaqueredirect']);
    await page.reload();
    await waitForText(page, '#thread', 'Hello Morgan');
    expect(await page.locator('#thread .moj-message-item').count()).toBe(1);
    // While it waits for a reply, the page does not offer it again.
    await waitForText(page, '#first-contact-pending', 'Wait for the citizen to reply');
    expect(await page.getByRole('button', { name: 'Send first-contact message' }).count()).toBe(0);
    const phone = await (await browser.newContext()).newPage();
    await phone.goto(liaise.phoneUrl!);
    await phone
      .getByLabel(/number/i)
      .first()
      .fill('07700 900456');
    await phone.getByRole('button', { name: 'Open chat' }).click();
    await phone.locator('textarea#text').fill('Yes, you can call me after 4');
    await phone.getByRole('button', { name: 'Send message' }).click();
    await waitForText(page, '#thread', 'Yes, you can call me after 4', 15_000);
    // The reply shows who sent it, not "Citizen".
    await waitForText(page, '#thread .moj-message-item__meta--sender', 'Morgan Adult');
    // The message region is reachable by keyboard and scrolls from its newest end.
    const thread = page.locator('#thread');
    expect(await thread.getAttribute('tabindex')).toBe('0');
    expect(await thread.evaluate((el) => getComputedStyle(el).flexDirection)).toBe('column-reverse');
    await page.reload();

    await page.locator('#text').fill('We agree to the repayment plan');
    await page.getByRole('button', { name: 'Send message' }).click();
    await waitForText(page, '.govuk-error-summary', 'binding');
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    await waitForText(page, '#policy-result', 'Triggered by: “We agree to the repayment plan”');
    await waitForText(page, '#policy-result', 'Try instead: Arrange a call to agree the repayment plan');
    expect(await page.locator('#policy-result').textContent()).not.toMatch(/\(\s*guidance section [^)]*\(/);
    // A blocked message cannot be justified: there is no justification box to offer.
    expect(await page.locator('#justification').count()).toBe(0);
    expect(await page.locator('#text').inputValue()).toBe('We agree to the repayment plan');
    await expectAccessible(page);

    await page.locator('#text').fill('Can you confirm your date of birth is 09/09/1979?');
    await page.getByRole('button', { name: 'Send message' }).click();
    await waitForText(page, '.govuk-error-summary', 'Say why this message needs to be sent');
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    await waitForText(page, '#policy-result .govuk-warning-text', 'Check this message');
    await expectAccessible(page);
    await page.getByLabel(/Why does this need to be sent/).fill('They asked me to check the date on their housing form.');
    await page.getByRole('button', { name: 'Send message' }).click();
    await waitForText(page, '#thread', 'Sent with warning');
    await expectAccessible(page);

    // The session ends mid-draft: sending leads to sign-in, and back to the conversation with the draft kept.
    await page.locator('#text').fill('Thanks Morgan, I will call you at 4 today.');
    const me = { id: dana.staff.id, role: dana.staff.role, teamId: dana.staff.teamId, displayName: dana.staff.displayName };
    await liaise.services.staff.signOutEverywhere(me, dana.staff.id);
    await page.getByRole('button', { name: 'Send message' }).click();
    await waitForText(page, '#session-ended', 'has been kept');
    await expectAccessible(page);
    await page.getByLabel('Email address').fill('dana.doe@council.example');
    await page.getByLabel('Password', { exact: true }).fill('quiet meadow copper 2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/conversations\/[0-9a-f-]{36}\?restore=/);
    await waitForText(page, '#draft-restored', 'kept');
    expect(await page.locator('#text').inputValue()).toBe('Thanks Morgan, I will call you at 4 today.');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Send message' }).click();
    await waitForText(page, '#thread', 'I will call you at 4 today');

    const morganConversation = page.url().split('?')[0]!.split('#')[0]!;
    // Triage: an admin makes Housing the team that picks up unknown numbers; a message from a number Liaise
    // does not know reaches Dana's Triage tab, and she adds the citizen and links the conversation.
    const ada = await staff.createStaff(null, { email: 'ada.admin@council.example', displayName: 'Ada Admin', role: 'admin', team: null });
    const adminPage = await (await browser.newContext()).newPage();
    await signInFirstTime(adminPage, 'ada.admin@council.example', ada.oneTimePassword, 'granite willow beacon 2026');
    await adminPage.goto(`${liaise.url}/admin/teams`);
    await expectAccessible(adminPage);
    await adminPage.getByLabel('Team that picks up unknown numbers').selectOption({ label: 'Housing' });
    await adminPage.getByRole('button', { name: 'Save triage team' }).click();
    await waitForText(adminPage, '#triage-saved', 'Saved');
    await page.goto(`${liaise.url}/conversations?view=triage`);
    await waitForText(page, '#triage-empty', 'No messages from unknown numbers are waiting');
    await expectAccessible(page);
    await phone.goto(liaise.phoneUrl!);
    await phone
      .getByLabel(/number/i)
      .first()
      .fill('07700 900888');
    await phone.getByRole('button', { name: 'Open chat' }).click();
    await phone.locator('textarea#text').fill('Hello, I got a letter about my rent');
    await phone.getByRole('button', { name: 'Send message' }).click();
    const triageRow = page.locator('table.govuk-table a').first();
    for (let i = 0; i < 30 && (await triageRow.count()) === 0; i++) {
      await page.waitForTimeout(500);
      await page.reload();
    }
    await triageRow.click();
    await waitForText(page, '#thread', 'I got a letter about my rent');
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Add a new citizen with this number' }).click();
    expect(await page.getByLabel('WhatsApp number').inputValue()).toBe('+447700900888');
    await page.getByLabel('Full name').fill('Riley Rent');
    await page.getByLabel('Case reference').fill('HSG-RENT-88');
    await page.getByLabel('Type of case').selectOption('general-enquiry');
    await dobGroup(page).getByLabel('Day').fill('3');
    await dobGroup(page).getByLabel('Month').fill('4');
    await dobGroup(page).getByLabel('Year').fill('1990');
    await page.getByRole('button', { name: 'Add citizen' }).click();
    await page.waitForURL(/\/citizens\/[0-9a-f-]{36}$/);
    await page.goto(`${liaise.url}/conversations?view=triage`);
    await triageRow.click();
    await page.getByLabel('Citizen with this number').selectOption({ label: 'Riley Rent – case HSG-RENT-88' });
    await page.getByRole('button', { name: 'Link conversation', exact: true }).click();
    await waitForText(page, 'h1', 'Riley Rent');
    await page.goto(`${liaise.url}/conversations?view=triage`);
    await waitForText(page, '#triage-empty', 'No messages from unknown numbers are waiting');

    // Account care: a token for a case system is listed (never its secret) and revoked from the account page.
    const token = await staff.createApiToken(null, dana.staff.id, 'Case management system');
    await page.goto(`${liaise.url}/account`);
    await waitForText(page, '#api-tokens', 'Case management system');
    expect(await page.locator('body').textContent()).not.toContain(token.token);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Revoke the token used by Case management system' }).click();
    await waitForText(page, '.govuk-notification-banner', 'has been revoked');
    await waitForText(page, '#no-api-tokens', 'You have no API tokens');
    expect(await staff.resolveApiToken(token.token)).toBeNull();

    // Sign out everywhere with a second tab open on the conversation: its live stream closes at once and it
    // lands on sign-in; the tab that clicked is told it worked.
    const other = await page.context().newPage();
    await other.goto(morganConversation);
    await other.locator('#thread-region[data-live="connected"]').waitFor({ timeout: 30_000 });
    await page.goto(`${liaise.url}/account`);
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await waitForText(page, '#signed-out-everywhere', 'signed out on every device');
    await expectAccessible(page);
    await other.waitForURL(/\/sign-in/, { timeout: 30_000 });
    expect(await other.locator('#thread').count()).toBe(0);

    // Account care by an admin: a password reset gives a new one-time password (shown once), and a role change
    // applies from the next sign-in.
    await adminPage.goto(`${liaise.url}/admin/staff`);
    await adminPage.getByRole('button', { name: 'Reset password for dana.doe@council.example' }).click();
    const newOtp = (await adminPage.locator('#reset-password').textContent())!.trim();
    expect(newOtp.length).toBeGreaterThanOrEqual(12);
    await expectAccessible(adminPage);
    await adminPage.getByRole('link', { name: 'Change role or team for dana.doe@council.example' }).click();
    await expectAccessible(adminPage);
    await adminPage.getByLabel('Role').selectOption('manager');
    await adminPage.getByRole('button', { name: 'Save' }).click();
    await waitForText(adminPage, '#role-changed', 'Saved');
    const again = await (await browser.newContext()).newPage();
    await signInFirstTime(again, 'dana.doe@council.example', newOtp, 'second amber thistle path');
    await again.goto(`${liaise.url}/account`);
    await waitForText(again, 'dl', 'Team manager');

    // A citizen's details are changed through the rendered form: a date of birth typed wrongly is corrected,
    // the change is audited by field name, and the page now offers contact.
    await again.goto(`${liaise.url}/citizens`);
    await again.getByRole('link', { name: 'Kit Young' }).click();
    await again.getByRole('link', { name: 'Change their details' }).click();
    await expectAccessible(again);
    expect(await dobGroup(again).getByLabel('Day').inputValue()).toBe('1');
    await dobGroup(again).getByLabel('Year').fill('1990');
    await again.getByRole('button', { name: 'Save changes' }).click();
    await waitForText(again, '#citizen-updated', 'Their details have been changed');
    await waitForText(again, 'dl', '1 June 1990');
    expect(await again.getByRole('button', { name: 'Start a WhatsApp conversation' }).count()).toBe(1);
    const changed = await liaise.services.db.query<{ details: { changed: string[] } }>(
      `SELECT details FROM audit_event WHERE action = 'citizen.updated' ORDER BY at DESC LIMIT 1`,
    );
    expect(changed.rows[0]!.details.changed).toEqual(['dateOfBirth']);

    // Riley Rent turns out to be the same person: merge that record into Kit Young's, keeping both histories.
    await again.getByRole('link', { name: 'Merge a duplicate record into this one' }).click();
    await again.getByRole('button', { name: 'Merge records' }).click();
    await waitForText(again, '.govuk-error-summary', 'Choose the duplicate record');
    await expectAccessible(again);
    await again.getByLabel(/Riley Rent/).check();
    await again.getByRole('button', { name: 'Merge records' }).click();
    await waitForText(again, '#citizen-merged', 'The duplicate record was merged into this one');
    // Riley's conversation (linked in the triage pick-up above) is now listed on Kit's page.
    expect(await again.getByRole('link', { name: 'Open the WhatsApp conversation' }).count()).toBe(1);
    expect(await again.getByRole('button', { name: 'Start a WhatsApp conversation' }).count()).toBe(0);
    await again.goto(`${liaise.url}/citizens`);
    expect(await again.getByRole('link', { name: 'Riley Rent' }).count()).toBe(0);

    // Dana is a manager now: the review lists their team's warned send (with its justification) and blocked attempt.
    await again.getByRole('link', { name: 'Review' }).click();
    await waitForText(again, 'main', 'for your team');
    await waitForText(again, 'table', 'Sent with a warning');
    await waitForText(again, 'table', 'Blocked attempt');
    await waitForText(again, 'table', 'Justification:');
    await expectAccessible(again);
  }, 180_000);
  it('works with JavaScript off: sign in, add a citizen, first contact, a reply seen by following the refresh link, a blocked message explained', async () => {
    const { staff } = liaise.services;
    await staff.createTeam(null, { name: 'Benefits' });
    const sam = await staff.createStaff(null, {
      email: 'sam.nojs@council.example',
      displayName: 'Sam Nojs',
      role: 'caseworker',
      team: 'Benefits',
    });
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    // (axe needs JavaScript in the page, so this journey's pages are checked with it in the others.)
    await page.goto(`${liaise.url}/sign-in`);
    await page.getByLabel('Email address').fill('sam.nojs@council.example');
    await page.getByLabel('Password', { exact: true }).fill(sam.oneTimePassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/account/password');
    await page.getByLabel('Current password').fill(sam.oneTimePassword);
    await page.getByLabel('New password', { exact: true }).fill('sam passphrase 2026');
    await page.getByLabel('Confirm new password').fill('sam passphrase 2026');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.waitForURL('**/account?done=password');
    await page.goto(`${liaise.url}/citizens/new`);
    await page.getByLabel('Full name').fill('Jo Plain');
    await page.getByLabel('WhatsApp number').fill('07700 900654');
    await page.getByLabel('Case reference').fill('BEN-NOJS-1');
    await page.getByLabel('Type of case').selectOption('general-enquiry');
    await dobGroup(page).getByLabel('Day').fill('12');
    await dobGroup(page).getByLabel('Month').fill('12');
    await dobGroup(page).getByLabel('Year').fill('1966');
    await page.getByRole('button', { name: 'Add citizen' }).click();
    await page.waitForURL(/\/citizens\/[0-9a-f-]{36}$/);
    await page.getByLabel('Which other ways of contacting them have you tried?').fill('Two calls and a letter in November, no reply.');
    await recordChannelsTried(page);
    await page.getByRole('button', { name: 'Start a WhatsApp conversation' }).click();
    await page.waitForURL(/\/conversations\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: 'Send first-contact message' }).click();
    await waitForText(page, '#thread', 'Hello Jo');

    const phone = await (await browser.newContext()).newPage();
    await phone.goto(liaise.phoneUrl!);
    await phone
      .getByLabel(/number/i)
      .first()
      .fill('07700 900654');
    await phone.getByRole('button', { name: 'Open chat' }).click();
    await phone.locator('textarea#text').fill('ok call me Monday');
    await phone.getByRole('button', { name: 'Send message' }).click();
    // No live updates without JavaScript: the page's own link brings the reply and the delivery status.
    for (let i = 0; i < 30 && !((await page.locator('#thread').textContent()) ?? '').includes('ok call me Monday'); i++) {
      await page.waitForTimeout(500);
      await page.getByRole('link', { name: 'Refresh the messages' }).click();
    }
    await waitForText(page, '#thread', 'ok call me Monday');
    await waitForText(page, '#thread', /Delivered|Read/);

    await page.locator('#text').fill('I confirm the council will pay your arrears.');
    await page.getByRole('button', { name: 'Send message' }).click();
    await waitForText(page, '.govuk-error-summary', 'binding');
    await waitForText(page, '#policy-result', 'Try instead');
    await page.locator('#text').fill('I will call you on Monday at 10.');
    await page.getByRole('button', { name: 'Send message' }).click();
    await waitForText(page, '#thread', 'I will call you on Monday at 10');
  }, 120_000);
});
