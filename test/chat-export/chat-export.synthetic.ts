/**
 * Synthetic WhatsApp exports with known truth, for tests and `npm run bench`. Every name and
 * number here is made up (Ofcom drama numbers, 07700 900xxx).
 */
import type { DateOrder } from '../../src/imports/chat-export/chat-export.types.js';

export interface WallTime {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

export type SyntheticKind = 'text' | 'system' | 'attachment' | 'omitted' | 'deleted' | 'poll' | 'location';

export interface SyntheticMessage {
  wall: WallTime;
  /** null for system messages. */
  author: string | null;
  nonContact?: boolean;
  kind: SyntheticKind;
  /** For text: the text; for system: the notice; for attachment: the caption (may be ''). */
  text: string;
  fileName?: string;
  edited?: boolean;
}

export interface ExportStyle {
  name: string;
  platform: 'android' | 'ios';
  order: DateOrder;
  sep: '/' | '.' | '-';
  /** Space after the date separator (Korean `2024. 1. 5.`) and a trailing dot. */
  koreanDate?: boolean;
  year: 2 | 4;
  pad: boolean;
  clock: '24h' | '12h-after' | '12h-before';
  am?: string;
  pm?: string;
  /** Space between time and an after-marker, or after a before-marker. */
  markerSpace?: string;
  seconds: boolean;
  /** iOS without brackets: `31/12/2024 22:00:00: Name: text`. */
  noBrackets?: boolean;
  /** Separator between date and time. */
  dateTime: string;
  bom?: boolean;
  crlf?: boolean;
}

const NNBSP = '\u202f';
const NBSP = '\u00a0';
const LRM = '\u200e';

/** One of each layout phones produce (and the issue lists). */
export const EXPORT_STYLES: readonly ExportStyle[] = [
  { name: 'android-uk', platform: 'android', order: 'dmy', sep: '/', year: 4, pad: true, clock: '24h', seconds: false, dateTime: ', ' },
  {
    name: 'android-us-nnbsp',
    platform: 'android',
    order: 'mdy',
    sep: '/',
    year: 2,
    pad: false,
    clock: '12h-after',
    am: 'AM',
    pm: 'PM',
    markerSpace: NNBSP,
    seconds: false,
    dateTime: ', ',
  },
  {
    name: 'android-us-lower',
    platform: 'android',
    order: 'mdy',
    sep: '/',
    year: 4,
    pad: false,
    clock: '12h-after',
    am: 'a.m.',
    pm: 'p.m.',
    markerSpace: ' ',
    seconds: false,
    dateTime: ', ',
  },
  { name: 'android-de', platform: 'android', order: 'dmy', sep: '.', year: 2, pad: true, clock: '24h', seconds: false, dateTime: ', ' },
  {
    name: 'android-es',
    platform: 'android',
    order: 'dmy',
    sep: '/',
    year: 2,
    pad: false,
    clock: '12h-after',
    am: `a.${NBSP}m.`,
    pm: `p.${NBSP}m.`,
    markerSpace: NNBSP,
    seconds: false,
    dateTime: ', ',
  },
  { name: 'android-iso', platform: 'android', order: 'ymd', sep: '-', year: 4, pad: true, clock: '24h', seconds: false, dateTime: ', ' },
  {
    name: 'android-ko',
    platform: 'android',
    order: 'ymd',
    sep: '.',
    koreanDate: true,
    year: 4,
    pad: false,
    clock: '12h-before',
    am: '오전',
    pm: '오후',
    markerSpace: ' ',
    seconds: false,
    dateTime: ' ',
  },
  {
    name: 'android-zh',
    platform: 'android',
    order: 'ymd',
    sep: '/',
    year: 4,
    pad: false,
    clock: '12h-before',
    am: '上午',
    pm: '下午',
    markerSpace: '',
    seconds: false,
    dateTime: ' ',
  },
  {
    name: 'android-uk-crlf-bom',
    platform: 'android',
    order: 'dmy',
    sep: '/',
    year: 2,
    pad: true,
    clock: '24h',
    seconds: false,
    dateTime: ', ',
    bom: true,
    crlf: true,
  },
  { name: 'ios-uk', platform: 'ios', order: 'dmy', sep: '/', year: 4, pad: true, clock: '24h', seconds: true, dateTime: ', ' },
  {
    name: 'ios-us',
    platform: 'ios',
    order: 'mdy',
    sep: '/',
    year: 2,
    pad: false,
    clock: '12h-after',
    am: 'AM',
    pm: 'PM',
    markerSpace: NNBSP,
    seconds: true,
    dateTime: ', ',
  },
  { name: 'ios-de', platform: 'ios', order: 'dmy', sep: '.', year: 2, pad: true, clock: '24h', seconds: true, dateTime: ', ' },
  { name: 'ios-iso', platform: 'ios', order: 'ymd', sep: '-', year: 4, pad: true, clock: '24h', seconds: true, dateTime: ', ' },
  {
    name: 'ios-old-nobrackets',
    platform: 'ios',
    order: 'dmy',
    sep: '/',
    year: 4,
    pad: true,
    clock: '24h',
    seconds: true,
    dateTime: ' ',
    noBrackets: true,
  },
  {
    name: 'ios-us-pm-crlf-bom',
    platform: 'ios',
    order: 'mdy',
    sep: '/',
    year: 4,
    pad: false,
    clock: '12h-after',
    am: 'am',
    pm: 'pm',
    markerSpace: ' ',
    seconds: true,
    dateTime: ', ',
    bom: true,
    crlf: true,
  },
];

const p2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

export function renderHeaderTime(w: WallTime, st: ExportStyle): string {
  const f = (n: number): string => (st.pad ? p2(n) : `${n}`);
  const yy = st.year === 4 ? `${w.y}` : p2(w.y % 100);
  const parts = st.order === 'dmy' ? [f(w.d), f(w.m), yy] : st.order === 'mdy' ? [f(w.m), f(w.d), yy] : [yy, f(w.m), f(w.d)];
  const date = st.koreanDate ? `${parts.join(`${st.sep} `)}.` : parts.join(st.sep);
  let time: string;
  const sec = st.seconds ? `:${p2(w.s)}` : '';
  if (st.clock === '24h') time = `${p2(w.h)}:${p2(w.mi)}${sec}`;
  else {
    const h12 = w.h % 12 === 0 ? 12 : w.h % 12;
    const marker = w.h < 12 ? st.am! : st.pm!;
    const hm = `${st.pad ? p2(h12) : h12}:${p2(w.mi)}${sec}`;
    time = st.clock === '12h-after' ? `${hm}${st.markerSpace}${marker}` : `${marker}${st.markerSpace}${hm}`;
  }
  if (st.platform === 'android') return `${date}${st.dateTime}${time} - `;
  if (st.noBrackets) return `${date}${st.dateTime}${time}: `;
  return `[${date}${st.dateTime}${time}] `;
}

function renderAuthor(m: SyntheticMessage, st: ExportStyle): string {
  const a = m.author!;
  if (m.nonContact) return `~${NNBSP}${a}`;
  if (st.platform === 'ios' && a.startsWith('+')) return `\u202a${a}\u202c`;
  return a;
}

/** The text of one message as WhatsApp writes it (without the header). */
export function renderBody(m: SyntheticMessage, st: ExportStyle, groupName: string): string {
  const ios = st.platform === 'ios';
  if (m.kind === 'system') return ios ? `${groupName}: ${LRM}${m.text}` : m.text;
  let body: string;
  switch (m.kind) {
    case 'attachment':
      body = ios ? `${LRM}<attached: ${m.fileName}>` : `${m.fileName} (file attached)${m.text ? `\n${m.text}` : ''}`;
      if (ios && m.text) body = `${m.text}\n${body}`;
      break;
    case 'omitted':
      body = ios ? `${LRM}image omitted` : '<Media omitted>';
      break;
    case 'deleted':
      body = ios ? `${LRM}This message was deleted.` : 'This message was deleted';
      break;
    case 'poll':
    case 'location':
      body = ios
        ? m.text
            .split('\n')
            .map((l, i) => (i === 0 ? `${LRM}${l}` : l))
            .join('\n')
        : m.text;
      break;
    default:
      body = m.text;
  }
  if (m.edited) body += ios ? ` ${LRM}<This message was edited>` : ' <This message was edited>';
  return `${renderAuthor(m, st)}: ${body}`;
}

/** A whole export file in one style. */
export function renderChatExport(messages: readonly SyntheticMessage[], st: ExportStyle, groupName = 'Synthetic Group'): string {
  const nl = st.crlf ? '\r\n' : '\n';
  let out = st.bom ? '\ufeff' : '';
  for (const m of messages) out += `${renderHeaderTime(m.wall, st)}${renderBody(m, st, groupName)}`.split('\n').join(nl) + nl;
  return out;
}

/** What a correct parser must report for a message. */
export interface ExpectedMessage {
  author: string | null;
  system: boolean;
  text: string;
  attachments: { fileName: string }[];
  edited: boolean;
  deleted: boolean;
  /** Instant in ms, reading the wall time in Europe/London (independent of Intl). */
  instant: number;
}

/** UK clock rule since 1996: BST from 01:00 UTC on the last Sunday in March to the last Sunday in October. */
export function londonOffsetMs(instantUtc: number): number {
  const y = new Date(instantUtc).getUTCFullYear();
  const lastSunday = (month: number): number => {
    const d = new Date(Date.UTC(y, month + 1, 0, 1));
    return d.getTime() - d.getUTCDay() * 86_400_000;
  };
  return instantUtc >= lastSunday(2) && instantUtc < lastSunday(9) ? 3_600_000 : 0;
}

/** Wall time in London → instant, for times outside the clock-change hours. */
export function londonInstant(w: WallTime): number {
  const wall = Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s);
  return wall - londonOffsetMs(wall - 3_600_000);
}

