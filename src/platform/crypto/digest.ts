import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';

/** The digest keys: `current` keys new digests, every key in `keys` still checks the digests it made. */
export interface DigestKeys {
  current: string;
  keys: Record<string, Buffer>;
}

/** A keyed digest and the id of the key that made it (stored beside it, as a ciphertext's key id is). */
export interface KeyedDigest {
  digest: string;
  keyId: string;
}

/**
 * Keyed digests (HMAC-SHA-256, hex) of message bodies and staff notes: the record chain commits to
 * content without letting anyone who reads the database confirm a guess ("yes", a phone number) by
 * hashing it. The key is kept apart from the data (LIAISE_DIGEST_KEY, or secrets.json in simulator
 * mode) and rotates like the encryption key: new digests use the current key, old ones name theirs.
 */
export interface Digester {
  readonly currentKeyId: string;
  /** The digest of `value` under the current key. */
  digest(value: string | Buffer): KeyedDigest;
  /** Whether `digest` is `value`'s digest under key `keyId`; throws DIGEST_KEY_UNKNOWN when that key is not configured. */
  matches(keyId: string, digest: string, value: string | Buffer): boolean;
  hasKey(keyId: string): boolean;
  /** Every configured key id, the current one first. */
  readonly keyIds: readonly string[];
  /** The HMAC of `value` under key `keyId` (a configured key): for values looked up under older keys too. */
  digestWith(keyId: string, value: string | Buffer): string;
}

export function createDigester(keys: DigestKeys): Digester {
  const lookup = (id: string) => {
    const key = keys.keys[id];
    if (!key) throw new AppError('DIGEST_KEY_UNKNOWN', `Digest key "${id}" is not configured`, 500);
    return key;
  };
  const hmac = (keyId: string, value: string | Buffer) => createHmac('sha256', lookup(keyId)).update(value).digest('hex');
  lookup(keys.current);
  return {
    currentKeyId: keys.current,
    digest: (value) => ({ digest: hmac(keys.current, value), keyId: keys.current }),
    matches(keyId, digest, value) {
      const expected = Buffer.from(hmac(keyId, value), 'hex');
      const given = Buffer.from(digest, 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
    hasKey: (keyId) => Object.hasOwn(keys.keys, keyId),
    keyIds: [keys.current, ...Object.keys(keys.keys).filter((id) => id !== keys.current)],
    digestWith: (keyId, value) => hmac(keyId, value),
  };
}

/**
 * Texts a record commits to without holding them (a note, a justification), as payload fields: each
 * named field its keyed digest (null for a missing text), and `digestKeyId` naming the key they share.
 */
export function digestFields<K extends string>(
  digester: Digester,
  texts: Record<K, string | null>,
): Record<K, string | null> & { digestKeyId: string } {
  const out = { digestKeyId: digester.currentKeyId } as Record<K, string | null> & { digestKeyId: string };
  for (const [field, text] of Object.entries(texts) as [K, string | null][]) {
    (out as Record<K, string | null>)[field] = text === null ? null : digester.digest(text).digest;
  }
  return out;
}

/**
 * What an attachment's keyed digest is taken over: its content's SHA-256 (hex), so the digest can be
 * made as the bytes stream past, Meta's declared SHA-256 of media still to be fetched can be kept in the
 * same keyed form and checked against the download, and a legacy unkeyed digest can be re-keyed without
 * reading the file. Prefixed so it never equals a message body's digest.
 */
export const attachmentDigestInput = (sha256Hex: string) => `attachment-sha256:${sha256Hex.toLowerCase()}`;

/** An attachment's keyed digest from its content's SHA-256 (hex). */
export const attachmentDigest = (digester: Digester, sha256Hex: string): KeyedDigest => digester.digest(attachmentDigestInput(sha256Hex));
