/**
 * WhatsApp "Export chat" parsing: our streaming parser against whatsapp-chat-parser (which
 * parses a whole string) on the same synthetic export, in the same run.
 *
 *   node bin/run-ts.js bench/chat-export.bench.ts            # ~64 MB file, < 90 s
 *   BENCH_FULL=1 node bin/run-ts.js bench/chat-export.bench.ts   # adds a real 1 GB export
 *   BENCH_CHAT_MB=128 BENCH_ROUNDS=3 …                         # other file size, more rounds
 */
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseString } from 'whatsapp-chat-parser';
import { parseChatExport, parseChatExportFile, parseChatExportFileBatches } from '../src/imports/chat-export/chat-export.parser.js';
import {
  EXPORT_STYLES,
  expectedOf,
  generateChat,
  renderChatExport,
  type ExpectedMessage,
  type ExportStyle,
  type SyntheticMessage,
} from '../test/chat-export/chat-export.synthetic.js';
import type { BenchRow } from './bench.types.js';

const PEER = 'whatsapp-chat-parser';
const MB = 1_000_000;

let collect: (() => void) | null = null;
/** A full GC before each measurement, so one run's garbage does not count against the next. */
function gc(): void {
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
}

/** Write a synthetic Android export of about `bytes` bytes; returns its size and message count. */
async function writeExport(path: string, bytes: number, style: ExportStyle): Promise<{ bytes: number; messages: number }> {
  const out = createWriteStream(path);
  let written = 0;
  let messages = 0;
  let start = { y: 2019, m: 1, d: 14, h: 9, mi: 0, s: 0 };
  let seed = 1;
  while (written < bytes) {
    const chat = generateChat(5_000, seed++, start);
    const text = renderChatExport(chat, style);
    written += Buffer.byteLength(text);
    messages += chat.length;
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
    const last = chat[chat.length - 1]!.wall;
    const next = new Date(Date.UTC(last.y, last.m - 1, last.d, last.h, last.mi + 5, last.s));
    // A 1 GB export spans more than a century at this pace: start the calendar again.
    start = {
      y: next.getUTCFullYear() > 2080 ? 2019 : next.getUTCFullYear(),
      m: next.getUTCMonth() + 1,
      d: next.getUTCDate(),
      h: next.getUTCHours(),
      mi: next.getUTCMinutes(),
      s: 0,
    };
  }
  await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  return { bytes: (await stat(path)).size, messages };
}

/**
 * Run `fn` while sampling RSS; returns the CPU seconds it took (user + system, all threads:
 * the bench box is shared, and wall time there measures the neighbours), the wall seconds,
 * and the peak RSS above the start.
 */
async function measure(fn: () => Promise<number>): Promise<{ seconds: number; wallSeconds: number; peakRssMb: number; count: number }> {
  gc();
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const count = await fn();
  const cpu = process.cpuUsage(c0);
  const wallSeconds = (performance.now() - t0) / 1000;
  const seconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { seconds, wallSeconds, peakRssMb: (peak - base) / 1024 / 1024, count };
}

async function parseOurs(path: string): Promise<number> {
  let n = 0;
  for await (const m of parseChatExportFile(path, { timeZone: 'Europe/London' })) if (m) n++;
  return n;
}

async function parseOursBatches(path: string): Promise<number> {
  let n = 0;
  for await (const b of parseChatExportFileBatches(path, { timeZone: 'Europe/London' })) n += b.length;
  return n;
}

const MARKS = /[\u200e\u200f\u202a-\u202e]/g;

/** Does a peer message match the truth? Lenient: markers the peer leaves in the text are removed first. */
function peerRight(
  p: { date: Date; author: string | null; message: string; attachment?: { fileName: string } } | undefined,
  e: ExpectedMessage,
  wallMs: number,
): boolean {
  if (!p) return false;
  const d = p.date;
  const wall = Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds());
  const author = p.author === null ? null : p.author.replace(MARKS, '').replace(/^~[ \u00a0\u202f]*/, '');
  let text = p.message.replace(MARKS, '').replace(/ ?<This message was edited>$/, '');
  if (p.attachment)
    text = text
      .replace(/<attached: [^>]+>/, '')
      .replace(/^.*\(file attached\)\n?/, '')
      .trim();
  if (/^(<Media omitted>|image omitted|This message was deleted\.?)$/.test(text)) text = '';
  return (
    wall === wallMs && author === e.author && text === e.text && (p.attachment?.fileName ?? null) === (e.attachments[0]?.fileName ?? null)
  );
}