export function expectedOf(m: SyntheticMessage, st: ExportStyle): ExpectedMessage {
  const wall = st.seconds ? m.wall : { ...m.wall, s: 0 };
  return {
    author: m.kind === 'system' ? null : m.author,
    // Deleted and omitted-media markers are WhatsApp's words in the author's place: system, author kept.
    system: m.kind === 'system' || m.kind === 'deleted' || m.kind === 'omitted',
    text: m.kind === 'omitted' || m.kind === 'deleted' ? '' : m.text,
    attachments: m.kind === 'attachment' ? [{ fileName: m.fileName! }] : [],
    edited: !!m.edited && m.kind !== 'deleted' && m.kind !== 'omitted',
    deleted: m.kind === 'deleted',
    instant: londonInstant(wall),
  };
}

/** Deterministic pseudo-random numbers (mulberry32) so benches and tests are repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SYNTHETIC_NAMES = [
  'Alex Example',
  'Sam Sample',
  'Jo Test',
  'Priya Placeholder',
  'Chris Dummy',
  '+44 7700 900123',
  '+44 7700 900456',
];

export const SYSTEM_NOTICES = [
  'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.',
  'Alex Example created group "Estate: repairs"',
  'Alex Example added Sam Sample',
  'Jo Test left',
  'Sam Sample changed the subject from "Rota: May" to "Rota: June"',
  "Priya Placeholder joined using this group's invite link",
  '+44 7700 900123 changed to +44 7700 900456',
  'Chris Dummy changed their phone number to a new number. Tap to message or add the new number.',
  'Alex Example removed Jo Test',
];

const WORDS = [
  'hello',
  'the',
  'boiler',
  'is',
  'fixed',
  'on',
  'Tuesday',
  'at',
  '10:30',
  'council',
  'tax',
  'ref',
  'ABC-123',
  'thanks!',
  'see',
  'you',
  '31/12',
  'ok',
  '£40',
  'rent',
  'https://example.org/a?b=1',
  '🙂',
  'Note:',
  'café',
];

/**
 * A chat of `count` messages with every kind of message in it, one to a few minutes apart,
 * from `start`. Skips the hours in which UK clocks change so the truth needs no zone rules.
 */
