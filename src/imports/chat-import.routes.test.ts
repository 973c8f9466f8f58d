import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/app.js';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { createBrowserSession } from '../../test/http.js';
import { buildZip } from '../../test/chat-export/chat-export.testing.js';

describe.each(DB_KINDS)('chat import in the staff app (%s)', (kind) => {
  let t: TestContext;
  let browser: ReturnType<typeof createBrowserSession>;
  let citizenId: string;
  beforeAll(async () => {
    t = await createTestContext(kind, { importMaxBytes: 64 * 1024 });
    const cw = await t.addStaff('caseworker');
    browser = createBrowserSession(t.app);
    await browser.signIn(cw.email, cw.password);
    citizenId = (await t.addCitizen({ fullName: 'Alex Example', caseReference: 'HSG-WEB-1' })).id;
  }, 60_000);
  afterAll(async () => t?.close());

  async function upload(content: Buffer | string, fileName = 'WhatsApp Chat with Alex.txt', extra: Record<string, string> = {}) {
    await browser.get(`/imports/new?citizenId=${citizenId}`);
    const form = new FormData();
    form.set('_csrf', browser.csrf);
    form.set('citizenId', citizenId);
    for (const [k, v] of Object.entries(extra)) form.set(k, v);
    form.set('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), fileName);
    const res = await fetch(`${t.appUrl}/imports`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
      headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }

  it('uploads, asks who is who, imports as a job and shows the result', async () => {
    const chat =
      '13/03/2024, 09:01 - Pat Officer: Can we arrange a call?\n13/03/2024, 09:05 - Alex Example: Yes, after 5pm\n13/03/2024, 09:06 - Jamie Friend: I am Alex’s friend\n';
    const res = await upload(chat);
    expect(res.status).toBe(200);
    expect(res.body).toContain('Who is in this chat?');
    expect(res.body).toContain('Jamie Friend (1 message)');
    const token = /name="token" value="([^"]+)"/.exec(res.body)![1]!;
    const staffValue = /value="(staff:[0-9a-f-]{36})"/.exec(res.body)![1]!;
    const answered = await browser.post('/imports/authors', {
      token,
      fileName: 'chat.txt',
      citizenId,
      timeZone: '',
      dateOrder: '',
      author0: staffValue,
      author1: 'citizen',
      author2: 'third_party',
    });
    expect(answered.statusCode).toBe(303);
    const batchUrl = answered.headers.location as string;
    const pending = await browser.get(batchUrl);
    expect(pending.statusCode).toBe(200);
    await t.settle();
    const done = await browser.get(batchUrl);
    expect(done.body).toContain('Chat imported');
    expect(done.body).not.toContain('http-equiv="refresh"');
    const convHref = /href="(\/conversations\/[0-9a-f-]{36})"/.exec(done.body)![1]!;
    const conv = await browser.get(convHref);
    expect(conv.body).toContain('Yes, after 5pm');
    expect(conv.body).toContain('imported from a staff member');
    // The same file again: nothing new.
    const again = await upload(chat);
    expect(again.status).toBe(200);
    const token2 = /name="token" value="([^"]+)"/.exec(again.body)![1]!;
    const r = await browser.post('/imports/authors', {
      token: token2,
      fileName: 'chat.txt',
      citizenId,
      author0: staffValue,
      author1: 'citizen',
      author2: 'third_party',
    });
    expect(r.headers.location).toBe(`${batchUrl}?already=1`);
    expect((await browser.get(r.headers.location as string)).body).toContain('imported before');
  });

  it('imports a zip whose photo several messages share, and each message’s link downloads the photo byte for byte', async () => {
    const photo = randomBytes(20_000);
    const chat = [1, 2, 3].map((i) => `[14/03/2024, 10:0${i}:00] Alex Example: <attached: 00000005-PHOTO-2024-03-14.jpg>`).join('\n');
    const zip = buildZip([
      { name: '_chat.txt', data: Buffer.from(`${chat}\n`) },
      { name: '00000005-PHOTO-2024-03-14.jpg', data: photo, method: 'store' },
    ]);
    const res = await upload(zip, 'WhatsApp Chat - Alex.zip');
    expect(res.status).toBe(303);
    await t.settle();
    const done = await browser.get(res.location!);
    expect(done.body).toContain('Chat imported');
    const convHref = /href="(\/conversations\/[0-9a-f-]{36})"/.exec(done.body)![1]!;
    const links = [
      ...new Set([...(await browser.get(convHref)).body.matchAll(/href="(\/attachments\/[0-9a-f-]{36})"/g)].map((m) => m[1]!)),
    ];
    expect(links).toHaveLength(3);
    for (const link of links) {
      const file = await browser.get(link);
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.equals(photo)).toBe(true);
    }
  });

  it('rejects an oversized upload and a file that is not a chat, storing nothing', async () => {
    // Every table an import writes, row by row.
    const touched = ['import_batch', 'conversation', 'message', 'attachment', 'record', 'record_pending', 'audit_event'];
    const before = await snapshotTables(t.db, touched);
    const big = await upload(Buffer.alloc(200 * 1024, 65), 'big.txt');
    expect(big.status).toBe(413);
    expect(big.body).toContain('larger than');
    const junk = await upload(Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 9]), 'junk.txt');
    expect(junk.status).toBe(422);
    expect(junk.body).toContain('There is a problem');
    const noCsrf = new FormData();
    noCsrf.set('citizenId', citizenId);
    noCsrf.set('file', new Blob(['13/03/2024, 09:01 - A: hi\n']), 'a.txt');
    const forged = await fetch(`${t.appUrl}/imports`, {
      method: 'POST',
      body: noCsrf,
      redirect: 'manual',
      headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(forged.status).toBe(403);
    expect(await snapshotTables(t.db, touched)).toEqual(before);
  });
});
