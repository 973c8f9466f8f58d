/**
 * `liaise scan` on its own: bin/liaise.js starts this instead of the whole of main.js (server, database
 * drivers, every other command) when the first argument is `scan`, so a scan does not pay for loading what
 * it never uses. The command is the same one main.js registers, so `liaise --help` still lists it.
 */
import { Command } from 'commander';
import { registerScanCommand } from './scan.command.js';

const program = new Command('liaise').showHelpAfterError();
registerScanCommand(program);
program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
