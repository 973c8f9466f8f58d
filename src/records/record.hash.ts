import { createHash } from 'node:crypto';

/** The fields of a record that its hash covers. */
export interface RecordContent {
  id: string;
  createdAt: Date;
  kind: string;
  conversationId: string | null;
  citizenId: string | null;
  caseId: string | null;
  messageId: string | null;
  staffId: string | null;
  payload: Record<string, unknown>;
  retentionClass: string;
}

export const GENESIS_HASH = '0'.repeat(64);

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * RFC 8785 (JSON Canonicalization Scheme) for the JSON values records hold:
 * object keys sorted by UTF-16 code units, no whitespace, strings and numbers
 * serialised as ECMAScript's JSON.stringify does (which is what JCS specifies).
 * Written here rather than calling the `canonicalize` package because hashing is
 * on the import and webhook hot paths and that package's per-string surrogate scan
 * cost about a tenth of an import's CPU; `record.hash.test.ts` checks this
 * function against `canonicalize` on generated values.
 */
// Object keys seen in records repeat endlessly ("type", "policy"): their JSON form is kept, up to a bound.
const keyJson = new Map<string, string>();
function jsonKey(k: string): string {
  let e = keyJson.get(k);
  if (e === undefined) {
    e = JSON.stringify(k);
    if (keyJson.size < 10_000) keyJson.set(k, e);
  }
  return e;
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('records cannot hold NaN or Infinity');
    const s = JSON.stringify(value);
    if (s === undefined) throw new Error('record could not be canonicalised');
    return s;
  }
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const v: unknown = value[i];
      out += v === undefined ? 'null' : canonicalJson(v);
    }
    return `${out}]`;
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const obj = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const k of Object.keys(obj).sort()) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${jsonKey(k)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
}

const jsonOrNull = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));

/**
 * The RFC 8785 encoding of a record: `canonicalJson({ v: 1, id, createdAt, kind, conversationId, citizenId,
 * caseId, messageId, staffId, payload, retentionClass })`, written out with its top-level keys already in
 * canonical order (verify hashes every record, and sorting the same eleven keys each time was a third of it).
 * `record.hash.test.ts` checks it against `canonicalJson` of that object.
 */
export function encodeRecord(r: RecordContent): string {
  return (
    `{"caseId":${jsonOrNull(r.caseId)},"citizenId":${jsonOrNull(r.citizenId)},"conversationId":${jsonOrNull(r.conversationId)}` +
    `,"createdAt":${JSON.stringify(r.createdAt.toISOString())},"id":${JSON.stringify(r.id)},"kind":${JSON.stringify(r.kind)}` +
    `,"messageId":${jsonOrNull(r.messageId)},"payload":${canonicalJson(r.payload)},"retentionClass":${JSON.stringify(r.retentionClass)}` +
    `,"staffId":${jsonOrNull(r.staffId)},"v":1}`
  );
}

/**
 * SHA-256 over the RFC 8785 (JSON Canonicalization Scheme) encoding of the record,
 * so the hash does not depend on key order or on how the database stores JSON.
 */
export function hashRecord(r: RecordContent): string {
  return sha256(encodeRecord(r));
}

/** Each link commits to its predecessor, the record and its position. */
export const chainHash = (prevHash: string, recordHash: string, chainIndex: number) => sha256(`${prevHash}:${recordHash}:${chainIndex}`);
