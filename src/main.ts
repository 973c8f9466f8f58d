import { Command, Option } from 'commander';
import { z } from 'zod';
import { ConfigError, loadConfig, type ProcessRole } from './config.js';
import { registerChatExportParseCommand } from './imports/chat-export/chat-export.command.js';
import { createLogger } from './platform/log/logger.js';
import { registerScanCommand } from './policy/scan.command.js';
import type { CoreServices } from './composition.js';
import { ROLES, type Role } from './staff/staff.types.js';
import { openCoreServices, openDatabase, openServices, startLiaise } from './server.js';
import { registerChatExportImportCommand } from './imports/chat-import.command.js';
import { registerRetentionCommand } from './records/retention/retention.command.js';

/** Every command reads the same configuration as the server; a bad one lists every problem and exits 78 (EX_CONFIG). */
function config() {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}

/** Runs `fn` with the core services (built by the composition root), then closes the database. */
async function withCoreServices<T>(fn: (s: CoreServices) => Promise<T>): Promise<T> {
  const { services, close } = await openCoreServices(config());
  try {
    return await fn(services);
  } finally {
    await close();
  }
}

const withStaffService = <T>(fn: (s: CoreServices['staff']) => Promise<T>) => withCoreServices((s) => fn(s.staff));

const program = new Command('liaise').description('Liaise: governed WhatsApp messaging for councils').showHelpAfterError();

program
  .command('serve')
  .description('Run Liaise (web app, webhook, outbox worker, record sequencer and, by default, the WhatsApp simulator)')
  .addOption(
    new Option('--roles <roles>', 'comma-separated roles to run: web, worker, scheduler, simulator').default(
      'web,worker,scheduler,simulator',
    ),
  )
  .action(async (opts: { roles: string }) => {
    const cfg = config();
    const roles = opts.roles.split(',').map((r) => r.trim()) as ProcessRole[];
    const logger = createLogger(cfg.logLevel);
    const running = await startLiaise(cfg, { roles, logger });
    const lines = [
      '',
      `  Liaise is running at ${running.url}`,
      running.phoneUrl
        ? `  WhatsApp simulator citizen phone: ${running.phoneUrl}`
        : `  WhatsApp: ${cfg.whatsapp.graphBase} (webhook: ${cfg.publicUrl}/webhooks/whatsapp)`,
      `  Database: ${cfg.database.kind === 'pglite' ? `embedded PGlite in ${cfg.database.dir}` : 'PostgreSQL'}`,
    ];
    if (running.firstAdmin) {
      lines.push(
        '',
        '  First start: an admin account was created. This password is shown once and must be changed at first sign-in:',
        `    email:    ${running.firstAdmin.email}`,
        `    password: ${running.firstAdmin.oneTimePassword}`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n\n`);
    const stop = async (signal: string) => {
      logger.info({ signal }, 'shutting down');
      await running.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });

program
  .command('migrate')
  .description('Apply database migrations (also done at start-up)')
  .action(async () => {
    const db = await openDatabase(config());
    await db.close();
    process.stdout.write('migrations applied\n');
  });

const staff = program.command('staff').description('Staff accounts');
staff
  .command('create')
  .description('Create a staff account and print its one-time password')
  .requiredOption('--email <email>')
  .addOption(new Option('--role <role>').choices(ROLES as unknown as string[]).makeOptionMandatory())
  .option('--team <team>', 'team name or id (required for caseworkers and managers)')
  .option('--name <name>', 'display name')
  .action(async (o: { email: string; role: Role; team?: string; name?: string }) => {
    const created = await withStaffService((s) =>
      s.createStaff(null, { email: o.email, role: o.role, team: o.team ?? null, displayName: o.name }),
    );
    process.stdout.write(
      `${JSON.stringify({ id: created.staff.id, email: created.staff.email, role: created.staff.role, oneTimePassword: created.oneTimePassword })}\n`,
    );
  });

const team = program.command('team').description('Teams');
team
  .command('create')
  .requiredOption('--name <name>')
  .action(async (o: { name: string }) => {
    const t = await withStaffService((s) => s.createTeam(null, { name: o.name }));
    process.stdout.write(`${JSON.stringify(t)}\n`);
  });

const apiToken = program.command('api-token').description('API tokens for case-management integrations');
apiToken
  .command('create')
  .description('Create an API token acting as a staff account; the token is printed once')
  .requiredOption('--email <email>', 'the staff account the token acts as')
  .requiredOption('--name <name>', 'the system that will use it')
  .action(async (o: { email: string; name: string }) => {
    const created = await withStaffService(async (s) => {
      const member = await s.findStaffByEmail(o.email);
      if (!member) throw new Error(`No staff account ${o.email}`);
      return s.createApiToken(null, member.id, o.name);
    });
    process.stdout.write(`${JSON.stringify(created)}\n`);
  });

apiToken
  .command('list')
  .description('List API tokens (never the token itself): one JSON line each, newest first')
  .option('--email <email>', 'only this staff account’s tokens')
  .action(async (o: { email?: string }) => {
    const tokens = await withStaffService(async (s) => {
      const member = o.email ? await s.findStaffByEmail(o.email) : null;
      if (o.email && !member) throw new Error(`No staff account ${o.email}`);
      return s.listApiTokens(null, member?.id ?? null);
    });
    for (const t of tokens) process.stdout.write(`${JSON.stringify(t)}\n`);
  });
apiToken
  .command('revoke')
  .description('Revoke an API token by its id (from `api-token list`); it stops working at once')
  .argument('<id>', 'the token id')
  .action(async (id: string) => {
    if (!z.guid().safeParse(id).success) throw new Error(`"${id}" is not a token id: take it from \`liaise api-token list\``);
    await withStaffService((s) => s.revokeApiToken(null, id));
    process.stdout.write(`${JSON.stringify({ revoked: id })}\n`);
  });

const records = program.command('records').description('The record log');
records
  .command('verify')
  .description('Check the whole record hash chain; the last line is a JSON summary')
  .action(async () => {
    await withCoreServices(async ({ records: svc }) => {
      const result = await svc.verify((n) => process.stderr.write(`checked ${n} sealed records\r`));
      process.stderr.write('\n');
      if (result.firstProblem) {
        const p = result.firstProblem;
        process.stdout.write(
          `first broken record: ${p.recordId || '(missing)'}${p.chainIndex !== null ? ` at chain position ${p.chainIndex}` : ''}: ${p.problem}\n`,
        );
      }
      process.stdout.write(
        `${JSON.stringify({ records: result.records, ok: result.ok, sealed: result.sealed, pending: result.pending, ...(result.firstProblem ? { firstBrokenRecord: result.firstProblem.recordId } : {}) })}\n`,
      );
      process.exitCode = result.ok ? 0 : 1;
    });
  });

registerScanCommand(program);
registerRetentionCommand(program);
const chatExport = program.command('chat-export').description('WhatsApp "Export chat" files from staff phones');
registerChatExportParseCommand(chatExport);
registerChatExportImportCommand(chatExport, { open: () => openServices(config(), createLogger('warn')) });

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
