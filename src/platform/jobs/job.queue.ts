import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from '../db/db.client.js';
import type { Clock } from '../clock.js';
import type { Notifier } from '../db/notifier.js';

export interface Job<P = Record<string, unknown>> {
  id: string;
  kind: string;
  payload: P;
  attempts: number;
  maxAttempts: number;
}

export type JobOutcome = { result: 'done' } | { result: 'retry'; error: string; delayMs?: number } | { result: 'failed'; error: string };

export const JOBS_CHANNEL = 'liaise_jobs';

/** Exponential backoff with full jitter: 1s, 2s, 4s … capped at 5 minutes. */
export function backoffMs(attempt: number, baseMs = 1000, capMs = 300_000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/**
 * Jobs live in the database beside the data they act on, so enqueueing is part of
 * the caller's transaction (the transactional outbox); the caller wakes the
 * workers with `wake` after commit. Claiming uses
 * FOR UPDATE SKIP LOCKED, so any number of workers on any number of nodes never
 * take the same job; a lease lets another worker take over from one that died.
 */
export function createJobQueue(deps: { db: Db; clock: Clock; notifier: Notifier }) {
  const { db, clock } = deps;
  return {
    /** Wakes workers for a kind; call after the transaction that enqueued the job has committed (workers also poll). */
    wake(kind: string) {
      deps.notifier.publish(JOBS_CHANNEL, kind);
    },

    async enqueue(
      q: Queryable,
      kind: string,
      payload: Record<string, unknown>,
      opts: { runAt?: Date; maxAttempts?: number } = {},
    ): Promise<string> {
      const id = randomUUID();
      await q.query(
        `INSERT INTO job (id, kind, payload, run_at, max_attempts, created_at, updated_at) VALUES ($1, $2, $3::jsonb, $4, $5, $6, $6)`,
        [id, kind, JSON.stringify(payload), opts.runAt ?? clock.now(), opts.maxAttempts ?? 8, clock.now()],
      );
      return id;
    },

    async claim(kinds: string[], limit: number, leaseMs: number): Promise<Job[]> {
      const now = clock.now();
      const r = await db.query<{ id: string; kind: string; payload: Record<string, unknown>; attempts: number; max_attempts: number }>(
        `UPDATE job SET state = 'running', attempts = attempts + 1, locked_until = $3, updated_at = $1
          WHERE id IN (
            SELECT id FROM job
             WHERE kind = ANY($4::text[])
               AND ((state = 'pending' AND run_at <= $1) OR (state = 'running' AND locked_until < $1))
             ORDER BY run_at LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING id, kind, payload, attempts, max_attempts`,
        [now, limit, new Date(now.getTime() + leaseMs), kinds],
      );
      return r.rows.map((j) => ({ id: j.id, kind: j.kind, payload: j.payload, attempts: j.attempts, maxAttempts: j.max_attempts }));
    },

    async finish(job: Job, outcome: JobOutcome): Promise<void> {
      const now = clock.now();
      if (outcome.result === 'done') {
        await db.query(`UPDATE job SET state = 'done', locked_until = NULL, updated_at = $2 WHERE id = $1`, [job.id, now]);
      } else if (outcome.result === 'retry' && job.attempts < job.maxAttempts) {
        const runAt = new Date(now.getTime() + (outcome.delayMs ?? backoffMs(job.attempts)));
        await db.query(
          `UPDATE job SET state = 'pending', run_at = $2, locked_until = NULL, last_error = $3, updated_at = $4 WHERE id = $1`,
          [job.id, runAt, outcome.error.slice(0, 500), now],
        );
      } else {
        await db.query(`UPDATE job SET state = 'failed', locked_until = NULL, last_error = $2, updated_at = $3 WHERE id = $1`, [
          job.id,
          outcome.error.slice(0, 500),
          now,
        ]);
      }
    },

    async counts(): Promise<Record<string, number>> {
      const r = await db.query<{ state: string; n: number }>('SELECT state, count(*)::int AS n FROM job GROUP BY state');
      return Object.fromEntries(r.rows.map((x) => [x.state, x.n]));
    },
  };
}

export type JobQueue = ReturnType<typeof createJobQueue>;
