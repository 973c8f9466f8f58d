import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePolicyPack } from './pack.js';
import type { PolicyPack } from './policy.types.js';

/** The default pack shipped with Liaise (DESIGN.md defaults). */
export const DEFAULT_POLICY_PACK_PATH = fileURLToPath(new URL('./packs/default.yaml', import.meta.url));

/** Read and validate a policy pack file. Throws PolicyPackError (or the fs error if unreadable). */
export function loadPolicyPackFile(path: string): PolicyPack {
  return parsePolicyPack(readFileSync(path, 'utf8'), path);
}

export function loadDefaultPolicyPack(): PolicyPack {
  return loadPolicyPackFile(DEFAULT_POLICY_PACK_PATH);
}
