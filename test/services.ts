import type { Citizen } from '../src/citizens/citizen.repository.js';
import type { AddCitizenInput } from '../src/citizens/citizen.service.js';
import { type Clock, systemClock } from '../src/platform/clock.js';
import type { Db } from '../src/platform/db/db.client.js';
import { createLogger, type Logger } from '../src/platform/log/logger.js';
import { loadPolicyEngine } from '../src/server.js';
import { createServices, type Services, type ServicesOptions } from '../src/composition.js';
import type { Actor, Role } from '../src/staff/staff.types.js';
import { type DbKind, openTestDb } from './db.js';
import { createCitizen, createStaff, type CreatedStaff, TEST_PHONE_NUMBER_ID } from './factories.js';

export const TEST_SECRETS = {
  appSecret: 'test-app-secret-0123456789',
  verifyToken: 'test-verify-token',
  accessToken: 'SIMtesttoken',
  phoneNumberId: TEST_PHONE_NUMBER_ID,
  wabaId: '100000000000777',
  encryptionKeys: { current: 'k1', keys: { k1: Buffer.alloc(32, 7) } },
};

/**
 * The options every test builds its services with: the default policy pack, the test encryption key,
 * drama-range numbers accepted, and the WhatsApp client pointed at `graphBase` (the simulator when
 * a test sends; by default a closed local port, so a send a test did not mean to make fails).
 */
export function testServicesOptions(
  db: Db,
  opts: { clock?: Clock; logger?: Logger; graphBase?: string; sendTimeoutMs?: number } = {},
): ServicesOptions {
  return {
    db,
    logger: opts.logger ?? createLogger('silent'),
    clock: opts.clock ?? systemClock,
    encryptionKeys: TEST_SECRETS.encryptionKeys,
    sessionHours: 12,
    policy: loadPolicyEngine({ policyPackPath: null }),
    allowFictionalNumbers: true,
    whatsapp: {
      graphBase: opts.graphBase ?? 'http://127.0.0.1:9',
      apiVersion: 'v23.0',
      accessToken: TEST_SECRETS.accessToken,
      phoneNumberId: TEST_SECRETS.phoneNumberId,
      wabaId: TEST_SECRETS.wabaId,
      sendTimeoutMs: opts.sendTimeoutMs ?? 2000,
    },
  };
}

/** Services on one database, with no HTTP, no simulator and no worker: for testing a service's rules directly. */
export interface ServiceTestContext {
  db: Db;
  services: Services;
  /** The Housing team, where staff and citizens go unless a test says otherwise. */
  teamId: string;
  /** Adult social care: another team, for checks that one team cannot see another's data. */
  otherTeamId: string;
  /** A caseworker in Housing. */
  caseworker: Actor;
  addStaff(role: Role, team?: string | null): Promise<CreatedStaff>;
  addCitizen(overrides?: Partial<AddCitizenInput>, actor?: Actor): Promise<Citizen>;
  close(): Promise<void>;
}

/** Creates the two teams and the Housing caseworker every test context starts with. */
export async function seedServiceTestContext(services: Services): Promise<Omit<ServiceTestContext, 'close' | 'db' | 'services'>> {
  const team = await services.staff.createTeam(null, { name: 'Housing' });
  const other = await services.staff.createTeam(null, { name: 'Adult social care' });
  const addStaff: ServiceTestContext['addStaff'] = (role, team = 'Housing') => createStaff(services, null, { role, team });
  const caseworker = (await addStaff('caseworker')).actor;
  const addCitizen: ServiceTestContext['addCitizen'] = (overrides = {}, actor = caseworker) => createCitizen(services, actor, overrides);
  return { teamId: team.id, otherTeamId: other.id, caseworker, addStaff, addCitizen };
}

/** A fresh migrated database of `kind` with every service built on it through the composition root. */
export async function createServiceTestContext(kind: DbKind, opts: { clock?: Clock } = {}): Promise<ServiceTestContext> {
  const db = await openTestDb(kind);
  const services = createServices(testServicesOptions(db, opts));
  const seeded = await seedServiceTestContext(services);
  return { db, services, ...seeded, close: () => db.close() };
}
