import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import { type CheckpointKeys, generateCheckpointKey, parseCheckpointKeys } from './records/chain/checkpoint.js';

/**
 * Configuration is read once from the environment (and a `.env` file beside the
 * process), validated with every problem listed, and frozen. In simulator mode
 * (no WHATSAPP_GRAPH_BASE) missing secrets are generated into the data directory
 * so a laptop needs nothing set; against Meta they are all required.
 */

export const roleList = ['web', 'worker', 'scheduler', 'simulator'] as const;
export type ProcessRole = (typeof roleList)[number];

const port = z.coerce.number().int().min(0).max(65535);
const nonEmpty = z.string().trim().min(1);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  HOST: nonEmpty.default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  LIAISE_DATA_DIR: nonEmpty.default('./data'),
  // Where archive transfer packages are written (default: archive/ in the data directory).
  LIAISE_ARCHIVE_DIR: nonEmpty.optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  WHATSAPP_GRAPH_BASE: z.string().url().optional(),
  WHATSAPP_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v23.0')
    .default('v23.0'),
  WHATSAPP_ACCESS_TOKEN: nonEmpty.optional(),
  WHATSAPP_PHONE_NUMBER_ID: z
    .string()
    .regex(/^\d{5,20}$/, 'must be the numeric phone number id')
    .optional(),
  WHATSAPP_APP_SECRET: nonEmpty.optional(),
  WHATSAPP_VERIFY_TOKEN: nonEmpty.optional(),
  /** The WhatsApp Business Account id, for its message templates; without it templates cannot be synced or created. */
  WHATSAPP_WABA_ID: z
    .string()
    .regex(/^\d{5,20}$/, 'must be the numeric WhatsApp Business Account id')
    .optional(),
  WHATSAPP_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  SIMULATOR_PORT: port.optional(),
  LIAISE_ENCRYPTION_KEY: z.string().optional(),
  LIAISE_SESSION_HOURS: z.coerce
    .number()
    .min(0.1)
    .max(24 * 30)
    .default(12),
  LIAISE_TIMEZONE: nonEmpty.default('Europe/London'),
  LIAISE_LOCALE: nonEmpty.default('en-GB'),
  LIAISE_POLICY_PACK: nonEmpty.optional(),
  LIAISE_RETENTION_SCHEDULE: nonEmpty.optional(),
  LIAISE_IMPORT_MAX_MB: z.coerce
    .number()
    .int()
    .min(1)
    .max(16 * 1024)
    .default(1024),
  LIAISE_CHECKPOINT_KEY: z.string().optional(),
  LIAISE_CHECKPOINT_EVERY_RECORDS: z.coerce.number().int().min(1).max(100_000_000).default(10_000),
  LIAISE_CHECKPOINT_EVERY_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 366)
    .default(1),
  LIAISE_CASE_SYSTEM_URL: z.string().url().optional(),
  LIAISE_CASE_SYSTEM_SECRET: z.string().optional(),
  LIAISE_CASE_SYSTEM_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(15),
  // Guidance section 5: no WhatsApp contact with children under 13; the law lets ministers raise the age (to 16).
  LIAISE_MIN_CONTACT_AGE: z.coerce.number().int().min(13, 'must be at least 13 (guidance section 5)').max(18).default(13),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  database: { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string; poolSize: number };
  whatsapp: {
    mode: 'simulator' | 'meta';
    graphBase: string;
    apiVersion: string;
    accessToken: string;
    phoneNumberId: string;
    /** The business account of the message templates; null in Meta mode when WHATSAPP_WABA_ID is not set. */
    wabaId: string | null;
    appSecret: string;
    verifyToken: string;
    sendTimeoutMs: number;
    simulatorPort: number;
  };
  encryptionKeys: { current: string; keys: Record<string, Buffer> };
  sessionHours: number;
  timeZone: string;
  /** BCP 47 locale; decides day-first or month-first when a chat export's dates cannot. */
  locale: string;
  policyPackPath: string | null;
  /** The council's Record Retention Schedule (YAML); null: the schedule shipped with Liaise. */
  retentionSchedulePath: string | null;
  /** Largest chat export accepted by web upload. */
  importMaxBytes: number;
  logLevel: string;
  /** Where disposition review writes archive transfer packages. */
  archiveDir: string;
  /** Signed checkpoints of the record chain: Ed25519 keys (first signs, all verify) and how often. */
  checkpoints: { keys: CheckpointKeys; everyRecords: number; everyMs: number };
  /** The council's case system, which every captured message is pushed to; null when not configured. */
  caseSystem: { url: string; secret: string; maxAttempts: number } | null;
  /** Below this age (LIAISE_MIN_CONTACT_AGE, default 13) Liaise refuses WhatsApp contact. */
  minContactAge: number;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses `LIAISE_ENCRYPTION_KEY`: `base64key` or `id1:base64key,id2:base64key` (first is current). */
