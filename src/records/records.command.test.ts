import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { rewriteChainFrom } from '../../test/chain-tamper.js';
import { createFakeClock } from '../platform/clock.js';
import { openPglite } from '../platform/db/db.client.js';
import { parseCheckpointKeys } from './chain/checkpoint.js';
import { createRecordCheckpointRepository } from './chain/record-checkpoint.repository.js';
import { createRecordsRepository } from './records.repository.js';
import { createRecordsService } from './records.service.js';

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', '..', 'bin', 'liaise.js');
const dir = mkdtempSync(join(tmpdir(), 'liaise-checkpoints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { LIAISE_DATA_DIR: dir };

async function liaise(args: string[]) {
  try {
    const r = await run(process.execPath, [bin, ...args], { env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

/** Appends and seals records with the key simulator mode generated into secrets.json, as the server's sequencer would. */
async function appendSealed(n: number, clock = createFakeClock('2026-03-01T10:00:00Z')) {
  const secrets = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as { checkpointKey: string };
  const db = await openPglite(join(dir, 'pglite'));
  const records = createRecordsService({
    db,
    records: createRecordsRepository(),
    clock,
    checkpoints: {
      repo: createRecordCheckpointRepository(),
      keys: parseCheckpointKeys(secrets.checkpointKey),
      everyRecords: 10,
      everyMs: 3_600_000,
    },
  });
  for (let b = 0; b < n; b += 10) {
    await db.transaction(async (tx) => {
      for (let i = b; i < Math.min(n, b + 10); i++) await records.append(tx, { kind: 'test.event', payload: { i } });
    });
    await records.sealPending();
  }
  return db;
}

describe('liaise records checkpoints export and records verify --checkpoints', () => {
  it('exports signed checkpoints, verifies against them, and fails naming the index after a whole-chain rewrite', async () => {
    expect((await liaise(['migrate'])).code).toBe(0); // simulator mode: secrets.json gets a checkpoint key
    await (await appendSealed(35)).close();
    const file = join(dir, 'checkpoints.jsonl');
    const exported = await liaise(['records', 'checkpoints', 'export', '--out', file]);
    expect(exported.code).toBe(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { chainIndex: number }).chainIndex)).toEqual([9, 19, 29]);

    const good = await liaise(['records', 'verify', '--checkpoints', file, '--json']);
    expect(good.code).toBe(0);
    expect(good.stdout.trim().split('\n')).toHaveLength(1);
    expect(lastJson(good.stdout)).toMatchObject({ ok: true, records: 35, sealed: 35, checkpoints: 3 });

    const db = await openPglite(join(dir, 'pglite'));
    await rewriteChainFrom(db, 12, { i: 'rewritten' });
    await db.close();
    const bad = await liaise(['records', 'verify', '--checkpoints', file, '--json']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('checkpoint mismatch at chain index 19');
    expect(lastJson(bad.stdout)).toMatchObject({ ok: false, checkpointMismatch: { chainIndex: 19, problem: 'chain hash differs' } });
    const human = await liaise(['records', 'verify', '--checkpoints', file]);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('checkpoint mismatch at chain index 19');
  }, 180_000);

  it('refuses a corrupt checkpoint file, naming the line', async () => {
    const file = join(dir, 'corrupt.jsonl');
    const good = readFileSync(join(dir, 'checkpoints.jsonl'), 'utf8').split('\n')[0];
    writeFileSync(file, `${good}\n{"chainIndex": 3, "headHash": "nope"}\n`);
    const r = await liaise(['records', 'verify', '--checkpoints', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: line 2: not a checkpoint`);
    writeFileSync(file, `${good}\n\nnot json at all\n`);
    expect((await liaise(['records', 'verify', '--checkpoints', file])).stderr).toContain('line 3: not JSON');
    expect((await liaise(['records', 'verify', '--checkpoints', join(dir, 'missing.jsonl')])).stderr).toContain('cannot be read');
  }, 120_000);
});
