import { Command, Option } from 'commander';
import { z } from 'zod';
import { ConfigError, loadConfig, roleList } from './config.js';
import { registerChatExportParseCommand } from './imports/chat-export/chat-export.command.js';
import { createLogger } from './platform/log/logger.js';
import { registerScanCommand } from './policy/scan.command.js';
import type { CoreServices, Services } from './composition.js';
import { registerStaffCommands } from './staff/staff.command.js';
import { registerRecordsCommands } from './records/records.command.js';
import { openCoreServices, openDatabase, openServices, startLiaise } from './server.js';
import { registerChatExportImportCommand } from './imports/chat-import.command.js';
import { registerRetentionCommand, registerRetentionRunCommands } from './records/retention/retention.command.js';
import { registerHoldCommands } from './records/holds/hold.command.js';

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

/** Runs `fn` with every service (the composition root's, as `serve` builds them), then closes the database. */
async function withServices<T>(fn: (s: Services) => Promise<T>): Promise<T> {
  const { services, close } = await openServices(config(), createLogger('warn'));
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
    const parsed = z.array(z.enum(roleList)).safeParse(opts.roles.split(',').map((r) => r.trim()));
    if (!parsed.success) throw new Error(`--roles takes a comma-separated list of: ${roleList.join(', ')}`);
    const roles = parsed.data;
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

registerStaffCommands(program, { withStaffService });
registerRecordsCommands(program, { withCoreServices, withServices });
registerScanCommand(program);
const retention = registerRetentionCommand(program);
const disposalDeps = {
  open: () => openServices(config(), createLogger('warn')),
  isSimulator: () => config().whatsapp.mode === 'simulator',
};
registerRetentionRunCommands(retention, disposalDeps);
registerHoldCommands(program, disposalDeps);
const chatExport = program.command('chat-export').description('WhatsApp "Export chat" files from staff phones');
registerChatExportParseCommand(chatExport);
registerChatExportImportCommand(chatExport, { open: () => openServices(config(), createLogger('warn')) });

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
