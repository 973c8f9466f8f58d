import { ChatExportError } from './chat-export.errors.js';
import type { ChatExportClock, ChatExportFormat, DateOrder, DateOrderEvidence } from './chat-export.types.js';

/**
 * Words some languages put between the date and the time: Finnish `klo`, French `à`
 * (`26/09/2019 à 22:39`), Portuguese `às`, German `um`, Scandinavian `kl.`, Dutch `om`, Italian `alle`.
 * Longest first, so `às` is tried before `à`.
 */
const CONNECTORS = ['alle', 'klo', 'kl.', 'às', 'um', 'om', 'kl', 'à'];

/** Spaces phones put between a time and its AM/PM marker: space, no-break space, narrow no-break space. */
const S = '[ \\u00a0\\u202f]';

/**
 * Day periods some languages write as words of their own, from the phone's locale data, each with whether it is the
 * afternoon: Welsh `yb`/`yh` (`05/03/24, 1:15\u202fyh - `), Albanian `e paradites`/`e pasdites` and, in newer locale
 * data, `p.d.`/`m.d.` (`15.3.24, 7:05\u202fe pasdites - `), Tamil `முற்பகல்`/`பிற்பகல்`, which Tamil writes before the
 * time (`19/2/24, பிற்பகல் 6:05 - `). Each is read before or after the time, wherever the phone's pattern puts it, as
 * 上午 and PM are; the file's layout (its signature) then holds that place, so a typed line laid out otherwise is text.
 */
const DAY_PERIOD_WORDS: readonly (readonly [word: string, pm: boolean])[] = [
  ['yb', false],
  ['yh', true],
  ['e paradites', false],
  ['e pasdites', true],
  ['p.d.', false],
  ['m.d.', true],
  ['முற்பகல்', false],
  ['பிற்பகல்', true],
];
const DAY_PERIOD_PM = new Map(DAY_PERIOD_WORDS);
const DAY_PERIODS = DAY_PERIOD_WORDS.map(([w]) => w.replace(/\./g, '\\.')).join('|');
/** Markers written before the time (`오후 3:04`, `下午3:04`, `午後3:04`, `முற்பகல் 9:15`, rarely `PM 3:04`). */
const MARK_BEFORE = `오전|오후|上午|下午|午前|午後|[AaPp]\\.?${S}?[Mm]\\.?|π\\.μ\\.|μ\\.μ\\.|${DAY_PERIODS}`;
/** Markers written after the time: every spelling of am/pm (`PM`, `p.m.`, `p. m.`), Arabic ص/م, Greek π.μ./μ.μ., the words above. */
const MARK_AFTER = `[AaPp]\\.?${S}?[Mm]\\.?|ص|م|π\\.μ\\.|μ\\.μ\\.|${DAY_PERIODS}`;

/**
 * Any message header line, Android or iOS. Groups:
 * 1 `[`, 2 first field, 3 date separator, 4 second field, 5 third field, 6 Bulgarian ` г.` (year),
 * 7 comma after the date, 8 connector word, 9 marker before, 10 hour, 11 minute, 12 second,
 * 13 marker after, 14 `]`, 15 ` - `, 16 `: `.
 */
const HEADER = new RegExp(
  `^[\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*(\\[)?(\\d{1,4})([./-])${S}?(\\d{1,2})\\3${S}?(\\d{1,4})(?!\\d)\\.?(${S}г\\.)?([,\\u060c])?${S}?(?:(${CONNECTORS.map((w) => w.replace('.', '\\.')).join('|')})${S})?` +
    `(?:(${MARK_BEFORE})${S}?)?(\\d{1,2})[:.](\\d{2})(?:[:.](\\d{2}))?(?:${S}?(${MARK_AFTER}))?` +
    `(?:(\\]${S}?)|(${S}[-–]${S})|(:${S}))`,
);

/**
 * Where the signature keeps what stands between the date and the time: a comma (`,` or `،`), a
 * connector word (`klo`, `à`), Bulgarian's ` г.` after the year; one bit each. WhatsApp writes one
 * layout per file, so a line in a message that differs here (`10/01/2024 10:30 - left voicemail`
 * in a file of `15/01/2024, 09:00 - ` headers) is the sender's text, not a new message.
 */
const JOINT_SHIFT = 10;

/**
 * The time before the date (`09:15, 15/03/2024 - `): Vietnamese locale data puts the time first, with a comma or
 * without (`18:20 15/3/24`). Only a 24-hour time with a colon: every date-first header has `/`, `.` or `-` after its
 * first field, so none reads this way, and a file's other lines are read in its own order only (its signature carries
 * this bit), so a typed `09:30, 14/03/2024 - called` in a date-first file stays text. Groups: 1 `[`, 2 hour, 3 minute, 4 second, 5 comma, 6 first field, 7 date separator,
 * 8 second field, 9 third field, 10 `]`, 11 ` - `, 12 `: `.
 */
