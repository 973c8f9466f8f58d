import type { DisposalAction } from '../retention/retention-schedule.js';

/**
 * A destruction certificate: the evidence that records were destroyed under the
 * schedule. It is kept for good, so it holds no personal data by construction: it
 * is built only from classes, dates, counts and record hashes, never from message
 * content, names or numbers.
 */
export interface DestroyedRecord {
  classId: string;
  /** YYYY-MM-DD of the message. */
  messageDate: string;
  /** The destroyed record's hash in the chain (the tombstone keeps the chain verifiable). */
  recordHash: string;
}

export interface DestructionCertificate {
  id: string;
  issuedAt: string;
  scheduleVersion: string;
  /** The records officer's staff id for a reviewed disposal, or "schedule" for automatic destruction. */
  approver: string;
  action: Extract<DisposalAction, 'destroy' | 'transfer'>;
  method: string;
  total: number;
  classes: Array<{ classId: string; from: string; to: string; count: number; recordHashes: string[] }>;
}

/** Content is overwritten and the attachment bytes deleted; the record chain keeps hashes and a tombstone. */
export const DESTRUCTION_METHOD =
  'message body and attachment content deleted from the database; tombstone record appended to the hash chain';

export function buildDestructionCertificate(input: {
  id: string;
  issuedAt: Date;
  scheduleVersion: string;
  approver: string;
  action?: DestructionCertificate['action'];
  method?: string;
  destroyed: readonly DestroyedRecord[];
}): DestructionCertificate {
  const byClass = new Map<string, { from: string; to: string; recordHashes: string[] }>();
  for (const r of input.destroyed) {
    const c = byClass.get(r.classId);
    if (!c) byClass.set(r.classId, { from: r.messageDate, to: r.messageDate, recordHashes: [r.recordHash] });
    else {
      if (r.messageDate < c.from) c.from = r.messageDate;
      if (r.messageDate > c.to) c.to = r.messageDate;
      c.recordHashes.push(r.recordHash);
    }
  }
  return {
    id: input.id,
    issuedAt: input.issuedAt.toISOString(),
    scheduleVersion: input.scheduleVersion,
    approver: input.approver,
    action: input.action ?? 'destroy',
    method: input.method ?? DESTRUCTION_METHOD,
    total: input.destroyed.length,
    classes: [...byClass.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([classId, c]) => ({ classId, from: c.from, to: c.to, count: c.recordHashes.length, recordHashes: c.recordHashes.sort() })),
  };
}
