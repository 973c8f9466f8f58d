/**
 * Peak memory of importing an "amplifying" export (issue 9): one 48 MiB photo that every one of 200
 * messages refers to. Before attachments were streamed this took the process past 3 GB.
 *
 * First starts a server on an empty data directory, as a new user's first `npm start` does (peak RSS of
 * its start-up: on PGlite that includes creating the database). Then imports it through the CLI (`liaise chat-export import`, peak RSS from /usr/bin/time -v) and through the
 * web upload (a running `liaise serve`: sign in, upload, wait for the import job; peak RSS is the
 * server's VmHWM from /proc), on PGlite and, when reachable, PostgreSQL. Each run gets a fresh
 * installation. Target: under 300 MB.
 *
 *   npm run build && node bin/run-ts.js bench/import-memory.ts [--photo-mib 48] [--refs 200] [--compressible]
 *     [--paths start,cli,web] [--dbs pglite,postgres] [--cli path/to/bin/liaise.js] [--node-options '--max-old-space-size=128']
 *     [--node-args '--liftoff-only --max-semi-space-size=8']
 *
 * --compressible makes the photo deflate well (the file was a 415 KB zip); by default it is random.
 * --cli runs another build's CLI for the cli path (e.g. the code before this change, as the peer figure).
 * --node-args: flags for node itself, before the script (default: those npm start gives, NODE_FLAGS);
 * --node-args '' runs node with none. NODE_OPTIONS takes only a few V8 flags, hence both.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, openAsBlob, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync, crc32 } from 'node:zlib';
import pg from 'pg';
import { CLI, createInstallation, type Installation, NODE_FLAGS, startServer } from '../faults/harness.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const PHOTO_BYTES = Number(arg('photo-mib', '48')) * 1024 * 1024;
const REFS = Number(arg('refs', '200'));
const COMPRESSIBLE = process.argv.includes('--compressible');
const PATHS = arg('paths', 'start,cli,web').split(',');
const DBS = arg('dbs', 'pglite,postgres').split(',');
const CLI_PATH = arg('cli', CLI);
const NODE_OPTIONS = arg('node-options', '');
const NODE_ARGS = arg('node-args', NODE_FLAGS.join(' ')).split(' ').filter(Boolean);
const TARGET_MB = 300;
const CITIZEN = 'Memory Citizen';
const EMAIL = 'memory.worker@council.example';
const PHOTO = '00000001-PHOTO-2024-03-13-09-00-00.jpg';

/** Writes the zip to `path` a piece at a time (stored entries; the photo deflated when --compressible). */
async function writeAmplifyingZip(path: string): Promise<number> {
  const chat = Buffer.from(
    Array.from(
      { length: REFS },
      (_, i) =>
        `[13/03/2024, ${String(9 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00] ${CITIZEN}: <attached: ${PHOTO}>\n`,
    ).join(''),
  );
  const block = randomBytes(COMPRESSIBLE ? 16 * 1024 : 1024 * 1024);
  const photo = Buffer.alloc(PHOTO_BYTES);
  for (let off = 0; off < PHOTO_BYTES; off += block.length) block.copy(photo, off);
  if (!COMPRESSIBLE) for (let off = 0; off < PHOTO_BYTES; off += 1024 * 1024) randomBytes(1024 * 1024).copy(photo, off);
  const entries = [
    { name: '_chat.txt', raw: chat, body: chat, method: 0 },
    COMPRESSIBLE
      ? { name: PHOTO, raw: photo, body: deflateRawSync(photo, { level: 9 }), method: 8 }
      : { name: PHOTO, raw: photo, body: photo, method: 0 },
  ];
  const out = createWriteStream(path);
  const write = (b: Buffer) => new Promise<void>((res, rej) => out.write(b, (e) => (e ? rej(e) : res())));
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const crc = crc32(e.raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.body.length, 18);
    local.writeUInt32LE(e.raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.body.length, 20);
    central.writeUInt32LE(e.raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    await write(local);
    await write(name);
    await write(e.body);
    centrals.push(central, name);
    offset += local.length + name.length + e.body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  await write(cd);
  await write(end);
  await new Promise<void>((res) => out.end(res));
  return statSync(path).size;
}

/** A caseworker (with a one-time password) and the citizen the chat was with. */
async function seed(inst: Installation): Promise<{ password: string; citizenId: string }> {
  const { loadConfig } = await import('../src/config.js');
  const { openServices } = await import('../src/server.js');
  const { toActor } = await import('../src/staff/staff.service.js');
  const { createLogger } = await import('../src/platform/log/logger.js');
  const opened = await openServices(loadConfig(inst.env, { cwd: inst.dataDir }), createLogger('silent'));
  try {
    await opened.services.staff.bootstrap();
    const cw = await opened.services.staff.createStaff(null, {
      email: EMAIL,
      displayName: 'Memory Worker',
      role: 'caseworker',
      team: 'Triage',
    });
    const citizen = await opened.services.citizens.addCitizen(toActor(cw.staff), {
      fullName: CITIZEN,
      waNumber: '+447700900777',
      caseReference: 'MEM-0001',
      dateOfBirth: '1980-05-01',
    });
    return { password: cw.oneTimePassword, citizenId: citizen.id };
  } finally {
    await opened.close();
  }
}

const mb = (kb: number) => Math.round(kb / 1024);

/** `liaise chat-export import` under /usr/bin/time -v: its exit code and peak RSS (MB). */
function cliImport(inst: Installation, zip: string): Promise<{ code: number; peakMb: number; stderr: string }> {
  return new Promise((res) => {
    const p = spawn(
      '/usr/bin/time',
      ['-v', process.execPath, ...NODE_ARGS, CLI_PATH, 'chat-export', 'import', zip, '--as', EMAIL, '--case', 'MEM-0001'],
      {
        env: inst.env,
        cwd: inst.dataDir,
      },
    );
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.stdout.resume();
    p.on('close', (code) => {
      const kb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? NaN);
      res({ code: code ?? -1, peakMb: mb(kb), stderr: stderr.split('\n').slice(0, 5).join(' ') });
    });
  });
}

