import { z } from 'zod';
import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import { isAppError } from '../platform/errors.js';
import type { Services } from '../composition.js';
import { toActor } from '../staff/staff.service.js';
import type { AuthorRole } from './chat-import.service.js';

/** A one-line progress bar on stderr (a plain percentage line every 10 % when stderr is not a terminal). */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr) {
  let lastTenth = -1;
  return (done: number, total: number) => {
    const share = total > 0 ? Math.min(1, done / total) : 1;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      stream.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}% ${done.toLocaleString('en-GB')}/${total.toLocaleString('en-GB')} messages`,
      );
      if (share === 1) stream.write('\n');
    } else if (Math.floor(share * 10) > lastTenth) {
      lastTenth = Math.floor(share * 10);
      stream.write(`${Math.round(share * 100)}% (${done}/${total} messages)\n`);
    }
  };
}

/** `--author "Name=citizen"`, `--author "Name=staff:email@council.gov.uk"`, `--author "Name=third-party"`. */
function parseAuthor(value: string, previous: string[] = []) {
  return [...previous, value];
}

export function registerChatExportImportCommand(
  parent: Command,
  deps: { open: () => Promise<{ services: Services; close: () => Promise<void> }> },
): void {
  parent
    .command('import')
    .description('Import a WhatsApp "Export chat" file (.txt or .zip) into the records, linked to a citizen and case')
    .argument('<file>', 'the exported .txt or .zip')
    .requiredOption('--as <email>', 'the staff member importing it (the uploader on the record)')
    .option('--case <reference>', 'case reference of the citizen the chat was with')
    .option('--citizen <id>', 'the citizen id (when a case has several citizens)')
    .option('--author <name=role>', 'who an author is: citizen, staff:EMAIL or third-party (repeatable)', parseAuthor)
    .option('--timezone <zone>', 'zone the export times are in')
    .addOption(new Option('--date-order <order>', 'when the file cannot tell day-first from month-first').choices(['dmy', 'mdy', 'ymd']))
    .action(
      async (
        file: string,
        o: { as: string; case?: string; citizen?: string; author?: string[]; timezone?: string; dateOrder?: 'dmy' | 'mdy' | 'ymd' },
      ) => {
        if (o.citizen !== undefined && !z.guid().safeParse(o.citizen).success) {
          process.stderr.write('--citizen takes a citizen id (a UUID, as shown in the citizen page address)\n');
          process.exitCode = 2;
          return;
        }
        if (!o.case && !o.citizen) {
          process.stderr.write('Give the citizen with --case REFERENCE or --citizen ID\n');
          process.exitCode = 2;
          return;
        }
        const { services, close } = await deps.open();
        try {
          const uploader = await services.staff.findStaffByEmail(o.as);
          if (!uploader || uploader.disabledAt) {
            process.stderr.write(`No active staff account ${o.as}\n`);
            process.exitCode = 2;
            return;
          }
          const authors: Record<string, AuthorRole> = {};
          for (const spec of o.author ?? []) {
            const eq = spec.lastIndexOf('=');
            const name = spec.slice(0, eq);
            const role = spec.slice(eq + 1);
            if (eq <= 0) throw new Error(`--author "${spec}": use NAME=citizen, NAME=staff:EMAIL or NAME=third-party`);
            if (role === 'citizen') authors[name] = { role: 'citizen' };
            else if (role === 'third-party') authors[name] = { role: 'third_party' };
            else if (role.startsWith('staff:')) {
              const s = await services.staff.findStaffByEmail(role.slice(6));
              if (!s) throw new Error(`--author "${spec}": no staff account ${role.slice(6)}`);
              authors[name] = { role: 'staff', staffId: s.id };
            } else throw new Error(`--author "${spec}": role must be citizen, staff:EMAIL or third-party`);
          }
          // What the scheduler would do: a batch cut off by a crash more than ten minutes ago is marked failed,
          // so its file can be imported again from here.
          await services.imports.reapInterrupted();
          const progress = createProgressBar();
          const summary = await services.imports.importFile(
            toActor(uploader),
            {
              path: file,
              fileName: basename(file),
              caseReference: o.case,
              citizenId: o.citizen,
              authors,
              options: { timeZone: o.timezone, dateOrder: o.dateOrder },
            },
            (p) => progress(p.messages, p.total),
          );
          await services.records.sealPending(1000);
          process.stdout.write(`${JSON.stringify(summary)}\n`);
        } catch (err) {
          if (!isAppError(err)) {
            // The database or the disk failed under the import (not the file): say so plainly, with the
            // failure's code only (never its text, which can quote the data being written).
            const code = (err as { code?: unknown }).code;
            process.stderr.write(
              `IMPORT_STOPPED: The import stopped before it finished because the server could not store it${typeof code === 'string' ? ` (${code})` : ''}. Messages stored before it stopped are kept; import the same file again to finish it (nothing is stored twice).\n`,
            );
            process.exitCode = 1;
            return;
          }
          process.stderr.write(`${err.code}: ${err.message}\n`);
          const unresolved = (err.details?.['unresolved'] as string[] | undefined) ?? [];
          if (unresolved.length)
            process.stderr.write(
              `Map each with --author, e.g.\n${unresolved.map((a) => `  --author "${a}=citizen"   (or staff:EMAIL, third-party)`).join('\n')}\n`,
            );
          process.exitCode = 2;
        } finally {
          await close();
        }
      },
    );
}
