import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toActor } from '../../src/staff/staff.service.js';
import { type BrowserHarness, expectAccessible, signInFirstTime, skipBrowser, startBrowserHarness, waitForText } from './harness.js';

/**
 * WhatsApp templates in Chromium: an admin creates one (the simulator reviews it and its signed webhook
 * approves it) and syncs; a caseworker whose conversation is outside the 24-hour window is offered only
 * approved templates, fills the parameters, sees the filled text and sends it. axe on every page.
 */
describe.skipIf(skipBrowser)('WhatsApp templates in the browser (Chromium)', () => {
  let h: BrowserHarness;
  let admin: Page;
  let cw: Page;
  let cwActor: ReturnType<typeof toActor>;
  let adminActor: ReturnType<typeof toActor>;

  beforeAll(async () => {
    h = await startBrowserHarness();
    await h.liaise.services.staff.createTeam(null, { name: 'Housing' });
    const madeAdmin = await h.liaise.services.staff.createStaff(null, {
      email: 'ada.admin@council.example',
      displayName: 'Ada Admin',
      role: 'admin',
      team: null,
    });
    adminActor = toActor(madeAdmin.staff);
    admin = await (await h.browser.newContext()).newPage();
    await signInFirstTime(h.liaise, admin, 'ada.admin@council.example', madeAdmin.oneTimePassword, 'granite harbour falcon 2');
    const made = await h.liaise.services.staff.createStaff(null, {
      email: 'casey.worker@council.example',
      displayName: 'Casey Worker',
      role: 'caseworker',
      team: 'Housing',
    });
    cwActor = toActor(made.staff);
    cw = await (await h.browser.newContext()).newPage();
    await signInFirstTime(h.liaise, cw, 'casey.worker@council.example', made.oneTimePassword, 'amber willow kettle 9');
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  const row = (page: Page, name: string) => page.locator(`#templates tr[data-template="${name}"]`);

  it('an admin creates a template, WhatsApp’s review approves it, and a sync shows it approved', async () => {
    await admin.goto(`${h.liaise.url}/admin/templates`);
    await waitForText(admin, `#templates tr[data-template="liaise_first_contact"]`, 'Approved');
    await expectAccessible(admin);

    // Every problem listed at once, each beside its field.
    await admin.getByLabel('Message text').fill('{{1}}, please call us');
    await admin.getByRole('button', { name: 'Submit to WhatsApp for review' }).click();
    await admin.locator('.govuk-error-summary').waitFor();
    expect(await admin.locator('.govuk-error-summary a').allTextContents()).toEqual([
      'Enter a name',
      'Select a category',
      'The message text cannot start or end with a parameter: WhatsApp rejects it',
    ]);
    await expectAccessible(admin);

    await admin.getByLabel('Name').fill('housing_visit_reminder');
    await admin.getByLabel('Language code').fill('en_GB');
    await admin.getByLabel('Utility: about something').check();
    await admin
      .getByLabel('Message text')
      .fill('Hello {{1}}, your housing officer {{2}} would like to arrange a visit. Please reply to agree a time.');
    await admin.getByRole('button', { name: 'Submit to WhatsApp for review' }).click();
    await waitForText(admin, '.govuk-notification-banner', 'Template submitted to WhatsApp');
    await waitForText(admin, '#templates tr[data-template="housing_visit_reminder"]', 'In review');

    // The simulator reviews it after a moment and sends the signed status webhook; the page shows the outcome.
    for (let i = 0; i < 120 && !(await row(admin, 'housing_visit_reminder').textContent())?.includes('Approved'); i++) {
      await new Promise((r) => setTimeout(r, 250));
      await admin.reload();
    }
    await waitForText(admin, '#templates tr[data-template="housing_visit_reminder"]', 'Approved');

    // Another template, which Meta's review rejects at once (its webhook arrives before the sync).
    const other = await h.liaise.services.templates.createTemplate(adminActor, {
      name: 'rent_offer',
      language: 'en_GB',
      category: 'MARKETING',
      body: 'Hello {{1}}, see our offers on rent this week.',
    });
    await h.liaise.simulator!.sim.reviewTemplate(other.providerTemplateId!, { status: 'REJECTED', reason: 'PROMOTIONAL' });
    await admin.getByRole('button', { name: 'Sync from WhatsApp' }).click();
    await waitForText(admin, '.govuk-notification-banner', 'Templates synced from WhatsApp');
    await waitForText(admin, '#templates tr[data-template="housing_visit_reminder"]', 'Approved');
    await waitForText(admin, '#templates tr[data-template="rent_offer"]', 'Rejected');
    await waitForText(admin, '#templates tr[data-template="rent_offer"]', 'Reason: PROMOTIONAL');
    await expectAccessible(admin);
  }, 120_000);

  it('outside the window a caseworker is offered only approved templates, fills them in, sees the message and sends it', async () => {
    const citizen = await h.liaise.services.citizens.addCitizen(cwActor, {
      fullName: 'Robin Sample',
      waNumber: '07700 900641',
      dateOfBirth: '1980-06-01',
      ageBand: null,
      caseReference: 'HSG-641',
    });
    await cw.goto(`${h.liaise.url}/citizens/${citizen.id}`);
    await cw.getByLabel('Phone', { exact: true }).check();
    const phone = cw.getByRole('group', { name: 'Date you tried phone' });
    await phone.getByLabel('Day').fill('3');
    await phone.getByLabel('Month').fill('11');
    await phone.getByLabel('Year').fill('2026');
    await cw.getByLabel('Arrange a phone call').check();
    await cw.getByLabel('Which other ways of contacting them have you tried?').fill('Two calls unanswered, letter returned.');
    await cw.getByRole('button', { name: 'Start a WhatsApp conversation' }).click();
    await cw.waitForURL(/\/conversations\/[0-9a-f-]{36}$/);
    const conversationUrl = cw.url();

    // The window is closed: no free-text box, only templates.
    expect(await cw.locator('textarea#text').count()).toBe(0);
    await expectAccessible(cw);
    await cw.getByRole('link', { name: 'Send another approved template' }).click();
    await cw.waitForURL(/\/template$/);
    // The rejected template is not offered; the approved ones are.
    const offered = await cw.locator('.govuk-radios__label').allTextContents();
    expect(offered.map((s) => s.trim()).sort()).toEqual(['housing_visit_reminder (en_GB)', 'liaise_first_contact (en_GB)']);
    await expectAccessible(cw);
    await cw.getByLabel('housing_visit_reminder (en_GB)').check();
    await cw.getByRole('button', { name: 'Continue' }).click();
    await waitForText(cw, '#template-body', 'would like to arrange a visit');

    // One field per parameter; an empty one is named in the summary.
    await cw.getByLabel('Value for {{1}}').fill('Robin');
    await cw.getByRole('button', { name: 'Preview message' }).click();
    await waitForText(cw, '.govuk-error-summary', 'Value 2 is empty');
    await expectAccessible(cw);
    await cw.getByLabel('Value for {{2}}').fill('Alex Officer');
    await cw.getByRole('button', { name: 'Preview message' }).click();
    const rendered = 'Hello Robin, your housing officer Alex Officer would like to arrange a visit. Please reply to agree a time.';
    await waitForText(cw, '#preview', rendered);
    await expectAccessible(cw);
    await cw.getByRole('button', { name: 'Send message' }).click();
    await cw.waitForURL((u) => u.toString().startsWith(conversationUrl));
    await waitForText(cw, '#thread', rendered);
    await expectAccessible(cw);
  }, 120_000);
});
