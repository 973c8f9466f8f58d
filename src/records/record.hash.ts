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
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('records cannot hold NaN or Infinity');
    const s = JSON.stringify(value);
    if (s === undefined) throw new Error('record could not be canonicalised');
    return s;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * SHA-256 over the RFC 8785 (JSON Canonicalization Scheme) encoding of the record,
 * so the hash does not depend on key order or on how the database stores JSON.
 */
export function hashRecord(r: RecordContent): string {
  const encoded = canonicalJson({
    v: 1,
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    kind: r.kind,
    conversationId: r.conversationId,
    citizenId: r.citizenId,
    caseId: r.caseId,
    messageId: r.messageId,
    staffId: r.staffId,
    payload: r.payload,
    retentionClass: r.retentionClass,
  });
  return sha256(encoded);
}

/** Each link commits to its predecessor, the record and its position. */
export const chainHash = (prevHash: string, recordHash: string, chainIndex: number) => sha256(`${prevHash}:${recordHash}:${chainIndex}`);
