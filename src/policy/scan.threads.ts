/**
 * `liaise scan --jsonl` on worker threads. The main thread reads and splits the input, writes the output and scans
 * too; each worker (scan.worker.ts) holds its own policy engine and scans the batches of lines it is sent. A batch
 * goes to a worker with room in its queue, or else the main thread scans it itself, so with N threads there are N
 * engines at work and none idle. Output is the same, byte for byte and in the same order, as the single-threaded
 * `scanJsonlStream`: batches are numbered and written in that order whichever thread finishes first. Batches in
 * flight are bounded, so a large file is read only as fast as it is scanned and written.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PolicyEngine } from './policy.engine.js';
import type { PolicyPack } from './policy.types.js';
import { scanLine, splitLines, type ScanSummary } from './scan.lines.js';

export interface ScanBatch {
  seq: number;
  firstLineNo: number;
  lines: string[];
}

export interface ScanBatchResult {
  seq: number;
  out: string;
  lines: number;
  errors: number;
}

/** Lines per batch: large enough that posting a batch costs little beside scanning it (~200 µs a 1 KB line). */
const BATCH_LINES = 64;
/** Batches queued per worker: one to scan and one waiting, so a worker never waits for the main thread. */
const IN_FLIGHT_PER_WORKER = 2;

const WORKER_URL = new URL('./scan.worker.js', import.meta.url);

/**
 * Whether the compiled worker is there to start. It is in dist/ (what `liaise` runs); when this module runs
 * from TypeScript source (tests, scripts), worker threads would not load .ts, so the caller scans in-thread.
 */
export function threadsAvailable(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

export async function scanJsonlThreaded(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  pack: PolicyPack,
  threads: number,
  /** The main thread's own engine, built once the workers have been started so that both start at once. */
  mainEngine: () => Promise<PolicyEngine>,
): Promise<ScanSummary> {
  const summary: ScanSummary = { lines: 0, errors: 0 };
  const workers: Worker[] = [];
  const busy: number[] = [];
  const done = new Map<number, ScanBatchResult>();
  let nextToWrite = 0;
  // In an object, not a `let`: it is set in the workers' event handlers, which the control flow here cannot see.
  const state: { failure: Error | null } = { failure: null };
  let wake: (() => void) | null = null;
  const signal = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const waitForProgress = (): Promise<void> => new Promise<void>((resolve) => (wake = resolve));

  for (let i = 0; i < threads - 1; i++) {
    const worker = new Worker(WORKER_URL, { workerData: { pack } });
    busy.push(0);
    worker.on('message', (m: ScanBatchResult | { ready: true }) => {
      if ('ready' in m) return;
      busy[i]!--;
      done.set(m.seq, m);
      signal();
    });
    worker.on('error', (err) => {
      state.failure ??= err;
      signal();
    });
    worker.on('exit', (code) => {
      if (code !== 0) state.failure ??= new Error(`a scan worker stopped (exit ${code})`);
      signal();
    });
    workers.push(worker);
  }

  /** Write every finished batch that is next in order; wait for `drain` when the consumer is slower. */
  const writeReady = async (): Promise<void> => {
    let text = '';
    for (let r = done.get(nextToWrite); r; r = done.get(nextToWrite)) {
      done.delete(nextToWrite);
      nextToWrite++;
      summary.lines += r.lines;
      summary.errors += r.errors;
      text += r.out;
    }
    if (text !== '' && !output.write(text)) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
  };

  let engine: PolicyEngine | null = null;
  let seq = 0;
  let lineNo = 0;
  const send = async (lines: string[]): Promise<void> => {
    if (state.failure) throw state.failure;
    const batch: ScanBatch = { seq: seq++, firstLineNo: lineNo + 1, lines };
    lineNo += lines.length;
    // The least busy worker, if it has room: batches differ in length, so round robin would leave one idle.
    let w = -1;
    for (let i = 0; i < workers.length; i++) if (busy[i]! < IN_FLIGHT_PER_WORKER && (w < 0 || busy[i]! < busy[w]!)) w = i;
    if (w >= 0) {
      busy[w]!++;
      workers[w]!.postMessage(batch);
      return;
    }
    // Every worker is busy: the main thread scans this batch itself.
    engine ??= await mainEngine();
    const own: ScanSummary = { lines: 0, errors: 0 };
    let out = '';
    for (let i = 0; i < lines.length; i++) out += scanLine(lines[i]!, batch.firstLineNo + i, engine, own);
    done.set(batch.seq, { seq: batch.seq, out, lines: own.lines, errors: own.errors });
    await writeReady();
  };

  try {
    let batch: string[] = [];
    for await (const lines of splitLines(input)) {
      for (const line of lines) {
        batch.push(line);
        if (batch.length === BATCH_LINES) {
          await send(batch);
          batch = [];
        }
      }
      await writeReady();
    }
    if (batch.length > 0) await send(batch);
    while (nextToWrite < seq) {
      if (state.failure) throw state.failure;
      if (!done.has(nextToWrite)) await waitForProgress();
      await writeReady();
    }
    return summary;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
