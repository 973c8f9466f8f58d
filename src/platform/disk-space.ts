import { statfs } from 'node:fs/promises';

/**
 * Bytes free to an unprivileged writer on the file system holding `dir`. The embedded database
 * (PGlite) cannot recover from a disk that fills under it mid-write (its WebAssembly file layer
 * spins on ENOSPC: `npm run faults -- disk-full` shows the import hanging), so work that will
 * write a lot checks first.
 */
export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}
