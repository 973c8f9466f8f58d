import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXPORT_STYLES, generateChat, renderChatExport, SYNTHETIC_NAMES } from '../test/chat-export/chat-export.synthetic.js';
import type { AuthorRole } from '../src/imports/chat-import.service.js';
import { createLogger } from '../src/platform/log/logger.js';
import { loadPolicyEngine } from '../src/server.js';
import { createServices } from '../src/composition.js';
import { toActor } from '../src/staff/staff.service.js';
import { type DbKind, openTestDb } from '../test/db.js';
import type { BenchRow } from './bench.types.js';

const MESSAGES = Number(process.env['BENCH_IMPORT_MESSAGES'] ?? 100_000);

/**
 * Importing a large synthetic export end to end: parse, policy scan, encrypt,
 * store, append records, then seal them all into the chain. No other tool does
 * this, so the row shows our figure against the target.
 */
export async function run(): Promise<BenchRow[]> {
  const kind: DbKind = process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite';
  const dir = mkdtempSync(join(tmpdir(), 'liaise-import-bench-'));
  const db = await openTestDb(kind, { poolSize: 4 });
  try {
    const path = join(dir, 'chat.txt');
    writeFileSync(path, renderChatExport(generateChat(MESSAGES, 7), EXPORT_STYLES[0]!));
    const services = createServices({
      db,
      logger: createLogger('silent'),
      encryptionKeys: { current: 'k1', keys: { k1: Buffer.alloc(32, 3) } },
      digestKeys: { current: 'd1', keys: { d1: Buffer.alloc(32, 13) } },
      sessionHours: 1,
      allowFictionalNumbers: true,
      policy: loadPolicyEngine({ policyPackPath: null }),
      whatsapp: {
        graphBase: 'http://127.0.0.1:9',
        apiVersion: 'v23.0',
        accessToken: 'x',
        phoneNumberId: '100000000000001',
        sendTimeoutMs: 1000,
      },
    });
    await services.staff.createTeam(null, { name: 'Housing' });
    const { staff } = await services.staff.createStaff(null, {
      email: 'bench@council.example',
      role: 'caseworker',
      team: 'Housing',
      displayName: 'Bench Worker',
    });
    const actor = toActor(staff);
    const citizen = await services.citizens.addCitizen(actor, {
      fullName: 'Alex Example',
      waNumber: '07700 900123',
      dateOfBirth: '1980-01-01',
      caseReference: 'BENCH-1',
    });
    const authors: Record<string, AuthorRole> = {};
    SYNTHETIC_NAMES.forEach(
      (n, i) => (authors[n] = i === 0 ? { role: 'citizen' } : i === 1 ? { role: 'staff', staffId: staff.id } : { role: 'third_party' }),
    );
    // As in the server, the sequencer seals records while the import runs.
    const t0 = performance.now();
    const sequencer = services.startSequencer(100);
    const summary = await services.imports.importFile(actor, { path, fileName: 'chat.txt', citizenId: citizen.id, authors });
    const t1 = performance.now();
    await sequencer.stop();
    const t2 = performance.now();
    const verify = await services.records.verify();
    if (!verify.ok || verify.pending !== 0) throw new Error(`import bench: chain not intact after import (${JSON.stringify(verify)})`);
    const total = summary.messagesImported;
    const withSeal = total / ((t2 - t0) / 1000);
    return [
      {
        name: `chat import into ${kind}, ${total.toLocaleString('en-GB')} messages, scan + records + sealing`,
        unit: 'msg/s',
        ours: Math.round(withSeal),
        peer: null,
        peerName: null,
        ratio: null,
        target: '≥ 5,000 msg/s',
        ok: withSeal >= 5000,
      },
      {
        name: `  of which import (parse, scan, encrypt, store, append)`,
        unit: 'msg/s',
        ours: Math.round(total / ((t1 - t0) / 1000)),
        peer: null,
        peerName: null,
        ratio: null,
      },
    ];
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
