/**
 * Fault scenarios on the storage under Liaise: the PostgreSQL server restarted (and crashed) under
 * inbound load, and the disk filling up in the middle of an import. Both run against a PostgreSQL
 * server of the harness's own (private-postgres.ts) or a PGlite directory on a tmpfs of its own, so
 * the harm touches nothing else on the machine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildZip } from '../test/chat-export/chat-export.testing.js';
import {
  type DbKind,
  type FaultRow,
  type Installation,
  citizenWaId,
  createInstallation,
  deliverAll,
  postDelivery,
  runCli,
  startServer,
  textDelivery,
} from './harness.js';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';
import { countStored, seedCaseworker, verify } from './scenarios.js';

/**
 * The database restarted under load: `count` signed deliveries, `connections` at a time, retried
 * until answered 200. After a third are acknowledged the PostgreSQL server is stopped cleanly and
 * started again; after two thirds it is crashed (immediate stop: no checkpoint, WAL recovery on
 * start). While it is down Liaise must answer 5xx (Meta retries), never 200 for what it did not
 * store; once it is back Liaise carries on without a restart of its own.
 */
export async function databaseRestart(o: { count: number; connections: number; downMs?: number }): Promise<FaultRow> {
  const pg = await startPrivatePostgres();
  let inst: Installation | null = null;
  const prefix = `wamid.pgrestart.${randomBytes(3).toString('hex')}.`;
  try {
    inst = await createInstallation('postgres', { postgresUrl: pg.url });
    const server = await startServer(inst);
    const bodies = Array.from({ length: o.count }, (_, i) => {
      const id = `${prefix}${i}`;
      return { id, body: textDelivery(id, citizenWaId(i % 200), `Please call me back about the boiler, message ${i}`) };
    });
    const harmAt = [Math.floor(o.count / 3), Math.floor((2 * o.count) / 3)];
    const modes: Array<'fast' | 'immediate'> = ['fast', 'immediate'];
    let restarts = 0;
    let refusedWhileDown = 0;
    const harm: { running: Promise<void> | null } = { running: null };
    const acked = await deliverAll(inst, bodies, {
      connections: o.connections,
      timeoutMs: 300_000,
      onAck: (n) => {
        if (harm.running || restarts >= harmAt.length || n < harmAt[restarts]!) return;
        const mode = modes[restarts]!;
        restarts++;
        harm.running = (async () => {
          pg.stop(mode);
          // While the database is down, a delivery must be refused (Meta will retry it).
          const probeId = `${prefix}probe${restarts}`;
          const status = await postDelivery(inst!, textDelivery(probeId, citizenWaId(999), 'probe while the database is down'));
          if (status >= 500 || status === 0) refusedWhileDown++;
          await new Promise((r) => setTimeout(r, o.downMs ?? 1500));
          pg.start();
          harm.running = null;
        })();
      },
    });
    while (harm.running) await harm.running;
    // The probes sent while the database was down are retried now, as Meta would.
    const probes = Array.from({ length: restarts }, (_, i) => {
      const id = `${prefix}probe${i + 1}`;
      return { id, body: textDelivery(id, citizenWaId(999), 'probe while the database is down') };
    });
    const probesAcked = await deliverAll(inst, probes, { connections: 1, timeoutMs: 120_000 });
    for (const id of probesAcked) acked.add(id);
    // A twentieth are redelivered, as Meta does.
    for (const b of bodies.filter((_, i) => i % 20 === 0)) await postDelivery(inst, b.body);
    // Liaise must still be healthy without a restart of its own.
    const ready = await fetch(`${inst.url}/readyz`)
      .then((r) => r.status)
      .catch(() => 0);
    await server.stop();
    const counts = await countStored(inst, prefix);
    const lost = [...acked].filter((id) => !counts.storedIds.has(id)).length;
    return {
      scenario: `PostgreSQL restarted ×${restarts} (clean, then crash) during ${o.count} inbound deliveries`,
      db: 'postgres',
      acknowledged: acked.size,
      stored: counts.stored,
      lost,
      duplicated: counts.duplicated,
      // 200 for a delivery while the database was down, or not ready afterwards, is a failure.
      serverErrors: restarts - refusedWhileDown + (ready === 200 ? 0 : 1),
      verify: await verify(inst),
      note: `${refusedWhileDown}/${restarts} deliveries refused while the database was down; ready afterwards: ${ready === 200 ? 'yes' : `no (${ready})`}`,
    };
  } finally {
    await inst?.dispose().catch(() => undefined);
    pg.dispose();
  }
}

/** An export whose media need `mediaBytes` in all (random, so they cannot compress), as a zip. */
function bulkyExport(files: number, eachBytes: number): Buffer {
  const lines = ['12/03/2024, 09:00 - Fault Citizen: Here are the photos of the damp'];
  const entries: { name: string; data: Buffer | string; method?: 'store' | 'deflate' }[] = [];
  for (let i = 0; i < files; i++) {
    const name = `IMG-2024031${i}-WA000${i}.jpg`;
    lines.push(`12/03/2024, 09:0${(i % 9) + 1} - Fault Citizen: ${name} (file attached)`);
    entries.push({ name, data: randomBytes(eachBytes), method: 'store' });
  }
  lines.push('12/03/2024, 09:30 - Fault Worker: Thank you, I will book an inspection');
  return buildZip([{ name: 'WhatsApp Chat with Fault Citizen.txt', data: `${lines.join('\n')}\n` }, ...entries]);
}

