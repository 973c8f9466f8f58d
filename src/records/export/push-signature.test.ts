import { describe, expect, it } from 'vitest';
import { signPush, verifyPush } from './push-signature.js';

describe('case-system push signature', () => {
  const at = new Date('2026-12-03T12:00:00Z');
  const body = JSON.stringify({ event: 'message.captured', caseReferences: ['HSG-2026-0042'] });

  it('verifies what it signed, within the tolerance', () => {
    const header = signPush(body, 's3cret', at);
    expect(header).toMatch(/^t=1796299200,v1=[0-9a-f]{64}$/);
    expect(verifyPush(header, body, 's3cret', new Date(at.getTime() + 299_000))).toEqual({ ok: true });
  });

  it('rejects a replay, another body, another secret and junk', () => {
    const header = signPush(body, 's3cret', at);
    expect(verifyPush(header, body, 's3cret', new Date(at.getTime() + 301_000))).toEqual({ ok: false, reason: 'stale' });
    expect(verifyPush(header, `${body} `, 's3cret', at)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyPush(header, body, 'other', at)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyPush(header.replace(/t=\d+/, 't=1796299201'), body, 's3cret', at)).toEqual({ ok: false, reason: 'bad signature' });
    for (const junk of [undefined, '', 't=1', 'v1=ab', 't=x,v1=' + 'a'.repeat(64)])
      expect(verifyPush(junk, body, 's3cret', at)).toEqual({ ok: false, reason: 'malformed' });
  });
});
