import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CoreServices, Services } from '../composition.js';
import type { ContentVerifyResult } from './content-verify.service.js';
import type { VerifyResult } from './records.service.js';
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

/** The message rows and records that have parted, one line each, by id. */
function messageLinkLines(links: VerifyResult['messageLinks']): string[] {
  const more = (listed: number, total: number) => (total > listed ? ` (and ${total - listed} more)` : '');
  return [
    ...links.messagesWithoutRecord.map((id) => `message ${id}: no record captures it`),
    ...(links.unrecordedCount > links.messagesWithoutRecord.length
      ? [`messages without a record: ${links.unrecordedCount}${more(links.messagesWithoutRecord.length, links.unrecordedCount)}`]
      : []),
    ...links.recordsWithoutMessage.map((id) => `message ${id}: named by records but missing`),
    ...(links.orphanCount > links.recordsWithoutMessage.length
      ? [`missing messages: ${links.orphanCount}${more(links.recordsWithoutMessage.length, links.orphanCount)}`]
      : []),
  ];
}

const contentLines = (deep: ContentVerifyResult): string[] =>
  deep.problems.map((p) => `message ${p.messageId}${p.attachmentId ? ` attachment ${p.attachmentId}` : ''}: ${p.problem}`);

/**
 * `liaise records verify [--deep] [--checkpoints FILE] [--json]`: checks the whole hash chain, that every
 * message row has its record and every record's message exists, and the chain against signed checkpoints
 * kept outside the database; with --deep, decrypts every body and attachment and checks it against its
 * record's keyed digest. Exits 1 naming the first broken record, each parted or altered message, or the
 * mismatched checkpoint.
 * `liaise records rekey-digests`: puts every message body's and attachment's digest under the current digest key.
 * `liaise records checkpoints export [--out FILE]`: the signed checkpoints as JSON lines.
 */
export function registerRecordsCommands(
  program: Command,
  opts: {
    withCoreServices: <T>(fn: (s: CoreServices) => Promise<T>) => Promise<T>;
    /** Every service (deep verification and re-keying decrypt bodies). */
    withServices: <T>(fn: (s: Services) => Promise<T>) => Promise<T>;
  },
): void {
  const { withCoreServices, withServices } = opts;
  const records = program.command('records').description('The record log');
  records
    .command('verify')
    .description(
      'Check the whole record hash chain (and, with --checkpoints, the chain against signed checkpoints); the last line is a JSON summary',
    )
    .option('--checkpoints <file>', 'exported checkpoints (JSON lines) to compare the chain with')
    .option('--deep', 'also decrypt every message body and attachment and check it against its record’s digest')
    .option('--json', 'print only the JSON summary on stdout')
    .action(async (o: { checkpoints?: string; json?: boolean; deep?: boolean }) => {
      // Read the file before opening the database: a corrupt file changes nothing and says which line.
      const checkpoints = o.checkpoints ? readCheckpointFile(o.checkpoints) : null;
      const open = <T>(fn: (s: Pick<CoreServices, 'records'> & Partial<Pick<Services, 'contentVerify'>>) => Promise<T>) =>
        o.deep ? withServices(fn) : withCoreServices(fn);
      await open(async ({ records: svc, contentVerify }) => {
        const human = (line: string) => (o.json ? process.stderr : process.stdout).write(`${line}\n`);
        const result = await svc.verify((n) => process.stderr.write(`checked ${n} sealed records\r`));
        process.stderr.write('\n');
        const deep = contentVerify ? await contentVerify.verifyContent((n) => process.stderr.write(`decrypted ${n} messages\r`)) : null;
        if (deep) process.stderr.write('\n');
        for (const line of [...messageLinkLines(result.messageLinks), ...(deep ? contentLines(deep) : [])]) human(line);
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
        const ok = result.ok && !mismatch && (deep?.problemCount ?? 0) === 0;
        process.stdout.write(
          `${JSON.stringify({
            records: result.records,
            ok,
            sealed: result.sealed,
            pending: result.pending,
            ...(result.firstProblem ? { firstBrokenRecord: result.firstProblem.recordId } : {}),
            ...(result.messageLinks.unrecordedCount ? { messagesWithoutRecord: result.messageLinks.messagesWithoutRecord } : {}),
            ...(result.messageLinks.orphanCount ? { missingMessages: result.messageLinks.recordsWithoutMessage } : {}),
            ...(deep
              ? {
                  deep: {
                    messages: deep.messages,
                    attachments: deep.attachments,
                    problems: deep.problemCount,
                    ...(deep.problemCount ? { messageIds: [...new Set(deep.problems.map((p) => p.messageId))] } : {}),
                  },
                }
              : {}),
            ...(checkpoints ? { checkpoints: checkpoints.length } : {}),
            ...(mismatch ? { checkpointMismatch: { chainIndex: mismatch.checkpoint.chainIndex, problem: mismatch.problem } } : {}),
          })}\n`,
        );
        process.exitCode = ok ? 0 : 1;
      });
    });

  records
    .command('rekey-digests')
    .description(
      'Put every message body and attachment digest under the current digest key (LIAISE_DIGEST_KEY), appending a record for each; also run at start',
    )
    .action(async () => {
      await withServices(async ({ digestRekey }) => {
        const r = await digestRekey.rekeyDigests((n) => process.stderr.write(`re-keyed ${n} messages\r`));
        process.stderr.write('\n');
        process.stdout.write(
          `${JSON.stringify({ rekeyed: r.rekeyed, dropped: r.dropped, unreadable: r.unreadable, importKeys: r.importKeys, attachments: r.attachments })}\n`,
        );
        process.exitCode = r.unreadable.length || r.attachments.unreadable.length ? 1 : 0;
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
