/**
 * Group commit in the application: items submitted while earlier batches are
 * being written wait and go together in the next one (one statement, one commit,
 * one round trip). Nothing waits on a timer: with no batch in flight, an item is
 * written at once; under load, batches grow by themselves.
 */
export function createBatcher<I, O>(run: (items: I[]) => Promise<O[]>, opts: { maxInFlight?: number; maxBatch?: number } = {}) {
  const maxInFlight = opts.maxInFlight ?? 2;
  const maxBatch = opts.maxBatch ?? 64;
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
        pump();
      });
    },
  };
}
