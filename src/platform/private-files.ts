import { chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Files this process creates from now on are the owner's alone (0600, directories 0700): the
 * embedded database, uploads and secrets hold personal data. Node's umask is process-wide and
 * cannot be set from a worker thread (test runners), where this changes nothing and returns false.
 */
export function ownerOnlyFromNowOn(): boolean {
  try {
    process.umask(0o077);
    return true;
  } catch {
    return false;
  }
}

/** Makes everything under `dir` the owner's alone: directories 0700, files 0600 (for what an earlier start left). */
export function restrictToOwner(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(entry.parentPath ?? dir, entry.name);
    if (entry.isDirectory()) restrictToOwner(path);
    else if (entry.isFile()) chmodSync(path, 0o600);
  }
}
