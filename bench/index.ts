import pg from 'pg';
import type { BenchModule, BenchRow } from './bench.types.js';

/**
 * `npm run bench`: every benchmark prints our figure beside a peer's measured in
 * the same run, and the ratio (above 1 means Liaise is ahead). Pick some with
 * `npm run bench -- policy webhook`.
 */
const suites: Record<string, () => Promise<BenchModule>> = {
  policy: () => import('./policy.bench.js'),
  'scan-cli': () => import('./scan-cli.bench.js'),
  'chat-export': () => import('./chat-export.bench.js'),
  webhook: () => import('./webhook.bench.js'),
  'chat-import': () => import('./chat-import.bench.js'),
  disposal: () => import('./disposal.bench.js'),
  'retention-recompute': () => import('./retention-recompute.bench.js'),
  verify: () => import('./verify.bench.js'),
};

// PostgreSQL figures need a server: TEST_DATABASE_URL, or the local one on 127.0.0.1:5432 if it answers.
if (!process.env['TEST_DATABASE_URL']) {
  const candidate = 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: candidate, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    process.env['TEST_DATABASE_URL'] = candidate;
    process.stderr.write(`using PostgreSQL at ${candidate} (set TEST_DATABASE_URL to choose another)\n`);
  } catch {
    process.stderr.write('no PostgreSQL reachable: PostgreSQL rows are skipped (set TEST_DATABASE_URL)\n');
  } finally {
    await client.end().catch(() => undefined);
  }
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(suites);
const rows: BenchRow[] = [];
let failed = false;
for (const name of names) {
  const load = suites[name];
  if (!load) {
    process.stderr.write(`unknown benchmark "${name}" (have: ${Object.keys(suites).join(', ')})\n`);
    process.exit(2);
  }
  process.stderr.write(`running ${name}…\n`);
  try {
    const got = await (await load()).run();
    rows.push(...got);
    for (const r of got) process.stdout.write(`${JSON.stringify({ suite: name, ...r })}\n`);
  } catch (err) {
    failed = true;
    process.stderr.write(`${name} failed: ${(err as Error).stack ?? String(err)}\n`);
  }
}

const fmt = (n: number | null) => (n === null ? '–' : n >= 100 ? String(Math.round(n)) : n.toFixed(2));
const table = rows.map((r) => [
  r.name,
  `${fmt(r.ours)} ${r.unit}`,
  r.peerName ? `${fmt(r.peer)} (${r.peerName})` : '–',
  r.ratio === null ? '–' : `${r.ratio}×`,
  r.target ? `${r.target}: ${r.ok ? 'met' : 'NOT met'}` : '',
]);
const head = ['benchmark', 'ours', 'peer (same run)', 'ratio', 'target'];
const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
process.stdout.write(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${table.map(line).join('\n')}\n`);
process.exit(failed ? 1 : 0);
