import type { Command } from 'commander';
import { isChatExportError } from './chat-export.errors.js';
import { parseChatExportFile } from './chat-export.parser.js';
import type { ChatExportDateOrderDecision, ChatExportMessage, DateOrder } from './chat-export.types.js';

/** Where the command writes; tests pass their own. */
export interface ChatExportCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const ORDER_WORDS: Record<DateOrder, string> = { dmy: 'day-first (dmy)', mdy: 'month-first (mdy)', ymd: 'year-first (ymd)' };

/**
 * The sentence telling the user how the dates were read when that was an assumption, or null
 * when the file (or the user) decided. Shared wording for the CLI.
 */
export function describeDateOrder(d: ChatExportDateOrderDecision): string | null {
  if (d.dateOrderSource === 'user' || d.dateOrderChoices.length < 2) return null;
  const others = d.dateOrderChoices.filter((o) => o !== d.dateOrder);
  const change = others.length > 0 ? `; if that is wrong, run again with ${others.map((o) => `--date-order ${o}`).join(' or ')}` : '';
  const why =
    d.dateOrderSource === 'locale' ? `assumed from the locale ${d.locale}` : "assumed from the export's US-style layout (M/D/YY, AM/PM)";
  return `dates read ${ORDER_WORDS[d.dateOrder]}, ${why}: every date in this export reads both ways${change}`;
}

/** The JSON line printed for one message (issue 4's contract). */
export function toChatExportJson(m: ChatExportMessage): string {
  return JSON.stringify({
    time: m.localTime,
    author: m.author,
    system: m.system,
    text: m.text,
    attachments: m.attachments.map((a) => ({ fileName: a.fileName })),
    edited: m.edited,
    deleted: m.deleted,
    // Only when there is one, so plain messages keep issue 4's exact shape.
    ...(m.omittedMedia ? { omittedMedia: m.omittedMedia } : {}),
    ...(m.note ? { note: m.note } : {}),
  });
}

const write = (out: NodeJS.WritableStream, s: string): Promise<void> | void => {
  if (!out.write(s)) return new Promise((resolve) => out.once('drain', () => resolve()));
};

/**
 * Adds `parse FILE [--timezone Europe/London] [--date-order dmy|mdy|ymd] [--locale en-GB]` under
 * `parent` (the `chat-export` command): one JSON line per message on stdout; on stderr, how the
 * dates were read when the locale had to decide. A file that is not a
 * chat export (or cannot be read) is reported on stderr with exit code 2.
 */
export function registerChatExportParseCommand(parent: Command, io?: ChatExportCommandIo): void {
  parent
    .command('parse')
    .description('Print each message of a WhatsApp "Export chat" file (.txt or .zip) as one JSON line')
    .argument('<file>', 'the exported .txt, or the .zip with media')
    .option('--timezone <zone>', 'IANA time zone the export was made in', 'Europe/London')
    .option('--date-order <order>', 'dmy, mdy or ymd: overrides what the file and the locale say')
    .option(
      '--locale <locale>',
      'locale whose date order is assumed when the file cannot tell (LIAISE_LOCALE)',
      process.env['LIAISE_LOCALE'] || 'en-GB',
    )
    .action(async (file: string, options: { timezone: string; dateOrder?: string; locale: string }) => {
      const stdout = io?.stdout ?? process.stdout;
      const stderr = io?.stderr ?? process.stderr;
      try {
        const messages = parseChatExportFile(file, {
          timeZone: options.timezone,
          locale: options.locale,
          onFormat: (f) => {
            const note = describeDateOrder(f);
            if (note) stderr.write(`chat-export: ${note}\n`);
          },
          ...(options.dateOrder === undefined ? {} : { dateOrder: options.dateOrder as DateOrder }),
        });
        let chunk = '';
        for await (const m of messages) {
          chunk += `${toChatExportJson(m)}\n`;
          if (chunk.length > 65_536) {
            await write(stdout, chunk);
            chunk = '';
          }
        }
        if (chunk) await write(stdout, chunk);
      } catch (e) {
        if (!isChatExportError(e)) throw e;
        stderr.write(`chat-export: ${e.message} (${e.code})\n`);
        process.exitCode = 2;
      }
    });
}