/** Share of messages fully right (author, system, text, instant, attachments) over every export style. */
async function accuracy(): Promise<{ ours: number; peer: number; total: number }> {
  let ours = 0;
  let peer = 0;
  let total = 0;
  for (const [i, style] of EXPORT_STYLES.entries()) {
    const chat: SyntheticMessage[] = generateChat(300, 100 + i);
    const text = renderChatExport(chat, style);
    const got = [];
    try {
      for await (const m of parseChatExport(text)) got.push(m);
    } catch {
      /* counts as all wrong */
    }
    let peers: ReturnType<typeof parseString> = [];
    try {
      peers = parseString(text, { parseAttachments: true });
    } catch {
      /* counts as all wrong */
    }
    for (const [j, m] of chat.entries()) {
      const e = expectedOf(m, style);
      const g = got[j];
      total++;
      if (
        g &&
        g.author === e.author &&
        g.system === e.system &&
        g.text === e.text &&
        g.time.getTime() === e.instant &&
        g.edited === e.edited &&
        g.deleted === e.deleted &&
        JSON.stringify(g.attachments) === JSON.stringify(e.attachments)
      )
        ours++;
      const w = style.seconds ? m.wall : { ...m.wall, s: 0 };
      if (peerRight(peers[j], e, Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s))) peer++;
    }
  }
  return { ours, peer, total };
}

interface FixtureLine {
  time: string;
  author: string | null;
  system: boolean;
  text: string;
  attachments: { fileName: string }[];
  deleted: boolean;
  omittedMedia?: { kind: string };
}

/**
 * The hand-written exports in test/chat-export/fixtures (Android and iOS, in many layouts and languages): the
 * share of messages each parser gets fully right (time, author, system flag, text,
 * attachments). The peer is judged leniently: WhatsApp's markers it leaves in the text
 * (omitted media, deleted, edited, attachment names) are not held against it.
 */