export function generateChat(count: number, seed = 1, start: WallTime = { y: 2024, m: 3, d: 12, h: 9, mi: 0, s: 0 }): SyntheticMessage[] {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  let t = Date.UTC(start.y, start.m - 1, start.d, start.h, start.mi, start.s);
  const out: SyntheticMessage[] = [];
  for (let i = 0; i < count; i++) {
    t += Math.floor(rnd() * 600) * 1000 + 1000;
    let d = new Date(t);
    if (d.getUTCHours() < 3) {
      t += 3 * 3_600_000;
      d = new Date(t);
    }
    const wall = {
      y: d.getUTCFullYear(),
      m: d.getUTCMonth() + 1,
      d: d.getUTCDate(),
      h: d.getUTCHours(),
      mi: d.getUTCMinutes(),
      s: d.getUTCSeconds(),
    };
    const r = rnd();
    const author = pick(SYNTHETIC_NAMES);
    const words = (n: number): string => Array.from({ length: n }, () => pick(WORDS)).join(' ');
    if (i === 0 || r < 0.03)
      out.push({ wall, author: null, kind: 'system', text: i === 0 ? SYSTEM_NOTICES[0]! : pick(SYSTEM_NOTICES.slice(1)) });
    else if (r < 0.08)
      out.push({
        wall,
        author,
        kind: 'attachment',
        text: rnd() < 0.5 ? words(3) : '',
        fileName: `IMG-${wall.y}${p2(wall.m)}${p2(wall.d)}-WA${String(i % 10000).padStart(4, '0')}.jpg`,
      });
    else if (r < 0.1) out.push({ wall, author, kind: 'omitted', text: '' });
    else if (r < 0.11) out.push({ wall, author, kind: 'deleted', text: '' });
    else if (r < 0.115)
      out.push({ wall, author, kind: 'poll', text: `POLL:\n${words(3)}?\nOPTION: ${words(1)} (2 votes)\nOPTION: ${words(1)} (0 votes)` });
    else if (r < 0.12)
      out.push({ wall, author, kind: 'location', text: `location: https://maps.google.com/?q=51.50${i % 10},-0.12${i % 7}` });
    else if (r < 0.2)
      out.push({
        wall,
        author,
        kind: 'text',
        text: `${words(4)}\n\n${words(3)}\n${p2(wall.d)}/${p2(wall.m)}/${wall.y} ${words(2)}`,
        nonContact: rnd() < 0.2 && !author.startsWith('+'),
      });
    else
      out.push({
        wall,
        author,
        kind: 'text',
        text: words(1 + Math.floor(rnd() * 12)),
        edited: rnd() < 0.03,
        nonContact: rnd() < 0.05 && !author.startsWith('+'),
      });
  }
  return out;
}
