import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePolicyPack, PolicyPackError } from './pack.js';
import { DEFAULT_POLICY_PACK_PATH, loadDefaultPolicyPack, loadPolicyPackFile } from './pack.file.js';

const defaultYaml = readFileSync(DEFAULT_POLICY_PACK_PATH, 'utf8');

function errorOf(yaml: string): PolicyPackError {
  try {
    parsePolicyPack(yaml, 'test.yaml');
  } catch (err) {
    if (err instanceof PolicyPackError) return err;
    throw err;
  }
  throw new Error('expected a PolicyPackError');
}

const minimal = `id: test-pack
version: "1"
name: Test
guidance: { title: WhatsApp guidance, version: "2021" }
thresholds:
  beyondContact: { minWords: 60, minSubstantiveWords: 40, minSubstantiveShare: 0.6 }
rules:
  - id: no-nhs
    finding: NHS_NUMBER
    guidanceSection: "5"
    outbound: block
    message: No NHS numbers.
`;

describe('default pack', () => {
  it('loads, versioned, with the DESIGN.md defaults', () => {
    const pack = loadDefaultPolicyPack();
    expect(pack.id).toBe('liaise-default');
    expect(pack.version).toBe('2026.1');
    const action = (t: string) => pack.rules.find((r) => r.findingType === t)?.outbound;
    for (const t of [
      'NHS_NUMBER',
      'NI_NUMBER',
      'BANK_ACCOUNT',
      'IBAN',
      'PAYMENT_CARD',
      'PASSPORT_NUMBER',
      'DRIVING_LICENCE',
      'OFFENSIVE',
      'BINDING_TRANSACTION',
    ]) {
      expect(action(t), t).toBe('block');
    }
    for (const t of ['DATE_OF_BIRTH', 'ADDRESS', 'EMAIL']) expect(action(t), t).toBe('warn');
    for (const t of ['PHONE_NUMBER', 'POSTCODE']) expect(action(t), t).toBe('allow');
    expect(pack.rules.every((r) => r.guidanceSection.length > 0 && r.message.length > 0)).toBe(true);
  });

  it('loadPolicyPackFile names the file in errors', () => {
    expect(() => loadPolicyPackFile('/nonexistent/pack.yaml')).toThrow(/ENOENT/);
  });
});

describe('parsePolicyPack', () => {
  it('parses a minimal pack with defaults filled in', () => {
    const pack = parsePolicyPack(minimal);
    expect(pack.rules[0]).toMatchObject({
      id: 'no-nhs',
      findingType: 'NHS_NUMBER',
      outbound: 'block',
      inbound: 'flag',
      minConfidence: 0.5,
    });
    expect(pack.emailFiles.extensions).toContain('.eml');
    expect(pack.lexicons.offensiveTerms).toEqual([]);
  });

  it.each([
    ['an unknown action', minimal.replace('outbound: block', 'outbound: reject'), 11, 'rules[0].outbound'],
    ['an unknown finding type', minimal.replace('finding: NHS_NUMBER', 'finding: NHS'), 9, 'rules[0].finding'],
    ['a missing message', minimal.replace('    message: No NHS numbers.\n', ''), 8, 'rules[0].message'],
    ['an unknown field', minimal.replace('    outbound: block', '    outbound: block\n    colour: red'), 12, 'rules[0].colour'],
    [
      'a threshold out of range',
      minimal.replace('minSubstantiveShare: 0.6', 'minSubstantiveShare: 6'),
      6,
      'thresholds.beyondContact.minSubstantiveShare',
    ],
    ['a bad pack id', minimal.replace('id: test-pack', 'id: Test Pack!'), 1, 'id'],
    ['no rules', minimal.slice(0, minimal.indexOf('rules:')) + 'rules: []\n', 7, 'rules'],
    [
      'inbound set to block (inbound can only be flagged)',
      minimal.replace('    outbound: block', '    outbound: block\n    inbound: block'),
      12,
      'rules[0].inbound',
    ],
    ['a non-string lexicon word', minimal + 'lexicons:\n  offensiveTerms: [ok, 12]\n', 14, 'lexicons.offensiveTerms[1]'],
  ])('rejects %s, naming line and field', (_what, yaml, line, field) => {
    const err = errorOf(yaml);
    expect(err.line).toBe(line);
    expect(err.field).toBe(field);
    expect(err.message).toContain(`line ${line}`);
    expect(err.message).toContain(field);
    expect(err.message).toContain('test.yaml');
    expect(err.code).toBe('POLICY_PACK_INVALID');
  });

  it('rejects a duplicate rule id and a second rule for the same finding type', () => {
    const dupId = `${minimal}  - id: no-nhs\n    finding: NI_NUMBER\n    guidanceSection: "5"\n    outbound: block\n    message: x\n`;
    expect(errorOf(dupId)).toMatchObject({ line: 13, field: 'rules[1].id' });
    const dupType = `${minimal}  - id: other\n    finding: NHS_NUMBER\n    guidanceSection: "5"\n    outbound: warn\n    message: x\n`;
    expect(errorOf(dupType)).toMatchObject({ line: 14, field: 'rules[1].finding' });
  });

  it('rejects invalid YAML with its line', () => {
    const err = errorOf('id: x\nrules: [\n  - a: 1\n');
    expect(err.message).toMatch(/test\.yaml: line \d+: invalid YAML/);
    expect(err.line).toBeGreaterThan(0);
  });

  it('rejects duplicate keys', () => {
    expect(errorOf(minimal.replace('name: Test', 'name: Test\nname: Again')).message).toMatch(/line 4/);
  });

  it('round-trips the shipped default pack text', () => {
    expect(parsePolicyPack(defaultYaml).rules.length).toBeGreaterThanOrEqual(14);
  });
});
