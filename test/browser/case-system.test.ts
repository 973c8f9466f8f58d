import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPush, PUSH_SIGNATURE_HEADER } from '../../src/records/export/push-signature.js';
import { type BrowserHarness, expectAccessible, signedInStaff, skipBrowser, startBrowserHarness, waitForText } from './harness.js';

const SECRET = 'browser-case-system-secret-0123';

/** The records officer's delivery log, in Chromium: a push the case system refused shows as failed, first, and Retry delivers it. */
describe.skipIf(skipBrowser)('case-system delivery log in the browser', () => {
  let h: BrowserHarness;
  let server: Server;
  let accepting = false;
  const statuses: number[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const ok = verifyPush(String(req.headers[PUSH_SIGNATURE_HEADER] ?? ''), Buffer.concat(chunks), SECRET, new Date()).ok;
        const status = !ok ? 401 : accepting ? 200 : 503;
        statuses.push(status);
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    h = await startBrowserHarness({
      LIAISE_CASE_SYSTEM_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/inbound`,
      LIAISE_CASE_SYSTEM_SECRET: SECRET,
      LIAISE_CASE_SYSTEM_ATTEMPTS: '2',
    });
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await new Promise<void>((r) => server?.close(() => r()));
  });

  it('shows the failure first and retries it', async () => {
    await h.liaise.services.inbound.receiveChannelEvents([
      {
        kind: 'message',
        phoneNumberId: '100000000000001',
        providerMessageId: `wamid.browser-${randomUUID()}`,
        from: '+447700900401',
        profileName: null,
        sentAt: new Date(),
        type: 'text',
        text: 'Is my repair booked?',
        media: null,
        location: null,
        forwarded: false,
        frequentlyForwarded: false,
        replyToProviderMessageId: null,
      },
    ]);
    const page = await signedInStaff(
      h,
      { email: 'officer@council.example', displayName: 'Records Officer', role: 'records_officer', team: null },
      'lantern-velvet-orbit-42',
    );
    // Sealed, queued by the scheduler, refused twice by the case system: failed.
    for (let i = 0; i < 60 && !(statuses.length >= 2 && statuses.every((s) => s === 503)); i++)
      await new Promise((r) => setTimeout(r, 500));
    await new Promise((r) => setTimeout(r, 500));
    await page.goto(`${h.liaise.url}/records`);
    await page.getByRole('link', { name: 'Case system deliveries' }).click();
    await waitForText(page, 'h1', 'Case system deliveries');
    await waitForText(page, 'table', 'Failed');
    expect(await page.locator('table').innerText()).toContain('http_503');
    await expectAccessible(page);

    accepting = true;
    await page.getByRole('button', { name: /Retry delivery of record/ }).click();
    await waitForText(page, '.govuk-notification-banner', 'The delivery was queued again.');
    await expectAccessible(page);
    for (let i = 0; i < 120 && !statuses.includes(200); i++) await new Promise((r) => setTimeout(r, 250));
    await page.reload();
    await waitForText(page, 'table', 'Delivered');
    expect(await page.locator('table').innerText()).not.toContain('Failed');
  }, 120_000);
});
