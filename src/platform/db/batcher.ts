/**
 * Group commit in the application: items submitted while earlier batches are
 * being written wait and go together in the next one (one statement, one commit,
 * one round trip). Nothing waits on a timer: an item waits at most for the current
 * turn of the event loop (`gatherOneTurn`) or not at all; under load, batches grow
 * by themselves. `run` must be all-or-nothing (one statement or one transaction):
 * when a batch fails, its items are retried one by one so only a bad item fails.
 */
export function createBatcher<I, O>(
  run: (items: I[]) => Promise<O[]>,
  opts: { maxInFlight?: number; maxBatch?: number; gatherOneTurn?: boolean } = {},
) {
  const maxInFlight = opts.maxInFlight ?? 2;
  const maxBatch = opts.maxBatch ?? 64;
  let scheduled = false;
  const queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let inFlight = 0;

  function pump() {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      inFlight += 1;
      run(batch.map((b) => b.item))
        .then(
          (results): unknown => batch.forEach((b, i) => b.resolve(results[i]!)),
          (err: unknown): unknown => {
            if (batch.length === 1) return batch[0]!.reject(err);
            // One bad item must not fail the others: the failed statement wrote nothing, so
            // each item is tried again on its own and only the bad one fails.
            return Promise.all(batch.map((b) => run([b.item]).then((r) => b.resolve(r[0]!), b.reject)));
          },
        )
        .finally(() => {
          inFlight -= 1;
          pump();
        });
    }
  }

  return {
    submit(item: I): Promise<O> {
      return new Promise<O>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // With `gatherOneTurn`, wait until the event loop has taken in what else has
        // arrived (for an embedded database that blocks the loop while it works).
        if (!opts.gatherOneTurn) pump();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(() => {
            scheduled = false;
            pump();
          });
        }
      });
    },
  };
}
