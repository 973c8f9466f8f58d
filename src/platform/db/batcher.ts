/**
 * Group commit in the application: items submitted while earlier batches are
 * being written wait and go together in the next one (one statement, one commit,
 * one round trip). Nothing waits on a timer: an item waits at most for the current
 * turn of the event loop (`gatherOneTurn`) or not at all; under load, batches grow
 * by themselves.
 */
export function createBatcher<I, O>(run: (items: I[]) => Promise<O[]>, opts: { maxInFlight?: number; maxBatch?: number; gatherOneTurn?: boolean } = {}) {
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
          (results) => batch.forEach((b, i) => b.resolve(results[i]!)),
          (err: unknown) => batch.forEach((b) => b.reject(err)),
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
