/**
 * The fault harness's moving parts: Liaise run as `npm start` runs it (the built CLI in its own
 * process, so kill -9 is a real kill), signed webhook deliveries sent the way Meta sends them
 * (retried until answered 200), and the count of what was stored, read from the database after
 * the server has stopped. Loopback only; every run uses its own data directory and database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { generateCheckpointKey } from '../src/records/chain/checkpoint.js';
import { signWebhookBody } from '../src/channel/whatsapp/webhook.signature.js';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const CLI = join(ROOT, 'bin', 'liaise.js');
/** The node flags `npm start` and the `liaise` command run with (package.json's scripts, bin/liaise.js's first line). */
export const NODE_FLAGS = ['--liftoff-only', '--max-semi-space-size=8'];
export const PHONE_NUMBER_ID = '100000000000777';

export type DbKind = 'pglite' | 'postgres';

export interface FaultRow {
  scenario: string;
  db: DbKind | '-';
  acknowledged: number;
  stored: number;
  lost: number;
  duplicated: number;
  /** Deliveries or sends answered with a server error that should have been stored or refused with a 4xx. */
  serverErrors: number;
  verify: 'ok' | 'FAILED' | '-';
  note?: string;
}

export const rowOk = (r: FaultRow) => r.lost === 0 && r.duplicated === 0 && r.serverErrors === 0 && r.verify !== 'FAILED';

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One Liaise installation: its environment (every secret given), data directory and database. */
export interface Installation {
  kind: DbKind;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  port: number;
  url: string;
  appSecret: string;
  /** Runs a query against the installation's database (PGlite only while no server holds it). */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  dispose(): Promise<void>;
}

export async function createInstallation(
  kind: DbKind,
  opts: {
    postgresUrl?: string;
    graphBase?: string;
    /** Simulator mode against a simulator already running on this port (not started by Liaise). */
    simulatorPort?: number;
    port?: number;
    extraEnv?: Record<string, string>;
  } = {},
): Promise<Installation> {
  const dataDir = mkdtempSync(join(tmpdir(), 'liaise-faults-'));
  // The start-up path is exercised elsewhere; the harness gives the server its directory.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const port = opts.port ?? (await freePort());
  const appSecret = randomBytes(16).toString('hex');
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | null = null;
  if (kind === 'postgres') {
    const admin = opts.postgresUrl ?? process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `liaise_faults_${randomBytes(4).toString('hex')}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDatabase = async () => {
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    };
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    TZ: 'UTC',
    LIAISE_DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...(opts.simulatorPort
      ? { SIMULATOR_PORT: String(opts.simulatorPort) }
      : { WHATSAPP_GRAPH_BASE: opts.graphBase ?? 'http://127.0.0.1:9' }),
    WHATSAPP_ACCESS_TOKEN: `FAULTS${randomBytes(8).toString('hex')}`,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    WHATSAPP_APP_SECRET: appSecret,
    WHATSAPP_VERIFY_TOKEN: randomBytes(8).toString('hex'),
    LIAISE_ENCRYPTION_KEY: `k1:${randomBytes(32).toString('base64')}`,
    LIAISE_DIGEST_KEY: `d1:${randomBytes(32).toString('base64')}`,
    LIAISE_CHECKPOINT_KEY: generateCheckpointKey('c1'),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: '10' } : {}),
    ...opts.extraEnv,
  };
  return {
    kind,
    env,
    dataDir,
    port,
    url: `http://127.0.0.1:${port}`,
    appSecret,
    async query<T>(sql: string, params: unknown[] = []) {
      if (kind === 'postgres') {
        const c = new pg.Client({ connectionString: databaseUrl });
        await c.connect();
        try {
          return (await c.query(sql, params)).rows as T[];
        } finally {
          await c.end();
        }
      }
      const db = new PGlite(join(dataDir, 'pglite'));
      try {
        return (await db.query<T>(sql, params)).rows;
      } finally {
        await db.close();
      }
    },
    async dispose() {
      await dropDatabase?.();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs a CLI command of the installation to the end; resolves with its exit code and output. */
export function runCli(
  inst: Installation,
  args: string[],
  o: { timeoutMs?: number } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    // A command that hangs is killed, and answers as one that failed without a clear message.
    const p = spawn(process.execPath, [CLI, ...args], {
      env: inst.env,
      cwd: inst.dataDir,
      timeout: o.timeoutMs ?? 600_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => res({ code: code ?? -1, stdout, stderr }));
  });
}

export interface RunningServer {
  proc: ChildProcess;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `liaise serve` (web, worker, scheduler) and waits until /readyz answers 200. */
export async function startServer(
  inst: Installation,
  roles = 'web,worker,scheduler',
  nodeArgs: string[] = NODE_FLAGS,
): Promise<RunningServer> {
  const proc = spawn(process.execPath, [...nodeArgs, CLI, 'serve', '--roles', roles], {
    env: inst.env,
    cwd: inst.dataDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  proc.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`liaise serve exited with ${proc.exitCode}: ${output}`);
    try {
      const r = await fetch(`${inst.url}/readyz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`liaise serve did not become ready: ${output}`);
    }
    await sleep(100);
  }
  return {
    proc,
    async kill9() {
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (proc.exitCode !== null) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** A delivery of one inbound text message, as Meta sends it. */
export function textDelivery(id: string, from: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '1',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '447700900777', phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name: 'Fault Citizen' }, wa_id: from }],
              messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text }, ...extra }],
            },
          },
        ],
      },
    ],
  };
}

/** Posts one signed delivery; the HTTP status, or 0 when the connection failed (server down). */
export async function postDelivery(inst: Installation, body: unknown): Promise<number> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  try {
    const r = await fetch(`${inst.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(raw, inst.appSecret) },
      body: raw,
      signal: AbortSignal.timeout(15_000),
    });
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
}

/** Fictional UK mobile numbers (Ofcom's 07700 900xxx drama range), as WhatsApp ids. */
export const citizenWaId = (i: number) => `447700900${String(i % 1000).padStart(3, '0')}`;

/**
 * Sends every delivery until it is answered 200, as Meta retries, with `connections` in flight.
 * `onAck` runs after each acknowledgement (the scenario kills the server from there).
 */
export async function deliverAll(
  inst: Installation,
  bodies: ReadonlyArray<{ id: string; body: unknown }>,
  o: { connections: number; onAck?: (acked: number) => void; timeoutMs?: number },
): Promise<Set<string>> {
  const acked = new Set<string>();
  const queue = [...bodies];
  const deadline = Date.now() + (o.timeoutMs ?? 180_000);
  const worker = async () => {
    for (;;) {
      const next = queue.shift();
      if (!next) return;
      let backoff = 50;
      for (;;) {
        const status = await postDelivery(inst, next.body);
        if (status === 200) {
          acked.add(next.id);
          o.onAck?.(acked.size);
          break;
        }
        if (Date.now() > deadline) throw new Error(`delivery ${next.id} never acknowledged (last status ${status})`);
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 1000);
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, worker));
  return acked;
}