const IMPORT_ARGS = [
  '--as',
  'fault.worker@council.example',
  '--case',
  'FLT-0001',
  '--author',
  'Fault Worker=staff:fault.worker@council.example',
];

/**
 * The disk fills up during an import. The database's own directory (PGlite's data directory, or a
 * private PostgreSQL server's) is a tmpfs with about `headroomBytes` free, and the export's media
 * need far more. The import must fail with a clear message and leave nothing half-stored; once the
 * operator frees space, the chain verifies and the same file imports in full.
 */
export async function diskFullImport(kind: DbKind, o: { headroomBytes: number; files: number; eachBytes: number }): Promise<FaultRow> {
  let pg: PrivatePostgres | null = null;
  let inst: Installation | null = null;
  let mountedDir: string | null = null;
  const work = mkdtempSync(join(tmpdir(), 'liaise-faults-export-'));
  try {
    if (kind === 'postgres') {
      pg = await startPrivatePostgres({ diskBytes: 512 * 1024 * 1024 });
      inst = await createInstallation('postgres', { postgresUrl: pg.url, simulatorPort: 9 });
    } else {
      inst = await createInstallation('pglite', { simulatorPort: 9 });
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${512 * 1024 * 1024},mode=0700`, 'tmpfs', inst.dataDir]);
      mountedDir = inst.dataDir;
    }
    await seedCaseworker(inst, citizenWaId(557));
    const used = pg ? pg.usedBytes() : Number(execFileSync('du', ['-sb', inst.dataDir], { encoding: 'utf8' }).split(/\s/)[0]);
    const page = 4096;
    const tight = Math.ceil((used + o.headroomBytes) / page) * page;
    const resize = (bytes: number) => (pg ? pg.resizeDisk(bytes) : execFileSync('mount', ['-o', `remount,size=${bytes}`, mountedDir!]));
    resize(tight);

    const file = join(work, 'WhatsApp Chat with Fault Citizen.zip');
    writeFileSync(file, bulkyExport(o.files, o.eachBytes));
    const expected = o.files + 2;
    const first = await runCli(inst, ['chat-export', 'import', file, ...IMPORT_ARGS], { timeoutMs: 180_000 });
    const stackTrace = /\n\s+at |TypeError|RangeError|ReferenceError/.test(first.stderr);
    const failedClearly = first.code !== 0 && !stackTrace && first.stderr.trim().length > 0;
    const afterFailure = (
      await inst.query<{ n: number }>(`SELECT count(*)::int AS n FROM message WHERE import_batch_id IS NOT NULL`).catch(() => [{ n: -1 }])
    )[0]!.n;

    // The operator frees space (and starts PostgreSQL again if the full disk stopped it); the same file then imports in full.
    resize(tight + o.files * o.eachBytes * 4 + 128 * 1024 * 1024);
    const restarted = pg ? pg.ensureRunning() : false;
    let second = await runCli(inst, ['chat-export', 'import', file, ...IMPORT_ARGS], { timeoutMs: 300_000 });
    let waitedForReaper = false;
    if (second.code !== 0 && second.stderr.startsWith('IMPORT_IN_PROGRESS')) {
      // The failed import could not even mark its batch failed (the database had stopped): the batch is
      // reaped once its heartbeat is ten minutes old. Those ten minutes pass here by moving it back.
      waitedForReaper = true;
      await inst.query(
        `UPDATE import_batch SET heartbeat_at = now() - interval '11 minutes', created_at = created_at - interval '11 minutes' WHERE state = 'running'`,
      );
      second = await runCli(inst, ['chat-export', 'import', file, ...IMPORT_ARGS], { timeoutMs: 300_000 });
    }
    const stored = (await inst.query<{ n: number }>(`SELECT count(*)::int AS n FROM message WHERE import_batch_id IS NOT NULL`))[0]!.n;
    const unclear = [
      ...(first.code === 0 ? ['the first import did not hit the full disk (headroom too large)'] : []),
      ...(first.code === -1 ? ['the first import hung on the full disk and was killed after 3 minutes'] : []),
      ...(first.code !== 0 && first.code !== -1 && !failedClearly
        ? [`unclear failure: ${first.stderr.trim().split('\n').slice(0, 2).join(' ')}`]
        : []),
      ...(second.code !== 0 ? [`re-import failed: ${second.stderr.trim().split('\n')[0] ?? ''}`] : []),
    ];
    return {
      scenario: `disk full during an import (${o.files} × ${Math.round(o.eachBytes / 1048576)} MiB media, ${Math.round(o.headroomBytes / 1048576)} MiB free)`,
      db: kind,
      acknowledged: second.code === 0 ? expected : 0,
      stored,
      lost: Math.max(0, (second.code === 0 ? expected : 0) - stored),
      duplicated: Math.max(0, stored - expected),
      serverErrors: unclear.length,
      verify: await verify(inst),
      note: [
        ...(unclear.length ? unclear : [`first import refused: "${first.stderr.trim().split('\n')[0]}"; re-import stored all`]),
        // Chunks committed before the disk filled stay (each is whole); the re-import completes them without doubles.
        ...(afterFailure > 0 ? [`${afterFailure} messages stored before the disk filled, completed by the re-import`] : []),
        ...(restarted ? ['PostgreSQL stopped on the full disk and was started again'] : []),
        ...(waitedForReaper ? ['the cut-off batch was reaped after its ten minutes, then the file imported'] : []),
      ].join('; '),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
    if (mountedDir) spawnSync('umount', ['-l', mountedDir]);
    await inst?.dispose().catch(() => undefined);
    pg?.dispose();
  }
}
