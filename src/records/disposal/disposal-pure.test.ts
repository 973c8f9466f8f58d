import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findHold,
  holdCovers,
  holdMatcher,
  keywordMatcher,
  UNREADABLE_TEXT,
  type ActiveHold,
  type HeldMessageFacts,
} from '../holds/hold-scope.js';
import { buildDestructionCertificate } from './destruction-certificate.js';

const facts = (over: Partial<HeldMessageFacts> = {}): HeldMessageFacts => ({
  caseIds: ['case-1'],
  citizenId: 'cit-1',
  number: '+447700900123',
  classId: 'tenancy',
  messageDate: '2026-05-10',
  text: () => 'The rent arrears letter is attached',
  ...over,
});

describe('legal hold scopes', () => {
  it.each<[string, ActiveHold['scope'], boolean]>([
    ['case: in', { kind: 'case', caseId: 'case-1' }, true],
    ['case: out', { kind: 'case', caseId: 'case-2' }, false],
    ['citizen: in', { kind: 'citizen', citizenId: 'cit-1' }, true],
    ['citizen: out', { kind: 'citizen', citizenId: 'cit-2' }, false],
    ['number: in', { kind: 'number', number: '+447700900123' }, true],
    ['number: out', { kind: 'number', number: '+447700900124' }, false],
    ['class: in', { kind: 'class', classId: 'tenancy' }, true],
    ['class: out', { kind: 'class', classId: 'complaint' }, false],
    ['dates: first day', { kind: 'dates', from: '2026-05-10', to: '2026-06-01' }, true],
    ['dates: last day', { kind: 'dates', from: '2026-01-01', to: '2026-05-10' }, true],
    ['dates: after', { kind: 'dates', from: '2026-05-11', to: '2026-06-01' }, false],
    ['keyword: word', { kind: 'keyword', word: 'RENT' }, true],
    ['keyword: phrase across spaces', { kind: 'keyword', word: 'rent  arrears' }, true],
    ['keyword: inside another word', { kind: 'keyword', word: 'arrear' }, false],
  ])('%s', (_label, scope, held) => {
    expect(findHold([{ id: 'h', scope }], facts())?.id ?? null).toBe(held ? 'h' : null);
  });

  it('reads the text only when a keyword hold is left to try', () => {
    let reads = 0;
    const f = facts({ text: () => (reads++, 'x') });
    expect(
      findHold(
        [
          { id: 'k', scope: { kind: 'keyword', word: 'x' } },
          { id: 'c', scope: { kind: 'case', caseId: 'case-1' } },
        ],
        f,
      )?.id,
    ).toBe('c');
    expect(reads).toBe(0);
    expect(findHold([{ id: 'k', scope: { kind: 'keyword', word: 'x' } }], f)?.id).toBe('k');
    expect(reads).toBe(1);
  });

  it('keeps a message whose text cannot be read under any keyword hold, and only under a keyword hold', () => {
    const unreadable = facts({ text: () => UNREADABLE_TEXT });
    expect(findHold([{ id: 'k', scope: { kind: 'keyword', word: 'anything' } }], unreadable)?.id).toBe('k');
    expect(findHold([{ id: 'c', scope: { kind: 'class', classId: 'complaint' } }], unreadable)).toBeNull();
    // Contrast: a message with no text at all (a photo) is not in a keyword hold's scope.
    expect(findHold([{ id: 'k', scope: { kind: 'keyword', word: 'anything' } }], facts({ text: () => null }))).toBeNull();
  });

  it('the indexed matcher a batch uses gives the hold a plain pass over the holds gives, for any holds and message', () => {
    const pick = <T>(xs: T[]) => fc.constantFrom(...xs);
    const day = pick(['2026-01-01', '2026-05-10', '2026-05-11', '2026-12-31']);
    const scope: fc.Arbitrary<ActiveHold['scope']> = fc.oneof(
      pick(['case-1', 'case-2']).map((caseId) => ({ kind: 'case' as const, caseId })),
      pick(['cit-1', 'cit-2']).map((citizenId) => ({ kind: 'citizen' as const, citizenId })),
      pick(['+447700900123', '+447700900124']).map((number) => ({ kind: 'number' as const, number })),
      pick(['tenancy', 'complaint']).map((classId) => ({ kind: 'class' as const, classId })),
      fc.tuple(day, day).map(([from, to]) => ({ kind: 'dates' as const, from, to })),
      pick(['rent', 'arrears', 'parent']).map((word) => ({ kind: 'keyword' as const, word })),
    );
    const message = fc.record({
      caseIds: fc.subarray(['case-1', 'case-2']),
      citizenId: pick(['cit-1', 'cit-2', null]),
      number: pick(['+447700900123', '+447700900124', null]),
      classId: pick(['tenancy', 'complaint']),
      messageDate: day,
      text: pick<string | null | typeof UNREADABLE_TEXT>(['the rent is due', 'a parent called', null, UNREADABLE_TEXT]),
    });
    fc.assert(
      fc.property(fc.array(scope, { maxLength: 8 }), message, (scopes, m) => {
        const holds = scopes.map((s, i) => ({ id: `h${i}`, scope: s }));
        const f: HeldMessageFacts = { ...m, text: () => m.text };
        // The plain pass: the first hold that covers the message, keyword holds last.
        const ordered = [...holds.filter((h) => h.scope.kind !== 'keyword'), ...holds.filter((h) => h.scope.kind === 'keyword')];
        const expected = ordered.find((h) => holdCovers(h.scope, f)) ?? null;
        expect(holdMatcher(holds)(f)?.id ?? null).toBe(expected?.id ?? null);
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes keyword punctuation', () => {
    expect(keywordMatcher('a.b').test('axb')).toBe(false);
    expect(keywordMatcher('a.b').test('see a.b now')).toBe(true);
  });
});

describe('destruction certificate', () => {
  it('groups by class with date range and hashes, and holds nothing else', () => {
    const cert = buildDestructionCertificate({
      id: 'cert-1',
      issuedAt: new Date('2026-12-03T02:00:00Z'),
      scheduleVersion: '2026.1',
      approver: 'schedule',
      destroyed: [
        { classId: 'transient-unlinked', messageDate: '2026-04-02', recordHash: 'b'.repeat(64) },
        { classId: 'transient-unlinked', messageDate: '2026-03-30', recordHash: 'a'.repeat(64) },
        { classId: 'general-enquiry', messageDate: '2019-01-01', recordHash: 'c'.repeat(64) },
      ],
    });
    expect(cert).toEqual({
      id: 'cert-1',
      issuedAt: '2026-12-03T02:00:00.000Z',
      scheduleVersion: '2026.1',
      approver: 'schedule',
      action: 'destroy',
      method: expect.stringContaining('tombstone'),
      total: 3,
      classes: [
        { classId: 'general-enquiry', from: '2019-01-01', to: '2019-01-01', count: 1, recordHashes: ['c'.repeat(64)] },
        { classId: 'transient-unlinked', from: '2026-03-30', to: '2026-04-02', count: 2, recordHashes: ['a'.repeat(64), 'b'.repeat(64)] },
      ],
    });
  });
});
