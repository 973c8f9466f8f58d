import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPeriod } from '../../src/records/retention/disposal-date.js';
import { buildInboundEvent, syntheticMobile } from '../factories.js';
import { type BrowserHarness, expectAccessible, signedInStaff, skipBrowser, startBrowserHarness, waitForText } from './harness.js';

/** A calendar date as GOV.UK writes it (the pages' own format): 14 March 1985. */
const govukDate = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${iso}T00:00:00Z`),
  );
const todayInLondon = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/**
 * Cases in Chromium on `npm start`'s path: a caseworker creates a case, links a single message and then
 * the whole conversation to it, closes it, and sees the disposal date and why; axe on every page.
 */
describe.skipIf(skipBrowser)('cases and disposal dates (Chromium)', () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 120_000);
  afterAll(async () => h?.close());

  it('a caseworker creates a case, links a message and a conversation, closes the case and sees when its messages go and why', async () => {
    const { liaise } = h;
    // Two messages from a number Liaise does not know: they land in the triage team, in no case.
    const from = syntheticMobile();
    const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
    await liaise.services.inbound.receiveChannelEvents([
      buildInboundEvent(from, { text: 'Hello, my boiler is still broken', sentAt: yesterday }),
      buildInboundEvent(from, { text: 'I want to make a complaint', sentAt: new Date(yesterday.getTime() + 60_000) }),
    ]);
    const page = await signedInStaff(
      h,
      { email: 'casey.cases@council.example', displayName: 'Casey Cases', role: 'caseworker', team: 'Triage' },
      'amber quarry lattice 7',
    );

    // Create the case.
    await page.goto(`${liaise.url}/cases`);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Create a case' }).click();
    await page.waitForURL('**/cases/new');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.locator('.govuk-error-summary').first().waitFor();
    expect(await page.locator('.govuk-error-summary a').allTextContents()).toEqual([
      'Enter the case reference from the council’s case system',
      'Choose the type of case',
    ]);
    await expectAccessible(page);
    await page.getByLabel('Case reference').fill('CMP/2026/0042');
    await page.getByLabel('Type of case').selectOption('complaint');
    await page.getByLabel('Title (optional)').fill('Boiler repair complaint');
    await page.getByRole('button', { name: 'Create case' }).click();
    await page.waitForURL('**/cases/*?done=created');
    const caseUrl = page.url().split('?')[0]!;
    await waitForText(page, '#done-banner', 'The case has been created');
    await expectAccessible(page);

    // The conversation: its messages are short-lived until linked.
    await page.goto(`${liaise.url}/conversations`);
    await page
      .getByRole('link', { name: /Test Citizen|Unknown sender/ })
      .first()
      .click();
    await page.waitForURL('**/conversations/*');
    const conversationUrl = page.url().split('?')[0]!.split('#')[0]!;
    await waitForText(page, '#cases', 'not linked to a case');
    const firstDetails = page.locator('.app-retention-details').first();
    await firstDetails.locator('summary').click();
    await waitForText(page, '.app-retention-details', 'WhatsApp messages not linked to a case');
    await expectAccessible(page);

    // Link the first message on its own.
    await firstDetails.getByRole('link', { name: 'Link this message to a case' }).click();
    await page.waitForURL('**/messages/*/cases');
    await expectAccessible(page);
    await page.getByLabel('Link this message to a case').selectOption({ label: 'CMP/2026/0042 – Boiler repair complaint' });
    await page.getByRole('button', { name: 'Link message' }).click();
    await page.waitForURL('**/messages/*/cases?done=linked');
    await waitForText(page, '#message-links', 'CMP/2026/0042');
    // Linked to an open complaint: kept until the case closes.
    await waitForText(page, '.govuk-summary-list', 'Complaints');
    await waitForText(page, '.govuk-summary-list', 'Not set yet');
    await expectAccessible(page);

    // Then the whole conversation.
    await page.goto(conversationUrl);
    await page.getByLabel('Link this conversation to a case').selectOption({ label: 'CMP/2026/0042 – Boiler repair complaint' });
    await page.getByRole('button', { name: 'Link conversation to case' }).click();
    await page.waitForURL('**/conversations/*?done=case-linked*');
    await waitForText(page, '#conversation-cases', 'CMP/2026/0042');
    await expectAccessible(page);

    // Close the case today: its messages are due six years on, for review.
    await page.goto(caseUrl);
    await page.getByRole('button', { name: 'Close case' }).click();
    await page.waitForURL('**/close');
    await expectAccessible(page);
    const today = todayInLondon();
    const [y, m, d] = today.split('-');
    const closed = page.getByRole('group', { name: 'Date closed' });
    await closed.getByLabel('Day').fill(String(Number(d)));
    await closed.getByLabel('Month').fill(String(Number(m)));
    await closed.getByLabel('Year').fill(y!);
    await page.getByRole('button', { name: 'Close case' }).click();
    await page.waitForURL('**/cases/*?done=closed');
    const due = govukDate(addPeriod(today, 6, 0));
    await waitForText(page, '#done-banner', 'The case is closed');
    await waitForText(page, '.app-retention', due);
    await waitForText(page, '.app-retention', 'Reviewed by a records officer');
    await waitForText(page, '.app-retention', `Complaints: kept 6 years from the case closed (${today})`);
    expect(await page.locator('#links tbody tr').count()).toBe(2);
    await expectAccessible(page);

    // Each message on the conversation page says the same.
    await page.goto(conversationUrl);
    const details = page.locator('.app-retention-details');
    expect(await details.count()).toBe(2);
    for (const summary of await details.locator('summary').allTextContents()) expect(summary).toContain(`Kept until ${due}`);
    await expectAccessible(page);
  }, 300_000);
});
