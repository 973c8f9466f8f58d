import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * UUIDv7 from the `uuid` package, with its random bytes drawn from a pool refilled 4 KiB at a time.
 * `v7()` on its own asks Web Crypto for 16 fresh bytes on every call (1.7-1.8 µs each, measured against
 * 0.38 µs this way), and a retention run makes one for each of a million tombstone records. Ids stay
 * monotonic within the process, as `v7()` keeps them: in a millisecond already used, the 32-bit counter
 * the package lays out goes up by one instead of starting afresh from random bits.
 */
const pool = Buffer.allocUnsafe(16 * 256);
let offset = pool.length;
const state = { msecs: -Infinity, seq: 0 };

export function uuidv7(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const random = pool.subarray(offset, offset + 16);
  offset += 16;
  const now = Date.now();
  if (now > state.msecs) {
    state.msecs = now;
    state.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    state.seq = (state.seq + 1) | 0;
    if (state.seq === 0) state.msecs += 1;
  }
  return v7({ random, msecs: state.msecs, seq: state.seq });
}
