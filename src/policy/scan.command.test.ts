import { spawnSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { loadDefaultPolicyPack } from './pack.file.js';
import { createPolicyEngine, type PolicyEngine } from './policy.engine.js';
import { registerScanCommand, scanJsonlStream } from './scan.command.js';

const engine = createPolicyEngine(loadDefaultPolicyPack());

async function scan(
  lines: string[],
  withEngine: PolicyEngine = engine,
): Promise<{ out: Record<string, unknown>[]; summary: { lines: number; errors: number } }> {
  const input = Readable.from([lines.join('\n')]);
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  const summary = await scanJsonlStream(input, output, withEngine);
  output.end();
  const text = Buffer.concat(chunks).toString('utf8');
  return {
    out: text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
    summary,
  };
}

describe('scanJsonlStream', () => {
  it('reports a line the engine fails on as that line’s error and scans the rest', async () => {
    // The real engine, failing on one message (as a message ending in "were" once made it throw).
    const faulty: PolicyEngine = {
      ...engine,
      evaluate: (input) => {
        if (input.text.includes('FAULT')) throw new RangeError('engine fault');
        return engine.evaluate(input);
      },
    };
    const { out, summary } = await scan(
      [JSON.stringify({ id: 'a', text: 'FAULT here' }), JSON.stringify({ id: 'b', text: 'Can you call me tomorrow?' })],
      faulty,
    );
    expect(summary).toEqual({ lines: 2, errors: 1 });
    expect(out[0]).toEqual({ id: 'a', error: { code: 'SCAN_ENGINE_FAILED', message: 'line 1 could not be scanned' } });
    expect(out[1]).toMatchObject({ id: 'b', decision: 'allow' });
  });

  it('writes one line per input, in order, with the finding fields', async () => {
    const { out, summary } = await scan([
      JSON.stringify({ id: 'a', text: 'nhs num 5232792822 for the referral pls' }),
      JSON.stringify({ id: 'b', text: 'can u do 3pm instead?' }),
      JSON.stringify({ id: 7, text: 'email kayleigh.m@yahoo.co.uk' }),
    ]);
    expect(summary).toEqual({ lines: 3, errors: 0 });
    expect(out).toEqual([
      {
        id: 'a',
        decision: 'block',
        findings: [{ type: 'NHS_NUMBER', start: 8, end: 18, rule: 'nhs-number.mod11-context', confidence: 0.95 }],
      },
      { id: 'b', decision: 'allow', findings: [] },
      { id: 7, decision: 'warn', findings: [expect.objectContaining({ type: 'EMAIL', start: 6, end: 28 })] },
    ]);
  });

  it('reports invalid lines by id or line number and carries on', async () => {
    const { out, summary } = await scan([
      '{not json',
      JSON.stringify({ id: 'no-text' }),
      JSON.stringify([1, 2]),
      '',
      JSON.stringify({ id: 'ok', text: 'thank u 🙏' }),
      JSON.stringify({ text: 42 }),
    ]);
    expect(summary).toEqual({ lines: 5, errors: 4 });
    expect(out).toEqual([
      { id: 1, error: { code: 'SCAN_INVALID_JSON', message: expect.stringContaining('line 1') } },
      { id: 'no-text', error: { code: 'SCAN_INVALID_LINE', message: expect.stringContaining('"text"') } },
      { id: 3, error: { code: 'SCAN_INVALID_LINE', message: expect.stringContaining('not a JSON object') } },
      { id: 'ok', decision: 'allow', findings: [] },
      { id: 6, error: { code: 'SCAN_INVALID_LINE', message: expect.stringContaining('"text"') } },
    ]);
  });

  it('lists only the DESIGN.md span types: beyond-contact changes the decision but is not a finding', async () => {
    const text =
      'Following the panel the decision on your housing application is that the rent arrears of the previous tenancy have to be cleared before an offer can be made. ' +
      'The panel also noted concerns raised by the school about attendance and the support plan. ' +
      "Your son's assessment found he needs an education, health and care plan and the occupational therapist recommended adaptations to the bathroom. " +
      "The landlord has disputed the disrepair claim and the surveyor's report says the damp is caused by condensation.";
    const { out } = await scan([JSON.stringify({ id: 'long', text })]);
    expect(out[0]).toEqual({ id: 'long', decision: 'warn', findings: [] });
  });
});

describe('registerScanCommand', () => {
  it('adds `scan --jsonl [--pack FILE]`', () => {
    const program = new Command();
    registerScanCommand(program, { loadPack: loadDefaultPolicyPack });
    const cmd = program.commands.find((c) => c.name() === 'scan');
    expect(cmd).toBeDefined();
    expect(cmd!.options.map((o) => o.long)).toEqual(['--jsonl', '--pack', '--threads']);
  });
});

describe('scan.main (the entry point bin/liaise.js starts for `liaise scan`)', () => {
  it('scans stdin to stdout as a process of its own, without the rest of the CLI', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const input = [
      JSON.stringify({ id: 'a', text: 'sort code 20-32-06 account 83051762' }),
      JSON.stringify({ id: 'b', text: 'See you on Tuesday' }),
      'not json',
    ].join('\n');
    const r = spawnSync(process.execPath, ['bin/run-ts.js', 'src/policy/scan.main.ts', 'scan', '--jsonl'], { cwd: root, input });
    // Every line answered, and exit 1: one of them could not be scanned.
    expect(r.status).toBe(1);
    const out = r.stdout
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { id: unknown; decision?: string; error?: { code: string } });
    expect(out.map((o) => o.id)).toEqual(['a', 'b', 3]);
    expect(out[0]!.decision).toBe('block');
    expect(out[1]!.decision).toBe('allow');
    expect(out[2]!.error?.code).toBe('SCAN_INVALID_JSON');
    expect(r.stderr.toString('utf8')).toContain('1 of 3 lines could not be scanned');
  });

  it('exits 0 when every line was scanned, and 1 when none could be', () => {
    const root = new URL('../../', import.meta.url).pathname;
    const scan = (input: string) =>
      spawnSync(process.execPath, ['bin/run-ts.js', 'src/policy/scan.main.ts', 'scan', '--jsonl'], { cwd: root, input });
    const good = scan(
      [JSON.stringify({ id: 'a', text: 'See you on Tuesday' }), '', JSON.stringify({ id: 'b', text: 'Thanks' })].join('\n'),
    );
    expect(good.status).toBe(0);
    expect(good.stderr.toString('utf8')).toBe('');
    const bad = scan(['not json', '[1]', JSON.stringify({ id: 'c' })].join('\n'));
    expect(bad.status).toBe(1);
    const codes = bad.stdout
      .toString('utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { error?: { code: string } }).error?.code);
    expect(codes).toHaveLength(3);
    expect(codes.every((c) => typeof c === 'string' && c.startsWith('SCAN_'))).toBe(true);
    expect(bad.stderr.toString('utf8')).toBe('scan: 3 of 3 lines could not be scanned\n');
  });
});