export function parseEncryptionKeys(value: string): { current: string; keys: Record<string, Buffer> } {
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new Error('no key given');
  const keys: Record<string, Buffer> = {};
  let current = '';
  parts.forEach((part, i) => {
    const colon = part.indexOf(':');
    const id = colon > 0 ? part.slice(0, colon) : `k${i + 1}`;
    const key = Buffer.from(colon > 0 ? part.slice(colon + 1) : part, 'base64');
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`key id "${id}" must be 1-32 letters, digits, _ or -`);
    if (key.length !== 32) throw new Error(`key "${id}" must be 32 bytes, base64-encoded (got ${key.length} bytes)`);
    keys[id] = key;
    if (i === 0) current = id;
  });
  return { current, keys };
}

interface GeneratedSecrets {
  encryptionKey: string;
  appSecret: string;
  verifyToken: string;
  accessToken: string;
  /** Added later: a secrets.json written before checkpoints existed gets one on next start. */
  checkpointKey?: string;
}

/** Secrets for simulator mode, generated once into the data directory (mode 0600). */
function loadOrCreateGeneratedSecrets(dataDir: string): GeneratedSecrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as GeneratedSecrets;
    if (kept.checkpointKey) return kept;
    const upgraded = { ...kept, checkpointKey: generateCheckpointKey('c1') };
    writeFileSync(file, JSON.stringify(upgraded, null, 2), { mode: 0o600 });
    return upgraded;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secrets: GeneratedSecrets = {
    encryptionKey: `k1:${randomBytes(32).toString('base64')}`,
    appSecret: randomBytes(24).toString('hex'),
    verifyToken: randomBytes(16).toString('hex'),
    accessToken: `SIM${randomBytes(24).toString('hex')}`,
    checkpointKey: generateCheckpointKey('c1'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** Reads the environment (plus `.env` in cwd, which never overrides real variables). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { cwd?: string } = {}): Readonly<Config> {
  const cwd = opts.cwd ?? process.cwd();
  const dotenvPath = join(cwd, '.env');
  const fromFile = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};
  const merged = { ...fromFile, ...env };
  // Treat empty strings as unset, as shells and .env files often leave them.
  const cleaned = Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  const dataDir = resolve(cwd, e.LIAISE_DATA_DIR);
  const mode = e.WHATSAPP_GRAPH_BASE ? 'meta' : 'simulator';
  if (mode === 'meta') {
    for (const key of [
      'WHATSAPP_ACCESS_TOKEN',
      'WHATSAPP_PHONE_NUMBER_ID',
      'WHATSAPP_APP_SECRET',
      'WHATSAPP_VERIFY_TOKEN',
      'LIAISE_ENCRYPTION_KEY',
      'LIAISE_CHECKPOINT_KEY',
    ] as const) {
      if (!e[key]) problems.push(`${key}: required when WHATSAPP_GRAPH_BASE is set`);
    }
  }
  if (e.NODE_ENV === 'production' && !e.LIAISE_ENCRYPTION_KEY && !problems.some((p) => p.startsWith('LIAISE_ENCRYPTION_KEY'))) {
    problems.push('LIAISE_ENCRYPTION_KEY: required in production (keep it outside the data directory)');
  }
  let encryptionKeys: Config['encryptionKeys'] | null = null;
  if (e.LIAISE_ENCRYPTION_KEY) {
    try {
      encryptionKeys = parseEncryptionKeys(e.LIAISE_ENCRYPTION_KEY);
    } catch (err) {
      problems.push(`LIAISE_ENCRYPTION_KEY: ${(err as Error).message}`);
    }
  }
  let checkpointKeys: CheckpointKeys | null = null;
  if (e.LIAISE_CHECKPOINT_KEY) {
    try {
      checkpointKeys = parseCheckpointKeys(e.LIAISE_CHECKPOINT_KEY);
    } catch (err) {
      problems.push(`LIAISE_CHECKPOINT_KEY: ${(err as Error).message}`);
    }
  }
  if (e.LIAISE_CASE_SYSTEM_URL && !e.LIAISE_CASE_SYSTEM_SECRET)
    problems.push('LIAISE_CASE_SYSTEM_SECRET: required when LIAISE_CASE_SYSTEM_URL is set');
  if (e.LIAISE_CASE_SYSTEM_SECRET && !e.LIAISE_CASE_SYSTEM_URL)
    problems.push('LIAISE_CASE_SYSTEM_URL: required when LIAISE_CASE_SYSTEM_SECRET is set');
  if (e.LIAISE_CASE_SYSTEM_SECRET && e.LIAISE_CASE_SYSTEM_SECRET.length < 16)
    problems.push('LIAISE_CASE_SYSTEM_SECRET: must be at least 16 characters');
  if (e.LIAISE_CASE_SYSTEM_URL && !/^https?:\/\//.test(e.LIAISE_CASE_SYSTEM_URL))
    problems.push('LIAISE_CASE_SYSTEM_URL: must be an http:// or https:// URL');
  if (e.LIAISE_TIMEZONE) {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: e.LIAISE_TIMEZONE });
    } catch {
      problems.push(`LIAISE_TIMEZONE: "${e.LIAISE_TIMEZONE}" is not an IANA time zone`);
    }
  }
  try {
    if (Intl.DateTimeFormat.supportedLocalesOf(e.LIAISE_LOCALE).length === 0) throw new RangeError('unsupported');
  } catch {
    problems.push(`LIAISE_LOCALE: "${e.LIAISE_LOCALE}" is not a supported BCP 47 locale such as en-GB`);
  }
  if (problems.length) throw new ConfigError(problems);

  const needGenerated =
    mode === 'simulator' &&
    (!encryptionKeys || !checkpointKeys || !e.WHATSAPP_APP_SECRET || !e.WHATSAPP_VERIFY_TOKEN || !e.WHATSAPP_ACCESS_TOKEN);
  const generated = needGenerated ? loadOrCreateGeneratedSecrets(dataDir) : null;
  const simulatorPort = e.SIMULATOR_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');

  const config: Config = {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl,
    dataDir,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dir: join(dataDir, 'pglite') },
    whatsapp: {
      mode,
      graphBase: (e.WHATSAPP_GRAPH_BASE ?? `http://127.0.0.1:${simulatorPort}`).replace(/\/$/, ''),
      apiVersion: e.WHATSAPP_API_VERSION,
      accessToken: e.WHATSAPP_ACCESS_TOKEN ?? generated!.accessToken,
      phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID ?? '100000000000001',
      wabaId: e.WHATSAPP_WABA_ID ?? (mode === 'simulator' ? '100000000000002' : null),
      appSecret: e.WHATSAPP_APP_SECRET ?? generated!.appSecret,
      verifyToken: e.WHATSAPP_VERIFY_TOKEN ?? generated!.verifyToken,
      sendTimeoutMs: e.WHATSAPP_SEND_TIMEOUT_MS,
      simulatorPort,
    },
    encryptionKeys: encryptionKeys ?? parseEncryptionKeys(generated!.encryptionKey),
    sessionHours: e.LIAISE_SESSION_HOURS,
    timeZone: e.LIAISE_TIMEZONE,
    locale: e.LIAISE_LOCALE,
    policyPackPath: e.LIAISE_POLICY_PACK ?? null,
    retentionSchedulePath: e.LIAISE_RETENTION_SCHEDULE ?? null,
    importMaxBytes: e.LIAISE_IMPORT_MAX_MB * 1024 * 1024,
    logLevel: e.LOG_LEVEL,
    archiveDir: e.LIAISE_ARCHIVE_DIR ? resolve(cwd, e.LIAISE_ARCHIVE_DIR) : join(dataDir, 'archive'),
    checkpoints: {
      keys: checkpointKeys ?? parseCheckpointKeys(generated!.checkpointKey!),
      everyRecords: e.LIAISE_CHECKPOINT_EVERY_RECORDS,
      everyMs: Math.round(e.LIAISE_CHECKPOINT_EVERY_HOURS * 3_600_000),
    },
    caseSystem:
      e.LIAISE_CASE_SYSTEM_URL && e.LIAISE_CASE_SYSTEM_SECRET
        ? { url: e.LIAISE_CASE_SYSTEM_URL, secret: e.LIAISE_CASE_SYSTEM_SECRET, maxAttempts: e.LIAISE_CASE_SYSTEM_ATTEMPTS }
        : null,
    minContactAge: e.LIAISE_MIN_CONTACT_AGE,
  };
  return Object.freeze(config);
}
