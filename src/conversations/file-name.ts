import type { Cipher } from '../platform/crypto/cipher.js';

/**
 * A file name at rest: the name a citizen or an export gave a file can say who it is about
 * ("Tenancy - Jo Bloggs.pdf"), so it is encrypted like a body (bound to the attachment id) and the
 * attachment row keeps only a safe display name made from its extension or type ("attachment.pdf").
 */
export function sealFileName(
  cipher: Cipher,
  attachmentId: string,
  fileName: string | null,
  mimeType: string | null = null,
): { fileName: string | null; fileNameCt: Buffer | null } {
  if (!fileName) return { fileName: null, fileNameCt: null };
  const { keyId, ciphertext } = cipher.seal(fileName, `attachment-name:${attachmentId}`);
  // The key id travels with the name (its length, then its bytes): the row's key_id is its content's.
  const id = Buffer.from(keyId, 'utf8');
  return { fileName: safeDisplayName(fileName, mimeType), fileNameCt: Buffer.concat([Buffer.from([id.length]), id, ciphertext]) };
}

/** The name a file had, when it was sealed with `sealFileName` under the cipher's current key set. */
export function openFileName(cipher: Cipher, a: { id: string; fileNameCt: Buffer | null; fileName: string | null }): string | null {
  if (!a.fileNameCt || a.fileNameCt.length < 2) return a.fileName;
  const n = a.fileNameCt[0]!;
  const keyId = a.fileNameCt.subarray(1, 1 + n).toString('utf8');
  try {
    return cipher.open(keyId, a.fileNameCt.subarray(1 + n), `attachment-name:${a.id}`).toString('utf8');
  } catch {
    return a.fileName; // an unreadable name never hides its file: show the safe display name
  }
}

const EXTENSION_BY_TYPE: Record<string, string> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'audio/ogg': '.ogg',
  'video/mp4': '.mp4',
  'text/plain': '.txt',
};

/** `stem` ("attachment", "export") and the file's extension (or its type's), never any other part of its name. */
export function safeDisplayName(fileName: string | null, mimeType: string | null, stem = 'attachment'): string {
  const ext =
    /\.[A-Za-z0-9]{1,8}$/.exec(fileName ?? '')?.[0]?.toLowerCase() ?? EXTENSION_BY_TYPE[(mimeType ?? '').split(';')[0]!.trim()] ?? '';
  return `${stem}${ext}`;
}
