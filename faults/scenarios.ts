/**
 * The fault scenarios. Each builds its own installation, does harm, and counts: what was
 * acknowledged (answered 200 / accepted), what is stored, what was lost or duplicated, and
 * whether `records verify` still passes. None needs anything beyond loopback.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildZip } from '../test/chat-export/chat-export.testing.js';
import {
  type DbKind,
  type FaultRow,
  type Installation,
  ROOT,
  citizenWaId,
  createInstallation,
  freePort,
  sleep,
  deliverAll,
  postDelivery,
  runCli,
  startServer,
  textDelivery,
} from './harness.js';

interface StoredCounts {
  stored: number;
  duplicated: number;
}

/** Messages stored for the ids, and how many of them have more than one message row or inbound record. */
export async function countStored(inst: Installation, prefix: string): Promise<StoredCounts & { storedIds: Set<string> }> {
  const rows = await inst.query<{ provider_message_id: string; rows: number; records: number }>(
    `SELECT m.provider_message_id, count(DISTINCT m.id)::int AS rows,
            (SELECT count(*)::int FROM record r WHERE r.message_id = m.id AND r.kind = 'message.inbound') AS records
       FROM message m WHERE m.provider_message_id LIKE $1 GROUP BY m.provider_message_id, m.id`,
    [`${prefix}%`],
  );
  const per = new Map<string, number>();
  let duplicated = 0;
  for (const r of rows) {
    per.set(r.provider_message_id, (per.get(r.provider_message_id) ?? 0) + r.rows);
    if (r.records > 1) duplicated++;
  }
  for (const n of per.values()) if (n > 1) duplicated++;
  return { stored: per.size, duplicated, storedIds: new Set(per.keys()) };
}

export async function verify(inst: Installation): Promise<'ok' | 'FAILED'> {
  const r = await runCli(inst, ['records', 'verify']);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  try {
    const summary = JSON.parse(last) as { ok: boolean };
    return r.code === 0 && summary.ok ? 'ok' : 'FAILED';
  } catch {
    return 'FAILED';
  }
}

/**
 * kill -9 during inbound load: `count` signed deliveries, `connections` at a time, retried until
 * answered 200 as Meta does; the server is killed outright after a third are acknowledged and
 * again after two thirds, and restarted each time. A twentieth of the acknowledged ones are then
 * delivered again (Meta redelivers). Every acknowledged message must be stored exactly once.
 */
export async function inboundKill9(kind: DbKind, o: { count: number; connections: number }): Promise<FaultRow> {
  const inst = await createInstallation(kind);
  const prefix = `wamid.faults.${randomBytes(3).toString('hex')}.`;
  try {
    let server = await startServer(inst);
    const bodies = Array.from({ length: o.count }, (_, i) => {
      const id = `${prefix}${i}`;
      return { id, body: textDelivery(id, citizenWaId(i % 200), `Can you call me about the repair, message ${i}?`) };
    });
    const killAt = [Math.floor(o.count / 3), Math.floor((2 * o.count) / 3)];
    let kills = 0;
    const harm: { restarting: Promise<void> | null } = { restarting: null };
    const acked = await deliverAll(inst, bodies, {
      connections: o.connections,
      onAck: (n) => {
        if (harm.restarting || kills >= killAt.length || n < killAt[kills]!) return;
        kills++;
        harm.restarting = (async () => {
          await server.kill9();
          server = await startServer(inst);
          harm.restarting = null;
        })();
      },
    });
    while (harm.restarting) await harm.restarting;
    // Meta redelivers some deliveries it already had a 200 for.
    const again = bodies.filter((_, i) => i % 20 === 0);
    for (const b of again) await postDelivery(inst, b.body);
    await server.stop();
    const counts = await countStored(inst, prefix);
    const lost = [...acked].filter((id) => !counts.storedIds.has(id)).length;
    return {
      scenario: `kill -9 ×${kills} during ${o.count} inbound deliveries`,
      db: kind,
      acknowledged: acked.size,
      stored: counts.stored,
      lost,
      duplicated: counts.duplicated,
      serverErrors: 0,
      verify: await verify(inst),
    };
  } finally {
    await inst.dispose();
  }
}

