import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { RunningSimulator } from './channel/whatsapp/simulator/simulator.types.js';
import type { Config, ProcessRole } from './config.js';
import { type Clock, systemClock } from './platform/clock.js';
import { type Db, openPglite, openPostgres } from './platform/db/db.client.js';
import { migrate } from './platform/db/migrate.js';
import { ownerOnlyFromNowOn, restrictToOwner } from './platform/private-files.js';
import { createLogger, type Logger } from './platform/log/logger.js';
import { loadDefaultPolicyPack, loadPolicyPackFile } from './policy/pack.file.js';
import { createPolicyEngine } from './policy/policy.engine.js';
import { createCoreServices, createServices, type Services } from './composition.js';
import { loadRetentionScheduleFile } from './records/retention/retention-schedule.file.js';

export function loadPolicyEngine(config: Pick<Config, 'policyPackPath'>) {
  return createPolicyEngine(config.policyPackPath ? loadPolicyPackFile(config.policyPackPath) : loadDefaultPolicyPack());
}

const lockFile = (config: Config) => join(config.dataDir, 'server.pid');

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens the configured database and applies migrations. PGlite is single-process:
 * while a server holds the data directory, other commands are refused rather
 * than risk two writers on one embedded database.
 */
export async function openDatabase(config: Config, opts: { forServer?: boolean } = {}): Promise<Db> {
  if (config.database.kind === 'pglite') {
    // With every secret in the environment nothing else has made the data directory yet.
    // Owner-only: it holds the embedded database and, in simulator mode, secrets.json.
    ownerOnlyFromNowOn();
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const lock = lockFile(config);
    if (existsSync(lock)) {
      const pid = Number(readFileSync(lock, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new Error(
          `Liaise is running (process ${pid}) on the embedded database in ${config.dataDir}. Stop it first, or use PostgreSQL (DATABASE_URL) to run commands beside a server.`,
        );
      }
    }
    if (opts.forServer) writeFileSync(lock, String(process.pid), { mode: 0o600 });
  }
  const db =
    config.database.kind === 'pglite'
      ? await openPglite(config.database.dir)
      : await openPostgres(config.database.url, config.database.poolSize);
  // What PGlite wrote before (or despite) the umask: owner-only too.
  if (config.database.kind === 'pglite') restrictToOwner(config.dataDir);
  await migrate(db);
  return db;
}

/** Services for a CLI command: same configuration and database as the server, no HTTP, no simulator. */
export async function openServices(config: Config, logger: Logger = createLogger(config.logLevel)) {
  const db = await openDatabase(config);
  const services = createServices({
    db,
    logger,
    encryptionKeys: config.encryptionKeys,
    digestKeys: config.digestKeys,
    sessionHours: config.sessionHours,
    policy: loadPolicyEngine(config),
    whatsapp: config.whatsapp,
    allowFictionalNumbers: config.whatsapp.mode === 'simulator',
    timeZone: config.timeZone,
    locale: config.locale,
    archiveDir: config.archiveDir,
    ...(config.database.kind === 'pglite' ? { storageDir: config.dataDir } : {}),
    retentionSchedule: loadRetentionScheduleFile(config.retentionSchedulePath ?? undefined),
    checkpoints: config.checkpoints,
    caseSystem: config.caseSystem,
    minContactAge: config.minContactAge,
  });
  return {
    services,
    async close() {
      await services.notifier.close();
      await db.close();
    },
  };
}

/** The core services for a CLI command that needs neither WhatsApp nor the policy pack (staff, teams, API tokens, the record chain). */
export async function openCoreServices(config: Config, logger: Logger = createLogger(config.logLevel)) {
  const db = await openDatabase(config);
  const services = createCoreServices({ db, logger, sessionHours: config.sessionHours, checkpoints: config.checkpoints });
  return {
    services,
    async close() {
      await db.close();
    },
  };
}

export interface RunningLiaise {
  app: FastifyInstance;
  services: Services;
  url: string;
  simulator: RunningSimulator | null;
  phoneUrl: string | null;
  firstAdmin: { email: string; oneTimePassword: string } | null;
  close(): Promise<void>;
}

/** Starts the roles asked for: web (HTTP + webhook), worker (outbox), scheduler (record sequencer), simulator. */
export async function startLiaise(
  config: Config,
  opts: { roles?: ProcessRole[]; logger?: Logger; clock?: Clock; db?: Db } = {},
): Promise<RunningLiaise> {
  const roles = new Set(opts.roles ?? ['web', 'worker', 'scheduler', 'simulator']);
  const logger = opts.logger ?? createLogger(config.logLevel);
  const db = opts.db ?? (await openDatabase(config, { forServer: true }));
  const policy = loadPolicyEngine(config);

  let simulator: RunningSimulator | null = null;
  if (config.whatsapp.mode === 'simulator' && roles.has('simulator')) {
    // Loaded only for the roles that need them: a CLI command (which imports this module for openServices)
    // does not load the web app or the simulator, which made its peak memory and start-up larger.
    const { startWhatsAppSimulator } = await import('./channel/whatsapp/simulator/simulator.server.js');
    simulator = await startWhatsAppSimulator({
      port: config.whatsapp.simulatorPort,
      host: '127.0.0.1',
      appSecret: config.whatsapp.appSecret,
      accessToken: config.whatsapp.accessToken,
      phoneNumberId: config.whatsapp.phoneNumberId,
      ...(config.whatsapp.wabaId ? { wabaId: config.whatsapp.wabaId } : {}),
      apiVersion: config.whatsapp.apiVersion,
      webhookUrl: null,
    });
  }
  const graphBase = simulator && config.whatsapp.simulatorPort === 0 ? simulator.url : config.whatsapp.graphBase;
  const services = createServices({
    db,
    logger,
    clock: opts.clock ?? systemClock,
    encryptionKeys: config.encryptionKeys,
    digestKeys: config.digestKeys,
    sessionHours: config.sessionHours,
    policy,
    whatsapp: { ...config.whatsapp, graphBase },
    allowFictionalNumbers: config.whatsapp.mode === 'simulator',
    timeZone: config.timeZone,
    locale: config.locale,
    archiveDir: config.archiveDir,
    ...(config.database.kind === 'pglite' ? { storageDir: config.dataDir } : {}),
    retentionSchedule: loadRetentionScheduleFile(config.retentionSchedulePath ?? undefined),
    checkpoints: config.checkpoints,
    caseSystem: config.caseSystem,
    minContactAge: config.minContactAge,
  });
  const firstAdmin = await services.staff.bootstrap();

  let app: FastifyInstance | null = null;
  let url = config.publicUrl;
  const uploadsDir = join(config.dataDir, 'uploads');
  const phoneUrl = simulator ? `${simulator.url}/phone` : null;
  if (roles.has('web')) {
    const { buildApp } = await import('./app.js');
    app = await buildApp({
      services,
      publicUrl: config.publicUrl,
      timeZone: config.timeZone,
      simulatorPhoneUrl: phoneUrl,
      uploadsDir,
      importMaxBytes: config.importMaxBytes,
      whatsapp: { appSecret: config.whatsapp.appSecret, verifyToken: config.whatsapp.verifyToken },
    });
    // The log line names the same address as the start-up banner (the one staff open), and the socket it is bound to.
    await app.listen({
      port: config.port,
      host: config.host,
      listenTextResolver: (address) => `Liaise is running at ${config.port === 0 ? address : config.publicUrl} (listening on ${address})`,
    });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    url = config.port === 0 ? `http://127.0.0.1:${port}` : config.publicUrl;
    simulator?.sim.setWebhookUrl(`http://127.0.0.1:${port}/webhooks/whatsapp`);
  }
  const worker = roles.has('worker') ? services.createWorker() : null;
  await worker?.start();
  const sequencer = roles.has('scheduler') ? services.startSequencer() : null;
  const maintenance = roles.has('scheduler') ? services.startMaintenance(60_000, { uploadsDir }) : null;
  const casePush = roles.has('scheduler') && services.casePush.isConfigured ? services.startCasePush() : null;
  // Body and attachment digests still unkeyed (from before keyed digests) or under a rotated-out key are re-keyed in the
  // background, in batches, each with its record; safe on several nodes at once (`records rekey-digests`).
  const rekeying = roles.has('scheduler')
    ? services.digestRekey
        .rekeyDigests()
        .then((r) => {
          if (r.rekeyed > 0 || r.dropped > 0) logger.info({ rekeyed: r.rekeyed, dropped: r.dropped }, 'message body digests re-keyed');
          if (r.attachments.rekeyed > 0 || r.attachments.dropped > 0)
            logger.info({ rekeyed: r.attachments.rekeyed, dropped: r.attachments.dropped }, 'attachment digests re-keyed');
        })
        .catch((err) => logger.error({ err }, 're-keying digests failed'))
    : null;

  let closed = false;
  return {
    app: app!,
    services,
    url,
    simulator,
    phoneUrl,
    firstAdmin,
    async close() {
      if (closed) return;
      closed = true;
      await app?.close();
      await rekeying;
      await worker?.stop();
      await maintenance?.stop();
      await casePush?.stop();
      await sequencer?.stop(); // seals whatever is pending
      await simulator?.close();
      if (!opts.db) await db.close();
      if (config.database.kind === 'pglite' && !opts.db) rmSync(lockFile(config), { force: true });
    },
  };
}
