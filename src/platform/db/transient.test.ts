import { describe, expect, it } from 'vitest';
import { isTransientDbError, retryTransient } from './transient.js';

const pgError = (code: string) => Object.assign(new Error(`database error ${code}`), { code });

describe('retryTransient', () => {
  it('runs again after a deadlock or serialization failure, and returns what the attempt that worked returned', async () => {
    const codes = ['40P01', '40001'];
    let calls = 0;
    const result = await retryTransient(async () => {
      calls += 1;
      const code = codes[calls - 1];
      if (code) throw pgError(code);
      return 'stored';
    });
    expect(result).toBe('stored');
    expect(calls).toBe(3);
  });

  it('does not run again after any other error', async () => {
    let calls = 0;
    const unique = pgError('23505');
    await expect(
      retryTransient(async () => {
        calls += 1;
        throw unique;
      }),
    ).rejects.toBe(unique);
    expect(calls).toBe(1);
  });

  it('gives up after the last attempt and throws its error', async () => {
    let calls = 0;
    await expect(
      retryTransient(async () => {
        calls += 1;
        throw pgError('40P01');
      }, 3),
    ).rejects.toMatchObject({ code: '40P01' });
    expect(calls).toBe(3);
  });

  it('knows the transient codes only', () => {
    expect(isTransientDbError(pgError('40P01'))).toBe(true);
    expect(isTransientDbError(pgError('40001'))).toBe(true);
    expect(isTransientDbError(pgError('57P01'))).toBe(false);
    expect(isTransientDbError(new Error('plain'))).toBe(false);
    expect(isTransientDbError(null)).toBe(false);
  });
});
