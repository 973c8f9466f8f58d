import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { startWhatsAppSimulator } from '../src/channel/whatsapp/simulator/simulator.server.js';
import type { RunningSimulator } from '../src/channel/whatsapp/simulator/simulator.types.js';
import type { Clock } from '../src/platform/clock.js';
import type { JobWorker } from '../src/platform/jobs/job.worker.js';
import { createLogger } from '../src/platform/log/logger.js';
import { createServices } from '../src/composition.js';
import { type DbKind, openTestDb } from './db.js';
import { seedServiceTestContext, type ServiceTestContext, TEST_SECRETS, testServicesOptions } from './services.js';

export { TEST_SECRETS } from './services.js';
export { syntheticMobile } from './factories.js';

/** A whole Liaise: the services on one database (see ServiceTestContext), plus HTTP, the simulator and the worker. */
export interface TestContext extends ServiceTestContext {
  app: FastifyInstance;
  appUrl: string;
  simulator: RunningSimulator;
  worker: JobWorker;
  /** Runs queued jobs (sends, media fetches) and waits for simulator webhooks until all is quiet. */
  settle(): Promise<void>;
}

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
    wabaId: TEST_SECRETS.wabaId,
    webhookUrl: null,
    statusDelayMs: 5,
    webhookRetryDelaysMs: [20, 50, 100],
    faultHoldMs: 3000,
    ...(opts.simulatorOptions ?? {}),
  });
  const services = createServices(
    testServicesOptions(db, { clock: opts.clock, logger, graphBase: simulator.url, sendTimeoutMs: opts.sendTimeoutMs }),
  );
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

  const seeded = await seedServiceTestContext(services);

  async function settle() {
    for (let i = 0; i < 500; i++) {
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
    ...seeded,
    settle,
    async close() {
      await worker.stop();
      await app.close();
      await simulator.close();
      await db.close();
    },
  };
}
