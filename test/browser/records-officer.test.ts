import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkConversationToCase, seedMessageRetention } from '../retention-seed.js';
import { type BrowserHarness, expectAccessible, signedInStaff, skipBrowser, startBrowserHarness, waitForText } from './harness.js';

/**
 * The records officer's pages in real Chromium on `npm start`'s start-up path: the schedule, legal
 * holds (placed, listed, released), the disposal review queue (decided through the form) and the
 * destruction certificates, with axe on every page and every error state.
 */
describe.skipIf(skipBrowser)('records officer pages (Chromium)', () => {
  let h: BrowserHarness;
  let page: Page;
  const held = '+447700900881';
  const transient = '+447700900882';
  const complaint = '+447700900883';
  const conversationOf = async (number: string) =>
    (await h.liaise.services.db.query<{ id: string }>('SELECT id FROM conversation WHERE wa_number = $1', [number])).rows[0]?.id;

  beforeAll(async () => {
    h = await startBrowserHarness();
    for (const [number, text] of [
      [held, 'About the damp in my flat'],
      [transient, 'What time does the tip open?'],
      [complaint, 'I want to complain about the repair'],
    ] as const) {
      const res = await fetch(`${h.liaise.simulator!.url}/_sim/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: number, text }),
      });
      expect(res.status).toBe(201);
    }
    for (let i = 0; i < 600 && (await h.liaise.services.db.query('SELECT 1 FROM message')).rows.length < 3; i++)
      await new Promise((r) => setTimeout(r, 50));
    const team = (await h.liaise.services.db.query<{ team_id: string }>('SELECT team_id FROM conversation LIMIT 1')).rows[0]!.team_id;
    await linkConversationToCase(h.liaise.services.db, {
      teamId: team,
      conversationId: (await conversationOf(complaint))!,
      caseType: 'complaint',
      closedOn: '2020-01-01',
    });
    await seedMessageRetention(h.liaise.services.db, h.liaise.services.retentionSchedule, new Date());
    page = await signedInStaff(
      h,
      { email: 'rita.records@council.example', displayName: 'Rita Records', role: 'records_officer', team: null },
      'amber quarry lantern 7',
    );
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('reads the schedule, places and releases a hold, decides the review queue and reads the certificates', async () => {
    const url = h.liaise.url;
    await page.goto(`${url}/records`);
    await page.getByRole('navigation', { name: 'Records management' }).getByRole('link', { name: 'Retention schedule' }).click();
    await page.waitForURL('**/records/schedule');
    await waitForText(page, 'h1', 'Record Retention Schedule');
    expect(await page.locator('.govuk-summary-list').first().textContent()).toContain(h.liaise.services.retentionSchedule.version);
    expect(await page.locator('#class-complaint').textContent()).toContain('Review by a records officer');
    await expectAccessible(page);

    // A hold on a number, through the form: empty first, every problem listed at once.
    await page.getByRole('link', { name: 'Legal holds' }).first().click();
    await page.waitForURL('**/records/holds');
    expect(await page.locator('body').textContent()).toContain('There are no legal holds');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Place a legal hold' }).click();
    await page.waitForURL('**/records/holds/new');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Place hold' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary a').allTextContents()).toEqual([
      'Choose what the hold covers',
      'Enter why the records must be kept',
    ]);
    await expectAccessible(page);
    await page.getByLabel('A WhatsApp number').check();
    await page.getByLabel('WhatsApp number', { exact: true }).fill('07700 900881');
    await page.getByLabel('Reason').fill('Disrepair claim expected');
    await page.getByRole('button', { name: 'Place hold' }).click();
    await page.waitForURL('**/records/holds?done=created');
    await waitForText(page, 'table', `WhatsApp number ${held}`);
    expect(await page.locator('table').textContent()).toContain('In force');
    await expectAccessible(page);

    // The disposal job runs (as the scheduler would) some years on.
    const run = await h.liaise.services.disposal.run({ asOf: '2033-01-01' });
    expect(run).toMatchObject({ destroyed: 1, queuedForReview: 1, held: 1 });

    // The review queue: a decision with nothing chosen is refused; then the complaint is transferred.
    await page.getByRole('link', { name: 'Disposal review' }).click();
    await page.waitForURL('**/records/disposal-review');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Confirm decision' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary a').allTextContents()).toEqual([
      'Select at least one record to decide on',
      'Choose destroy, keep longer or transfer',
    ]);
    await expectAccessible(page);
    await page.getByRole('checkbox', { name: /Complaints/ }).check();
    await page.getByLabel('Keep longer').check();
    await page.getByRole('button', { name: 'Confirm decision' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary a').allTextContents()).toEqual([
      'Enter the new disposal date, written YYYY-MM-DD',
      'Enter why the records are kept longer',
    ]);
    await expectAccessible(page);
    await page.getByLabel('Transfer to the archive').check();
    await page.getByRole('button', { name: 'Confirm decision' }).click();
    await page.waitForURL('**/records/disposal-review?done=transfer');
    await waitForText(page, '#review-empty', 'Nothing is waiting');
    await expectAccessible(page);

    // Certificates: one for the scheduled run, one for the transfer; neither names a number or text.
    await page.getByRole('link', { name: 'Destruction certificates' }).click();
    await page.waitForURL('**/records/certificates');
    expect(await page.locator('tbody tr').count()).toBe(2);
    await expectAccessible(page);
    await page.locator('tbody tr').filter({ hasText: 'Transferred' }).getByRole('link').click();
    await page.waitForURL(/\/records\/certificates\/[0-9a-f-]{36}$/);
    const text = (await page.locator('main').textContent())!;
    expect(text).toContain('Rita Records');
    expect(text).toContain('complaint');
    expect(text).toMatch(/Run\s*Completed/);
    for (const personal of ['900883', '7700', 'complain about the repair']) expect(text).not.toContain(personal);
    await expectAccessible(page);

    // The destroyed message says so on its conversation page, with no content.
    await page.goto(`${url}/conversations/${await conversationOf(transient)}`);
    await waitForText(page, '#thread', 'Destroyed under the retention schedule on');
    expect(await page.locator('#thread').textContent()).not.toContain('What time does the tip open?');
    await expectAccessible(page);

    // Releasing the hold: a reason is required.
    await page.goto(`${url}/records/holds`);
    await page.getByRole('link', { name: `WhatsApp number ${held}` }).click();
    await page.waitForURL(/\/records\/holds\/[0-9a-f-]{36}$/);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Release hold' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    expect(await page.locator('.govuk-error-summary a').allTextContents()).toEqual(['Enter why the hold can be released']);
    await expectAccessible(page);
    await page.getByLabel('Why can the hold be released?').fill('The claim was settled');
    await page.getByRole('button', { name: 'Release hold' }).click();
    await page.waitForURL('**/records/holds?done=released');
    expect(await page.locator('table').textContent()).toContain('Released');
    await expectAccessible(page);
  }, 240_000);
});
