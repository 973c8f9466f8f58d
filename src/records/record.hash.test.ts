import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, encodeRecord, GENESIS_HASH, hashRecord, type RecordContent } from './record.hash.js';

describe('canonical JSON for record hashes', () => {
  it('matches the canonicalize package (RFC 8785) on generated JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v)).toBe(canonicalize(v));
      }),
      { numRuns: 2000 },
    );
  });

  it('sorts keys by code unit and leaves no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'é'], A: { z: 1e21, y: 0.1 } })).toBe(
      '{"A":{"y":0.1,"z":1e+21},"a":[true,null,"é"],"b":1}',
    );
  });

  it('changes the hash when any field changes, and chains commit to position', () => {
    const base = {
      id: 'r1',
      createdAt: new Date('2026-01-01T00:00:00Z'),
      kind: 'k',
      conversationId: null,
      citizenId: null,
      caseId: null,
      messageId: null,
      staffId: null,
      payload: { a: 1 },
      retentionClass: 'c',
    };
    const h = hashRecord(base);
    expect(hashRecord({ ...base, payload: { a: 2 } })).not.toBe(h);
    expect(hashRecord({ ...base, kind: 'other' })).not.toBe(h);
    expect(hashRecord({ ...base, payload: { a: 1 } })).toBe(h);
    expect(chainHash(GENESIS_HASH, h, 0)).not.toBe(chainHash(GENESIS_HASH, h, 1));
  });

  it('encodes a record exactly as the canonical JSON of its fields (hashes written before stay valid)', () => {
    const id = fc.option(fc.uuid(), { nil: null });
    const text = fc.string({ unit: 'binary' });
    fc.assert(
      fc.property(
        fc.record({
          id: fc.uuid(),
          createdAt: fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
          kind: text,
          conversationId: id,
          citizenId: id,
          caseId: id,
          messageId: id,
          staffId: id,
          payload: fc.dictionary(text, fc.jsonValue()),
          retentionClass: text,
        }),
        (r: RecordContent) => {
          const { id: rid, createdAt, kind, conversationId, citizenId, caseId, messageId, staffId, payload, retentionClass } = r;
          const expected = canonicalJson({
            v: 1,
            id: rid,
            createdAt: createdAt.toISOString(),
            kind,
            conversationId,
            citizenId,
            caseId,
            messageId,
            staffId,
            payload,
            retentionClass,
          });
          expect(encodeRecord(r)).toBe(expected);
          expect(encodeRecord(r)).toBe(canonicalize({ ...r, v: 1, createdAt: createdAt.toISOString() }));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
