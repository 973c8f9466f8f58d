/**
 * Classification tables and the request Meta receives. Behaviour against a real server (faults,
 * media, window) is tested end to end in `simulator/simulator.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { ChannelMediaError } from './channel.errors.js';
import { classifyResponse, classifyTransportError, createCloudApiClient } from './cloud-api.client.js';

const metaError = (code: number, message = 'msg') => JSON.stringify({ error: { message, type: 'OAuthException', code } });

describe('classifyResponse', () => {
  it.each([
    [
      200,
      null,
      JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: 'wamid.X' }] }),
      { outcome: 'accepted', providerMessageId: 'wamid.X' },
    ],
    [200, null, '{}', { outcome: 'uncertain' }],
    [200, null, 'not json', { outcome: 'uncertain' }],
    [400, null, metaError(131047), { outcome: 'rejected', code: 131047 }],
    [400, null, metaError(131026), { outcome: 'rejected', code: 131026 }],
    [400, null, metaError(100), { outcome: 'rejected', code: 100 }],
    [404, null, metaError(132001), { outcome: 'rejected', code: 132001 }],
    [401, null, metaError(190), { outcome: 'rejected', code: 190 }],
    [400, null, metaError(130429), { outcome: 'retryable', code: 130429, retryAfterMs: null }],
    [429, '3', metaError(130429), { outcome: 'retryable', code: 130429, retryAfterMs: 3000 }],
    [429, null, '', { outcome: 'retryable', code: null }],
    [400, null, metaError(131056), { outcome: 'retryable', code: 131056 }],
    [500, null, metaError(131000), { outcome: 'retryable', code: 131000 }],
    [503, null, metaError(2), { outcome: 'retryable', code: 2 }],
    [502, null, '', { outcome: 'uncertain' }],
    [504, null, '<html>Gateway Timeout</html>', { outcome: 'uncertain' }],
    [400, null, '', { outcome: 'rejected', code: null }],
  ])('HTTP %i (retry-after %s) %s', (status, retryAfter, body, expected) => {
    expect(classifyResponse(status, retryAfter, body)).toMatchObject(expected);
  });

  it('reads Retry-After as an HTTP date', () => {
    const when = new Date(Date.now() + 60_000).toUTCString();
    const r = classifyResponse(429, when, '');
    expect(r.outcome === 'retryable' && r.retryAfterMs).toBeGreaterThan(50_000);
  });

  it('explains known codes in words the caseworker can act on', () => {
    const r = classifyResponse(400, null, metaError(131047));
    expect(r.outcome === 'rejected' && r.reason).toMatch(/24 hours/);
  });
});

describe('classifyTransportError', () => {
  const fetchFailed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: { code } });
  it.each([
    [fetchFailed('ECONNREFUSED'), 'retryable'],
    [fetchFailed('ENOTFOUND'), 'retryable'],
    [fetchFailed('UND_ERR_CONNECT_TIMEOUT'), 'retryable'],
    [fetchFailed('ECONNRESET'), 'uncertain'],
    [fetchFailed('UND_ERR_SOCKET'), 'uncertain'],
    [new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 'uncertain'],
    [new Error('something else'), 'uncertain'],
  ])('%s → %s', (err, outcome) => {
    expect(classifyTransportError(err).outcome).toBe(outcome);
  });
});

describe('createCloudApiClient', () => {
  it('POSTs Meta’s message shape with the bearer token and biz_opaque_callback_data', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const client = createCloudApiClient({
      graphBase: 'https://graph.example.test/',
      apiVersion: 'v21.0',
      accessToken: 'tok',
      phoneNumberId: '1065',
      timeoutMs: 1000,
      fetchImpl: async (url, init) => {
        calls.push({ url: String(url), init: init! });
        return new Response(JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: 'wamid.1' }] }));
      },
    });
    await client.send({ to: '+447700900123', clientReference: 'ref-1', content: { type: 'text', body: 'Hi' } });
    await client.send({
      to: '+447700900123',
      clientReference: 'ref-2',
      content: { type: 'template', name: 'liaise_first_contact', language: 'en_GB', bodyParameters: ['a', 'b', 'c'] },
    });
    expect(calls[0]!.url).toBe('https://graph.example.test/v21.0/1065/messages');
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer tok');
    expect(JSON.parse(calls[0]!.init.body as string)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '447700900123',
      type: 'text',
      text: { body: 'Hi', preview_url: false },
      biz_opaque_callback_data: 'ref-1',
    });
    expect(JSON.parse(calls[1]!.init.body as string)).toMatchObject({
      type: 'template',
      template: {
        name: 'liaise_first_contact',
        language: { code: 'en_GB' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
              { type: 'text', text: 'c' },
            ],
          },
        ],
      },
      biz_opaque_callback_data: 'ref-2',
    });
  });

  it('never sends the access token to a plain-HTTP media URL on another host', async () => {
    const seen: string[] = [];
    const client = createCloudApiClient({
      graphBase: 'https://graph.example.test',
      apiVersion: 'v21.0',
      accessToken: 'tok',
      phoneNumberId: '1065',
      fetchImpl: async (url) => {
        seen.push(String(url));
        return new Response(JSON.stringify({ url: 'http://evil.test/file', mime_type: 'image/png', sha256: '', file_size: 1, id: 'M' }));
      },
    });
    await expect(client.downloadMedia('M')).rejects.toBeInstanceOf(ChannelMediaError);
    expect(seen).toEqual(['https://graph.example.test/v21.0/M']);
  });
});
