import type { Db } from './db.client.js';

/**
 * Publishes PostgreSQL notifications outside the transactions that cause them,
 * coalesced into one statement per short interval.
 *
 * Why not NOTIFY inside the transaction: PostgreSQL serialises the commits of
 * all transactions that have issued NOTIFY (one global queue lock held through
 * commit), which capped webhook ingestion at about 640 deliveries/s on this
 * machine. Notifications here are wake-up hints only (live page updates, job
 * workers, which also poll), so sending them just after commit loses nothing.
 */
export function createNotifier(db: Pick<Db, 'query'>, opts: { intervalMs?: number; onError?: (err: unknown) => void } = {}) {
  const intervalMs = opts.intervalMs ?? 10;
  const queued = new Map<string, Set<string>>();
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> = Promise.resolve();
  let closed = false;

  async function flush(): Promise<void> {
    timer = null;
    if (queued.size === 0) return;
    const channels: string[] = [];
    const payloads: string[] = [];
    for (const [channel, set] of queued) {
      for (const p of set) {
        channels.push(channel);
        payloads.push(p);
      }
    }
    queued.clear();
    try {
      await db.query('SELECT pg_notify(c, p) FROM unnest($1::text[], $2::text[]) AS t(c, p)', [channels, payloads]);
    } catch (err) {
      opts.onError?.(err);
    }
  }

  return {
    /** Call after the transaction that made the change has committed. */
    publish(channel: string, payload: string) {
      if (closed) return;
      let set = queued.get(channel);
      if (!set) queued.set(channel, (set = new Set()));
      set.add(payload);
      if (!timer) timer = setTimeout(() => (flushing = flushing.then(flush)), intervalMs);
    },
    /** Sends everything queued now. */
    async flush() {
      if (timer) clearTimeout(timer);
      flushing = flushing.then(flush);
      await flushing;
    },
    async close() {
      await this.flush();
      closed = true;
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
