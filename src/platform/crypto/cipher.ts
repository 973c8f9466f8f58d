import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors.js';

/**
 * AES-256-GCM for message bodies and media at rest. Each value carries the id of
 * the key that sealed it (stored beside it), so keys can be rotated: new values
 * use the current key, old values still open with the key they name.
 * Envelope: 12-byte IV | 16-byte tag | ciphertext. The associated data binds a
 * ciphertext to its row (e.g. the message id), so it cannot be moved to another.
 */
export interface Cipher {
  readonly currentKeyId: string;
  seal(plaintext: Buffer | string, associatedData: string): { keyId: string; ciphertext: Buffer };
  open(keyId: string, ciphertext: Buffer, associatedData: string): Buffer;
  /** Seals large content (attachments) chunk by chunk with the current key; see {@link ChunkSealer}. */
  chunkSealer(associatedData: string): ChunkSealer;
  /** Opens chunks sealed by a {@link ChunkSealer} made with this key id, nonce and associated data. */
  chunkOpener(keyId: string, nonce: Buffer, associatedData: string): ChunkOpener;
}

/**
 * Plaintext bytes per sealed chunk of large content. Measured (bench/import-memory.ts): at 32 KiB each chunk's
 * parameter stays small enough for V8's young generation, so writing a 48 MiB file leaves little garbage
 * behind; 64 KiB chunks peaked 130 MB higher on PGlite.
 */
export const CONTENT_CHUNK_BYTES = 32 * 1024;

/**
 * Chunked AES-256-GCM for content too large to hold whole (the STREAM construction): the content gets one
 * random 12-byte nonce; chunk `seq` is sealed with that nonce XOR its number (in the last four bytes), and
 * its associated data names the content, the chunk's number and whether it is the last one. A chunk cannot
 * be moved to another content or place, and a content cut short fails: its new last chunk was not sealed
 * as the last. Chunk envelope: 16-byte tag | ciphertext.
 */
export interface ChunkSealer {
  readonly keyId: string;
  readonly nonce: Buffer;
  seal(seq: number, plaintext: Buffer, final: boolean): Buffer;
}

export interface ChunkOpener {
  /** CRYPTO_CIPHERTEXT_INVALID if the chunk was altered, moved, or is not (or is) the last as `final` says. */
  open(seq: number, ciphertext: Buffer, final: boolean): Buffer;
}

const chunkNonce = (nonce: Buffer, seq: number): Buffer => {
  if (nonce.length !== 12 || !Number.isInteger(seq) || seq < 0 || seq > 0xffffffff)
    throw new AppError('CRYPTO_CIPHERTEXT_INVALID', 'Stored chunk is out of range', 500);
  const n = Buffer.from(nonce);
  n.writeUInt32BE((n.readUInt32BE(8) ^ seq) >>> 0, 8);
  return n;
};

const chunkAad = (associatedData: string, seq: number, final: boolean) =>
  Buffer.from(`${associatedData}|chunk:${seq}|${final ? 'last' : 'more'}`, 'utf8');

export function createCipher(keys: { current: string; keys: Record<string, Buffer> }): Cipher {
  const lookup = (id: string) => {
    const key = keys.keys[id];
    if (!key) throw new AppError('CRYPTO_KEY_UNKNOWN', `Encryption key "${id}" is not configured`, 500);
    return key;
  };
  return {
    currentKeyId: keys.current,
    seal(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', lookup(keys.current), iv);
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const body = Buffer.concat([
        cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext),
        cipher.final(),
      ]);
      return { keyId: keys.current, ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]) };
    },
    open(keyId, ciphertext, associatedData) {
      if (ciphertext.length < 28) throw new AppError('CRYPTO_CIPHERTEXT_INVALID', 'Stored ciphertext is truncated', 500);
      const decipher = createDecipheriv('aes-256-gcm', lookup(keyId), ciphertext.subarray(0, 12));
      decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(ciphertext.subarray(12, 28));
      try {
        return Buffer.concat([decipher.update(ciphertext.subarray(28)), decipher.final()]);
      } catch {
        throw new AppError('CRYPTO_CIPHERTEXT_INVALID', 'Stored ciphertext failed authentication', 500);
      }
    },
    chunkSealer(associatedData) {
      const key = lookup(keys.current);
      const nonce = randomBytes(12);
      return {
        keyId: keys.current,
        nonce,
        seal(seq, plaintext, final) {
          const cipher = createCipheriv('aes-256-gcm', key, chunkNonce(nonce, seq));
          cipher.setAAD(chunkAad(associatedData, seq, final));
          const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
          return Buffer.concat([cipher.getAuthTag(), body]);
        },
      };
    },
    chunkOpener(keyId, nonce, associatedData) {
      const key = lookup(keyId);
      return {
        open(seq, ciphertext, final) {
          if (ciphertext.length < 16) throw new AppError('CRYPTO_CIPHERTEXT_INVALID', 'Stored chunk is truncated', 500);
          const decipher = createDecipheriv('aes-256-gcm', key, chunkNonce(nonce, seq));
          decipher.setAAD(chunkAad(associatedData, seq, final));
          decipher.setAuthTag(ciphertext.subarray(0, 16));
          try {
            return Buffer.concat([decipher.update(ciphertext.subarray(16)), decipher.final()]);
          } catch {
            throw new AppError('CRYPTO_CIPHERTEXT_INVALID', 'Stored chunk failed authentication', 500);
          }
        },
      };
    },
  };
}
