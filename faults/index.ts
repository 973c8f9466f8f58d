/**
 * `npm run faults`: the fault harness. Bounded scripts against loopback; each prints a row of
 * acknowledged, stored, lost, duplicated and verify results, and the run exits 1 if any row
 * lost or duplicated anything, answered a server error where it should not, or failed verify.
 *
 *   npm run faults                      # every scenario, PGlite and PostgreSQL
 *   npm run faults -- --core            # the CI core (smaller loads)
 *   npm run faults -- inbound poisoned  # chosen scenarios
 *
 * db-restart and disk-full start a PostgreSQL server of their own (Debian's postgresql binaries) and
 * mount tmpfs disks, so they need root, as in CI.
 *
 * PostgreSQL is TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); each
 * scenario makes and drops its own database there.
 */
import { type DbKind, type FaultRow, rowOk } from './harness.js';
import { hostileImports, inboundKill9, outbound, poisoned } from './scenarios.js';
import { databaseRestart, diskFullImport } from './storage-scenarios.js';

const args = process.argv.slice(2);
const core = args.includes('--core');
const only = args.filter((a) => !a.startsWith('--'));
const dbs: DbKind[] = args.includes('--pglite-only') ? ['pglite'] : ['pglite', 'postgres'];

const SCENARIOS: Record<string, (db: DbKind) => Promise<FaultRow | null>> = {
  inbound: (db) => inboundKill9(db, core ? { count: 600, connections: 8 } : { count: 6000, connections: 16 }),
  poisoned: (db) => poisoned(db),
  'outbound-kill9': (db) => outbound(db, { count: core ? 30 : 150, harm: 'kill9' }),
  'hostile-exports': (db) => hostileImports(db),
  'cloud-api': (db) => outbound(db, { count: core ? 20 : 60, harm: 'cloud-api' }),
  // The harness's own PostgreSQL server is restarted; PGlite lives inside the Liaise process (kill -9 covers it).
  'db-restart': (db) =>
    db === 'postgres' ? databaseRestart(core ? { count: 400, connections: 8 } : { count: 3000, connections: 16 }) : Promise.resolve(null),
  'disk-full': (db) => diskFullImport(db, { headroomBytes: 16 * 1024 * 1024, files: core ? 6 : 12, eachBytes: 8 * 1024 * 1024 }),
};

function printTable(rows: FaultRow[]) {
  const head = ['scenario', 'db', 'acknowledged', 'stored', 'lost', 'duplicated', '5xx', 'verify', 'result', 'note'];
  const cells = rows.map((r) => [
    r.scenario,
    r.db,
    String(r.acknowledged),
    String(r.stored),
    String(r.lost),
    String(r.duplicated),
    String(r.serverErrors),
    r.verify,
    rowOk(r) ? 'ok' : 'FAIL',
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

const rows: FaultRow[] = [];
for (const [name, run] of Object.entries(SCENARIOS)) {
  if (only.length && !only.includes(name)) continue;
  for (const db of dbs) {
    process.stderr.write(`running ${name} on ${db}…\n`);
    const row = await run(db);
    if (!row) continue;
    console.log(JSON.stringify(row));
    rows.push(row);
  }
}
console.log('');
printTable(rows);
process.exitCode = rows.every(rowOk) ? 0 : 1;