const HEADER_TIME_FIRST = new RegExp(
  `^[\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]*(\\[)?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:(,)${S}?|${S})` +
    `(\\d{1,4})([./-])${S}?(\\d{1,2})\\7${S}?(\\d{1,4})(?!\\d)\\.?(?:(\\]${S}?)|(${S}[-–]${S})|(:${S}))`,
);
const TIME_FIRST = 1 << (JOINT_SHIFT + 3);

export interface HeaderMatch {
  /** Layout of this header as a small integer (brackets, separators, clock, seconds, terminator, what joins date and time). */
  signature: number;
  a: number;
  b: number;
  c: number;
  /** Digits of the three date fields. */
  la: number;
  lb: number;
  lc: number;
  hour: number;
  minute: number;
  second: number;
  /** true = PM, false = AM, null = 24-hour clock. */
  pm: boolean | null;
  /**
   * The AM/PM marker is written in capitals (`PM`, `P.M.`), as en-US phones write it. False after an Arabic comma
   * (`[3/2/24، 9:15:04 PM]`, iOS in Urdu): a phone that writes that comma is not a US-English one.
   */
  upper: boolean;
  /** Everything after the header: `Author: text` or a system line. */
  rest: string;
}

const isPmMarker = (m: string): boolean => {
  const word = DAY_PERIOD_PM.get(m);
  if (word !== undefined) return word;
  const c = m.charCodeAt(0);
  return c === 0x70 || c === 0x50 || m === '오후' || m === '下午' || m === '午後' || m === 'م' || m === 'μ.μ.';
};

/** The header grammar as a regular expression: the reference the hand-written scanner is tested against. */
export function matchHeaderRegex(raw: string): HeaderMatch | null {
  const line = nativeHeader(raw) ?? raw;
  const c0 = line.charCodeAt(0);
  // Cheap rejection: headers start with a digit, `[` or a direction mark.
  if (!(
    (c0 >= 0x30 && c0 <= 0x39) ||
    c0 === 0x5b ||
    c0 === 0x200e ||
    c0 === 0x200f ||
    (c0 >= 0x202a && c0 <= 0x202e) ||
    (c0 >= 0x2066 && c0 <= 0x2069)
  ))
    return null;
  const m = HEADER.exec(line);
  if (!m) return matchTimeFirstRegex(line);
  const bracket = m[1] !== undefined;
  const closer = m[14] !== undefined;
  if (bracket !== closer) return null;
  const before = m[9];
  const after = m[13];
  if (before !== undefined && after !== undefined) return null;
  const marker = before ?? after;
  const sa = m[2]!;
  const sb = m[4]!;
  const sc = m[5]!;
  // Only 1/2-digit or 4-digit fields; the middle one is never a year.
  const la = sa.length;
  const lc = sc.length;
  if (la === 3 || lc === 3 || (la === 4 && lc === 4)) return null;
  const hour = +m[10]!;
  const minute = +m[11]!;
  const second = m[12] === undefined ? 0 : +m[12];
  if (minute > 59 || second > 59) return null;
  let h = hour;
  let pm: boolean | null = null;
  if (marker !== undefined) {
    if (hour < 1 || hour > 12) return null;
    pm = isPmMarker(marker);
    h = (hour % 12) + (pm ? 12 : 0);
  } else if (hour > 23) return null;
  const sep = m[3] === '/' ? 0 : m[3] === '.' ? 1 : 2;
  const term = closer ? 0 : m[15] !== undefined ? 1 : 2;
  const clockBits = before !== undefined ? 2 : after !== undefined ? 1 : 0;
  const signature =
    (bracket ? 1 : 0) |
    (sep << 1) |
    ((la === 4 ? 1 : 0) << 3) |
    ((lc === 4 ? 1 : 0) << 4) |
    (clockBits << 5) |
    ((m[12] === undefined ? 0 : 1) << 7) |
    (term << 8) |
    ((m[7] === undefined ? 0 : 1) << JOINT_SHIFT) |
    ((m[8] === undefined ? 0 : 1) << (JOINT_SHIFT + 1)) |
    ((m[6] === undefined ? 0 : 1) << (JOINT_SHIFT + 2));
  // After the Arabic comma the phone is not a US-English one, whatever the case of its AM/PM (see `layoutOrder`).
  const upper = marker !== undefined && m[7] !== '\u060c' && (marker.charCodeAt(0) === 0x41 || marker.charCodeAt(0) === 0x50);
  return { signature, a: +sa, b: +sb, c: +sc, la, lb: sb.length, lc, hour: h, minute, second, pm, upper, rest: line.slice(m[0].length) };
}

