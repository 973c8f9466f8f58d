/**
 * What the single-threaded and the threaded `liaise scan --jsonl` share: a line in, its output line out, and
 * the input split into lines.
 */
import { StringDecoder } from 'node:string_decoder';
import type { PolicyEngine } from './policy.engine.js';
import { SPAN_FINDING_TYPES, type Finding } from './policy.types.js';

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

/**
 * One input line's output: its result line, its error line, or '' for a blank line (skipped). `summary`
 * counts the line and any error. The text of a message is never echoed: output carries ids and codes only.
 */
export function scanLine(raw: string, lineNo: number, engine: PolicyEngine, summary: ScanSummary): string {
  const line = raw.trim();
  if (line === '') return '';
  summary.lines++;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    summary.errors++;
    return `${JSON.stringify({ id: lineNo, error: { code: 'SCAN_INVALID_JSON', message: `line ${lineNo} is not valid JSON` } })}\n`;
  }
  const obj = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  const id = obj && (typeof obj.id === 'string' || typeof obj.id === 'number') ? obj.id : lineNo;
  if (!obj || typeof obj.text !== 'string') {
    summary.errors++;
    const message = !obj ? `line ${lineNo} is not a JSON object` : `line ${lineNo}: field "text" must be a string`;
    return `${JSON.stringify({ id, error: { code: 'SCAN_INVALID_LINE', message } })}\n`;
  }
  let result: ReturnType<PolicyEngine['evaluate']>;
  try {
    result = engine.evaluate({ text: obj.text, direction: 'outbound' }, { reasons: false });
  } catch {
    // A fault in the engine on one message is that line's error, not the end of the run.
    summary.errors++;
    return `${JSON.stringify({ id, error: { code: 'SCAN_ENGINE_FAILED', message: `line ${lineNo} could not be scanned` } })}\n`;
  }
  return resultLine(id, result.decision, result.findings);
}

/**
 * The lines of a byte or string stream, a chunk's worth at a time (the last line need not end in a line
 * feed). Split here rather than by readline, whose async iterator cost several microseconds a line.
 */
export async function* splitLines(input: NodeJS.ReadableStream): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of input) {
    const text = rest + (typeof chunk === 'string' ? chunk : decoder.write(chunk));
    const lines: string[] = [];
    let from = 0;
    for (let nl = text.indexOf('\n', from); nl >= 0; nl = text.indexOf('\n', from)) {
      lines.push(text.slice(from, nl));
      from = nl + 1;
    }
    rest = text.slice(from);
    if (lines.length > 0) yield lines;
  }
  rest += decoder.end();
  if (rest.length > 0) yield [rest];
}