/** A browser without JavaScript: cookies kept, each form's CSRF token read from the page. */
function browser(base: string) {
  const cookies = new Map<string, string>();
  let csrf = '';
  const keep = async (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      cookies.set(k!, v ?? '');
    }
    const text = await r.text();
    const m = /name="_csrf" value="([^"]+)"/.exec(text);
    if (m) csrf = m[1]!;
    return { status: r.status, location: r.headers.get('location'), text };
  };
  const headers = () => ({ cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') });
  return {
    get csrf() {
      return csrf;
    },
    get: async (path: string) => keep(await fetch(base + path, { headers: headers(), redirect: 'manual' })),
    post: async (path: string, body: URLSearchParams | FormData) =>
      keep(await fetch(base + path, { method: 'POST', body, headers: headers(), redirect: 'manual' })),
  };
}

const peakOf = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);

/** Upload through the staff app to a running server; peak RSS of the server before and after (MB). */
async function webImport(
  inst: Installation,
  zip: string,
  who: { password: string; citizenId: string },
): Promise<{ state: string; startMb: number; peakMb: number; importPeakMb: number; rssBeforeMb: number; seconds: number }> {
  const server = await startServer(inst, undefined, NODE_ARGS);
  try {
    const pid = server.proc.pid!;
    const b = browser(inst.url);
    await b.get('/sign-in');
    let r = await b.post('/sign-in', new URLSearchParams({ _csrf: b.csrf, email: EMAIL, password: who.password }));
    if (r.location === '/account/password') {
      await b.get('/account/password');
      const fresh = 'quartz lantern orbit meadow 7';
      r = await b.post(
        '/account/password',
        new URLSearchParams({ _csrf: b.csrf, currentPassword: who.password, newPassword: fresh, confirmPassword: fresh }),
      );
    }
    if (r.status !== 303) throw new Error(`sign-in answered ${r.status}`);
    await b.get(`/imports/new?citizenId=${who.citizenId}`);
    const startMb = mb(peakOf(pid));
    const rssBeforeMb = mb(rssOf(pid));
    // The server's resident memory sampled while the upload and its import run: the import's own peak, apart
    // from anything earlier in the server's life (VmHWM counts the sign-in's password check too).
    let importPeak = rssOf(pid);
    const sampler = setInterval(() => {
      importPeak = Math.max(importPeak, rssOf(pid));
    }, 25);
    const started = Date.now();
    const form = new FormData();
    form.set('_csrf', b.csrf);
    form.set('citizenId', who.citizenId);
    form.set('timeZone', 'Europe/London');
    form.set('file', await openAsBlob(zip), 'chat.zip');
    const up = await b.post('/imports', form);
    if (up.status !== 303 || !up.location?.startsWith('/imports/')) throw new Error(`upload answered ${up.status}`);
    let state = 'running';
    for (let i = 0; i < 1200 && state === 'running'; i++) {
      const page = await b.get(up.location);
      state = /Chat imported/.test(page.text) ? 'done' : /could not be imported/.test(page.text) ? 'failed' : 'running';
      if (state === 'running') await new Promise((res) => setTimeout(res, 250));
    }
    clearInterval(sampler);
    importPeak = Math.max(importPeak, rssOf(pid));
    return { state, startMb, peakMb: mb(peakOf(pid)), importPeakMb: mb(importPeak), rssBeforeMb, seconds: (Date.now() - started) / 1000 };
  } finally {
    await server.stop();
  }
}