/** Deliveries a careless or hostile sender could make; each one alone must not fail the good ones. */
export const POISONS: ReadonlyArray<{ name: string; make: (id: string) => unknown }> = [
  { name: 'NUL in profile name', make: (id) => ({ ...withContact(textDelivery(id, citizenWaId(901), 'hello'), 'Rob\u0000in') }) },
  { name: 'NUL in message id', make: (id) => textDelivery(`${id}\u0000x`, citizenWaId(902), 'hello') },
  { name: 'timestamp 9e12', make: (id) => patchMessage(textDelivery(id, citizenWaId(903), 'hello'), { timestamp: 9e12 }) },
  {
    name: 'timestamp "999999999999"',
    make: (id) => patchMessage(textDelivery(id, citizenWaId(904), 'hello'), { timestamp: '999999999999' }),
  },
  { name: 'NUL in document file name', make: (id) => documentDelivery(id, citizenWaId(905), 'lease\u0000.pdf') },
];

function withContact(d: ReturnType<typeof textDelivery>, name: string) {
  d.entry[0]!.changes[0]!.value.contacts[0]!.profile.name = name;
  return d;
}
function patchMessage(d: ReturnType<typeof textDelivery>, patch: Record<string, unknown>) {
  Object.assign(d.entry[0]!.changes[0]!.value.messages[0]!, patch);
  return d;
}
function documentDelivery(id: string, from: string, fileName: string) {
  const d = textDelivery(id, from, '');
  const m = d.entry[0]!.changes[0]!.value.messages[0]! as Record<string, unknown>;
  delete m['text'];
  m['type'] = 'document';
  m['document'] = { id: `media.${id}`, mime_type: 'application/pdf', sha256: 'x', filename: fileName };
  return d;
}

/**
 * Poisoned deliveries among good ones: 30 good deliveries and each poison at once. Every good one
 * must be answered 200 and stored; a poison is stored (sanitised) or refused with a 4xx, never a 5xx.
 */
