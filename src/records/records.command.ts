import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CoreServices } from '../composition.js';
import { parseCheckpointLines, type Checkpoint } from './chain/checkpoint.js';

/** Reads an exported checkpoint file; a missing or corrupt file is a clear error naming the file and line. */
function readCheckpointFile(file: string): Checkpoint[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot be read`, { cause: err });
  }
  try {
    return parseCheckpointLines(text);
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * `liaise records verify [--checkpoints FILE] [--json]`: checks the whole hash chain, and the chain against
 * signed checkpoints kept outside the database; exits 1 naming the first broken record or mismatched checkpoint.
 * `liaise records checkpoints export [--out FILE]`: the signed checkpoints as JSON lines.
 */
export function registerRecordsCommands(
  program: Command,
  opts: { withCoreServices: <T>(fn: (s: CoreServices) => Promise<T>) => Promise<T> },
): void {
  const { withCoreServices } = opts;
  const records = program.command('records').description('The record log');
  records
    .command('verify')
    .description(
      'Check the whole record hash chain (and, with --checkpoints, the chain against signed checkpoints); the last line is a JSON summary',
    )
    .option('--checkpoints <file>', 'exported checkpoints (JSON lines) to compare the chain with')
    .option('--json', 'print only the JSON summary on stdout')
    .action(async (o: { checkpoints?: string; json?: boolean }) => {
      // Read the file before opening the database: a corrupt file changes nothing and says which line.
      const checkpoints = o.checkpoints ? readCheckpointFile(o.checkpoints) : null;
      await withCoreServices(async ({ records: svc }) => {
        const human = (line: string) => (o.json ? process.stderr : process.stdout).write(`${line}\n`);
        const result = await svc.verify((n) => process.stderr.write(`checked ${n} sealed records\r`));
        process.stderr.write('\n');
        if (result.firstProblem) {
          const p = result.firstProblem;
          human(
            `first broken record: ${p.recordId || '(missing)'}${p.chainIndex !== null ? ` at chain position ${p.chainIndex}` : ''}: ${p.problem}`,
          );
        }
        const mismatch = checkpoints ? await svc.verifyCheckpoints(checkpoints) : null;
        if (mismatch) {
          human(
            `checkpoint mismatch at chain index ${mismatch.checkpoint.chainIndex} (signed ${mismatch.checkpoint.at}): ${mismatch.problem}`,
          );
        } else if (checkpoints) {
          human(`${checkpoints.length} checkpoint${checkpoints.length === 1 ? '' : 's'} match the chain`);
        }
        const ok = result.ok && !mismatch;
        process.stdout.write(
          `${JSON.stringify({
            records: result.records,
            ok,
            sealed: result.sealed,
            pending: result.pending,
            ...(result.firstProblem ? { firstBrokenRecord: result.firstProblem.recordId } : {}),
            ...(checkpoints ? { checkpoints: checkpoints.length } : {}),
            ...(mismatch ? { checkpointMismatch: { chainIndex: mismatch.checkpoint.chainIndex, problem: mismatch.problem } } : {}),
          })}\n`,
        );
        process.exitCode = ok ? 0 : 1;
      });
    });

  records
    .command('checkpoints')
    .description('Signed checkpoints of the chain head')
    .command('export')
    .description('Write every signed checkpoint as JSON lines, for keeping outside the database')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (o: { out?: string }) => {
      await withCoreServices(async ({ records: svc }) => {
        const list = await svc.listCheckpoints();
        const text = list.map((c) => JSON.stringify(c)).join('\n') + (list.length ? '\n' : '');
        if (o.out) {
          writeFileSync(o.out, text);
          process.stderr.write(`${list.length} checkpoint${list.length === 1 ? '' : 's'} written to ${o.out}\n`);
        } else process.stdout.write(text);
      });
    });
}