/** HEADER_TIME_FIRST's reading of a line, with the same checks as the date-first one's. */
function matchTimeFirstRegex(line: string): HeaderMatch | null {
  const m = HEADER_TIME_FIRST.exec(line);
  if (!m) return null;
  const bracket = m[1] !== undefined;
  const closer = m[10] !== undefined;
  if (bracket !== closer) return null;
  const sa = m[6]!;
  const sb = m[8]!;
  const sc = m[9]!;
  const la = sa.length;
  const lc = sc.length;
  if (la === 3 || lc === 3 || (la === 4 && lc === 4)) return null;
  const hour = +m[2]!;
  const minute = +m[3]!;
  const second = m[4] === undefined ? 0 : +m[4];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const sep = m[7] === '/' ? 0 : m[7] === '.' ? 1 : 2;
  const term = closer ? 0 : m[11] !== undefined ? 1 : 2;
  const signature =
    (bracket ? 1 : 0) |
    (sep << 1) |
    ((la === 4 ? 1 : 0) << 3) |
    ((lc === 4 ? 1 : 0) << 4) |
    ((m[4] === undefined ? 0 : 1) << 7) |
    (term << 8) |
    ((m[5] === undefined ? 0 : 1) << JOINT_SHIFT) |
    TIME_FIRST;
  return {
    signature,
    a: +sa,
    b: +sb,
    c: +sc,
    la,
    lb: sb.length,
    lc,
    hour,
    minute,
    second,
    pm: null,
    upper: false,
    rest: line.slice(m[0].length),
  };
}

// Control characters are what mark a file as binary: matching them is the point.
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000e-\u001f\ufffd]/;

/**
 * Decide the layout of an export from its first lines (Android or iOS, separators, clock,
 * seconds, brackets). The date order is decided separately, from the whole file.
 * Throws IMPORT_UNSUPPORTED_FORMAT for binary junk or text that is not a chat export.
 */
