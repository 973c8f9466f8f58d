import type { Db } from '../db/db.client.js';
import type { Logger } from '../log/logger.js';
import { JOBS_CHANNEL, type Job, type JobOutcome, type JobQueue } from './job.queue.js';

export type JobHandler = (job: Job) => Promise<JobOutcome>;

/**
 * Runs jobs of the given kinds: woken at once by NOTIFY when a job is enqueued,
 * and by a poll for scheduled retries. `stop()` lets in-flight jobs finish.
 */
export function createJobWorker(deps: {
  db: Db;
  queue: JobQueue;
  handlers: Record<string, JobHandler>;
  logger: Logger;
  pollMs?: number;
  concurrency?: number;
  leaseMs?: number;
}) {
  const { db, queue, handlers, logger } = deps;
  const kinds = Object.keys(handlers);
  const pollMs = deps.pollMs ?? 1000;
  const concurrency = deps.concurrency ?? 4;
  const leaseMs = deps.leaseMs ?? 60_000;
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  let draining: Promise<void> | null = null;
  let again = false;
  const inFlight = new Set<Promise<void>>();

  async function runOne(job: Job) {
    const handler = handlers[job.kind];
    let outcome: JobOutcome;
    try {
      outcome = handler ? await handler(job) : { result: 'failed', error: `no handler for ${job.kind}` };
    } catch (err) {
      logger.error({ err, jobId: job.id, kind: job.kind }, 'job threw');
      outcome = { result: 'retry', error: (err as Error).message ?? 'error' };
    }
    await queue.finish(job, outcome).catch((err) => logger.error({ err, jobId: job.id }, 'could not record job outcome'));
  }

  async function drain() {
    do {
      again = false;
      while (running) {
        const free = concurrency - inFlight.size;
        if (free <= 0) {
          await Promise.race(inFlight);
          continue;
        }
        let jobs: Job[];
        try {
          jobs = await queue.claim(kinds, free, leaseMs);
        } catch (err) {
          if (running) logger.error({ err }, 'job claim failed');
          break;
        }
        if (jobs.length === 0) break;
        for (const job of jobs) {
          const p = runOne(job).finally(() => inFlight.delete(p));
          inFlight.add(p);
        }
      }
    } while (again && running);
  }

  function kick() {
    if (!running) return;
    if (draining) {
      again = true;
      return;
    }
    draining = drain().finally(() => {
      draining = null;
    });
  }

  return {
    async start() {
      running = true;
      unlisten = await db.listen(JOBS_CHANNEL, () => kick());
      timer = setInterval(kick, pollMs);
      timer.unref();
      kick();
    },
    /** Nudges the worker (tests, and after a local enqueue). */
    kick,
    /** Resolves when no job is due and none is in flight. */
    async idle() {
      for (;;) {
        kick();
        if (draining) await draining;
        if (inFlight.size) await Promise.all(inFlight);
        if (!draining && inFlight.size === 0) return;
      }
    },
    async stop() {
      running = false;
      if (timer) clearInterval(timer);
      if (unlisten) await unlisten();
      if (draining) await draining;
      await Promise.all(inFlight);
    },
  };
}

export type JobWorker = ReturnType<typeof createJobWorker>;
