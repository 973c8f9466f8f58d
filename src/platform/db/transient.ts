/**
 * PostgreSQL aborts one of two statements that wait on each other (deadlock_detected, 40P01) and, under
 * SERIALIZABLE, a transaction that would break serial order (serialization_failure, 40001). Either way the
 * aborted statement or transaction wrote nothing, so running it again is safe and usually succeeds: the
 * other side has by then committed. PGlite runs one statement at a time and never raises either.
 */
const TRANSIENT_CODES = new Set(['40P01', '40001']);

export function isTransientDbError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && TRANSIENT_CODES.has(String((err as { code?: unknown }).code));
}

/**
 * Runs `fn` (one statement, or one whole transaction) and runs it again, after a short random pause,
 * when the database aborted it as a deadlock or serialization failure; any other error, or the last
 * attempt's, is thrown. `fn` must keep no side effects of an attempt that failed.
 */
export async function retryTransient<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= attempts || !isTransientDbError(err)) throw err;
      // Jitter, growing with each attempt, so the two sides do not collide again in step.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }
}
