import { StringDecoder } from 'node:string_decoder';
import type { Command } from 'commander';
import { loadDefaultPolicyPack, loadPolicyPackFile } from './pack.file.js';
import { createPolicyEngine, type PolicyEngine } from './policy.engine.js';
import { SPAN_FINDING_TYPES, type Finding, type PolicyPack } from './policy.types.js';

const REPORTED_TYPES = new Set<string>(SPAN_FINDING_TYPES);

export interface ScanSummary {
  lines: number;
  errors: number;
}

/**
 * A string as JSON.stringify writes it. Ids, types, rules and decisions are nearly always plain (no quote,
 * backslash, control character or UTF-16 surrogate, which JSON escapes), and then it is the string in quotes.
 */
function jsonString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

/** A number as JSON.stringify writes it: finite numbers as String() does (same shortest form), others as null. */
function jsonNumber(n: number): string {
  return Number.isFinite(n) ? `${n}` : 'null';
}

/**
 * One result line, byte for byte what JSON.stringify gave for
 * `{ id, decision, findings: [{ type, start, end, rule, confidence }] }` (span types only), without building
 * the objects: serialising each line took longer than reading it.
 */
function resultLine(id: string | number, decision: string, findings: readonly Finding[]): string {
  let line = `{"id":${typeof id === 'string' ? jsonString(id) : jsonNumber(id)},"decision":${jsonString(decision)},"findings":[`;
  let first = true;
  for (const f of findings) {
    if (!REPORTED_TYPES.has(f.type)) continue;
    if (!first) line += ',';
    first = false;
    line += `{"type":${jsonString(f.type)},"start":${jsonNumber(f.start)},"end":${jsonNumber(f.end)},"rule":${jsonString(f.rule)},"confidence":${jsonNumber(f.confidence)}}`;
  }
  return `${line}]}\n`;
}

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
 * `drain` when the consumer is slower.
 */
export async function scanJsonlStream(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  engine: PolicyEngine,
): Promise<ScanSummary> {
  let lineNo = 0;
  let lines = 0;
  let errors = 0;
  let pending: string[] = [];
  let pendingChars = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const ok = output.write(pending.join(''));
    pending = [];
    pendingChars = 0;
    if (!ok) await new Promise<void>((resolve) => output.once('drain', () => resolve()));
  };
  const push = (line: string): void => {
    pending.push(line);
    pendingChars += line.length;
  };
  const emit = (value: unknown): void => push(`${JSON.stringify(value)}\n`);
  const handle = (raw: string): void => {
    lineNo++;
    const line = raw.trim();
    if (line === '') return;
    lines++;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      errors++;
      emit({ id: lineNo, error: { code: 'SCAN_INVALID_JSON', message: `line ${lineNo} is not valid JSON` } });
      return;
    }
    const obj = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    const id = obj && (typeof obj.id === 'string' || typeof obj.id === 'number') ? obj.id : lineNo;
    if (!obj || typeof obj.text !== 'string') {
      errors++;
      const message = !obj ? `line ${lineNo} is not a JSON object` : `line ${lineNo}: field "text" must be a string`;
      emit({ id, error: { code: 'SCAN_INVALID_LINE', message } });
      return;
    }
    let result: ReturnType<PolicyEngine['evaluate']>;
    try {
      result = engine.evaluate({ text: obj.text, direction: 'outbound' }, { reasons: false });
    } catch {
      // A fault in the engine on one message is that line's error, not the end of the run (the
      // message text is not echoed: the output carries ids and codes only).
      errors++;
      emit({ id, error: { code: 'SCAN_ENGINE_FAILED', message: `line ${lineNo} could not be scanned` } });
      return;
    }
    push(resultLine(id, result.decision, result.findings));
  };
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    let from = 0;
    for (let nl = text.indexOf('\n', from); nl >= 0; nl = text.indexOf('\n', from)) {
      handle(text.slice(from, nl));
      from = nl + 1;
    }
    rest = text.slice(from);
    if (pendingChars >= BATCH_CHARS) await flush();
  }
  rest += decoder.end();
  if (rest.length > 0) handle(rest);
  await flush();
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
