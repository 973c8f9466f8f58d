import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Signed checkpoints of the record chain. Someone who can rewrite the whole
 * chain in the database can make it verify again; they cannot forge a signature
 * over its old head with a key that is not in the database. Checkpoints are
 * exported as JSON lines and kept elsewhere, then `records verify --checkpoints`
 * compares the chain with them.
 */
export interface Checkpoint {
  /** The chain index of the head this checkpoint covers. */
  chainIndex: number;
  /** The chain hash at that index. */
  headHash: string;
  /** When it was signed (ISO 8601). */
  at: string;
  /** Which signing key: rotating the key keeps old checkpoints verifiable. */
  keyId: string;
  /** Ed25519 signature, base64, over `signedBytes()`. */
  signature: string;
}

export interface CheckpointKeys {
  /** The key that signs new checkpoints. */
  current: { keyId: string; privateKey: KeyObject };
  /** Public keys by id, for verifying old and new checkpoints. */
  publicKeys: Map<string, KeyObject>;
}

const signedBytes = (c: Omit<Checkpoint, 'signature'>) =>
  Buffer.from(`liaise-checkpoint-v1\n${c.chainIndex}\n${c.headHash}\n${c.at}\n${c.keyId}`, 'utf8');

export function signCheckpoint(head: { chainIndex: number; headHash: string }, at: Date, key: CheckpointKeys['current']): Checkpoint {
  const body = { chainIndex: head.chainIndex, headHash: head.headHash, at: at.toISOString(), keyId: key.keyId };
  return { ...body, signature: sign(null, signedBytes(body), key.privateKey).toString('base64') };
}

/** Whether the signature is good for a key we know (an unknown key id is not good). */
export function isCheckpointSigned(c: Checkpoint, publicKeys: Map<string, KeyObject>): boolean {
  const key = publicKeys.get(c.keyId);
  if (!key) return false;
  try {
    return verify(null, signedBytes(c), key, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Parses exported checkpoints (JSON lines); throws naming the first bad line. */
export function parseCheckpointLines(text: string): Checkpoint[] {
  const out: Checkpoint[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1}: not JSON`);
    }
    const c = v as Partial<Checkpoint>;
    if (
      typeof c !== 'object' ||
      c === null ||
      !Number.isSafeInteger(c.chainIndex) ||
      (c.chainIndex ?? -1) < 0 ||
      typeof c.headHash !== 'string' ||
      !/^[0-9a-f]{64}$/.test(c.headHash) ||
      typeof c.at !== 'string' ||
      Number.isNaN(Date.parse(c.at)) ||
      typeof c.keyId !== 'string' ||
      !c.keyId ||
      typeof c.signature !== 'string'
    ) {
      throw new Error(`line ${i + 1}: not a checkpoint`);
    }
    out.push({ chainIndex: c.chainIndex!, headHash: c.headHash, at: c.at, keyId: c.keyId, signature: c.signature });
  });
  return out;
}

export type CheckpointMismatch =
  | { checkpoint: Checkpoint; problem: 'bad signature' }
  | { checkpoint: Checkpoint; problem: 'chain is shorter than the checkpoint' }
  | { checkpoint: Checkpoint; problem: 'chain hash differs'; found: string };

/**
 * Compares the chain with checkpoints, oldest first; the first mismatch, or null.
 * `chainHashAt(index)` reads the stored chain hash at an index (null when there is none).
 */
export async function findCheckpointMismatch(
  checkpoints: Checkpoint[],
  publicKeys: Map<string, KeyObject>,
  chainHashAt: (chainIndex: number) => Promise<string | null>,
): Promise<CheckpointMismatch | null> {
  for (const c of [...checkpoints].sort((a, b) => a.chainIndex - b.chainIndex)) {
    if (!isCheckpointSigned(c, publicKeys)) return { checkpoint: c, problem: 'bad signature' };
    const found = await chainHashAt(c.chainIndex);
    if (found === null) return { checkpoint: c, problem: 'chain is shorter than the checkpoint' };
    if (found !== c.headHash) return { checkpoint: c, problem: 'chain hash differs', found };
  }
  return null;
}

/**
 * Reads `id:base64-pkcs8[,id:base64-pkcs8…]` (the first signs, all verify), the
 * shape LIAISE_ENCRYPTION_KEY already uses for rotation.
 */
export function parseCheckpointKeys(value: string): CheckpointKeys {
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('no checkpoint key given');
  const publicKeys = new Map<string, KeyObject>();
  let current: CheckpointKeys['current'] | null = null;
  for (const entry of entries) {
    const sep = entry.indexOf(':');
    const keyId = entry.slice(0, sep);
    if (sep <= 0 || !/^[\w.-]+$/.test(keyId)) throw new Error('each checkpoint key must be written id:base64');
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey({ key: Buffer.from(entry.slice(sep + 1), 'base64'), format: 'der', type: 'pkcs8' });
    } catch {
      throw new Error(`checkpoint key ${keyId} is not a PKCS#8 private key`);
    }
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`checkpoint key ${keyId} is not an Ed25519 key`);
    publicKeys.set(keyId, createPublicKey(privateKey));
    current ??= { keyId, privateKey };
  }
  return { current: current!, publicKeys };
}

/** A new Ed25519 key written as `id:base64-pkcs8` (simulator mode generates one). */
export function generateCheckpointKey(keyId: string): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return `${keyId}:${privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')}`;
}