async function fixtureAccuracy(): Promise<{ ours: number; peer: number; total: number; files: number }> {
  const dir = join(import.meta.dirname, '../test/chat-export/fixtures');
  const names = readdirSync(dir).filter((f) => f.endsWith('.txt'));
  let ours = 0;
  let peer = 0;
  let total = 0;
  for (const f of names) {
    const text = readFileSync(join(dir, f), 'utf8');
    const expected = readFileSync(join(dir, f.replace(/\.txt$/, '.expected.jsonl')), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as FixtureLine);
    total += expected.length;
    const got = [];
    try {
      for await (const m of parseChatExport(text, { timeZone: 'Europe/London' })) got.push(m);
    } catch {
      /* counts as all wrong */
    }
    let peers: ReturnType<typeof parseString> = [];
    try {
      peers = parseString(text.replace(/^\ufeff/, ''), { parseAttachments: true });
    } catch {
      /* counts as all wrong */
    }
    for (const [j, e] of expected.entries()) {
      const g = got[j];
      if (
        g &&
        g.localTime === e.time &&
        g.author === e.author &&
        g.system === e.system &&
        g.text === e.text &&
        JSON.stringify(g.attachments) === JSON.stringify(e.attachments)
      )
        ours++;
      const p = peers[j];
      if (!p) continue;
      const d = p.date;
      const wall = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}T${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}:${String(d.getSeconds()).padStart(2, '0')}`;
      const author =
        p.author === null
          ? null
          : p.author
              .replace(MARKS, '')
              .replace(/^~[ \u00a0\u202f]*/, '')
              .trim();
      const marker = e.deleted || e.omittedMedia !== undefined;
      let ptext = p.message
        .replace(MARKS, '')
        .replace(/ ?<[^<>]*>$/, '')
        .trim();
      if (p.attachment)
        ptext = ptext
          .replace(/<[^<>]*: [^>]+>/, '')
          .replace(/^.*\([^)]*\)\n?/, '')
          .trim();
      const textRight = marker || ptext === e.text || (e.attachments.length > 0 && p.attachment !== undefined);
      const attachRight = (p.attachment?.fileName ?? null) === (e.attachments[0]?.fileName ?? null);
      if (wall === e.time.slice(0, 19) && author === e.author && textRight && attachRight) peer++;
    }
  }
  return { ours, peer, total, files: names.length };
}

const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;

export async function run(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'liaise-chat-bench-'));
  const rows: BenchRow[] = [];
  try {
    const size = Number(process.env.BENCH_CHAT_MB ?? 64) * MB;
    const path = join(dir, 'chat.txt');
    const style = EXPORT_STYLES[0]!; // android-uk: a layout the peer reads too
    const file = await writeExport(path, size, style);
    const mb = file.bytes / MB;

    // Warm both up on a small file, then alternate rounds (the box may be shared): best time
    // of each, highest memory of each.
    const warm = join(dir, 'warm.txt');
    await writeExport(warm, 2 * MB, style);
    await parseOurs(warm);
    parseString(readFileSync(warm, 'utf8'), { parseAttachments: true });
    const rounds = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
    const best = (a: Awaited<ReturnType<typeof measure>> | null, b: Awaited<ReturnType<typeof measure>>) =>
      a === null
        ? b
        : {
            seconds: Math.min(a.seconds, b.seconds),
            wallSeconds: Math.min(a.wallSeconds, b.wallSeconds),
            peakRssMb: Math.max(a.peakRssMb, b.peakRssMb),
            count: b.count,
          };
    let ours: Awaited<ReturnType<typeof measure>> | null = null;
    let oursBatches: Awaited<ReturnType<typeof measure>> | null = null;
    let peer: Awaited<ReturnType<typeof measure>> | null = null;
    for (let r = 0; r < rounds; r++) {
      ours = best(ours, await measure(() => parseOurs(path)));
      oursBatches = best(oursBatches, await measure(() => parseOursBatches(path)));
      peer = best(
        peer,
        await measure(async () => {
          const text = readFileSync(path, 'utf8');
          return parseString(text, { parseAttachments: true }).length;
        }),
      );
    }
    if (!ours || !oursBatches || !peer) throw new Error('no rounds');
    const oursMbs = mb / ours.seconds;
    const batchMbs = mb / oursBatches.seconds;
    const peerMbs = mb / peer.seconds;
    rows.push({
      name: `chat export parse throughput, one message at a time (${round(mb, 0)} MB, ${file.messages} msgs; ours streaming from disk, peer whole string; wall ${round(mb / ours.wallSeconds)} vs ${round(mb / peer.wallSeconds)} MB/s)`,
      unit: 'MB/s (CPU time)',
      ours: round(oursMbs),
      peer: round(peerMbs),
      peerName: PEER,
      ratio: round(oursMbs / peerMbs, 2),
      target: '≥ peer',
      ok: oursMbs >= peerMbs && ours.count === file.messages,
    });
    rows.push({
      name: `chat export parse throughput, batches per chunk (${round(mb, 0)} MB, as the importer reads it; wall ${round(mb / oursBatches.wallSeconds)} MB/s)`,
      unit: 'MB/s (CPU time)',
      ours: round(batchMbs),
      peer: round(peerMbs),
      peerName: PEER,
      ratio: round(batchMbs / peerMbs, 2),
      target: '≥ peer',
      ok: batchMbs >= peerMbs && oursBatches.count === file.messages,
    });
    rows.push({
      name: `chat export peak RSS increase while parsing (${round(mb, 0)} MB)`,
      unit: 'MB',
      ours: round(ours.peakRssMb),
      peer: round(peer.peakRssMb),
      peerName: PEER,
      ratio: round(peer.peakRssMb / Math.max(1, ours.peakRssMb), 1),
      target: '< 200 MB for 1 GB (constant in size)',
      ok: ours.peakRssMb < 200,
    });

    if (process.env.BENCH_FULL === '1') {
      await rm(path);
      const big = await writeExport(path, 1024 * MB, style);
      const full = await measure(() => parseOurs(path));
      rows.push({
        name: `chat export peak RSS increase, 1 GB export (${round(big.bytes / MB, 0)} MB, ${round(big.bytes / MB / full.wallSeconds)} MB/s wall)`,
        unit: 'MB',
        ours: round(full.peakRssMb),
        peer: null,
        peerName: null,
        ratio: null,
        target: '< 200 MB',
        ok: full.peakRssMb < 200 && full.count === big.messages,
      });
    }

    const acc = await accuracy();
    rows.push({
      name: `chat export messages fully right (${acc.total} msgs, ${EXPORT_STYLES.length} export layouts)`,
      unit: '%',
      ours: round((100 * acc.ours) / acc.total),
      peer: round((100 * acc.peer) / acc.total),
      peerName: PEER,
      ratio: round(acc.ours / Math.max(1, acc.peer), 2),
      target: 'every message right',
      ok: acc.ours === acc.total,
    });
    const fx = await fixtureAccuracy();
    rows.push({
      name: `chat export messages fully right on hand-written exports (${fx.total} msgs, ${fx.files} files, Android and iOS; peer judged leniently)`,
      unit: '%',
      ours: round((100 * fx.ours) / fx.total),
      peer: round((100 * fx.peer) / fx.total),
      peerName: PEER,
      ratio: round(fx.ours / Math.max(1, fx.peer), 2),
      target: 'every message right',
      ok: fx.ours === fx.total,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  for (const row of await run()) console.log(JSON.stringify(row));
}
