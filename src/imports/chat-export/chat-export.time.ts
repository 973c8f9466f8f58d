import { ChatExportError } from './chat-export.errors.js';
import type { ChatExportTimeNote } from './chat-export.types.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface ZonedInstant {
  instant: number;
  /** Offset from UTC in force at the instant, in ms. */
  offset: number;
  note?: ChatExportTimeNote;
}

interface SpanInfo {
  /** Offset valid for the whole wall-clock day or hour, or null when a clock change touches it. */
  offset: number | null;
}

/**
 * Turns wall-clock times of one IANA zone into instants with Intl only (no tz library).
 * Results are cached per wall-clock hour, so a chat costs one Intl call per hour it spans.
 */
export class ZoneResolver {
  private readonly dtf: Intl.DateTimeFormat | null;
  private readonly days = new Map<number, SpanInfo>();
  private readonly hours = new Map<number, SpanInfo>();
  private lastDay = NaN;
  private lastDayOffset: number | null = null;

  constructor(readonly timeZone: string) {
    if (/^(utc|etc\/utc|gmt|etc\/gmt|z)$/i.test(timeZone)) {
      this.dtf = null;
      return;
    }
    try {
      this.dtf = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new ChatExportError('IMPORT_INVALID_OPTION', 'Unknown time zone; use an IANA name such as Europe/London', {
        field: 'timeZone',
      });
    }
  }

  /** Offset (ms) of the zone at an instant. */
  offsetAt(instant: number): number {
    if (!this.dtf) return 0;
    const t = Math.floor(instant / 1000) * 1000;
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    for (const p of this.dtf.formatToParts(t)) {
      switch (p.type) {
        case 'year':
          y = +p.value;
          break;
        case 'month':
          mo = +p.value;
          break;
        case 'day':
          d = +p.value;
          break;
        case 'hour':
          h = +p.value;
          break;
        case 'minute':
          mi = +p.value;
          break;
        case 'second':
          s = +p.value;
          break;
        default:
          break;
      }
    }
    return Date.UTC(y, mo - 1, d, h, mi, s) - t;
  }

  /** Exact resolution of one wall-clock time (given as if it were UTC ms). */
  private resolveExact(wall: number, previous: number | null): ZonedInstant {
    const before = this.offsetAt(wall - DAY);
    const after = this.offsetAt(wall + DAY);
    const valid: number[] = [];
    for (const o of before === after ? [before] : [before, after]) {
      if (this.offsetAt(wall - o) === o) valid.push(o);
    }
    if (valid.length === 1) return { instant: wall - valid[0]!, offset: valid[0]! };
    if (valid.length === 0) {
      // In the gap when the clocks go forward: read with the offset before the gap, which
      // lands the same distance past the change (01:30 GMT = 02:30 BST).
      const instant = wall - before;
      return { instant, offset: this.offsetAt(instant), note: 'nonexistent' };
    }
    const hi = Math.max(valid[0]!, valid[1]!);
    const lo = Math.min(valid[0]!, valid[1]!);
    const earlier = wall - hi;
    const later = wall - lo;
    // The repeated hour: the earlier pass unless the messages above are already past it: the earlier reading would go
    // back before the message above and the later one not, or the later is the nearer to it (a message a second or two
    // behind the one above, by its sender's clock, stays in the same pass).
    if (previous !== null && ((earlier < previous && later >= previous) || Math.abs(later - previous) < Math.abs(earlier - previous)))
      return { instant: later, offset: lo, note: 'ambiguous-later' };
    return { instant: earlier, offset: hi, note: 'ambiguous-earlier' };
  }

  /**
   * The instant of a wall-clock time in this zone. `previous` is the instant of the message
   * before, used to choose between the two readings of a repeated hour.
   */
  resolve(y: number, mo: number, d: number, h: number, mi: number, s: number, previous: number | null): ZonedInstant {
    const instant = this.resolveFast(y, mo, d, h, mi, s, previous);
    return this.note === undefined ? { instant, offset: this.offset } : { instant, offset: this.offset, note: this.note };
  }

  /** Offset (ms) in force at the instant `resolveFast` returned last. */
  offset = 0;
  /** Clock-change note for the instant `resolveFast` returned last. */
  note: ChatExportTimeNote | undefined = undefined;

  /** `resolve` without allocating: the offset and note are left in `offset` and `note`. */
  resolveFast(y: number, mo: number, d: number, h: number, mi: number, s: number, previous: number | null): number {
    // Most days have one offset all day: one check per day, then per hour on change days.
    const dayWall = Date.UTC(y, mo - 1, d);
    const hourWall = dayWall + h * HOUR;
    const wall = hourWall + mi * 60_000 + s * 1000;
    this.note = undefined;
    if (!this.dtf) {
      this.offset = 0;
      return wall;
    }
    if (dayWall !== this.lastDay) {
      this.lastDay = dayWall;
      this.lastDayOffset = this.span(this.days, dayWall, DAY);
    }
    let o = this.lastDayOffset;
    if (o === null) o = this.span(this.hours, hourWall, HOUR);
    if (o !== null) {
      this.offset = o;
      return wall - o;
    }
    const z = this.resolveExact(wall, previous);
    this.offset = z.offset;
    this.note = z.note;
    return z.instant;
  }

  /** The single offset of a wall-clock span starting at `start`, or null if the clocks change in it. */
  private span(cache: Map<number, SpanInfo>, start: number, length: number): number | null {
    let info = cache.get(start);
    if (!info) {
      const a = this.resolveExact(start, null);
      const b = this.resolveExact(start + length - 1000, null);
      const middle = length > HOUR ? this.resolveExact(start + length / 2, null) : a;
      info = {
        offset:
          a.note === undefined && b.note === undefined && middle.note === undefined && a.offset === b.offset && a.offset === middle.offset
            ? a.offset
            : null,
      };
      if (cache.size > 100_000) cache.clear();
      cache.set(start, info);
    }
    return info.offset;
  }
}

const TWO = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));
const p2 = (n: number): string => TWO[n] ?? `${n}`;
const offsets = new Map<number, string>();

/** `+01:00` for 3,600,000 ms. */
export function formatOffset(offset: number): string {
  let s = offsets.get(offset);
  if (s === undefined) {
    const abs = Math.abs(offset) / 60_000;
    s = `${offset < 0 ? '-' : '+'}${p2(Math.floor(abs / 60))}:${p2(abs % 60)}`;
    offsets.set(offset, s);
  }
  return s;
}

const clocks: string[] = [];

/** `THH:mm:ss` without a Date (one string per second of the day, made once). */
export function formatClockT(h: number, mi: number, s: number): string {
  const k = h * 3600 + mi * 60 + s;
  return (clocks[k] ??= `T${TWO[h]}:${TWO[mi]}:${TWO[s]}`);
}

/** `YYYY-MM-DD` without a Date. */
export function formatDay(y: number, m: number, d: number): string {
  return `${y}-${TWO[m]}-${TWO[d]}`;
}

/** `YYYY-MM-DDTHH:mm:ss` of a UTC-ms wall clock. */
export function formatWall(wall: number): string {
  const t = new Date(wall);
  return `${t.getUTCFullYear()}-${p2(t.getUTCMonth() + 1)}-${p2(t.getUTCDate())}T${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())}`;
}

/** ISO 8601 with offset, e.g. `2024-03-31T02:30:00+01:00`. */
export function formatZoned(instant: number, offset: number): string {
  return `${formatWall(instant + offset)}${formatOffset(offset)}`;
}
