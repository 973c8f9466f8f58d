import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerChatExportParseCommand } from './chat-export.command.js';
import { buildZip } from '../../../test/chat-export/chat-export.testing.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chat-export-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  process.exitCode = undefined;
});

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

async function run(...args: string[]): Promise<{ out: string; err: string; code: number | string | undefined }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const program = new Command('liaise').exitOverride();
  const chatExport = program.command('chat-export');
  registerChatExportParseCommand(chatExport, { stdout, stderr });
  await program.parseAsync(['chat-export', 'parse', ...args], { from: 'user' });
  return { out: stdout.text, err: stderr.text, code: process.exitCode };
}

const CHAT = [
  '31/03/2024, 00:59 - Alex Example: before the change',
  '31/03/2024, 01:30 - Alex Example: IMG-20240331-WA0001.jpg (file attached)',
  'the caption',
  '31/03/2024, 02:30 - Alex Example: after <This message was edited>',
  '31/03/2024, 02:31 - Sam Sample changed the subject from "Rota: May" to "Rota: June"',
  '31/03/2024, 02:32 - ~ Jo Test: This message was deleted',
  '',
].join('\n');

describe('liaise chat-export parse', () => {
  it('prints one JSON line per message', async () => {
    const path = join(dir, 'chat.txt');
    await writeFile(path, CHAT);
    const { out, err, code } = await run(path);
    expect(err).toBe('');
    expect(code).toBeUndefined();
    const lines = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        time: '2024-03-31T00:59:00+00:00',
        author: 'Alex Example',
        system: false,
        text: 'before the change',
        attachments: [],
        edited: false,
        deleted: false,
      },
      {
        time: '2024-03-31T02:30:00+01:00',
        author: 'Alex Example',
        system: false,
        text: 'the caption',
        attachments: [{ fileName: 'IMG-20240331-WA0001.jpg' }],
        edited: false,
        deleted: false,
      },
      {
        time: '2024-03-31T02:30:00+01:00',
        author: 'Alex Example',
        system: false,
        text: 'after',
        attachments: [],
        edited: true,
        deleted: false,
      },
      {
        time: '2024-03-31T02:31:00+01:00',
        author: null,
        system: true,
        text: 'Sam Sample changed the subject from "Rota: May" to "Rota: June"',
        attachments: [],
        edited: false,
        deleted: false,
      },
      { time: '2024-03-31T02:32:00+01:00', author: 'Jo Test', system: true, text: '', attachments: [], edited: false, deleted: true },
    ]);
  });

  it('takes --timezone and --date-order', async () => {
    const path = join(dir, 'ambiguous.txt');
    await writeFile(path, '01/02/2024, 10:00 - A B: one\n03/04/2024, 10:00 - A B: two\n');
    // The file cannot tell: the locale decides (day-first by default) and stderr says so.
    const assumed = await run(path);
    expect(assumed.code).toBeUndefined();
    expect(assumed.err).toMatch(/day-first \(dmy\), assumed from the locale en-GB/);
    expect(assumed.err).toMatch(/--date-order mdy/);
    expect(assumed.out.split('\n')[0]).toContain('"time":"2024-02-01T10:00:00+00:00"');
    const us = await run(path, '--locale', 'en-US');
    expect(us.err).toMatch(/month-first \(mdy\), assumed from the locale en-US/);
    expect(us.out.split('\n')[0]).toContain('"time":"2024-01-02T10:00:00+00:00"');
    const badLocale = await run(path, '--locale', '!!');
    expect(badLocale.code).toBe(2);
    expect(badLocale.err).toMatch(/IMPORT_INVALID_OPTION/);
    process.exitCode = undefined;
    const { out, code } = await run(path, '--date-order', 'mdy', '--timezone', 'America/New_York');
    expect(code).toBeUndefined();
    expect(out.split('\n')[0]).toContain('"time":"2024-01-02T10:00:00-05:00"');
  });

  it('says when a US-style layout decided an all-ambiguous file, and how to change it', async () => {
    const path = join(dir, 'us.txt');
    await writeFile(path, '10/2/23, 9:00\u202fAM - A B: one\n');
    const r = await run(path);
    expect(r.err).toMatch(/month-first \(mdy\), assumed from the export's US-style layout.*--date-order dmy/);
    expect(r.out).toContain('"time":"2023-10-02T09:00:00+01:00"');
  });

  it('reads a .zip', async () => {
    const path = join(dir, 'chat.zip');
    await writeFile(path, buildZip([{ name: 'WhatsApp Chat with A B.txt', data: CHAT }]));
    const { out } = await run(path);
    expect(out.trimEnd().split('\n')).toHaveLength(5);
  });

  it('fails with a clear message and exit code 2 on a file that is not a chat', async () => {
    const path = join(dir, 'photo.jpg');
    await writeFile(path, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]));
    const { out, err, code } = await run(path);
    expect(out).toBe('');
    expect(code).toBe(2);
    expect(err).toMatch(/not a WhatsApp chat export.*IMPORT_UNSUPPORTED_FORMAT/);
  });

  // Bad input of each kind: a clear code on stderr and exit code 2, never a crash or a name.
  const bad: [string, () => Buffer, string][] = [
    ['truncated zip', () => buildZip([{ name: '_chat.txt', data: CHAT.repeat(40) }]).subarray(0, 300), 'IMPORT_ZIP_INVALID'],
    [
      'NUL in an author late in the file',
      () => Buffer.from(`${CHAT.repeat(200)}31/03/2024, 02:40 - Jo\u0000Test: hi\n`),
      'IMPORT_UNSUPPORTED_FORMAT',
    ],
    ['binary garbage', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'IMPORT_UNSUPPORTED_FORMAT'],
  ];
  it.each(bad)('%s → exit code 2 and %s', async (name, bytes, code) => {
    const path = join(dir, `${name.replace(/\W+/g, '-')}${name.includes('zip') ? '.zip' : '.txt'}`);
    await writeFile(path, bytes());
    const r = await run(path);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`(${code})`);
    expect(r.err).not.toMatch(/Jo|Test/);
  });

  it('exit code 2 for a missing file too', async () => {
    const { err, code } = await run(join(dir, 'nope.txt'));
    expect(code).toBe(2);
    expect(err).toMatch(/IMPORT_READ_FAILED/);
  });
});