async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({
    connectionString: process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    connectionTimeoutMillis: 2000,
  });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const kinds = (['pglite', 'postgres'] as const).filter((k) => DBS.includes(k));
if (kinds.includes('postgres') && !(await postgresReachable())) kinds.splice(kinds.indexOf('postgres'), 1);
const rows: string[] = [];
let over = false;
for (const kind of kinds) {
  for (const path of (['start', 'cli', 'web'] as const).filter((p) => PATHS.includes(p))) {
    const inst = await createInstallation(kind, { simulatorPort: 9, extraEnv: NODE_OPTIONS ? { NODE_OPTIONS } : {} });
    try {
      if (path === 'start') {
        const server = await startServer(inst, undefined, NODE_ARGS);
        const peakMb = mb(peakOf(server.proc.pid!));
        await server.stop();
        over ||= peakMb >= TARGET_MB;
        const line = `${kind.padEnd(8)} start  server peak RSS ${peakMb} MB on an empty data directory, once ready`;
        rows.push(line);
        process.stdout.write(`${line}\n`);
        continue;
      }
      const zip = join(inst.dataDir, 'amplifying.zip');
      const zipBytes = await writeAmplifyingZip(zip);
      const who = await seed(inst);
      const stored = async () =>
        (await inst.query<{ n: number }>(`SELECT count(*)::int AS n FROM attachment WHERE state = 'stored'`))[0]!.n;
      let line: string;
      if (path === 'cli') {
        const t0 = Date.now();
        const r = await cliImport(inst, zip);
        over ||= r.code !== 0 || r.peakMb >= TARGET_MB;
        line = `${kind.padEnd(8)} cli  exit ${r.code}  peak RSS ${r.peakMb} MB  ${((Date.now() - t0) / 1000).toFixed(1)} s  attachments ${await stored()}`;
        if (r.code !== 0) line += `  (${r.stderr})`;
      } else {
        const r = await webImport(inst, zip, who);
        over ||= r.state !== 'done' || r.peakMb >= TARGET_MB;
        line = `${kind.padEnd(8)} web  ${r.state}  server peak RSS ${r.peakMb} MB (${r.startMb} MB before the upload); during the import ${r.importPeakMb} MB (from ${r.rssBeforeMb} MB)  ${r.seconds.toFixed(1)} s  attachments ${await stored()}`;
      }
      line += `  [zip ${(zipBytes / 1024).toFixed(0)} KB, photo ${PHOTO_BYTES / 1024 / 1024} MiB x ${REFS}]`;
      rows.push(line);
      process.stdout.write(`${line}\n`);
    } finally {
      await inst.dispose();
    }
  }
}
process.stdout.write(`target: peak under ${TARGET_MB} MB — ${over ? 'NOT MET' : 'met'}\n`);
process.exitCode = over ? 1 : 0;
