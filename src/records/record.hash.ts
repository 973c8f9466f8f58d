import canonicalize from 'canonicalize';
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
 * SHA-256 over the RFC 8785 (JSON Canonicalization Scheme) encoding of the record,
 * so the hash does not depend on key order or on how the database stores JSON.
 */
export function hashRecord(r: RecordContent): string {
  const encoded = canonicalize({
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
  if (encoded === undefined) throw new Error('record could not be canonicalised');
  return sha256(encoded);
}

/** Each link commits to its predecessor, the record and its position. */
export const chainHash = (prevHash: string, recordHash: string, chainIndex: number) =>
  sha256(`${prevHash}:${recordHash}:${chainIndex}`);
