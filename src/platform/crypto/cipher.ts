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
}

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
  };
}
