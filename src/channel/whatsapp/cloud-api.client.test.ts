/**
 * Classification tables and the request Meta receives. Behaviour against a real server (faults,
 * media, window) is tested end to end in `simulator/simulator.test.ts`.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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

describe('openMedia against a real HTTP server', () => {
  /**
   * A Graph-like server: GET /v21.0/M gives the media details, GET /file sends `parts` one by one, each
   * after its gate opens. `contentLength: false`: neither the details nor the file say how big it is.
   */
  async function mediaServer(parts: Buffer[], opts: { sha256?: string; contentLength?: boolean } = {}) {
    const whole = Buffer.concat(parts);
    const gates = parts.map(() => {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      return { open, opened };
    });
    const server = createServer((req, res) => {
      if (req.url === '/v21.0/M') {
        const sha256 = opts.sha256 ?? createHash('sha256').update(whole).digest('hex');
        res.setHeader('content-type', 'application/json');
        const size = opts.contentLength === false ? {} : { file_size: whole.length };
        res.end(JSON.stringify({ url: `http://127.0.0.1:${port}/file`, mime_type: 'application/pdf', sha256, ...size, id: 'M' }));
        return;
      }
      res.writeHead(200, opts.contentLength === false ? {} : { 'content-length': String(whole.length) });
      void (async () => {
        for (const [i, part] of parts.entries()) {
          await gates[i]!.opened;
          res.write(part);
        }
        res.end();
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const client = createCloudApiClient({
      graphBase: `http://127.0.0.1:${port}`,
      apiVersion: 'v21.0',
      accessToken: 'tok',
      phoneNumberId: '1065',
      maxMediaBytes: 1024 * 1024,
    });
    return { client, gates, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }

  it('hands over the first piece of a file before the rest has been sent, and its SHA-256 once it is all read', async () => {
    const parts = [Buffer.alloc(64 * 1024, 1), Buffer.alloc(64 * 1024, 2)];
    const s = await mediaServer(parts);
    try {
      s.gates[0]!.open();
      const media = await s.client.openMedia('M');
      const first = await media.body.next();
      // The server has not sent the second half yet: what arrived is the first, streamed, not a buffered whole.
      expect(first.done).toBe(false);
      expect(Buffer.concat([first.value as Buffer]).every((b) => b === 1)).toBe(true);
      expect(media.sha256).toBeNull();
      s.gates[1]!.open();
      let size = (first.value as Buffer).length;
      for await (const chunk of media.body) size += chunk.length;
      expect(size).toBe(128 * 1024);
      expect(media.sizeBytes).toBe(128 * 1024);
      expect(media.sha256).toBe(createHash('sha256').update(Buffer.concat(parts)).digest('hex'));
    } finally {
      for (const g of s.gates) g.open();
      await s.close();
    }
  });

  it('fails the stream past the size limit when no length was declared, and at its end when the SHA-256 does not match', async () => {
    const big = await mediaServer([Buffer.alloc(600 * 1024, 1), Buffer.alloc(600 * 1024, 2)], { contentLength: false });
    try {
      for (const g of big.gates) g.open();
      const media = await big.client.openMedia('M');
      await expect(
        (async () => {
          for await (const chunk of media.body) void chunk;
        })(),
      ).rejects.toMatchObject({ code: 'CHANNEL_MEDIA_TOO_LARGE' });
    } finally {
      await big.close();
    }
    const wrong = await mediaServer([Buffer.from('the real bytes')], { sha256: 'a'.repeat(64) });
    try {
      wrong.gates[0]!.open();
      const media = await wrong.client.openMedia('M');
      const read: Buffer[] = [];
      await expect(
        (async () => {
          for await (const chunk of media.body) read.push(chunk);
        })(),
      ).rejects.toMatchObject({ code: 'CHANNEL_MEDIA_CHECKSUM_MISMATCH' });
      expect(Buffer.concat(read).toString()).toBe('the real bytes');
      expect(media.sha256).toBeNull();
    } finally {
      await wrong.close();
    }
  });
});
