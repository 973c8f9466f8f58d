import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { startWhatsAppSimulator } from '../src/channel/whatsapp/simulator/simulator.server.js';
import type { RunningSimulator } from '../src/channel/whatsapp/simulator/simulator.types.js';
import type { Citizen } from '../src/citizens/citizen.repository.js';
import { type Clock, systemClock } from '../src/platform/clock.js';
import type { Db } from '../src/platform/db/db.client.js';
import type { JobWorker } from '../src/platform/jobs/job.worker.js';
import { createLogger } from '../src/platform/log/logger.js';
import { loadPolicyEngine } from '../src/server.js';
import { createServices, type Services } from '../src/composition.js';
import { toActor } from '../src/staff/staff.service.js';
import type { Actor, Role } from '../src/staff/staff.types.js';
import { type DbKind, openTestDb } from './db.js';

export const TEST_SECRETS = {
  appSecret: 'test-app-secret-0123456789',
  verifyToken: 'test-verify-token',
  accessToken: 'SIMtesttoken',
  phoneNumberId: '100000000000001',
  encryptionKeys: { current: 'k1', keys: { k1: Buffer.alloc(32, 7) } },
};

export interface TestContext {
  db: Db;
  services: Services;
  app: FastifyInstance;
  appUrl: string;
  simulator: RunningSimulator;
  worker: JobWorker;
  teamId: string;
  otherTeamId: string;
  caseworker: Actor;
  /** Runs queued jobs (sends, media fetches) and waits for simulator webhooks until all is quiet. */
  settle(): Promise<void>;
  addStaff(role: Role, team?: string | null): Promise<{ actor: Actor; email: string; password: string }>;
  addCitizen(
    overrides?: Partial<{
      fullName: string;
      waNumber: string;
      dateOfBirth: string | null;
      ageBand: Citizen['ageBand'];
      caseReference: string;
    }>,
    actor?: Actor,
  ): Promise<Citizen>;
  close(): Promise<void>;
}

let numberSeq = 0;
/** A synthetic UK mobile number from Ofcom's drama range (07700 900000–900999), unique per call. */
export const syntheticMobile = () => `+447700900${String(100 + (numberSeq++ % 900)).padStart(3, '0')}`;

/**
 * A whole Liaise on one database: services, the HTTP app listening on a random
 * port (so the simulator's signed webhooks reach it over real HTTP) and the real
 * Cloud API simulator that the production client talks to.
 */
export async function createTestContext(
  kind: DbKind,
  opts: {
    clock?: Clock;
    sendTimeoutMs?: number;
    simulatorOptions?: Record<string, unknown>;
    importMaxBytes?: number;
    /** Collects every log line (at debug level) instead of discarding them. */
    logLines?: string[];
  } = {},
): Promise<TestContext> {
  const db = await openTestDb(kind);
  const lines = opts.logLines;
  const logger = lines ? createLogger('debug', { write: (line: string) => void lines.push(line) }) : createLogger('silent');
  const simulator = await startWhatsAppSimulator({
    port: 0,
    appSecret: TEST_SECRETS.appSecret,
    accessToken: TEST_SECRETS.accessToken,
    phoneNumberId: TEST_SECRETS.phoneNumberId,
    webhookUrl: null,
    statusDelayMs: 5,
    webhookRetryDelaysMs: [20, 50, 100],
    faultHoldMs: 3000,
    ...(opts.simulatorOptions ?? {}),
  });
  const services = createServices({
    db,
    logger,
    clock: opts.clock ?? systemClock,
    encryptionKeys: TEST_SECRETS.encryptionKeys,
    sessionHours: 12,
    policy: loadPolicyEngine({ policyPackPath: null }),
    allowFictionalNumbers: true,
    whatsapp: {
      graphBase: simulator.url,
      apiVersion: 'v23.0',
      accessToken: TEST_SECRETS.accessToken,
      phoneNumberId: TEST_SECRETS.phoneNumberId,
      sendTimeoutMs: opts.sendTimeoutMs ?? 2000,
    },
  });
  const app = await buildApp({
    services,
    publicUrl: 'http://127.0.0.1',
    timeZone: 'Europe/London',
    whatsapp: { appSecret: TEST_SECRETS.appSecret, verifyToken: TEST_SECRETS.verifyToken },
    signInRateLimit: 1000,
    importMaxBytes: opts.importMaxBytes,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const appUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  simulator.sim.setWebhookUrl(`${appUrl}/webhooks/whatsapp`);
  const worker = services.createWorker({ pollMs: 50 });
  await worker.start();

  const team = await services.staff.createTeam(null, { name: 'Housing' });
  const other = await services.staff.createTeam(null, { name: 'Adult social care' });
  let staffSeq = 0;
  const addStaff: TestContext['addStaff'] = async (role, teamName = 'Housing') => {
    const email = `${role}.${++staffSeq}.${Math.random().toString(36).slice(2, 7)}@council.example`;
    const created = await services.staff.createStaff(null, { email, role, team: teamName, displayName: `Test ${role} ${staffSeq}` });
    return { actor: toActor(created.staff), email, password: created.oneTimePassword };
  };
  const caseworker = (await addStaff('caseworker')).actor;
  let caseSeq = 0;
  const addCitizen: TestContext['addCitizen'] = (o = {}, actor = caseworker) =>
    services.citizens.addCitizen(actor, {
      fullName: o.fullName ?? 'Alex Example',
      waNumber: o.waNumber ?? syntheticMobile(),
      dateOfBirth: o.dateOfBirth === undefined ? '1980-05-17' : o.dateOfBirth,
      ageBand: o.ageBand ?? null,
      caseReference: o.caseReference ?? `HSG-${1000 + ++caseSeq}`,
    });

  async function settle() {
    for (let i = 0; i < 50; i++) {
      await worker.idle();
      await simulator.sim.idle();
      await worker.idle();
      const pending = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM job WHERE state IN ('pending', 'running') AND run_at <= now() + interval '100 milliseconds'`,
      );
      if ((pending.rows[0]?.n ?? 0) === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  return {
    db,
    services,
    app,
    appUrl,
    simulator,
    worker,
    teamId: team.id,
    otherTeamId: other.id,
    caseworker,
    settle,
    addStaff,
    addCitizen,
    async close() {
      await worker.stop();
      await app.close();
      await simulator.close();
      await db.close();
    },
  };
}
