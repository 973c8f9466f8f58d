import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { loadDefaultPolicyPack, loadPolicyPackFile } from './pack.file.js';
import { createPolicyEngine, type PolicyEngine } from './policy.engine.js';
import { SPAN_FINDING_TYPES, type PolicyPack } from './policy.types.js';

const REPORTED_TYPES = new Set<string>(SPAN_FINDING_TYPES);

export interface ScanSummary {
  lines: number;
  errors: number;
}

function writeLine(output: NodeJS.WritableStream, value: unknown): Promise<void> | void {
  const ok = output.write(`${JSON.stringify(value)}\n`);
  if (!ok) return new Promise((resolve) => output.once('drain', () => resolve()));
}

/**
 * Scan JSON lines `{"id", "text"}` from `input`, writing one line per input in
 * order: `{"id", "decision", "findings": [{"type","start","end","rule","confidence"}]}`,
 * or `{"id", "error": {"code","message"}}` for a line that cannot be scanned
 * (id is the line number when the line has no usable id). Blank lines are skipped.
 * Findings are the DESIGN.md span types only: message-level findings
 * (BEYOND_CONTACT, EMAIL_FILE) count towards the decision but are not listed.
 */
export async function scanJsonlStream(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  engine: PolicyEngine,
): Promise<ScanSummary> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let lines = 0;
  let errors = 0;
  for await (const raw of rl) {
    lineNo++;
    const line = raw.trim();
    if (line === '') continue;
    lines++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      errors++;
      await writeLine(output, { id: lineNo, error: { code: 'SCAN_INVALID_JSON', message: `line ${lineNo} is not valid JSON` } });
      continue;
    }
    const obj = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    const id = obj && (typeof obj.id === 'string' || typeof obj.id === 'number') ? obj.id : lineNo;
    if (!obj || typeof obj.text !== 'string') {
      errors++;
      const message = !obj ? `line ${lineNo} is not a JSON object` : `line ${lineNo}: field "text" must be a string`;
      await writeLine(output, { id, error: { code: 'SCAN_INVALID_LINE', message } });
      continue;
    }
    const result = engine.evaluate({ text: obj.text, direction: 'outbound' });
    await writeLine(output, {
      id,
      decision: result.decision,
      findings: result.findings
        .filter((f) => REPORTED_TYPES.has(f.type))
        .map((f) => ({ type: f.type, start: f.start, end: f.end, rule: f.rule, confidence: f.confidence })),
    });
  }
  return { lines, errors };
}

/** `liaise scan --jsonl [--pack FILE]`: check and measure messages from stdin. */
export function registerScanCommand(program: Command, deps: { loadPack?: () => PolicyPack } = {}): void {
  program
    .command('scan')
    .description('Scan messages with the policy engine: JSON lines {"id","text"} on stdin, one result line per input on stdout')
    .option('--jsonl', 'read and write JSON lines')
    .option('--pack <file>', 'policy pack YAML (default: the shipped default pack)')
    .action(async (opts: { jsonl?: boolean; pack?: string }) => {
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
      const summary = await scanJsonlStream(process.stdin, process.stdout, createPolicyEngine(pack));
      if (summary.errors > 0) process.stderr.write(`scan: ${summary.errors} of ${summary.lines} lines could not be scanned\n`);
    });
}
