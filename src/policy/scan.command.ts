import { InvalidArgumentError, type Command } from 'commander';
import { loadDefaultPolicyPack, loadPolicyPackFile } from './pack.file.js';
import type { PolicyEngine } from './policy.engine.js';
import type { PolicyPack } from './policy.types.js';
import { scanLine, splitLines, type ScanSummary } from './scan.lines.js';

export type { ScanSummary } from './scan.lines.js';

/** Output is written in batches of about this many characters: one write per line cost more than the scan itself. */
const BATCH_CHARS = 64 * 1024;

/**
 * Scan JSON lines `{"id", "text"}` from `input`, writing one line per input in
 * order: `{"id", "decision", "findings": [{"type","start","end","rule","confidence"}]}`,
 * or `{"id", "error": {"code","message"}}` for a line that cannot be scanned
 * (id is the line number when the line has no usable id). Blank lines are skipped.
 * Findings are the DESIGN.md span types only: message-level findings
 * (BEYOND_CONTACT, EMAIL_FILE) count towards the decision but are not listed.
 *
 * Input is read in chunks and split on line feeds here (readline's async iterator
 * cost several microseconds a line), and output goes out in batches, waiting for
 * `drain` when the consumer is slower. `scan.threads.ts` does the same on worker threads.
 */
export async function scanJsonlStream(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  engine: PolicyEngine,
): Promise<ScanSummary> {
  const summary: ScanSummary = { lines: 0, errors: 0 };
  let lineNo = 0;
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const ok = output.write(pending.join(''));
    pending = [];
    pendingChars = 0;
    if (!ok) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
  };
  const handle = (raw: string): void => {
    const out = scanLine(raw, ++lineNo, engine, summary);
    if (out === '') return;
    pending.push(out);
    pendingChars += out.length;
  };
  for await (const lines of splitLines(input)) {
    for (const line of lines) handle(line);
    if (pendingChars >= BATCH_CHARS) await flush();
  }
  await flush();
  return summary;
}

/** `--threads`: a whole number from 1 to 64. */
function parseThreads(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('expected a whole number from 1 to 64');
  return n;
}

/**
 * `liaise scan --jsonl [--pack FILE] [--threads N]`: check and measure messages from stdin. Exit status 0 when every
 * line was scanned, 1 when any line could not be (each has an error line in the output), 2 when the scan could not
 * start (no `--jsonl`, a bad pack, a bad `--threads`).
 */
export function registerScanCommand(program: Command, deps: { loadPack?: () => PolicyPack } = {}): void {
  program
    .command('scan')
    .description('Scan messages with the policy engine: JSON lines {"id","text"} on stdin, one result line per input on stdout')
    .option('--jsonl', 'read and write JSON lines')
    .option('--pack <file>', 'policy pack YAML (default: the shipped default pack)')
    .option('--threads <n>', 'threads to scan on: the main thread and n - 1 workers (default 1: the main thread only)', parseThreads)
    .action(async (opts: { jsonl?: boolean; pack?: string; threads?: number }) => {
      if (!opts.jsonl) {
        process.stderr.write('scan: only --jsonl input is supported\n');
        process.exitCode = 2;
        return;
      }
      let pack: PolicyPack;
      try {
        pack = opts.pack ? loadPolicyPackFile(opts.pack) : (deps.loadPack ?? loadDefaultPolicyPack)();
      } catch (err) {
        process.stderr.write(`scan: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 2;
        return;
      }
      // The threaded scanner is loaded only when used; it starts its workers before the main thread builds its own
      // engine, so that they start at the same time.
      // One by default: on the two-core machines measured (npm run bench), a worker's own start-up and warm-up cost
      // what it saved. More threads are for machines with more cores to spare.
      const threads = opts.threads ?? 1;
      const threaded = threads > 1 ? await import('./scan.threads.js') : null;
      const engineOf = async (): Promise<PolicyEngine> => (await import('./policy.engine.js')).createPolicyEngine(pack);
      const summary: ScanSummary = threaded?.threadsAvailable()
        ? await threaded.scanJsonlThreaded(process.stdin, process.stdout, pack, threads, engineOf)
        : await scanJsonlStream(process.stdin, process.stdout, await engineOf());
      // A scan that skipped lines is not a complete answer: every line still gets its result line, and the exit
      // status tells a script that some of them are errors (2 is kept for a command that could not start).
      if (summary.errors > 0) {
        process.stderr.write(`scan: ${summary.errors} of ${summary.lines} lines could not be scanned\n`);
        process.exitCode = 1;
      }
    });
}
