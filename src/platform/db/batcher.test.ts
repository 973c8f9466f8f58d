import { describe, expect, it } from 'vitest';
import { createBatcher } from './batcher.js';

describe('createBatcher', () => {
  it('writes at once when idle and groups what arrives while batches are in flight', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const b = createBatcher(
      async (items: number[]) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((r) => (release = r));
        return items.map((x) => x * 10);
      },
      { maxInFlight: 1, maxBatch: 3 },
    );
    const first = b.submit(1);
    const rest = [2, 3, 4, 5].map((x) => b.submit(x));
    release();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40, 50]);
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('fails every item of a failed batch and keeps going', async () => {
    let calls = 0;
    const b = createBatcher(async (items: number[]) => {
      calls += 1;
      if (calls === 1) throw new Error('database gone');
      return items;
    });
    await expect(b.submit(1)).rejects.toThrow('database gone');
    expect(await b.submit(2)).toBe(2);
  });
});

describe('createBatcher isolates a bad item', () => {
  it('retries a failed batch item by item, so only the bad item fails', async () => {
    const batches: number[][] = [];
    const b = createBatcher(
      async (items: number[]) => {
        batches.push(items);
        if (items.includes(13)) throw new Error('bad item');
        return items.map((x) => x * 2);
      },
      { maxInFlight: 1, gatherOneTurn: true },
    );
    const results = await Promise.allSettled([1, 13, 3].map((x) => b.submit(x)));
    expect(results).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: expect.objectContaining({ message: 'bad item' }) },
      { status: 'fulfilled', value: 6 },
    ]);
    expect(batches).toEqual([[1, 13, 3], [1], [13], [3]]);
  });
});

describe('createBatcher with gatherOneTurn', () => {
  it('puts items submitted in the same turn into one batch', async () => {
    const batches: number[][] = [];
    const b = createBatcher(
      async (items: number[]) => {
        batches.push(items);
        return items;
      },
      { maxInFlight: 1, gatherOneTurn: true },
    );
    expect(await Promise.all([1, 2, 3].map((x) => b.submit(x)))).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1, 2, 3]]);
  });
});
