/**
 * Real HTTP end to end: the production Cloud API client talks to the simulator, and the simulator's
 * signed webhooks are verified and mapped by `whatsappWebhookRoutes` in a small Fastify app.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChannelEvent, InboundMessageEvent, SendResult, StatusEvent } from '../../channel.types.js';
import { ChannelMediaError, ChannelTemplateError } from '../channel.errors.js';
import { createCloudApiClient } from '../cloud-api.client.js';
import { whatsappWebhookRoutes } from '../webhook.routes.js';
import { SAMPLE_PDF, SAMPLE_PNG } from './simulator.samples.js';
import { startWhatsAppSimulator } from './simulator.server.js';
import type { RunningSimulator } from './simulator.types.js';

const APP_SECRET = 'test-app-secret';
const ACCESS_TOKEN = 'test-access-token';
const PHONE_NUMBER_ID = '106540352242922';
const CITIZEN = '+447700900123';

let clock = new Date('2026-03-02T09:00:00Z');
let received: ChannelEvent[] = [];
let failNextStores = 0;
let receiver: FastifyInstance;
let webhookUrl: string;
let running: RunningSimulator;

const client = () =>
  createCloudApiClient({
    graphBase: running.url,
    apiVersion: 'v21.0',
    accessToken: ACCESS_TOKEN,
    phoneNumberId: PHONE_NUMBER_ID,
    timeoutMs: 400,
  });

const template = (ref: string) => ({
  to: CITIZEN,
  clientReference: ref,
  content: {
    type: 'template' as const,
    name: 'liaise_first_contact',
    language: 'en_GB',
    bodyParameters: ['Sam', 'Alex Smith', 'Housing Services'],
  },
});
const text = (ref: string, body = 'Your appointment is on Tuesday.') => ({
  to: CITIZEN,
  clientReference: ref,
  content: { type: 'text' as const, body },
});

const statuses = () => received.filter((e): e is StatusEvent => e.kind === 'status');
const messages = () => received.filter((e): e is InboundMessageEvent => e.kind === 'message');

function expectAccepted(r: SendResult): string {
  if (r.outcome !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(r)}`);
  return r.providerMessageId;
}

beforeAll(async () => {
  receiver = Fastify();
  await receiver.register(
    whatsappWebhookRoutes({
      appSecret: APP_SECRET,
      verifyToken: 'verify-me',
      onEvents: async (events) => {
        if (failNextStores > 0) {
          failNextStores -= 1;
          throw new Error('database unavailable');
        }
        received.push(...events);
      },
    }),
  );
  await receiver.listen({ port: 0, host: '127.0.0.1' });
  webhookUrl = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/webhooks/whatsapp`;
  running = await startWhatsAppSimulator({
    appSecret: APP_SECRET,
    accessToken: ACCESS_TOKEN,
    phoneNumberId: PHONE_NUMBER_ID,
    webhookUrl,
    now: () => clock,
    statusDelayMs: 5,
    webhookRetryDelaysMs: [20, 40, 80],
    faultHoldMs: 3000,
  });
});

afterEach(async () => {
  await running.sim.idle();
  running.sim.reset();
  running.sim.setWebhookUrl(webhookUrl);
  received = [];
  failNextStores = 0;
  clock = new Date('2026-03-02T09:00:00Z');
});

afterAll(async () => {
  await running.close();
  await receiver.close();
});

describe('sending through the simulator', () => {
  it('sends the approved template outside the window and reports sent and delivered with the client reference', async () => {
    const id = expectAccepted(await client().send(template('msg-1')));
    expect(id).toMatch(/^wamid\./);
    await running.sim.idle();

    const outbox = running.sim.outbox();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ id, to: '447700900123', type: 'template', clientReference: 'msg-1' });
    expect(outbox[0]!.text).toContain('Hello Sam, this is Alex Smith from Housing Services.');

    expect(statuses().map((s) => [s.status, s.providerMessageId, s.clientReference, s.recipient])).toEqual([
      ['sent', id, 'msg-1', CITIZEN],
      ['delivered', id, 'msg-1', CITIZEN],
    ]);
    expect(statuses()[0]!.phoneNumberId).toBe(PHONE_NUMBER_ID);
  });

  it('refuses free-form text outside the 24-hour window (131047) and allows it inside', async () => {
    expect(await client().send(text('m-a'))).toMatchObject({ outcome: 'rejected', code: 131047 });

    await running.sim.sendInbound({ from: CITIZEN, text: 'Hello?' });
    expectAccepted(await client().send(text('m-b')));

    clock = new Date(clock.getTime() + 24 * 60 * 60 * 1000 - 1000);
    expectAccepted(await client().send(text('m-c')));
    clock = new Date(clock.getTime() + 2000);
    expect(await client().send(text('m-d'))).toMatchObject({ outcome: 'rejected', code: 131047 });
    expect(running.sim.outbox().map((m) => m.clientReference)).toEqual(['m-b', 'm-c']);
  });

  it('refuses an unknown template (132001), a wrong language and a wrong parameter count (132000)', async () => {
    const base = template('t');
    expect(await client().send({ ...base, content: { ...base.content, name: 'marketing_blast' } })).toMatchObject({
      outcome: 'rejected',
      code: 132001,
    });
    expect(await client().send({ ...base, content: { ...base.content, language: 'en_US' } })).toMatchObject({
      outcome: 'rejected',
      code: 132001,
    });
    expect(await client().send({ ...base, content: { ...base.content, bodyParameters: ['only one'] } })).toMatchObject({
      outcome: 'rejected',
      code: 132000,
    });
    expect(running.sim.outbox()).toHaveLength(0);
  });

  it('refuses a wrong access token with Meta error 190', async () => {
    const bad = createCloudApiClient({
      graphBase: running.url,
      apiVersion: 'v21.0',
      accessToken: 'wrong',
      phoneNumberId: PHONE_NUMBER_ID,
      timeoutMs: 400,
    });
    expect(await bad.send(template('x'))).toMatchObject({ outcome: 'rejected', code: 190 });
  });

  it('refuses an invalid recipient before calling the API', async () => {
    expect(await client().send({ ...template('x'), to: 'not a number' })).toMatchObject({ outcome: 'rejected' });
  });
});

describe('injected faults are classified as the outbox worker needs', () => {
  it.each([
    ['5xx', { outcome: 'retryable', code: 2 }, 0],
    ['429', { outcome: 'retryable', code: 130429, retryAfterMs: 2000 }, 0],
    ['undeliverable', { outcome: 'rejected', code: 131026 }, 0],
    ['5xx-no-body', { outcome: 'uncertain' }, 1],
    ['timeout', { outcome: 'uncertain' }, 1],
    ['reset', { outcome: 'uncertain' }, 1],
  ] as const)('%s → %o', async (kind, expected, acceptedCount) => {
    running.sim.injectFault({ kind });
    const result = await client().send(template(`fault-${kind}`));
    expect(result).toMatchObject(expected);
    // The fault is used up: the next send goes through.
    expectAccepted(await client().send(template('after')));
    await running.sim.idle();
    // Where the answer was lost the message really went: its statuses carry our reference, so the
    // outbox worker can reconcile instead of resending.
    expect(running.sim.outbox().filter((m) => m.clientReference === `fault-${kind}`)).toHaveLength(acceptedCount);
    expect(statuses().some((s) => s.clientReference === `fault-${kind}` && s.status === 'delivered')).toBe(acceptedCount === 1);
  });

  it('a lost answer can also hide a message that was not accepted', async () => {
    running.sim.injectFault({ kind: 'timeout', accepted: false });
    expect(await client().send(template('lost'))).toMatchObject({ outcome: 'uncertain' });
    expect(running.sim.outbox()).toHaveLength(0);
  });

  it('faults can be injected over HTTP and affect `count` requests', async () => {
    const res = await fetch(`${running.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: '5xx', count: 2 }),
    });
    expect(res.status).toBe(201);
    expect(await client().send(template('a'))).toMatchObject({ outcome: 'retryable' });
    expect(await client().send(template('b'))).toMatchObject({ outcome: 'retryable' });
    expectAccepted(await client().send(template('c')));
    const bad = await fetch(`${running.url}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'meteor' }),
    });
    expect(bad.status).toBe(400);
  });

  it('connection refused is retryable (certainly not sent)', async () => {
    const spare = Fastify();
    await spare.listen({ port: 0, host: '127.0.0.1' });
    const port = (spare.server.address() as AddressInfo).port;
    await spare.close();
    const refused = createCloudApiClient({
      graphBase: `http://127.0.0.1:${port}`,
      apiVersion: 'v21.0',
      accessToken: ACCESS_TOKEN,
      phoneNumberId: PHONE_NUMBER_ID,
      timeoutMs: 400,
    });
    expect(await refused.send(template('r'))).toMatchObject({ outcome: 'retryable', code: null });
  });

  it('undeliverable-async: accepted, then a failed status carrying error 131026', async () => {
    running.sim.injectFault({ kind: 'undeliverable-async' });
    const id = expectAccepted(await client().send(template('async-fail')));
    await running.sim.idle();
    const failed = statuses().find((s) => s.providerMessageId === id);
    expect(failed).toMatchObject({ status: 'failed', clientReference: 'async-fail' });
    expect(failed!.errors[0]).toMatchObject({ code: 131026 });
  });

  it('duplicate-webhook delivers the same message twice', async () => {
    running.sim.injectFault({ kind: 'duplicate-webhook' });
    const id = await running.sim.sendInbound({ from: CITIZEN, text: 'Same again' });
    await running.sim.idle();
    expect(messages().map((m) => m.providerMessageId)).toEqual([id, id]);
    expect(
      running.sim
        .webhookDeliveries()
        .filter((d) => d.messageId === id)
        .map((d) => d.duplicate),
    ).toEqual([false, true]);
  });

  it('out-of-order-statuses delivers read, delivered, sent', async () => {
    running.sim.injectFault({ kind: 'out-of-order-statuses' });
    const id = expectAccepted(await client().send(template('ooo')));
    await running.sim.idle();
    expect(
      statuses()
        .filter((s) => s.providerMessageId === id)
        .map((s) => s.status),
    ).toEqual(['read', 'delivered', 'sent']);
    expect(running.sim.outbox()[0]!.status).toBe('read');
  });
});

describe('webhooks from the simulator', () => {
  it('delivers inbound text with escaped unicode, profile name and E.164 sender; the receiver verifies the raw bytes', async () => {
    const body = 'Café ☕ naïve 😀 / “quotes”';
    const id = await running.sim.sendInbound({ from: CITIZEN, text: body, profileName: 'Zoë Ågren' });
    const [m] = messages();
    expect(m).toMatchObject({
      kind: 'message',
      providerMessageId: id,
      from: CITIZEN,
      profileName: 'Zoë Ågren',
      type: 'text',
      text: body,
      phoneNumberId: PHONE_NUMBER_ID,
    });
    expect(m!.sentAt.toISOString()).toBe('2026-03-02T09:00:00.000Z');
  });

  it('delivers image, document and location messages; media downloads through id → URL → bytes with its SHA-256 checked', async () => {
    await running.sim.sendInbound({ from: CITIZEN, image: { sample: 'image', caption: 'The damp' } });
    await running.sim.sendInbound({ from: CITIZEN, document: { sample: 'pdf' } });
    await running.sim.sendInbound({
      from: CITIZEN,
      location: { latitude: 51.5034, longitude: -0.1276, name: 'Town Hall', address: '1 High Street' },
    });
    const [image, doc, loc] = messages();

    expect(image).toMatchObject({ type: 'image', text: 'The damp', media: { mimeType: 'image/png', caption: 'The damp' } });
    expect(image!.media!.sha256).toBe(createHash('sha256').update(SAMPLE_PNG).digest('hex'));
    expect(doc).toMatchObject({ type: 'document', media: { mimeType: 'application/pdf', fileName: 'sample.pdf' } });
    expect(loc).toMatchObject({
      type: 'location',
      location: { latitude: 51.5034, longitude: -0.1276, name: 'Town Hall', address: '1 High Street' },
    });

    const downloaded = await client().downloadMedia(image!.media!.mediaId, { expectedSha256: image!.media!.sha256 });
    expect(downloaded.bytes.equals(SAMPLE_PNG)).toBe(true);
    expect(downloaded).toMatchObject({ mimeType: 'image/png', sha256: image!.media!.sha256 });
    const pdf = await client().downloadMedia(doc!.media!.mediaId);
    expect(pdf.bytes.equals(SAMPLE_PDF)).toBe(true);
  });

  it('media download fails safely: checksum mismatch, unknown id, wrong token, size cap', async () => {
    await running.sim.sendInbound({ from: CITIZEN, image: { sample: 'image' } });
    const mediaId = messages()[0]!.media!.mediaId;
    const code = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: unknown) => (e instanceof ChannelMediaError ? e.code : String(e)),
      );

    expect(await code(client().downloadMedia(mediaId, { expectedSha256: 'a'.repeat(64) }))).toBe('CHANNEL_MEDIA_CHECKSUM_MISMATCH');
    expect(await code(client().downloadMedia('999999999999'))).toBe('CHANNEL_MEDIA_NOT_FOUND');
    const wrongToken = createCloudApiClient({
      graphBase: running.url,
      apiVersion: 'v21.0',
      accessToken: 'nope',
      phoneNumberId: PHONE_NUMBER_ID,
    });
    expect(await code(wrongToken.downloadMedia(mediaId))).toBe('CHANNEL_MEDIA_UNAUTHORIZED');
    const tiny = createCloudApiClient({
      graphBase: running.url,
      apiVersion: 'v21.0',
      accessToken: ACCESS_TOKEN,
      phoneNumberId: PHONE_NUMBER_ID,
      maxMediaBytes: 10,
    });
    expect(await code(tiny.downloadMedia(mediaId))).toBe('CHANNEL_MEDIA_TOO_LARGE');
  });

  it('retries a delivery the receiver could not store (500) until it is stored', async () => {
    failNextStores = 2;
    const id = await running.sim.sendInbound({ from: CITIZEN, text: 'Retry me' });
    await running.sim.idle();
    expect(messages().map((m) => m.providerMessageId)).toEqual([id]);
    const log = running.sim.webhookDeliveries().find((d) => d.messageId === id)!;
    expect(log).toMatchObject({ attempts: 3, state: 'delivered', lastStatus: 200 });
  });

  it('gives up after its retries when the receiver keeps refusing', async () => {
    failNextStores = 10;
    const id = await running.sim.sendInbound({ from: CITIZEN, text: 'Nobody home' });
    await running.sim.idle();
    expect(received).toHaveLength(0);
    expect(running.sim.webhookDeliveries().find((d) => d.messageId === id)).toMatchObject({
      attempts: 4,
      state: 'gave-up',
      lastStatus: 500,
    });
  });

  it('holds deliveries while there is no webhook URL and sends them once one is set', async () => {
    running.sim.setWebhookUrl(null);
    const id = await running.sim.sendInbound({ from: CITIZEN, text: 'Later' });
    await running.sim.idle();
    expect(received).toHaveLength(0);
    running.sim.setWebhookUrl(webhookUrl);
    await running.sim.idle();
    expect(messages().map((m) => m.providerMessageId)).toEqual([id]);
  });

  it('the receiver rejects bad or missing signatures and malformed JSON, storing nothing', async () => {
    const payload = { object: 'whatsapp_business_account', entry: [] };
    expect(await running.sim.deliverRaw(payload, { signature: `sha256=${'0'.repeat(64)}` })).toEqual({ status: 401 });
    expect(await running.sim.deliverRaw(payload, { signature: null })).toEqual({ status: 401 });
    expect(await running.sim.deliverRaw('{"object":')).toEqual({ status: 400 });
    expect(await running.sim.deliverRaw(payload)).toEqual({ status: 200 });
    expect(received).toHaveLength(0);
  });

  it('markRead (and POST /_sim/read) sends a read status', async () => {
    const id = expectAccepted(await client().send(template('to-read')));
    await running.sim.idle();
    await running.sim.markRead(id);
    expect(statuses().map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
    const res = await fetch(`${running.url}/_sim/read`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id }),
    });
    expect(res.status).toBe(204);
    expect(statuses()).toHaveLength(4);
    await expect(running.sim.markRead('wamid.unknown')).rejects.toMatchObject({ code: 'SIMULATOR_INVALID_INPUT' });
  });

  it('accepts the business marking an inbound message read', async () => {
    const inboundId = await running.sim.sendInbound({ from: CITIZEN, text: 'Seen?' });
    const res = await fetch(`${running.url}/v21.0/${PHONE_NUMBER_ID}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ACCESS_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', status: 'read', message_id: inboundId }),
    });
    expect(await res.json()).toEqual({ success: true });
    expect(running.sim.inbox()[0]!.readByBusiness).toBe(true);
  });

  it('accepts JSON inbound on /_sim/inbound', async () => {
    const res = await fetch(`${running.url}/_sim/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: '07700 900456', text: 'From the bench', profileName: 'Bench' }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    expect(messages()).toMatchObject([{ providerMessageId: id, from: '+447700900456', profileName: 'Bench' }]);
  });
});

describe('citizen phone page', () => {
  const form = (data: Record<string, string>) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(data).toString(),
    redirect: 'manual' as const,
  });

  it('opens a chat by number, shows the thread, and replies by text, location and sample attachment', async () => {
    const index = await fetch(`${running.url}/phone`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<label for="number">');

    const open = await fetch(`${running.url}/phone?number=07700%20900123`, { redirect: 'manual' });
    expect(open.status).toBe(303);
    expect(open.headers.get('location')).toBe('/phone/447700900123');

    expectAccepted(await client().send({ ...template('p1'), content: { ...template('p1').content, bodyParameters: ['<Sam>', 'A', 'B'] } }));
    await running.sim.idle();

    const thread = await (await fetch(`${running.url}/phone/447700900123`)).text();
    expect(thread).toContain('Hello &lt;Sam&gt;, this is A from B');
    expect(thread).not.toContain('<Sam>');
    await running.sim.idle();
    // Opening the chat reads the delivered message.
    expect(statuses().map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);

    const t = await fetch(`${running.url}/phone/447700900123/text`, form({ text: 'Thanks, got it' }));
    expect(t.status).toBe(303);
    const l = await fetch(
      `${running.url}/phone/447700900123/location`,
      form({ latitude: '53.48', longitude: '-2.24', name: 'Library', address: '' }),
    );
    expect(l.status).toBe(303);

    const fd = new FormData();
    fd.append('sample', 'pdf');
    fd.append('caption', 'My tenancy');
    fd.append('file', new Blob([]), '');
    const m = await fetch(`${running.url}/phone/447700900123/media`, { method: 'POST', body: fd, redirect: 'manual' });
    expect(m.status).toBe(303);

    const up = new FormData();
    up.append('file', new Blob([SAMPLE_PNG], { type: 'image/png' }), 'photo.png');
    const u = await fetch(`${running.url}/phone/447700900123/media`, { method: 'POST', body: up, redirect: 'manual' });
    expect(u.status).toBe(303);

    await vi.waitFor(() => expect(messages()).toHaveLength(4));
    expect(messages().map((x) => [x.type, x.text])).toEqual([
      ['text', 'Thanks, got it'],
      ['location', 'Location: Library (53.48, -2.24)'],
      ['document', 'My tenancy'],
      ['image', null],
    ]);
    expect(messages()[3]!.media!.sha256).toBe(createHash('sha256').update(SAMPLE_PNG).digest('hex'));

    const after = await (await fetch(`${running.url}/phone/447700900123`)).text();
    expect(after).toContain('Thanks, got it');
    expect(after).toContain('alt="Photo you sent"');
  });

  it('sends every documented Meta shape from the phone page, signed, and lists them on the control API', async () => {
    const listed = (await (await fetch(`${running.url}/_sim/shapes`)).json()) as {
      shapes: Array<{ name: string; needsKnownMessage: boolean }>;
    };
    expect(listed.shapes.length).toBeGreaterThan(40);
    const thread = await (await fetch(`${running.url}/phone/447700900123`)).text();
    const fromPhone = listed.shapes.filter((x) => !x.needsKnownMessage);
    for (const x of fromPhone) expect(thread).toContain(`<option value="${x.name}">`);
    for (const x of fromPhone) {
      received = [];
      const res = await fetch(`${running.url}/phone/447700900123/shape`, form({ shape: x.name }));
      expect(res.status, x.name).toBe(303);
      await running.sim.idle();
      expect(received.length, `${x.name} reached the webhook and was read`).toBeGreaterThan(0);
    }
    expect((await fetch(`${running.url}/phone/447700900123/shape`, form({ shape: 'no-such-shape' }))).status).toBe(400);
    const api = await fetch(`${running.url}/_sim/shapes/status-read`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(api.status).toBe(400); // a status about a known message needs its id
  });

  it('explains a bad number and an empty reply', async () => {
    expect((await fetch(`${running.url}/phone?number=abc`)).status).toBe(400);
    expect((await fetch(`${running.url}/phone/447700900123/text`, form({ text: '  ' }))).status).toBe(400);
    expect(received).toHaveLength(0);
  });
});

describe('message templates through the Cloud API client', () => {
  const WABA_ID = '104996000000123';
  let account: RunningSimulator;
  const client = (wabaId: string | null = WABA_ID) =>
    createCloudApiClient({
      graphBase: account.url,
      apiVersion: 'v23.0',
      phoneNumberId: PHONE_NUMBER_ID,
      accessToken: ACCESS_TOKEN,
      wabaId,
      templatePageSize: 2,
    });

  beforeAll(async () => {
    account = await startWhatsAppSimulator({
      appSecret: APP_SECRET,
      accessToken: ACCESS_TOKEN,
      phoneNumberId: PHONE_NUMBER_ID,
      wabaId: WABA_ID,
      webhookUrl,
      templateReviewDelayMs: 20,
      webhookRetryDelaysMs: [20],
    });
  });
  afterAll(async () => account.close());

  it('creates templates PENDING, reviews them after the delay with a signed webhook, and lists them page by page', async () => {
    const c = client();
    const good = await c.createTemplate({
      name: 'visit_reminder',
      language: 'en_GB',
      category: 'UTILITY',
      body: 'Hello {{1}}, your visit is on {{2}}. Please reply.',
      exampleParameters: ['Sam', 'Monday'],
    });
    const gappy = await c.createTemplate({
      name: 'gappy',
      language: 'cy',
      category: 'UTILITY',
      body: 'Helo {{1}} a {{3}} heddiw',
      exampleParameters: ['Sam', 'Llun'],
    });
    expect(good.status).toBe('PENDING');
    // The review runs on its timer: wait for both outcomes to arrive (a busy machine may take a while).
    for (let i = 0; i < 200 && received.filter((e) => e.kind === 'template_status').length < 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      await account.sim.idle();
    }
    const reviews = received.filter((e) => e.kind === 'template_status');
    expect(reviews).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          providerTemplateId: good.providerTemplateId,
          name: 'visit_reminder',
          status: 'APPROVED',
          reason: null,
          wabaId: WABA_ID,
        }),
        expect.objectContaining({
          providerTemplateId: gappy.providerTemplateId,
          language: 'cy',
          status: 'REJECTED',
          reason: 'INVALID_FORMAT',
        }),
      ]),
    );
    // Each review is kept as an account notice too, as Meta sent it.
    expect(received.filter((e) => e.kind === 'notice' && e.field === 'message_template_status_update')).toHaveLength(2);

    const listed = await c.listTemplates();
    expect(listed.map((t) => [t.name, t.language, t.status, t.rejectedReason])).toEqual([
      ['liaise_first_contact', 'en_GB', 'APPROVED', null],
      ['visit_reminder', 'en_GB', 'APPROVED', null],
      ['gappy', 'cy', 'REJECTED', 'INVALID_FORMAT'],
    ]);
    expect(listed[1]).toMatchObject({ category: 'UTILITY', body: 'Hello {{1}}, your visit is on {{2}}. Please reply.' });
  });

  it('refuses a duplicate with Meta’s error, and needs a business account id', async () => {
    const err = await client()
      .createTemplate({ name: 'liaise_first_contact', language: 'en_GB', category: 'UTILITY', body: 'Hello there', exampleParameters: [] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelTemplateError);
    expect(err).toMatchObject({ code: 'CHANNEL_TEMPLATE_REFUSED', details: { providerCode: 100 } });
    await expect(client(null).listTemplates()).rejects.toMatchObject({ code: 'CHANNEL_TEMPLATES_NOT_CONFIGURED' });
    await expect(client('999999999').listTemplates()).rejects.toMatchObject({ code: 'CHANNEL_TEMPLATE_REFUSED' });
  });
});
