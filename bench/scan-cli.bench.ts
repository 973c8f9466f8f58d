/**
 * The scanner as a command: `liaise scan --jsonl` (the compiled CLI, as shipped)
 * over a 40,000-line file, against openredaction driven the same way (a Node
 * process reading JSON lines and writing one result line each) on the same file.
 * Each side's start-up (a one-line file) is timed and subtracted, so the ratio
 * compares the work per line. Ours runs as shipped (the main thread only), and again
 * with `--threads N` for the machine's N cores; the peer is one thread, as its library
 * runs. Both rows are printed, with the core count.
 *
 *   npm run build && node bin/run-ts.js bench/scan-cli.bench.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchRow } from './bench.types.js';
import { generateCouncilMessages } from './policy.bench.js';

const LINES = 40_000;
/** The same 1 KB council messages as the in-process bench. */
const BYTES = 1024;
const ROOT = resolve(import.meta.dirname, '..');

/** Wall time of `node <args>` with stdin from `input` and stdout discarded, in ms. */
function timeRun(args: string[], input: string): number {
  const fd = openSync(input, 'r');
  const out = openSync('/dev/null', 'w');
  try {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: [fd, out, 'pipe'], cwd: ROOT });
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 500)}`);
    return ms;
  } finally {
    closeSync(fd);
    closeSync(out);
  }
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'liaise-scan-bench-'));
  try {
    const big = join(dir, 'messages.jsonl');
    const one = join(dir, 'one.jsonl');
    const lines = generateCouncilMessages(LINES, BYTES, 11).map((text, i) => JSON.stringify({ id: `m${i}`, text }));
    writeFileSync(big, `${lines.join('\n')}\n`);
    writeFileSync(one, `${lines[0]}\n`);
    const cores = availableParallelism();
    const ours = [join(ROOT, 'bin/liaise.js'), 'scan', '--jsonl'];
    const oursThreaded = [...ours, '--threads', String(cores)];
    const peer = [join(ROOT, 'bench/peer/openredaction-cli.mjs')];
    // Start-up of each, then the whole file; the peer's whole run takes minutes, so it runs once.
    const oursStart = median([1, 2, 3].map(() => timeRun(ours, one)));
    const oursThreadedStart = median([1, 2, 3].map(() => timeRun(oursThreaded, one)));
    const peerStart = median([1, 2, 3].map(() => timeRun(peer, one)));
    const oursRuns = [1, 2, 3].map(() => timeRun(ours, big));
    const oursThreadedRuns = [1, 2, 3].map(() => timeRun(oursThreaded, big));
    const peerRun = timeRun(peer, big);
    const peerRate = LINES / (Math.max(1, peerRun - peerStart) / 1000);
    const rate = (runs: number[], start: number): number => LINES / (Math.max(1, median(runs) - start) / 1000);
    const oursRate = rate(oursRuns, oursStart);
    const oursThreadedRate = rate(oursThreadedRuns, oursThreadedStart);
    const round1 = (x: number): number => Math.round(x * 10) / 10;
    return [
      {
        name: `scan --jsonl, ${LINES.toLocaleString('en-GB')} lines of ~${BYTES} B, start-up subtracted, as shipped (main thread)`,
        unit: 'lines/s',
        ours: Math.round(oursRate),
        peer: Math.round(peerRate),
        peerName: 'openredaction (same file, Node process)',
        ratio: round1(oursRate / peerRate),
        target: '≥ 50× peer',
        ok: oursRate / peerRate >= 50,
      },
      {
        name: `scan --jsonl --threads ${cores} (${cores} cores), start-up subtracted`,
        unit: 'lines/s',
        ours: Math.round(oursThreadedRate),
        peer: Math.round(peerRate),
        peerName: 'openredaction (same file, Node process)',
        ratio: round1(oursThreadedRate / peerRate),
      },
      {
        name: 'scan --jsonl, whole process including start-up, as shipped',
        unit: 's',
        ours: Math.round(median(oursRuns)) / 1000,
        peer: Math.round(peerRun) / 1000,
        peerName: 'openredaction',
        ratio: round1(peerRun / median(oursRuns)),
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  for (const row of await run()) console.log(JSON.stringify(row));
}
