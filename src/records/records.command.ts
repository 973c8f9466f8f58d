import type { Command } from 'commander';
import type { CoreServices } from '../composition.js';

/** `liaise records verify`: checks the whole hash chain; exits 1 and names the first broken record if any. */
export function registerRecordsCommands(
  program: Command,
  opts: { withCoreServices: <T>(fn: (s: CoreServices) => Promise<T>) => Promise<T> },
): void {
  const { withCoreServices } = opts;
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
}
