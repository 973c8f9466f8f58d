/**
 * A worker thread of `liaise scan --jsonl --threads N` (see scan.threads.ts): it builds its own policy
 * engine from the pack it is given and scans the batches of raw input lines the main thread sends, replying
 * with each batch's output lines in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createPolicyEngine } from './policy.engine.js';
import type { PolicyPack } from './policy.types.js';
import { scanLine, type ScanSummary } from './scan.lines.js';
import type { ScanBatch, ScanBatchResult } from './scan.threads.js';

const engine = createPolicyEngine((workerData as { pack: PolicyPack }).pack);
const port = parentPort!;
port.on('message', (batch: ScanBatch) => {
  const summary: ScanSummary = { lines: 0, errors: 0 };
  let out = '';
  for (let i = 0; i < batch.lines.length; i++) out += scanLine(batch.lines[i]!, batch.firstLineNo + i, engine, summary);
  const result: ScanBatchResult = { seq: batch.seq, out, lines: summary.lines, errors: summary.errors };
  port.postMessage(result);
});
port.postMessage({ ready: true });