export async function poisoned(kind: DbKind): Promise<FaultRow> {
  const inst = await createInstallation(kind);
  const prefix = `wamid.poison.${randomBytes(3).toString('hex')}.`;
  try {
    const server = await startServer(inst);
    let acknowledged = 0;
    let good = 0;
    const fiveHundreds: string[] = [];
    for (const [p, poison] of POISONS.entries()) {
      const goods = Array.from({ length: 30 }, (_, i) => {
        const id = `${prefix}${p}.${i}`;
        return postDelivery(inst, textDelivery(id, citizenWaId(i), `Good message ${i}`));
      });
      const bad = postDelivery(inst, poison.make(`${prefix}${p}.bad`));
      const statuses = await Promise.all(goods);
      good += statuses.length;
      acknowledged += statuses.filter((s) => s === 200).length;
      const badStatus = await bad;
      if (badStatus >= 500 || badStatus === 0) fiveHundreds.push(`${poison.name}: ${badStatus}`);
    }
    await server.stop();
    const counts = await countStored(inst, prefix);
    const goodStored = (
      await inst.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM message WHERE provider_message_id LIKE $1 AND provider_message_id NOT LIKE '%.bad%'`,
        [`${prefix}%`],
      )
    )[0]!.n;
    return {
      scenario: `${POISONS.length} poisoned deliveries, each among 30 good ones`,
      db: kind,
      acknowledged,
      stored: counts.stored,
      lost: good - goodStored,
      duplicated: counts.duplicated,
      serverErrors: fiveHundreds.length,
      verify: await verify(inst),
      ...(fiveHundreds.length ? { note: `5xx for ${fiveHundreds.join('; ')}` } : {}),
    };
  } finally {
    await inst.dispose();
  }
}

/**
 * The installation's staff, made through the composition root as an admin would: a caseworker in
 * the Triage team (which picks up unknown numbers) with an API token. Run while no server holds
 * an embedded database.
 */
export async function seedCaseworker(inst: Installation, citizenNumber: string): Promise<{ token: string }> {
  const { loadConfig } = await import('../src/config.js');
  const { openServices } = await import('../src/server.js');
  const { toActor } = await import('../src/staff/staff.service.js');
  const { createLogger } = await import('../src/platform/log/logger.js');
  const opened = await openServices(loadConfig(inst.env, { cwd: inst.dataDir }), createLogger('silent'));
  try {
    const { staff, conversations } = opened.services;
    await staff.bootstrap();
    const admin = (await staff.findStaffByEmail('admin@liaise.local'))!;
    const triage = (await staff.listTeams()).find((t) => t.name === 'Triage')!;
    await conversations.setTriageTeam(toActor(admin), triage.id);
    const cw = await staff.createStaff(null, {
      email: 'fault.worker@council.example',
      displayName: 'Fault Worker',
      role: 'caseworker',
      team: 'Triage',
    });
    await opened.services.citizens.addCitizen(toActor(cw.staff), {
      fullName: 'Fault Citizen',
      waNumber: `+${citizenNumber}`,
      caseReference: 'FLT-0001',
      dateOfBirth: '1980-05-01',
    });
    const token = await staff.createApiToken(null, cw.staff.id, 'fault harness');
    return { token: token.token };
  } finally {
    await opened.close();
  }
}

interface SimulatorProcess {
  url: string;
  stop(): Promise<void>;
}

/** The WhatsApp simulator in its own process, so it outlives the Liaise process being killed. */
async function startSimulator(inst: Installation, webhookUrl: string): Promise<SimulatorProcess> {
  const port = await freePort();
  const proc = spawn(process.execPath, [join(ROOT, 'dist', 'channel', 'whatsapp', 'simulator', 'simulator.main.js')], {
    env: {
      PATH: process.env['PATH'],
      SIMULATOR_PORT: String(port),
      WHATSAPP_APP_SECRET: inst.env['WHATSAPP_APP_SECRET'],
      WHATSAPP_ACCESS_TOKEN: inst.env['WHATSAPP_ACCESS_TOKEN'],
      WHATSAPP_PHONE_NUMBER_ID: inst.env['WHATSAPP_PHONE_NUMBER_ID'],
      WEBHOOK_URL: webhookUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/_sim/health`)).ok) break;
    } catch {
      // starting
    }
    if (i > 200 || proc.exitCode !== null) throw new Error('simulator did not start');
    await sleep(50);
  }
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return {
    url,
    async stop() {
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

async function api<T>(
  inst: Installation,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  try {
    const r = await fetch(`${inst.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
    return { status: r.status, body: (await r.json().catch(() => null)) as T };
  } catch {
    return { status: 0, body: null as T };
  }
}

/**
 * Outbound sends under harm. The citizen writes first (the 24-hour window opens); then `count`
 * messages are sent through the JSON API, each with its own Idempotency-Key and retried with that
 * key until accepted. `harm` either kills Liaise with -9 after a third are accepted, or makes the
 * simulated Cloud API answer 5xx, 429, time out and reset. Every accepted message must reach the
 * Cloud API exactly once, or be marked "uncertain" for the caseworker (never sent twice blind).
 */
export async function outbound(kind: DbKind, o: { count: number; harm: 'kill9' | 'cloud-api' }): Promise<FaultRow> {
  const port = await freePort();
  const webhookUrl = `http://127.0.0.1:${port}/webhooks/whatsapp`;
  // The simulator needs the installation's secrets, and Liaise needs the simulator's address. Liaise runs
  // in simulator mode (the Ofcom drama-range numbers are accepted) without starting a simulator of its own.
  const probe = await createInstallation(kind);
  const sim = await startSimulator(probe, webhookUrl);
  const inst = await createInstallation(kind, {
    simulatorPort: Number(new URL(sim.url).port),
    port,
    extraEnv: {
      WHATSAPP_APP_SECRET: probe.appSecret,
      WHATSAPP_ACCESS_TOKEN: probe.env['WHATSAPP_ACCESS_TOKEN']!,
      WHATSAPP_SEND_TIMEOUT_MS: '2000',
    },
  });
  inst.appSecret = probe.appSecret;
  await probe.dispose();
  try {
    const from = citizenWaId(555);
    const { token } = await seedCaseworker(inst, from);
    let server = await startServer(inst);
    // The citizen writes first on the simulator (which opens its 24-hour window and delivers the signed webhook).
    const opened = await fetch(`${sim.url}/_sim/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from, text: 'Hello, can you call me?' }),
    });
    if (opened.status !== 201) throw new Error(`the opening message was not delivered (${opened.status})`);
    const list = await api<{ conversations: Array<{ id: string }> }>(inst, token, 'GET', '/conversations');
    const conversationId = list.body?.conversations[0]?.id;
    if (!conversationId) throw new Error(`no conversation to send in (${list.status})`);
    if (o.harm === 'cloud-api') {
      for (const [kind_, count] of [
        ['5xx', 3],
        ['429', 3],
        ['timeout', 2],
        ['reset', 2],
      ] as const)
        await fetch(`${sim.url}/_sim/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ kind: kind_, count }),
        });
    }
    const texts = Array.from({ length: o.count }, (_, i) => `Outbound fault check ${i}: shall we talk on Tuesday?`);
    const accepted = new Set<number>();
    const queue = texts.map((_, i) => i);
    let killed = false;
    const harm: { restarting: Promise<void> | null } = { restarting: null };
    const worker = async () => {
      for (;;) {
        const i = queue.shift();
        if (i === undefined) return;
        const key = `faults-${i}-${conversationId.slice(0, 8)}`;
        for (let attempt = 0; ; attempt++) {
          while (harm.restarting) await harm.restarting;
          const r = await api(
            inst,
            token,
            'POST',
            `/conversations/${conversationId}/messages`,
            { text: texts[i] },
            { 'idempotency-key': key },
          );
          if (r.status === 202) {
            accepted.add(i);
            if (o.harm === 'kill9' && !killed && accepted.size >= o.count / 3) {
              killed = true;
              harm.restarting = (async () => {
                await server.kill9();
                server = await startServer(inst);
                harm.restarting = null;
              })();
            }
            break;
          }
          if (attempt > 400 || (r.status >= 400 && r.status < 500))
            throw new Error(`send ${i} never accepted (${r.status} ${JSON.stringify(r.body)})`);
          await sleep(100);
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    while (harm.restarting) await harm.restarting;
    // Let the outbox drain (retries back off), then count what the Cloud API received.
    const deadline = Date.now() + 120_000;
    let statuses: Array<{ status: string; n: number }> = [];
    for (;;) {
      const r = await api<{ messages: Array<{ direction: string; status: string }> }>(
        inst,
        token,
        'GET',
        `/conversations/${conversationId}/messages`,
      );
      const out = (r.body?.messages ?? []).filter((m) => m.direction === 'outbound');
      const open = out.filter((m) => ['queued', 'sending'].includes(m.status)).length;
      statuses = Object.entries(out.reduce<Record<string, number>>((a, m) => ((a[m.status] = (a[m.status] ?? 0) + 1), a), {})).map(
        ([status, n]) => ({ status, n }),
      );
      if ((out.length >= accepted.size && open === 0) || Date.now() > deadline) break;
      await sleep(500);
    }
    const outbox = (await (await fetch(`${sim.url}/_sim/outbox`)).json()) as {
      messages: Array<{ text: string }>;
    };
    const received = new Map<string, number>();
    for (const m of outbox.messages) {
      const body = m.text;
      const hit = texts.findIndex((t) => body.includes(t));
      if (hit >= 0) received.set(texts[hit]!, (received.get(texts[hit]!) ?? 0) + 1);
    }
    const uncertain = statuses.find((s) => s.status === 'uncertain')?.n ?? 0;
    const failed = statuses.find((s) => s.status === 'failed')?.n ?? 0;
    await server.stop();
    const sentOnce = [...accepted].filter((i) => received.has(texts[i]!)).length;
    return {
      scenario:
        o.harm === 'kill9' ? `kill -9 during ${o.count} outbound sends` : `Cloud API 5xx, 429, timeouts, resets during ${o.count} sends`,
      db: kind,
      acknowledged: accepted.size,
      stored: sentOnce,
      // Accepted but neither received by the Cloud API nor marked uncertain or failed for the caseworker.
      lost: accepted.size - sentOnce - uncertain - failed,
      duplicated: [...received.values()].filter((n) => n > 1).length,
      serverErrors: 0,
      verify: await verify(inst),
      note: statuses.map((s) => `${s.status} ${s.n}`).join(', '),
    };
  } finally {
    await sim.stop();
    await inst.dispose();
  }
}

/** Hostile export files: each must be refused with a clear message (no stack trace), storing nothing. */
function hostileExports(): Array<{ name: string; data: Buffer; fileName: string }> {
  const chat = (body: string) => `12/03/2024, 09:00 - Fault Citizen: Hello\n12/03/2024, 09:01 - Fault Worker: ${body}\n`;
  const zeros = Buffer.alloc(64 * 1024 * 1024);
  return [
    {
      name: 'zip bomb (64 MiB of zeros)',
      fileName: 'bomb.zip',
      data: buildZip([
        { name: 'WhatsApp Chat with Fault Citizen.txt', data: chat('IMG-0001.jpg (file attached)') },
        { name: 'IMG-0001.jpg', data: zeros },
      ]),
    },
    {
      name: 'zip bomb that understates its size',
      fileName: 'liar.zip',
      data: buildZip([
        { name: 'WhatsApp Chat with Fault Citizen.txt', data: chat('IMG-0002.jpg (file attached)') },
        { name: 'IMG-0002.jpg', data: zeros, declaredSize: 1000 },
      ]),
    },
    {
      name: 'path traversal in an entry name',
      fileName: 'traversal.zip',
      data: buildZip([{ name: '../../../tmp/liaise-evil.txt', data: chat('hi') }]),
    },
    {
      name: 'NUL in an author name late in the file',
      fileName: 'nul.txt',
      data: Buffer.from(`${chat('hi').repeat(200)}12/03/2024, 10:00 - Fau\u0000lt: late\n`),
    },
    { name: 'binary garbage', fileName: 'garbage.zip', data: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)) },
    {
      name: 'truncated zip',
      fileName: 'truncated.zip',
      data: buildZip([{ name: 'WhatsApp Chat with Fault Citizen.txt', data: chat('hi'.repeat(500)) }]).subarray(0, 200),
    },
  ];
}

export async function hostileImports(kind: DbKind): Promise<FaultRow> {
  const inst = await createInstallation(kind, { simulatorPort: 9 });
  try {
    await seedCaseworker(inst, citizenWaId(556));
    const files = hostileExports();
    let refusedClearly = 0;
    const unclear: string[] = [];
    for (const f of files) {
      const path = join(inst.dataDir, f.fileName);
      writeFileSync(path, f.data);
      const r = await runCli(inst, ['chat-export', 'import', path, '--as', 'fault.worker@council.example', '--case', 'FLT-0001']);
      const clear = r.code !== 0 && !/\n\s+at |TypeError|RangeError|ReferenceError/.test(r.stderr) && r.stderr.trim().length > 0;
      if (clear) refusedClearly++;
      else unclear.push(`${f.name}: exit ${r.code} ${r.stderr.trim().split('\n')[0] ?? ''}`);
      if (process.env.FAULTS_DEBUG) console.error(r.stderr);
      rmSync(path, { force: true });
    }
    const stored = (await inst.query<{ n: number }>(`SELECT count(*)::int AS n FROM message WHERE import_batch_id IS NOT NULL`))[0]!.n;
    const escaped = existsSync('/tmp/liaise-evil.txt');
    return {
      scenario: `${files.length} hostile export files imported by the CLI`,
      db: kind,
      acknowledged: refusedClearly,
      stored,
      lost: 0,
      duplicated: 0,
      serverErrors: unclear.length + (stored > 0 ? 1 : 0) + (escaped ? 1 : 0),
      verify: await verify(inst),
      note:
        unclear.length || escaped
          ? [...unclear, ...(escaped ? ['a file escaped the upload directory'] : [])].join('; ')
          : 'each refused with a clear message',
    };
  } finally {
    await inst.dispose();
  }
}