export function detectChatExportFormat(firstLines: readonly string[]): ChatExportFormat {
  const counts = new Map<number, { n: number; first: HeaderMatch }>();
  let firstContent: string | undefined;
  let junk = 0;
  for (let i = 0; i < firstLines.length; i++) {
    let line = firstLines[i]!;
    if (i === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (BINARY.test(line)) junk++;
    if (firstContent === undefined && line.trim() !== '') firstContent = line;
    const h = matchHeader(line);
    if (!h) continue;
    const entry = counts.get(h.signature);
    if (entry) entry.n++;
    else counts.set(h.signature, { n: 1, first: h });
  }
  if (junk > 0) {
    throw new ChatExportError('IMPORT_UNSUPPORTED_FORMAT', 'This file is not a WhatsApp chat export: it contains binary data', {
      reason: 'binary',
    });
  }
  const firstHeader = firstContent === undefined ? null : matchHeader(firstContent);
  if (!firstHeader) {
    throw new ChatExportError(
      'IMPORT_UNSUPPORTED_FORMAT',
      'This file is not a WhatsApp chat export: its first line is not a dated message',
      { reason: firstContent === undefined ? 'empty' : 'no-header' },
    );
  }
  let best = { n: 0, first: firstHeader, signature: firstHeader.signature };
  for (const [signature, v] of counts) if (v.n > best.n) best = { n: v.n, first: v.first, signature };
  const sig = best.signature;
  const bracket = (sig & 1) === 1;
  const term = (sig >> 8) & 3;
  const clockBits = (sig >> 5) & 3;
  const clock: ChatExportClock = clockBits === 2 ? '12h-before' : clockBits === 1 ? '12h-after' : '24h';
  return {
    platform: bracket || term === 2 ? 'ios' : 'android',
    dateSeparator: (['/', '.', '-'] as const)[(sig >> 1) & 3]!,
    fieldDigits: [best.first.la === 4 ? 4 : 0, 0, best.first.lc === 4 ? 4 : 0],
    clock,
    seconds: ((sig >> 7) & 1) === 1,
    bracket,
    terminator: term === 0 ? '] ' : term === 1 ? ' - ' : ': ',
    signature: sig,
    headerLines: best.n,
  };
}

const daysIn = (y: number, m: number): number =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;

const fullYear = (v: number, digits: number): number => (digits === 4 ? v : 2000 + v);

export interface YMD {
  y: number;
  m: number;
  d: number;
}

/** Read a header's date fields in the given order; null when they are not a real date in that order. */
export function readDate(h: HeaderMatch, order: DateOrder): YMD | null {
  let y: number;
  let m: number;
  let d: number;
  if (order === 'ymd') {
    // Year-first dates always have a four-digit year in WhatsApp exports (`2024-03-12`,
    // `2024. 3. 12.`); `12/03/24` is never read as 2012.
    if (h.la !== 4) return null;
    y = h.a;
    m = h.b;
    d = h.c;
  } else {
    if (h.la === 4) return null;
    y = fullYear(h.c, h.lc);
    if (order === 'dmy') {
      d = h.a;
      m = h.b;
    } else {
      m = h.a;
      d = h.b;
    }
  }
  // WhatsApp exists since 2009.
  if (y < 2009 || y > 2099 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return null;
  return { y, m, d };
}

/** `readDate` as one number, `y * 10000 + m * 100 + d`, or 0 when not a date in that order. */
export function readDateKey(h: HeaderMatch, order: DateOrder): number {
  let y: number;
  let m: number;
  let d: number;
  if (order === 'ymd') {
    if (h.la !== 4) return 0;
    y = h.a;
    m = h.b;
    d = h.c;
  } else {
    if (h.la === 4) return 0;
    y = h.lc === 4 ? h.c : 2000 + h.c;
    if (order === 'dmy') {
      d = h.a;
      m = h.b;
    } else {
      m = h.a;
      d = h.b;
    }
  }
  if (y < 2009 || y > 2099 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m)) return 0;
  return y * 10000 + m * 100 + d;
}

const ORDERS: readonly DateOrder[] = ['dmy', 'mdy', 'ymd'];

/**
 * Decides the date order from the header lines of the whole file: an order is ruled out by a
 * date that is impossible in it (a 13th month); among the orders left, the one under which the
 * dates never go backwards wins; if every date reads the same either way the order is moot.
 */
export class DateOrderDecider {
  private readonly invalid = [0, 0, 0];
  private readonly last = [0, 0, 0];
  private readonly inversions = [0, 0, 0];
  /** differ[i][j]: orders i and j gave different dates for some line. */
  private readonly differ = [false, false, false];
  private lines = 0;
  /** Layout evidence: a day or month written with a leading zero, AM/PM case. */
  private padded = false;
  private upper = false;
  private lower = false;
  private usShape = true;
  /** The first date that reads differently in two orders, as `y*10000+m*100+d` per order (0: not a date). */
  private example: [number, number, number] | null = null;

  /** The first ambiguous date as each candidate order reads it (`2023-10-02`), for the user to choose by. */
  examples(): Partial<Record<DateOrder, string>> {
    const out: Partial<Record<DateOrder, string>> = {};
    if (!this.example) return out;
    for (let i = 0; i < 3; i++) {
      const k = this.example[i]!;
      if (k > 0)
        out[ORDERS[i]!] =
          `${Math.floor(k / 10000)}-${String(Math.floor(k / 100) % 100).padStart(2, '0')}-${String(k % 100).padStart(2, '0')}`;
    }
    return out;
  }

  add(h: HeaderMatch): void {
    this.lines++;
    if ((h.la === 2 && h.a < 10) || (h.lb === 2 && h.b < 10)) this.padded = true;
    if (h.pm !== null) {
      if (h.upper) this.upper = true;
      else this.lower = true;
    }
    // en-US writes `M/D/YY`: slashes and a two-digit year.
    if (((h.signature >> 1) & 3) !== 0 || h.lc !== 2) this.usShape = false;
    let k0 = -1;
    let k1 = -1;
    let k2 = -1;
    for (let i = 0; i < 3; i++) {
      const d = readDate(h, ORDERS[i]!);
      if (!d) {
        this.invalid[i]!++;
        continue;
      }
      const key = d.y * 10000 + d.m * 100 + d.d;
      if (key < this.last[i]!) this.inversions[i]!++;
      this.last[i] = key;
      if (i === 0) k0 = key;
      else if (i === 1) k1 = key;
      else k2 = key;
    }
    if (this.example === null && ((k0 !== k1 && k0 > 0 && k1 > 0) || (k0 !== k2 && k0 > 0 && k2 > 0) || (k1 !== k2 && k1 > 0 && k2 > 0)))
      this.example = [k0, k1, k2];
    if (k0 !== k1 && k0 > 0 && k1 > 0) this.differ[0] = true;
    if (k0 !== k2 && k0 > 0 && k2 > 0) this.differ[1] = true;
    if (k1 !== k2 && k1 > 0 && k2 > 0) this.differ[2] = true;
  }

  /** The order, if no later line can change the decision (every other order already ruled out). */
  final(): DateOrder | null {
    if (this.lines === 0) return null;
    let found: DateOrder | null = null;
    for (let i = 0; i < 3; i++) {
      if (this.invalid[i] === 0) {
        if (found) return null;
        found = ORDERS[i]!;
      }
    }
    return found;
  }

  /** True when no header line has a real date in any order (another calendar, or not a chat). */
  noValidDates(): boolean {
    return this.lines > 0 && Math.min(...this.invalid) === this.lines;
  }

  /** Orders that fit the most headers (every header, in a real export). */
  private fitting(): number[] {
    const min = Math.min(...this.invalid);
    return [0, 1, 2].filter((i) => this.invalid[i] === min && min < this.lines);
  }

  private pairDiffers(i: number, j: number): boolean {
    return this.differ[i + j - 1]!;
  }

  /** Decide at the end of the file; null when the file cannot tell. */
  decide(): { order: DateOrder; evidence: DateOrderEvidence } | null {
    // Orders that fit every header (or, failing that, the most headers: the rest are then text).
    const fit = this.fitting();
    if (fit.length === 0) return null;
    if (fit.length === 1) return { order: ORDERS[fit[0]!]!, evidence: 'field-range' };
    const allSame = fit.every((i) => fit.every((j) => i >= j || !this.pairDiffers(i, j)));
    if (allSame) return { order: ORDERS[fit[0]!]!, evidence: 'moot' };
    const chrono = fit.filter((i) => this.inversions[i] === 0);
    if (chrono.length === 1) return { order: ORDERS[chrono[0]!]!, evidence: 'chronology' };
    if (chrono.length > 1 && chrono.every((i) => chrono.every((j) => i >= j || !this.pairDiffers(i, j)))) {
      return { order: ORDERS[chrono[0]!]!, evidence: 'moot' };
    }
    return null;
  }

  /**
   * What the layout says when the dates cannot: `M/D/YY, H:MM AM` (slashes, a two-digit year,
   * no day or month with a leading zero, AM/PM in capitals) is how US-English phones write
   * dates, and no day-first English locale writes them so (en-GB pads `02/10/2023`, en-AU and
   * en-IN write `am`). A file whose days and months are all 10, 11 or 12 (`10/11/23, 9:02 AM`)
   * shows no padding either way, and its capitals and two-digit year still say US. Only that
   * layout is read; null otherwise.
   */
  layoutOrder(): DateOrder | null {
    return this.usShape && !this.padded && this.upper && !this.lower ? 'mdy' : null;
  }

  /** Whether the headers so far leave the US layout possible (its capitals need not have been seen yet). */
  mayBeUsLayout(): boolean {
    return this.usShape && !this.padded && !this.lower;
  }

  /**
   * The orders a user could sensibly choose between when the file cannot decide: those that fit
   * every header and keep the dates in order (or all that fit, if none keeps them in order).
   * Empty when no header has a real date.
   */
  candidates(): DateOrder[] {
    const fit = this.fitting();
    const chrono = fit.filter((i) => this.inversions[i] === 0);
    return (chrono.length > 0 ? chrono : fit).map((i) => ORDERS[i]!);
  }
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0xa0 || c === 0x202f;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isMark = (c: number): boolean => c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);

/** CJK markers written before the time: 오전 오후 上午 下午 午前 午後 → true for PM, false for AM. */
function cjkMarker(line: string, i: number): boolean | null {
  const a = line.charCodeAt(i);
  const b = line.charCodeAt(i + 1);
  if (a === 0xc624) return b === 0xc804 ? false : b === 0xd6c4 ? true : null; // 오전 / 오후
  if (b === 0x5348 && (a === 0x4e0a || a === 0x4e0b)) return a === 0x4e0b; // 上午 / 下午
  if (a === 0x5348) return b === 0x524d ? false : b === 0x5f8c ? true : null; // 午前 / 午後
  return null;
}

/**
 * Digits of the scripts whose phones write them in WhatsApp's headers, by the code of their zero: Arabic-Indic, Persian and
 * Urdu, Devanagari, Bengali, Gurmukhi, Gujarati, Tamil.
 */
const NATIVE_ZEROS = [0x660, 0x6f0, 0x966, 0x9e6, 0xa66, 0xae6, 0xbe6];
function nativeDigit(c: number): number {
  for (const z of NATIVE_ZEROS) if (c >= z && c <= z + 9) return c - z;
  return -1;
}
/**
 * A header written in another script's digits (`١٤/١١/٢٠٢٣، ٣:٠٤ م - `, `১৪/১১/২৩, ৯:০৫ AM - `) or with direction marks
 * between its date's fields (`14\u200f/11\u200f/2023، 3:04 م - `), rewritten with ASCII digits and no marks up to its
 * terminator, the rest of the line as it was; null for any other line. Such phones are not US ones, so an AM/PM there is
 * written in lower case: it is no evidence of the US layout (`layoutOrder`).
 */
export function nativeHeader(line: string): string | null {
  let i = 0;
  while (isMark(line.charCodeAt(i))) i++;
  if (line.charCodeAt(i) === 0x5b) i++;
  const c = line.charCodeAt(i);
  const native = nativeDigit(c) >= 0;
  if (!native) {
    // ASCII digits: only when a mark stands where the first field's separator should (as scanHeader reads it).
    let k = i;
    while (k < i + 4 && isDigit(line.charCodeAt(k))) k++;
    // A field of 1, 2 or 4 digits, as scanHeader takes (it turns down 3 before it looks at what follows).
    if (k === i || k === i + 3 || !isMark(line.charCodeAt(k))) return null;
  }
  // The header ends at its terminator: ` - ` (Android) or `]` (iOS), within the first 64 characters.
  const head = line.slice(0, 64);
  const dash = head.indexOf(' - ');
  const close = head.indexOf(']');
  const end = dash === -1 ? close : close === -1 ? dash : Math.min(dash, close);
  if (end === -1) return null;
  let out = line.slice(0, i);
  for (let k = i; k < end; k++) {
    const ch = line.charCodeAt(k);
    const d = nativeDigit(ch);
    if (d >= 0) out += String.fromCharCode(48 + d);
    else if (!isMark(ch)) out += native && (ch === 0x41 || ch === 0x50 || ch === 0x4d) ? String.fromCharCode(ch | 0x20) : line[k]!;
  }
  return out + line.slice(end);
}

/** Latin am/pm at i (`am`, `a.m.`, `a. m.`, `A M`…), or Greek π.μ./μ.μ.: returns [isPm, end] or null. */
function latinMarker(line: string, i: number): [boolean, number] | null {
  const g = line.charCodeAt(i);
  if (
    (g === 0x3c0 || g === 0x3bc) &&
    line.charCodeAt(i + 1) === 0x2e &&
    line.charCodeAt(i + 2) === 0x3bc &&
    line.charCodeAt(i + 3) === 0x2e
  )
    return [g === 0x3bc, i + 4];
  const c = g | 0x20;
  if (c !== 0x61 && c !== 0x70) return null;
  let j = i + 1;
  if (line.charCodeAt(j) === 0x2e) j++;
  if (isSpace(line.charCodeAt(j))) j++;
  if ((line.charCodeAt(j) | 0x20) !== 0x6d) return null;
  j++;
  if (line.charCodeAt(j) === 0x2e) j++;
  return [c === 0x70, j];
}

/** First characters of DAY_PERIOD_WORDS: every header of a 24-hour file asks after its time, and is turned down here. */
const DAY_PERIOD_FIRSTS = new Set(DAY_PERIOD_WORDS.map(([w]) => w.charCodeAt(0)));
/** One of DAY_PERIOD_WORDS at i: [isPm, end] or null. */
function dayPeriodWord(line: string, i: number): [boolean, number] | null {
  if (!DAY_PERIOD_FIRSTS.has(line.charCodeAt(i))) return null;
  for (const [w, pm] of DAY_PERIOD_WORDS) if (line.startsWith(w, i)) return [pm, i + w.length];
  return null;
}

/**
 * Match a line against the header grammar; null when the line is not a header at all.
 * Hand-written (charCode by charCode) because it runs on every line of a 1 GB file; it
 * accepts exactly what `matchHeaderRegex` accepts, which the tests check by fuzzing.
 */
export function matchHeader(line: string): HeaderMatch | null {
  const out = newHeaderMatch();
  return scanHeader(line, out) ? out : null;
}

export const newHeaderMatch = (): HeaderMatch => ({
  signature: 0,
  a: 0,
  b: 0,
  c: 0,
  la: 0,
  lb: 0,
  lc: 0,
  hour: 0,
  minute: 0,
  second: 0,
  pm: null,
  upper: false,
  rest: '',
});

/** `matchHeader` into an existing object (the parser reuses two): true if the line is a header. */
export function scanHeader(line: string, out: HeaderMatch): boolean {
  const r = scanAscii(line, out);
  if (r !== REWRITE) return r === 1;
  // Another script's digits, or direction marks between the date's fields: read the header rewritten (rare).
  const rewritten = nativeHeader(line);
  return rewritten !== null && scanAscii(rewritten, out) === 1;
}
/** scanAscii's answer when the line may be a header in another script's digits or with marks in its date. */
const REWRITE = 2;

/** The header grammar over ASCII digits: 1 a header, 0 not one, REWRITE to try `nativeHeader`'s rewriting. */
function scanAscii(line: string, out: HeaderMatch): number {
  let i = 0;
  let c = line.charCodeAt(0);
  while (isMark(c)) c = line.charCodeAt(++i);
  const bracket = c === 0x5b;
  if (bracket) c = line.charCodeAt(++i);
  // Date: A sep S? B sep S? C .? ,? S?
  let a = 0;
  let la = 0;
  while (la < 4 && isDigit(c)) {
    a = a * 10 + c - 48;
    la++;
    c = line.charCodeAt(++i);
  }
  // Another script's digits (`١٤/١١/٢٠٢٣`), or a mark where the separator should be (`14\u200f/11\u200f/2023`).
  if (la === 0) return c >= 0x660 && nativeDigit(c) >= 0 ? REWRITE : 0;
  // An hour and its colon: the time comes first (`09:15, 15/03/2024 - `).
  if (c === 0x3a && la <= 2) return scanTimeFirst(line, i, bracket, a, out);
  if (la === 3) return 0;
  const sepCode = c;
  if (sepCode !== 0x2f && sepCode !== 0x2e && sepCode !== 0x2d) return isMark(sepCode) ? REWRITE : 0;
  c = line.charCodeAt(++i);
  if (isSpace(c)) c = line.charCodeAt(++i);
  let b = 0;
  let lb = 0;
  while (lb < 2 && isDigit(c)) {
    b = b * 10 + c - 48;
    lb++;
    c = line.charCodeAt(++i);
  }
  if (lb === 0 || c !== sepCode) return 0;
  c = line.charCodeAt(++i);
  if (isSpace(c)) c = line.charCodeAt(++i);
  let cv = 0;
  let lc = 0;
  while (lc < 4 && isDigit(c)) {
    cv = cv * 10 + c - 48;
    lc++;
    c = line.charCodeAt(++i);
  }
  if (lc === 0 || lc === 3 || (la === 4 && lc === 4) || isDigit(c)) return 0;
  if (c === 0x2e) c = line.charCodeAt(++i);
  let joint = 0;
  // Bulgarian marks the year: `5.01.24 г., 15:07`.
  if (isSpace(c) && line.charCodeAt(i + 1) === 0x433 && line.charCodeAt(i + 2) === 0x2e) {
    joint |= 4;
    i += 3;
    c = line.charCodeAt(i);
  }
  // A comma, or the Arabic comma (`14/11/2023، 9:05 م`).
  const arabicComma = c === 0x60c;
  if (c === 0x2c || arabicComma) {
    joint |= 1;
    c = line.charCodeAt(++i);
  }
  if (isSpace(c)) c = line.charCodeAt(++i);
  // A word between date and time: `13.6.2018 klo 21.25`, `26/09/2019 à 22:39`.
  if (!isDigit(c)) {
    for (const w of CONNECTORS) {
      if (line.startsWith(w, i) && isSpace(line.charCodeAt(i + w.length))) {
        i += w.length + 1;
        c = line.charCodeAt(i);
        joint |= 2;
        break;
      }
    }
  }
  // Marker before the time?
  let pm: boolean | null = null;
  let clockBits = 0;
  const upperBefore = !arabicComma && (c === 0x41 || c === 0x50);
  if (!isDigit(c)) {
    const cjk = cjkMarker(line, i);
    let j: number;
    if (cjk !== null) {
      pm = cjk;
      j = i + 2;
    } else {
      const lat = latinMarker(line, i) ?? dayPeriodWord(line, i);
      if (!lat) return 0;
      [pm, j] = lat;
    }
    if (isSpace(line.charCodeAt(j))) j++;
    i = j;
    c = line.charCodeAt(i);
    clockBits = 2;
  }
  // Time: H{1,2} [:.] MM ([:.] SS)?
  let hour = 0;
  let lh = 0;
  while (lh < 2 && isDigit(c)) {
    hour = hour * 10 + c - 48;
    lh++;
    c = line.charCodeAt(++i);
  }
  if (lh === 0 || (c !== 0x3a && c !== 0x2e)) return 0;
  const m1 = line.charCodeAt(i + 1);
  const m2 = line.charCodeAt(i + 2);
  if (!isDigit(m1) || !isDigit(m2)) return 0;
  const minute = (m1 - 48) * 10 + m2 - 48;
  i += 3;
  c = line.charCodeAt(i);
  let second = -1;
  const afterMinute = i;
  if ((c === 0x3a || c === 0x2e) && isDigit(line.charCodeAt(i + 1)) && isDigit(line.charCodeAt(i + 2))) {
    second = (line.charCodeAt(i + 1) - 48) * 10 + line.charCodeAt(i + 2) - 48;
    i += 3;
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    let j = i;
    let p = pm;
    let bits = clockBits;
    let upper = clockBits === 2 && upperBefore;
    // Marker after the time?
    if (bits === 0) {
      let k = j;
      if (isSpace(line.charCodeAt(k))) k++;
      const lat = latinMarker(line, k) ?? dayPeriodWord(line, k);
      if (lat) {
        [p, j] = lat;
        bits = 1;
        upper = !arabicComma && (line.charCodeAt(k) === 0x41 || line.charCodeAt(k) === 0x50);
      } else {
        const ar = line.charCodeAt(k);
        if (ar === 0x635 || ar === 0x645) {
          p = ar === 0x645;
          j = k + 1;
          bits = 1;
        }
      }
    }
    // Terminator: `]` S? | S [-–] S | `:` S
    const t = line.charCodeAt(j);
    let term = -1;
    let end = j;
    if (t === 0x5d) {
      term = 0;
      end = isSpace(line.charCodeAt(j + 1)) ? j + 2 : j + 1;
    } else if (isSpace(t) && (line.charCodeAt(j + 1) === 0x2d || line.charCodeAt(j + 1) === 0x2013) && isSpace(line.charCodeAt(j + 2))) {
      term = 1;
      end = j + 3;
    } else if (t === 0x3a && isSpace(line.charCodeAt(j + 1))) {
      term = 2;
      end = j + 2;
    }
    if (term !== -1) {
      if (bracket !== (term === 0)) return 0;
      if (minute > 59 || second > 59) return 0;
      let h = hour;
      if (bits !== 0) {
        if (hour < 1 || hour > 12) return 0;
        h = (hour % 12) + (p ? 12 : 0);
      } else if (hour > 23) return 0;
      const sep = sepCode === 0x2f ? 0 : sepCode === 0x2e ? 1 : 2;
      const signature =
        (bracket ? 1 : 0) |
        (sep << 1) |
        ((la === 4 ? 1 : 0) << 3) |
        ((lc === 4 ? 1 : 0) << 4) |
        (bits << 5) |
        ((second === -1 ? 0 : 1) << 7) |
        (term << 8) |
        (joint << JOINT_SHIFT);
      out.signature = signature;
      out.a = a;
      out.b = b;
      out.c = cv;
      out.la = la;
      out.lb = lb;
      out.lc = lc;
      out.hour = h;
      out.minute = minute;
      out.second = second === -1 ? 0 : second;
      out.pm = bits === 0 ? null : p;
      out.upper = upper;
      out.rest = line.slice(end);
      return 1;
    }
    // `10:00:00` may really be `10:00` followed by the `: ` terminator of old iOS exports.
    if (second === -1) return 0;
    second = -1;
    i = afterMinute;
  }
  return 0;
}

/**
 * The rest of a time-first header (HEADER_TIME_FIRST) from the colon after its hour, at i: 1 a header, 0 not one.
 * Apart from scanAscii so that the date-first path, which every line of a large file takes, stays as it was.
 */
function scanTimeFirst(line: string, i: number, bracket: boolean, hour: number, out: HeaderMatch): number {
  const m1 = line.charCodeAt(i + 1);
  const m2 = line.charCodeAt(i + 2);
  if (!isDigit(m1) || !isDigit(m2)) return 0;
  const minute = (m1 - 48) * 10 + m2 - 48;
  i += 3;
  let c = line.charCodeAt(i);
  let second = -1;
  if (c === 0x3a && isDigit(line.charCodeAt(i + 1)) && isDigit(line.charCodeAt(i + 2))) {
    second = (line.charCodeAt(i + 1) - 48) * 10 + line.charCodeAt(i + 2) - 48;
    i += 3;
    c = line.charCodeAt(i);
  }
  // A comma and a space, or a space alone, between the time and the date.
  let joint = 0;
  if (c === 0x2c) {
    joint = 1;
    c = line.charCodeAt(++i);
    if (isSpace(c)) c = line.charCodeAt(++i);
  } else if (isSpace(c)) c = line.charCodeAt(++i);
  else return 0;
  let a = 0;
  let la = 0;
  while (la < 4 && isDigit(c)) {
    a = a * 10 + c - 48;
    la++;
    c = line.charCodeAt(++i);
  }
  if (la === 0 || la === 3) return 0;
  const sepCode = c;
  if (sepCode !== 0x2f && sepCode !== 0x2e && sepCode !== 0x2d) return 0;
  c = line.charCodeAt(++i);
  if (isSpace(c)) c = line.charCodeAt(++i);
  let b = 0;
  let lb = 0;
  while (lb < 2 && isDigit(c)) {
    b = b * 10 + c - 48;
    lb++;
    c = line.charCodeAt(++i);
  }
  if (lb === 0 || c !== sepCode) return 0;
  c = line.charCodeAt(++i);
  if (isSpace(c)) c = line.charCodeAt(++i);
  let cv = 0;
  let lc = 0;
  while (lc < 4 && isDigit(c)) {
    cv = cv * 10 + c - 48;
    lc++;
    c = line.charCodeAt(++i);
  }
  if (lc === 0 || lc === 3 || (la === 4 && lc === 4) || isDigit(c)) return 0;
  if (c === 0x2e) c = line.charCodeAt(++i);
  // Terminator: `]` S? | S [-–] S | `:` S
  let term: number;
  let end: number;
  if (c === 0x5d) {
    term = 0;
    end = isSpace(line.charCodeAt(i + 1)) ? i + 2 : i + 1;
  } else if (isSpace(c) && (line.charCodeAt(i + 1) === 0x2d || line.charCodeAt(i + 1) === 0x2013) && isSpace(line.charCodeAt(i + 2))) {
    term = 1;
    end = i + 3;
  } else if (c === 0x3a && isSpace(line.charCodeAt(i + 1))) {
    term = 2;
    end = i + 2;
  } else return 0;
  if (bracket !== (term === 0) || hour > 23 || minute > 59 || second > 59) return 0;
  const sep = sepCode === 0x2f ? 0 : sepCode === 0x2e ? 1 : 2;
  out.signature =
    (bracket ? 1 : 0) |
    (sep << 1) |
    ((la === 4 ? 1 : 0) << 3) |
    ((lc === 4 ? 1 : 0) << 4) |
    ((second === -1 ? 0 : 1) << 7) |
    (term << 8) |
    (joint << JOINT_SHIFT) |
    TIME_FIRST;
  out.a = a;
  out.b = b;
  out.c = cv;
  out.la = la;
  out.lb = lb;
  out.lc = lc;
  out.hour = hour;
  out.minute = minute;
  out.second = second === -1 ? 0 : second;
  out.pm = null;
  out.upper = false;
  out.rest = line.slice(end);
  return 1;
}

const localeOrders = new Map<string, DateOrder>();

/**
 * The order a locale writes numeric dates in, from the platform's own CLDR data (`en-GB` → dmy,
 * `en-US` → mdy, `ja-JP` → ymd). null when the locale is not a valid BCP 47 tag.
 */
export function dateOrderOfLocale(locale: string): DateOrder | null {
  const known = localeOrders.get(locale);
  if (known) return known;
  let parts: Intl.DateTimeFormatPart[];
  try {
    // An unknown tag (`xx-YY`) would silently fall back to the host's default locale.
    if (Intl.DateTimeFormat.supportedLocalesOf(locale).length === 0) return null;
    parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' }).formatToParts(
      Date.UTC(2023, 9, 2),
    );
  } catch {
    return null;
  }
  const seq = parts
    .filter((p) => p.type === 'year' || p.type === 'month' || p.type === 'day')
    .map((p) => p.type[0])
    .join('');
  const order: DateOrder = seq === 'mdy' ? 'mdy' : seq === 'ymd' ? 'ymd' : 'dmy';
  if (localeOrders.size < 1000) localeOrders.set(locale, order);
  return order;
}
