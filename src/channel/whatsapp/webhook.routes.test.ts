import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildInboundDelivery, buildInboundMessage, type InboundTextMessage } from '../../../test/factories.js';
import type { ChannelEvent } from '../channel.types.js';
import { stringifyLikeMeta } from './meta-json.js';
import { whatsappWebhookRoutes } from './webhook.routes.js';
import { signWebhookBody, verifyWebhookSignature } from './webhook.signature.js';

const SECRET = 'app-secret';

const CITIZEN_WA_ID = '447700900123';
const delivery = (messages: InboundTextMessage[]) =>
  buildInboundDelivery(messages, { profileName: 'Zoë', entryId: 'WABA', phoneNumberId: 'PNID' });
const textMessage = (id: string, body: string) => buildInboundMessage({ from: CITIZEN_WA_ID, id, timestamp: '1767258000', body });

describe('whatsappWebhookRoutes', () => {
  let app: FastifyInstance;
  let stored: ChannelEvent[][];
  let failStore: boolean;

  beforeEach(async () => {
    stored = [];
    failStore = false;
    app = Fastify();
    // The host app keeps its own JSON parsing: the webhook's raw parser is scoped to the plugin.
    app.post('/api/echo', async (request) => ({ got: request.body }));
    await app.register(
      whatsappWebhookRoutes({
        appSecret: SECRET,
        verifyToken: 'the-verify-token',
        bodyLimit: 64 * 1024,
        onEvents: async (events) => {
          if (failStore) throw new Error('db down');
          stored.push(events);
        },
      }),
    );
    await app.ready();
  });
  afterEach(() => app.close());

  const post = (raw: string | Buffer, signature?: string | null, contentType = 'application/json') =>
    app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      headers: {
        'content-type': contentType,
        ...(signature === null ? {} : { 'x-hub-signature-256': signature ?? signWebhookBody(raw, SECRET) }),
      },
      payload: raw,
    });

  describe('GET verification handshake', () => {
    it.each([
      ['subscribe', 'the-verify-token', '1158201444', 200],
      ['subscribe', 'wrong-token', '1158201444', 403],
      ['unsubscribe', 'the-verify-token', '1158201444', 403],
      [undefined, 'the-verify-token', '1158201444', 403],
      ['subscribe', undefined, '1158201444', 403],
      ['subscribe', 'the-verify-token', undefined, 403],
    ])('mode=%s token=%s challenge=%s → %i', async (mode, token, challenge, status) => {
      const q = new URLSearchParams();
      if (mode) q.set('hub.mode', mode);
      if (token) q.set('hub.verify_token', token);
      if (challenge) q.set('hub.challenge', challenge);
      const res = await app.inject({ method: 'GET', url: `/webhooks/whatsapp?${q}` });
      expect(res.statusCode).toBe(status);
      if (status === 200) {
        expect(res.body).toBe(challenge);
        expect(res.headers['content-type']).toMatch(/^text\/plain/);
      }
    });
  });

  it('verifies the escaped-unicode bytes Meta signs, not a re-serialisation', async () => {
    const payload = delivery([textMessage('wamid.A', 'Café ☕ 😀 a/b')]);
    const raw = stringifyLikeMeta(payload);
    expect(raw).toContain('Caf\\u00e9 \\u2615 \\ud83d\\ude00 a\\/b');
    // A receiver that re-serialised the parsed object would compute a different HMAC.
    const reserialised = JSON.stringify(JSON.parse(raw));
    expect(reserialised).not.toBe(raw);
    expect(verifyWebhookSignature(Buffer.from(reserialised), signWebhookBody(raw, SECRET), SECRET)).toBe(false);

    const res = await post(raw);
    expect(res.statusCode).toBe(200);
    expect(stored).toHaveLength(1);
    expect(stored[0]![0]).toMatchObject({ kind: 'message', text: 'Café ☕ 😀 a/b', from: '+447700900123', profileName: 'Zoë' });
  });

  it('maps several messages in one delivery, across entries and changes', async () => {
    const payload = delivery([textMessage('wamid.1', 'one'), textMessage('wamid.2', 'two')]);
    const second = structuredClone(payload.entry[0]!);
    second.changes[0]!.value.messages = [textMessage('wamid.3', 'three')];
    payload.entry.push(second);
    payload.entry[0]!.changes.push(structuredClone(second.changes[0]!));
    payload.entry[0]!.changes[1]!.value.messages = [textMessage('wamid.4', 'four')];
    const res = await post(stringifyLikeMeta(payload));
    expect(res.statusCode).toBe(200);
    expect(
      stored[0]!.map((e) => (e.kind === 'notice' ? e.dedupeKey : e.kind === 'template_status' ? e.name : e.providerMessageId)),
    ).toEqual(['wamid.1', 'wamid.2', 'wamid.4', 'wamid.3']);
  });

  it.each([
    ['a wrong signature', `sha256=${'a'.repeat(64)}`],
    ['a signature made with another secret', 'OTHER'],
    ['a malformed header', 'sha1=abc'],
    ['no signature', null],
  ])('answers 401 to %s and stores nothing', async (_name, header) => {
    const raw = stringifyLikeMeta(delivery([textMessage('wamid.X', 'hi')]));
    const sig = header === 'OTHER' ? signWebhookBody(raw, 'not-the-secret') : header;
    const res = await post(raw, sig);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'WEBHOOK_SIGNATURE_INVALID' } });
    expect(stored).toHaveLength(0);
  });

  it('rejects a body altered after signing', async () => {
    const raw = stringifyLikeMeta(delivery([textMessage('wamid.X', 'pay £10')]));
    const res = await post(raw.replace('10', '99'), signWebhookBody(raw, SECRET));
    expect(res.statusCode).toBe(401);
    expect(stored).toHaveLength(0);
  });

  it('answers 400 to signed malformed JSON and to a body that is not a WhatsApp delivery', async () => {
    expect((await post('{"object": "whatsapp_business_account", ')).statusCode).toBe(400);
    const notMeta = await post(JSON.stringify({ object: 'page', entry: [] }));
    expect(notMeta.statusCode).toBe(400);
    expect(notMeta.json()).toMatchObject({ error: { code: 'WEBHOOK_PAYLOAD_INVALID' } });
    expect(stored).toHaveLength(0);
  });

  it('answers 500 when the events cannot be stored, so Meta delivers again', async () => {
    failStore = true;
    const res = await post(stringifyLikeMeta(delivery([textMessage('wamid.X', 'hi')])));
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ error: { code: 'WEBHOOK_PROCESSING_FAILED' } });
  });

  it('answers 413 to an oversized body without calling onEvents', async () => {
    const raw = stringifyLikeMeta(delivery([textMessage('wamid.X', 'x'.repeat(70 * 1024))]));
    const res = await post(raw);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'WEBHOOK_BODY_TOO_LARGE' } });
    expect(stored).toHaveLength(0);
  });

  it('verifies whatever the content type, and leaves the host app’s JSON parsing alone', async () => {
    const raw = stringifyLikeMeta(delivery([textMessage('wamid.T', 'hi')]));
    expect((await post(raw, undefined, 'text/plain')).statusCode).toBe(200);
    const echo = await app.inject({ method: 'POST', url: '/api/echo', payload: { a: 1 } });
    expect(echo.json()).toEqual({ got: { a: 1 } });
  });

  it('hands a change on another field to onEvents as a notice, named the same way when Meta retries it', async () => {
    const payload = {
      object: 'whatsapp_business_account',
      entry: [{ id: 'W', changes: [{ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } }] }],
    };
    const raw = stringifyLikeMeta(payload);
    expect((await post(raw)).statusCode).toBe(200);
    expect((await post(raw)).statusCode).toBe(200);
    expect(stored).toHaveLength(2);
    const [first, again] = [stored[0]![0]!, stored[1]![0]!];
    expect(first).toMatchObject({ kind: 'notice', noticeKind: 'field', field: 'account_update', wabaId: 'W' });
    expect(first.kind === 'notice' && first.dedupeKey).toMatch(/^delivery:[0-9a-f]{64}$/);
    expect(again.kind === 'notice' && again.dedupeKey).toBe(first.kind === 'notice' && first.dedupeKey);
  });

  it('acknowledges a delivery with no changes in it without calling onEvents', async () => {
    const res = await post(stringifyLikeMeta({ object: 'whatsapp_business_account', entry: [{ id: 'W', changes: [] }] }));
    expect(res.statusCode).toBe(200);
    expect(stored).toHaveLength(0);
  });
});

describe('signatures', () => {
  it('accepts upper-case hex and rejects an empty secret', () => {
    const body = Buffer.from('{}');
    const sig = signWebhookBody(body, SECRET);
    expect(verifyWebhookSignature(body, sig.toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe(true);
    expect(verifyWebhookSignature(body, signWebhookBody(body, ''), '')).toBe(false);
    expect(verifyWebhookSignature(body, undefined, SECRET)).toBe(false);
  });

  it('stringifyLikeMeta escapes every non-ASCII code unit and the slash', () => {
    expect(stringifyLikeMeta({ s: 'é😀/' })).toBe('{"s":"\\u00e9\\ud83d\\ude00\\/"}');
    expect(JSON.parse(stringifyLikeMeta({ s: 'é😀/"\\' }))).toEqual({ s: 'é😀/"\\' });
  });
});
