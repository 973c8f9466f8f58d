import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatExportError } from './chat-export.errors.js';
import { parseChatExportFile } from './chat-export.parser.js';
import { buildZip } from '../../../test/chat-export/chat-export.testing.js';
import { openChatExportZip } from './chat-export.zip.js';

const LRM = '\u200e';
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chat-export-zip-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const file = async (name: string, data: Buffer): Promise<string> => {
  const p = join(dir, name);
  await writeFile(p, data);
  return p;
};

const readAll = async (s: Readable): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
};

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ChatExportError);
    return (e as ChatExportError).code;
  }
  return 'no error';
}

const drain = async (path: string): Promise<number> => {
  let n = 0;
  for await (const _m of parseChatExportFile(path)) n++;
  return n;
};

const IOS_CHAT = [
  `[13/03/2024, 10:00:00] Estate Group: ${LRM}Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.`,
  `[13/03/2024, 10:00:05] Alex Example: ${LRM}<attached: 00000012-PHOTO-2024-03-13-10-00-05.jpg>`,
  '[13/03/2024, 10:01:00] Sam Sample: thanks',
  '',
].join('\n');
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);

describe('openChatExportZip', () => {
  it('finds the iOS chat, parses it and streams media by name', async () => {
    const path = await file(
      'ios.zip',
      buildZip([
        { name: '_chat.txt', data: IOS_CHAT },
        { name: '00000012-PHOTO-2024-03-13-10-00-05.jpg', data: PHOTO, method: 'store' },
      ]),
    );
    const zip = await openChatExportZip(path);
    try {
      expect(zip.chatFileName).toBe('_chat.txt');
      expect(zip.mediaFileNames).toEqual(['00000012-PHOTO-2024-03-13-10-00-05.jpg']);
      expect(await readAll(await zip.openMedia('00000012-PHOTO-2024-03-13-10-00-05.jpg'))).toEqual(PHOTO);
      expect(await codeOf(zip.openMedia('missing.jpg'))).toBe('IMPORT_ZIP_MEDIA_NOT_FOUND');
    } finally {
      zip.close();
    }
    const ms = [];
    for await (const m of parseChatExportFile(path)) ms.push(m);
    expect(ms.map((m) => [m.author, m.system, m.attachments.map((a) => a.fileName)])).toEqual([
      [null, true, []],
      ['Alex Example', false, ['00000012-PHOTO-2024-03-13-10-00-05.jpg']],
      ['Sam Sample', false, []],
    ]);
  });

  it('finds the Android chat in a folder and reads it twice when it must (date order far down)', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(`0${1 + (i % 9)}/01/2024, 10:00 - A B: message ${i}`);
    lines.push('01/13/2024, 10:00 - A B: the deciding line');
    const path = await file(
      'android.zip',
      buildZip([
        { name: 'WhatsApp Chat with A B/WhatsApp Chat with A B.txt', data: `${lines.join('\n')}\n` },
        { name: 'WhatsApp Chat with A B/IMG-20240113-WA0001.jpg', data: PHOTO },
      ]),
    );
    const zip = await openChatExportZip(path);
    expect(zip.chatFileName).toBe('WhatsApp Chat with A B/WhatsApp Chat with A B.txt');
    expect(zip.mediaFileNames).toEqual(['IMG-20240113-WA0001.jpg']);
    expect(await readAll(await zip.openMedia('IMG-20240113-WA0001.jpg'))).toEqual(PHOTO);
    zip.close();
    const ms = [];
    for await (const m of parseChatExportFile(path)) ms.push(m);
    expect(ms).toHaveLength(3001);
    expect(ms[3000]?.wallTime).toBe('2024-01-13T10:00:00');
  });

  it('refuses a zip without a chat', async () => {
    const path = await file('nochat.zip', buildZip([{ name: 'photo.jpg', data: PHOTO }]));
    expect(await codeOf(openChatExportZip(path))).toBe('IMPORT_ZIP_NO_CHAT');
  });

  it('refuses a truncated zip', async () => {
    const whole = buildZip([{ name: '_chat.txt', data: IOS_CHAT.repeat(50) }]);
    for (const cut of [10, Math.floor(whole.length / 2), whole.length - 5]) {
      const path = await file(`cut-${cut}.zip`, whole.subarray(0, cut));
      expect(await codeOf(drain(path))).toBe('IMPORT_ZIP_INVALID');
    }
  });

  it('refuses a zip whose data is damaged', async () => {
    const whole = buildZip([{ name: '_chat.txt', data: IOS_CHAT.repeat(50) }]);
    const bad = Buffer.from(whole);
    for (let i = 40; i < 80; i++) bad[i] = 0x55;
    const path = await file('damaged.zip', bad);
    expect(['IMPORT_ZIP_INVALID', 'IMPORT_ZIP_BOMB']).toContain(await codeOf(drain(path)));
  });

  it('refuses zip bombs: ratio, total size, entry count, understated size', async () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024);
    const ratio = await file('ratio.zip', buildZip([{ name: '_chat.txt', data: zeros }]));
    expect(await codeOf(openChatExportZip(ratio))).toBe('IMPORT_ZIP_BOMB');

    const big = await file(
      'big.zip',
      buildZip([
        { name: '_chat.txt', data: IOS_CHAT },
        { name: 'a.bin', data: Buffer.alloc(3 * 1024 * 1024, 7), method: 'store' },
      ]),
    );
    expect(await codeOf(openChatExportZip(big, { maxUncompressedBytes: 1024 * 1024 }))).toBe('IMPORT_ZIP_BOMB');

    const many = await file('many.zip', buildZip(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}.txt`, data: 'x' }))));
    expect(await codeOf(openChatExportZip(many, { maxEntries: 10 }))).toBe('IMPORT_ZIP_BOMB');

    // Headers claim 1 KB, the data inflates to 20 MB: caught while streaming.
    const lying = await file(
      'lying.zip',
      buildZip([{ name: '_chat.txt', data: Buffer.concat([Buffer.from(IOS_CHAT), zeros]), declaredSize: 1024 }]),
    );
    expect(await codeOf(drain(lying))).toBe('IMPORT_ZIP_BOMB');

    // The same lie in a media entry whose reader starts late (as an import does, after a database round
    // trip): the entry fails before anyone listens, and the error still reaches the reader when it starts,
    // rather than going unhandled and ending the process.
    const lyingMedia = await file(
      'lying-media.zip',
      buildZip([
        { name: '_chat.txt', data: IOS_CHAT },
        { name: 'IMG-0002.jpg', data: zeros, declaredSize: 1000 },
      ]),
    );
    const zip = await openChatExportZip(lyingMedia);
    try {
      const media = await zip.openMedia('IMG-0002.jpg');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(media.destroyed).toBe(true);
      expect(await codeOf(readAll(media))).toBe('IMPORT_ZIP_BOMB');
    } finally {
      zip.close();
    }
  });

  it('refuses junk that only looks like a zip, and a missing file', async () => {
    const path = await file('junk.zip', Buffer.from('PK\u0003\u0004 this is not really a zip file at all'));
    expect(await codeOf(drain(path))).toBe('IMPORT_ZIP_INVALID');
    expect(await codeOf(drain(join(dir, 'missing.txt')))).toBe('IMPORT_READ_FAILED');
  });
});
