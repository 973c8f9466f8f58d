import { describe, expect, it } from 'vitest';
import {
  findCheckpointMismatch,
  generateCheckpointKey,
  isCheckpointSigned,
  parseCheckpointKeys,
  parseCheckpointLines,
  signCheckpoint,
} from './checkpoint.js';

const h = (c: string) => c.repeat(64);
const keys = parseCheckpointKeys(`${generateCheckpointKey('k2')},${generateCheckpointKey('k1')}`);
const at = new Date('2026-12-03T10:00:00Z');

describe('signed checkpoints', () => {
  it('signs with the first key and verifies with any known key; an unknown or altered one fails', () => {
    const c = signCheckpoint({ chainIndex: 1000, headHash: h('a') }, at, keys.current);
    expect(c).toMatchObject({ chainIndex: 1000, headHash: h('a'), at: '2026-12-03T10:00:00.000Z', keyId: 'k2' });
    expect(isCheckpointSigned(c, keys.publicKeys)).toBe(true);
    expect(isCheckpointSigned({ ...c, headHash: h('b') }, keys.publicKeys)).toBe(false);
    expect(isCheckpointSigned({ ...c, chainIndex: 999 }, keys.publicKeys)).toBe(false);
    expect(isCheckpointSigned({ ...c, keyId: 'k1' }, keys.publicKeys)).toBe(false);
    expect(isCheckpointSigned(c, parseCheckpointKeys(generateCheckpointKey('k2')).publicKeys)).toBe(false);
  });

  it('finds the first checkpoint the chain no longer matches', async () => {
    const chain = new Map([
      [10, h('1')],
      [20, h('2')],
      [30, h('3')],
    ]);
    const read = async (i: number) => chain.get(i) ?? null;
    const cps = [30, 10, 20].map((i) => signCheckpoint({ chainIndex: i, headHash: chain.get(i)! }, at, keys.current));
    expect(await findCheckpointMismatch(cps, keys.publicKeys, read)).toBeNull();

    chain.set(20, h('e')); // the whole chain rewritten from 20 on, links and all
    expect(await findCheckpointMismatch(cps, keys.publicKeys, read)).toMatchObject({
      checkpoint: { chainIndex: 20 },
      problem: 'chain hash differs',
      found: h('e'),
    });

    chain.set(20, h('2'));
    chain.delete(30); // the tail truncated
    expect(await findCheckpointMismatch(cps, keys.publicKeys, read)).toMatchObject({
      checkpoint: { chainIndex: 30 },
      problem: 'chain is shorter than the checkpoint',
    });

    const forged = { ...cps[1]!, headHash: h('f') };
    expect(await findCheckpointMismatch([forged], keys.publicKeys, read)).toMatchObject({ problem: 'bad signature' });
  });

  it('round-trips through JSON lines and names a bad line', () => {
    const cps = [signCheckpoint({ chainIndex: 5, headHash: h('c') }, at, keys.current)];
    const text = `${cps.map((c) => JSON.stringify(c)).join('\n')}\n\n`;
    expect(parseCheckpointLines(text)).toEqual(cps);
    expect(() => parseCheckpointLines(`${text}{"chainIndex":-1}\n`)).toThrow('line 3: not a checkpoint');
    expect(() => parseCheckpointLines('nope')).toThrow('line 1: not JSON');
  });

  it('refuses keys that are not Ed25519 PKCS#8', () => {
    expect(() => parseCheckpointKeys('')).toThrow('no checkpoint key');
    expect(() => parseCheckpointKeys('k1:AAAA')).toThrow('not a PKCS#8 private key');
    expect(() => parseCheckpointKeys('nokeyid')).toThrow('id:base64');
  });
});