describe('liaise scan --jsonl --threads (the compiled CLI, on worker threads)', () => {
  const root = new URL('../../', import.meta.url).pathname;
  const run = (args: string[], input: string) =>
    spawnSync(process.execPath, ['bin/liaise.js', 'scan', '--jsonl', ...args], { cwd: root, input });
  // More lines than one batch holds, with every kind of line: blocked, allowed, blank, not JSON, not an object,
  // no text, a numeric id and none, and a multi-byte character, so batches end at every kind.
  const kinds = [
    (i: number) => JSON.stringify({ id: `b${i}`, text: `sort code 20-32-06 account 830517${String(i % 100).padStart(2, '0')}` }),
    (i: number) => JSON.stringify({ id: `a${i}`, text: `See you on Tuesday at ${i % 12} o’clock 🙂` }),
    () => '',
    (i: number) => `not json ${i}`,
    () => '[1,2]',
    (i: number) => JSON.stringify({ id: i }),
    () => JSON.stringify({ text: 'We agree to the repayment plan on behalf of the council' }),
    (i: number) => JSON.stringify({ id: i, text: 'Your lot are all scroungers' }),
  ];
  const input = Array.from({ length: 1000 }, (_, i) => kinds[(i * 7 + (i >> 3)) % kinds.length]!(i)).join('\n');

  it('writes the same bytes, in the same order, as scanning on the main thread', () => {
    const one = run(['--threads', '1'], input);
    const three = run(['--threads', '3'], input);
    // Some lines are not messages: exit 1 from both, with every line answered.
    expect(one.status).toBe(1);
    expect(three.status).toBe(1);
    const lines = one.stdout.toString('utf8').split('\n').filter(Boolean);
    // 1,000 lines less the blank ones, each answered once.
    expect(lines.length).toBe(input.split('\n').filter((l) => l.trim() !== '').length);
    expect(lines.some((l) => l.includes('"decision":"block"'))).toBe(true);
    expect(lines.some((l) => l.includes('SCAN_INVALID_JSON'))).toBe(true);
    expect(three.stdout.equals(one.stdout)).toBe(true);
    expect(three.stderr.toString('utf8')).toBe(one.stderr.toString('utf8'));
    expect(one.stderr.toString('utf8')).toMatch(/^scan: \d+ of \d+ lines could not be scanned\n$/);
  });

  it('refuses a thread count that is not a whole number from 1 to 64, and scans nothing', () => {
    for (const bad of ['0', '65', '1.5', 'two']) {
      const r = run(['--threads', bad], JSON.stringify({ id: 'a', text: 'hello' }));
      expect(r.status).not.toBe(0);
      expect(r.stdout.length).toBe(0);
      expect(r.stderr.toString('utf8')).toContain('expected a whole number from 1 to 64');
    }
  });
});
