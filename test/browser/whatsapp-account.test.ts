import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createStaff } from '../factories.js';
import { type BrowserHarness, expectAccessible, signedInStaff, skipBrowser, startBrowserHarness, waitForText } from './harness.js';

/**
 * What Meta sends besides citizens' messages reaches the people who act on it: an account-level error
 * on the admin's WhatsApp account page, and a citizen's changed number as an offer, on the conversation,
 * to move the citizen to it (confirmed, audited). Both sent by the simulator's control API, signed.
 */
describe.skipIf(skipBrowser)('WhatsApp account reports and changed numbers (Chromium)', () => {
  let h: BrowserHarness;

  beforeAll(async () => {
    h = await startBrowserHarness();
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('an admin sees an account error, and moves a citizen to the number they changed to after confirming', async () => {
    const { liaise } = h;
    const simBase = liaise.phoneUrl!.replace(/\/phone$/, '');
    const cw = await createStaff(liaise.services, null, { email: 'cw.numbers@council.example', role: 'caseworker', team: 'Triage' });
    const citizen = await createCitizen(liaise.services, cw.actor, { waNumber: '07700 900612', fullName: 'Alex Changed' });

    const shape = async (name: string, body: Record<string, string>) => {
      const res = await fetch(`${simBase}/_sim/shapes/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { status: number }).status).toBe(200);
    };
    await shape('account-error', {});
    await shape('text', { waId: '447700900612' });
    await shape('system-user-changed-number', { waId: '447700900612' });

    const admin = await signedInStaff(
      h,
      { email: 'admin.numbers@council.example', displayName: 'Ada Admin', role: 'admin', team: null },
      'copper meadow violin 42',
    );
    await admin.goto(`${liaise.url}/conversations`);
    await admin.getByRole('link', { name: 'WhatsApp account' }).click();
    await waitForText(admin, '#notices', 'Business eligibility payment issue');
    expect(await admin.locator('#notices').textContent()).toContain('131042');
    await admin.getByText('Show').first().click();
    await waitForText(admin, '#notices', 'Add a payment method');
    await expectAccessible(admin);

    const conv = await liaise.services.db.query<{ id: string }>('SELECT id FROM conversation WHERE citizen_id = $1', [citizen.id]);
    await admin.goto(`${liaise.url}/conversations/${conv.rows[0]!.id}`);
    await waitForText(admin, '#offered-number', 'The citizen changed their WhatsApp number');
    expect(await admin.locator('#offered-number').textContent()).toContain('07700 900456');
    await expectAccessible(admin);
    // Not confirmed: refused, nothing changes.
    await admin.getByRole('button', { name: 'Move the citizen to this number' }).click();
    await waitForText(admin, '#offered-number', 'Confirm that this is the citizen’s new WhatsApp number');
    await expectAccessible(admin);
    expect((await liaise.services.citizens.getCitizen(cw.actor, citizen.id)).waNumber).toBe('+447700900612');
    // Confirmed: moved, audited, and the offer is gone.
    await admin.getByLabel('This is Alex Changed’s new WhatsApp number').check();
    await admin.getByRole('button', { name: 'Move the citizen to this number' }).click();
    await waitForText(admin, '#done-banner', 'The citizen’s WhatsApp number is changed');
    await expectAccessible(admin);
    expect(await admin.locator('#offered-number').count()).toBe(0);
    expect((await liaise.services.citizens.getCitizen(cw.actor, citizen.id)).waNumber).toBe('+447700900456');
    const audit = await liaise.services.db.query<{ details: { reason: string } }>(
      `SELECT details FROM audit_event WHERE action = 'citizen.number-moved' AND subject_id = $1`,
      [citizen.id],
    );
    expect(audit.rows.map((r) => r.details.reason)).toEqual(['changed_number']);
  }, 180_000);
});
