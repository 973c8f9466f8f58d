import { createReadStream } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import {
  parseBody,
  cleanAuthor,
  hasWhatsAppWordsNotInEnglish,
  isParticipantMarker,
  isSystemEvent,
  isUnmarkedIosNotice,
  opensQuotation,
  type ParsedAuthor,
} from './chat-export.body.js';
import { ChatExportError } from './chat-export.errors.js';
import {
  DateOrderDecider,
  dateOrderOfLocale,
  detectChatExportFormat,
  newHeaderMatch,
  readDate,
  readDateKey,
  scanHeader,
  type HeaderMatch,
} from './chat-export.format.js';
import { readLineBatches } from './chat-export.lines.js';
import { ZoneResolver, formatClockT, formatDay, formatOffset, formatZoned } from './chat-export.time.js';
import type {
  ChatExportDateOrderDecision,
  ChatExportFormat,
  ChatExportMessage,
  ChatExportParseOptions,
  ChatExportSource,
  ChatExportStream,
  DateOrder,
} from './chat-export.types.js';
import { openChatExportZip, type ChatExportZip } from './chat-export.zip.js';

const DEFAULTS = {
  timeZone: 'Europe/London',
  locale: 'en-GB',
  maxLineLength: 1_048_576,
  maxMessageLength: 4_194_304,
  maxHeldBackChars: 64 * 1_048_576,
};
/** Lines read to recognise the layout before parsing starts. */
const DETECT_LINES = 200;
const DATE_ORDERS = new Set(['dmy', 'mdy', 'ymd']);
const isMarked = (s: string): boolean => s.charCodeAt(0) === 0x200e || s.charCodeAt(0) === 0x200f;

export type ResolvedFormat = ChatExportFormat & ChatExportDateOrderDecision;

/**
 * Turns lines into messages for one known format and date order. Synchronous and
 * allocation-light; the async wrappers below feed it.
 */
class MessageAssembler {
  private head: HeaderMatch | null = null;
  private headDate = 0;
  private scratch = newHeaderMatch();
  private headLine = 0;
  private body: string[] = [];
  private bodyChars = 0;
  private index = 0;
  private lineNo = 0;
  private previous: number | null = null;
  private dayKey = 0;
  private dayText = '';
  /** iOS: names that WhatsApp used for its own notices (the group, or the contact in a 1:1 chat). */
  private readonly systemNames = new Set<string>();
  /** iOS: names seen writing ordinary messages. */
  private readonly speakers = new Set<string>();
  private readonly authors = new Map<string, ParsedAuthor & { system: boolean }>();

  constructor(
    private readonly format: ResolvedFormat,
    private readonly zone: ZoneResolver,
    private readonly maxMessageLength: number,
  ) {}

  /** Feed one line; returns the message it completes, if any. */
  push(line: string): ChatExportMessage | null {
    this.lineNo++;
    const h = scanHeader(line, this.scratch) ? this.scratch : null;
    const date = h && h.signature === this.format.signature ? readDateKey(h, this.format.dateOrder) : 0;
    if (
      h &&
      date === 0 &&
      h.signature === this.format.signature &&
      this.format.dateOrderSource === 'user' &&
      (readDate(h, 'dmy') ?? readDate(h, 'mdy') ?? readDate(h, 'ymd')) !== null
    ) {
      // A header in this file's layout whose date is impossible in the order given: the order
      // is wrong, and reading on would merge messages silently.
      throw new ChatExportError('IMPORT_DATE_ORDER_MISMATCH', `The date order given does not fit this export (line ${this.lineNo})`, {
        line: this.lineNo,
        dateOrder: this.format.dateOrder,
      });
    }
    if (date !== 0 && h) {
      const done = this.head ? this.emit() : null;
      // Swap the two header objects: the scratch one becomes the head.
      this.scratch = this.head ?? newHeaderMatch();
      this.head = h;
      this.headDate = date;
      this.headLine = this.lineNo;
      this.body.length = 0;
      this.body.push(h.rest);
      this.bodyChars = h.rest.length;
      return done;
    }
    if (!this.head) {
      // Only blank lines may come before the first message; anything else would be lost.
      if (line.trim() === '') return null;
      throw new ChatExportError('IMPORT_UNSUPPORTED_FORMAT', 'This export does not start with a message in its own date layout', {
        reason: 'text-before-first-message',
        line: this.lineNo,
      });
    }
    this.bodyChars += line.length + 1;
    if (this.bodyChars > this.maxMessageLength) {
      throw new ChatExportError('IMPORT_UNSUPPORTED_FORMAT', 'A message in this file is too long for a WhatsApp chat export', {
        reason: 'message-too-long',
        line: this.headLine,
      });
    }
    this.body.push(line);
    return null;
  }

  finish(): ChatExportMessage | null {
    if (!this.head) return null;
    const m = this.emit();
    this.head = null;
    return m;
  }

  /**
   * The author before `: ` at `colon`. Authors repeat: the last few are matched in place
   * (no slice, no hashing), the rest through a map; each distinct prefix is cleaned once.
   */
  private authorAt(rest: string, colon: number): ParsedAuthor & { system: boolean } {
    const mru = this.recent;
    for (let k = 0; k < mru.length; k++) {
      const e = mru[k]!;
      if (e.raw.length === colon && rest.startsWith(e.raw)) return e.parsed;
    }
    const raw = rest.slice(0, colon);
    const parsed = this.author(raw);
    if (mru.length >= 8) mru.pop();
    mru.unshift({ raw, parsed });
    return parsed;
  }

  private readonly recent: { raw: string; parsed: ParsedAuthor & { system: boolean } }[] = [];

  /** Authors repeat: clean each distinct prefix once. */
  private author(raw: string): ParsedAuthor & { system: boolean } {
    let a = this.authors.get(raw);
    if (!a) {
      a = { ...cleanAuthor(raw), system: isSystemEvent(raw) || opensQuotation(raw) };
      if (this.authors.size > 10_000) this.authors.clear();
      this.authors.set(raw, a);
    }
    return a;
  }

  private emit(): ChatExportMessage {
    const h = this.head!;
    const dayKey = this.headDate;
    const y = Math.floor(dayKey / 10000);
    const m = Math.floor(dayKey / 100) % 100;
    const d = dayKey % 100;
    const zone = this.zone;
    const instant = zone.resolveFast(y, m, d, h.hour, h.minute, h.second, this.previous);
    const offset = zone.offset;
    const note = zone.note;
    this.previous = instant;
    if (dayKey !== this.dayKey) {
      this.dayKey = dayKey;
      this.dayText = formatDay(y, m, d);
    }
    const wallTime = this.dayText + formatClockT(h.hour, h.minute, h.second);
    // WhatsApp trims what is sent: blank lines at a message's end are the file's (a blank last line), not the text's.
    while (this.body.length > 1 && this.body[this.body.length - 1]!.trim() === '') this.body.pop();
    const rest = this.body.length === 1 ? this.body[0]! : this.body.join('\n');

    let author: string | null = null;
    let nonContact = false;
    let system = false;
    let content = rest;
    const colon = rest.indexOf(': ');
    if (this.format.platform === 'android') {
      let name = colon === -1 ? null : this.authorAt(rest, colon);
      // `Jo Test:` with nothing after it: an empty message from someone who has written before, not a notice.
      // (Known from the authors already read: keeping a set of speakers as they write cost 8 % of the parse.)
      if (name === null && rest.endsWith(':') && this.authors.get(rest.slice(0, -1))?.system === false)
        name = this.authorAt(rest, rest.length - 1);
      if (name === null || name.system) {
        system = true;
      } else {
        ({ author, nonContact } = name);
        content = rest.slice(Math.min(colon === -1 ? rest.length : colon + 2, rest.length));
      }
    } else if (colon === -1) {
      system = true;
    } else if (this.authorAt(rest, colon).system && (isMarked(rest) || isUnmarkedIosNotice(rest))) {
      // A notice written without a name before it, whose own words hold `: `
      // (`‎Sam changed the subject to “Rota: May”`).
      system = true;
    } else {
      let name = this.authorAt(rest, colon);
      content = rest.slice(colon + 2);
      let c0 = content.charCodeAt(0);
      if (c0 !== 0x200e && c0 !== 0x200f) {
        // A group whose name holds `: ` (`Repairs: Flat 4: ‎Sam added Jo`): the notice starts
        // at a later `: ‎`, and it is one if its words say so or the name only carries notices.
        const k = rest.indexOf(': \u200e', colon + 2);
        if (k !== -1) {
          const longer = this.authorAt(rest, k);
          const after = rest.slice(k + 2);
          if (
            !this.speakers.has(longer.author) &&
            (this.systemNames.has(longer.author) || (isSystemEvent(after) && !isParticipantMarker(after)))
          ) {
            name = longer;
            content = after;
            c0 = content.charCodeAt(0);
          }
        }
      }
      // iOS writes its own notices as `Group name: ‎notice` with a left-to-right mark. A notice
      // we know by its words is system; so is any other marked line from a name that has only
      // ever carried notices (the group itself), never from someone who writes messages.
      if ((c0 === 0x200e || c0 === 0x200f) && !isParticipantMarker(content)) {
        if (isSystemEvent(content)) {
          system = true;
          if (!this.speakers.has(name.author)) this.systemNames.add(name.author);
        } else if (this.systemNames.has(name.author) && !this.speakers.has(name.author)) system = true;
      } else if (!this.speakers.has(name.author) && isUnmarkedIosNotice(content)) {
        system = true;
        this.systemNames.add(name.author);
      } else this.speakers.add(name.author);
      if (!system) ({ author, nonContact } = name);
    }

    const body = system
      ? {
          text: content.replace(/^[\u200e\u200f]+/, ''),
          attachments: [],
          edited: false,
          deleted: false,
          mediaOmitted: false,
          omittedMedia: null,
          note: null,
          system: true,
          kind: 'system' as const,
        }
      : parseBody(content, this.format.platform === 'ios');
    // WhatsApp's words in someone's place (deleted, call): a system message that keeps its author.
    if (body.system) system = true;
    const msg: ChatExportMessage = {
      index: this.index++,
      line: this.headLine,
      time: new Date(instant),
      localTime: note === 'nonexistent' ? formatZoned(instant, offset) : wallTime + formatOffset(offset),
      wallTime,
      author,
      system,
      text: body.text,
      attachments: body.attachments,
      edited: body.edited,
      deleted: body.deleted,
      kind: body.kind,
      mediaOmitted: body.mediaOmitted,
      omittedMedia: body.omittedMedia,
      note: body.note,
      nonContact,
      // Always present (possibly undefined) so every message has one shape.
      poll: 'poll' in body ? body.poll : undefined,
      location: 'location' in body ? body.location : undefined,
      timeNote: note,
    };
    return msg;
  }
}

/** Checks the options; returns the locale's date order. */
function checkOptions(opts: ChatExportParseOptions): DateOrder {
  if (opts.dateOrder !== undefined && !DATE_ORDERS.has(opts.dateOrder)) {
    throw new ChatExportError('IMPORT_INVALID_OPTION', 'Date order must be dmy, mdy or ymd', { field: 'dateOrder' });
  }
  const order = typeof opts.locale === 'string' || opts.locale === undefined ? dateOrderOfLocale(opts.locale ?? DEFAULTS.locale) : null;
  if (!order) throw new ChatExportError('IMPORT_INVALID_OPTION', 'Locale must be a BCP 47 language tag such as en-GB', { field: 'locale' });
  return order;
}

/** Only when a read-once stream holds back more than `maxHeldBackChars` without deciding. */
const ambiguous = (): ChatExportError =>
  new ChatExportError(
    'IMPORT_DATE_ORDER_AMBIGUOUS',
    'The dates in this export could be day-first or month-first and the file is too large to hold back; say which with --date-order dmy|mdy|ymd',
    { field: 'dateOrder' },
  );

/**
 * Parse a WhatsApp "Export chat" text, Android or iOS, line by line.
 *
 * The date order is decided from the whole file: with a function that reopens the source, a
 * first pass reads only as far as needed to decide (usually the first day past the 12th) and a
 * second pass parses, so memory stays constant; with a read-once stream, lines are held back
 * until the order is decided (bounded by `maxHeldBackChars`). When nothing in the file decides
 * it, the council's `locale` does, and `onFormat` reports `dateOrderSource: 'locale'` with the
 * `dateOrderChoices` to offer; `dateOrder` overrides both. Only ChatExportError is thrown.
 */
export function parseChatExport(source: ChatExportSource, opts: ChatExportParseOptions = {}): AsyncGenerator<ChatExportMessage> {
  return messagesOf(parseChatExportBatches(source, opts));
}

/**
 * `parseChatExport` in batches: one array of messages per chunk read (a few thousand), for
 * callers that write in batches anyway (the importer) and to save an await per message.
 */
export function parseChatExportBatches(source: ChatExportSource, opts: ChatExportParseOptions = {}): AsyncGenerator<ChatExportMessage[]> {
  const reopen = typeof source === 'function' ? source : null;
  return parseSource(reopen ?? (() => source as ChatExportStream), reopen !== null, opts, null);
}

/**
 * One message at a time out of the batches. Written as a plain iterator rather than an
 * `async function*` with `yield*`: it saves a generator resume per message (measurably
 * faster on million-message files).
 */
function messagesOf(batches: AsyncGenerator<ChatExportMessage[]>): AsyncGenerator<ChatExportMessage> {
  let batch: ChatExportMessage[] = [];
  let i = 0;
  const it: AsyncGenerator<ChatExportMessage> = {
    async next(): Promise<IteratorResult<ChatExportMessage>> {
      while (i >= batch.length) {
        const r = await batches.next();
        if (r.done) return { done: true, value: undefined };
        batch = r.value;
        i = 0;
      }
      return { done: false, value: batch[i++]! };
    },
    async return(): Promise<IteratorResult<ChatExportMessage>> {
      batch = [];
      await batches.return(undefined);
      return { done: true, value: undefined };
    },
    async throw(e: unknown): Promise<IteratorResult<ChatExportMessage>> {
      batch = [];
      await batches.return(undefined);
      throw e;
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}

/** Messages in batches (one per chunk read): a cheaper loop for importers and benches. */
async function* parseSource(
  openStream: () => ChatExportStream | Promise<ChatExportStream>,
  canReopen: boolean,
  opts: ChatExportParseOptions,
  cleanup: (() => void) | null,
): AsyncGenerator<ChatExportMessage[]> {
  let batches: AsyncGenerator<string[]> | null = null;
  try {
    const localeOrder = checkOptions(opts);
    const locale = opts.locale ?? DEFAULTS.locale;
    const zone = new ZoneResolver(opts.timeZone ?? DEFAULTS.timeZone);
    const maxLineLength = opts.maxLineLength ?? DEFAULTS.maxLineLength;
    const maxMessageLength = opts.maxMessageLength ?? DEFAULTS.maxMessageLength;
    const open = async (): Promise<ChatExportStream> => {
      try {
        return await openStream();
      } catch (e) {
        if (e instanceof ChatExportError) throw e;
        throw new ChatExportError('IMPORT_READ_FAILED', 'The chat export could not be opened', {
          cause: (e as NodeJS.ErrnoException)?.code,
        });
      }
    };
    batches = readLineBatches(await open(), maxLineLength);

    // 1. Recognise the layout from the first lines.
    const early: string[] = [];
    let done = false;
    while (early.length < DETECT_LINES) {
      const r = await batches.next();
      if (r.done) {
        done = true;
        break;
      }
      for (const l of r.value) early.push(l);
    }
    const format = detectChatExportFormat(early.slice(0, DETECT_LINES));

    // 2. Decide the date order.
    const decider = new DateOrderDecider();
    const scratch = newHeaderMatch();
    // WhatsApp's own words in another language show a phone that is not a US-English one, whose
    // `3/2/24, 9:00 PM` is day-first (Urdu, Punjabi and others write that shape): the US layout then
    // decides nothing (see below). Looked for only while the layout could still be the US one, and
    // only in the words WhatsApp writes (never a person's text, which may be in any language on any
    // phone), so a file decided by its first days past the 12th costs nothing more.
    let otherLanguage = false;
    const feed = (lines: readonly string[]): void => {
      for (const l of lines) {
        if (scanHeader(l, scratch) && scratch.signature === format.signature) {
          decider.add(scratch);
          if (!otherLanguage && decider.mayBeUsLayout()) otherLanguage = hasWhatsAppWordsNotInEnglish(scratch.rest);
        }
      }
    };
    let order: DateOrder | null = opts.dateOrder ?? null;
    let decision: ChatExportDateOrderDecision | null = order
      ? { dateOrder: order, dateOrderSource: 'user', dateOrderChoices: [order], dateOrderExamples: {}, locale }
      : null;
    const pending: string[][] = [early];
    if (!order) {
      feed(early);
      order = decider.final();
    }
    if (!order && canReopen) {
      // First pass, read-only: stops as soon as the order is certain; then start again.
      if (!done) {
        for (;;) {
          const r = await batches.next();
          if (r.done) break;
          feed(r.value);
          order = decider.final();
          if (order) break;
        }
      }
      await batches.return(undefined);
      batches = readLineBatches(await open(), maxLineLength);
      pending.length = 0;
    } else if (!order && !done) {
      // Read-once stream: hold lines back until the order is certain.
      const maxHeld = opts.maxHeldBackChars ?? DEFAULTS.maxHeldBackChars;
      let heldChars = 0;
      for (const l of early) heldChars += l.length + 1;
      for (;;) {
        const r = await batches.next();
        if (r.done) break;
        pending.push(r.value);
        for (const l of r.value) heldChars += l.length + 1;
        feed(r.value);
        order = decider.final();
        if (order) break;
        if (heldChars > maxHeld) throw ambiguous();
      }
    }
    if (!decision && order)
      decision = {
        dateOrder: order,
        dateOrderSource: 'file',
        dateOrderEvidence: 'field-range',
        dateOrderChoices: [order],
        dateOrderExamples: {},
        locale,
      };
    if (!decision) {
      const d = decider.decide();
      if (!d && decider.noValidDates()) {
        throw new ChatExportError(
          'IMPORT_UNSUPPORTED_FORMAT',
          'The dates in this export are not calendar dates this service reads (Gregorian, 2009 to 2099)',
          {
            reason: 'no-valid-dates',
          },
        );
      }
      if (d) {
        decision = {
          dateOrder: d.order,
          dateOrderSource: 'file',
          dateOrderEvidence: d.evidence,
          dateOrderChoices: [d.order],
          dateOrderExamples: {},
          locale,
        };
      } else {
        // Every date reads both ways: a US-only layout decides, or else the council's locale;
        // either way the result says it was a guess and offers the choices.
        const choices = decider.candidates();
        const all = decider.examples();
        const dateOrderExamples: Partial<Record<DateOrder, string>> = {};
        for (const o of choices) if (all[o]) dateOrderExamples[o] = all[o];
        const byLayout = otherLanguage ? null : decider.layoutOrder();
        if (byLayout && choices.includes(byLayout)) {
          decision = {
            dateOrder: byLayout,
            dateOrderSource: 'file',
            dateOrderEvidence: 'layout',
            dateOrderChoices: choices,
            dateOrderExamples,
            locale,
          };
        } else {
          const assumed = choices.includes(localeOrder) ? localeOrder : choices.includes('dmy') ? 'dmy' : choices[0]!;
          decision = { dateOrder: assumed, dateOrderSource: 'locale', dateOrderChoices: choices, dateOrderExamples, locale };
        }
      }
    }
    const resolved: ResolvedFormat = { ...format, ...decision };
    opts.onFormat?.(resolved);

    // 3. Parse.
    const asm = new MessageAssembler(resolved, zone, maxMessageLength);
    const run = (lines: readonly string[]): ChatExportMessage[] => {
      const out: ChatExportMessage[] = [];
      for (let i = 0; i < lines.length; i++) {
        const m = asm.push(lines[i]!);
        if (m) out.push(m);
      }
      return out;
    };
    while (pending.length > 0) {
      const out = run(pending.shift()!);
      if (out.length > 0) yield out;
    }
    for await (const lines of batches) {
      const out = run(lines);
      if (out.length > 0) yield out;
    }
    const last = asm.finish();
    if (last) yield [last];
  } finally {
    if (batches) await batches.return(undefined);
    cleanup?.();
  }
}

const ZIP_MAGIC = Buffer.from('PK\u0003\u0004', 'latin1');

/**
 * Parse an export from a path: a `.txt`, or the `.zip` WhatsApp makes when media are
 * included. Reads the file twice when the first lines do not decide the date order, so
 * memory stays constant whatever the size.
 */
export function parseChatExportFile(path: string, opts: ChatExportParseOptions = {}): AsyncGenerator<ChatExportMessage> {
  return messagesOf(parseChatExportFileBatches(path, opts));
}

/** `parseChatExportFile` in batches, see `parseChatExportBatches`. */
export function parseChatExportFileBatches(path: string, opts: ChatExportParseOptions = {}): AsyncGenerator<ChatExportMessage[]> {
  let zip: ChatExportZip | null = null;
  let isZip: boolean | null = null;
  const open = async (): Promise<ChatExportStream> => {
    if (isZip === null) {
      isZip = /\.zip$/i.test(path) || (await readMagic(path)).equals(ZIP_MAGIC);
      if (isZip) zip = await openChatExportZip(path);
    }
    if (zip) return zip.openChat();
    return createReadStream(path, { highWaterMark: 256 * 1024 });
  };
  return parseSource(open, true, opts, () => zip?.close());
}

async function readMagic(path: string): Promise<Buffer> {
  try {
    const fh = await openFile(path, 'r');
    try {
      const head = Buffer.alloc(4);
      await fh.read(head, 0, 4, 0);
      return head;
    } finally {
      await fh.close();
    }
  } catch (e) {
    throw new ChatExportError('IMPORT_READ_FAILED', 'The chat export file could not be opened', {
      cause: (e as NodeJS.ErrnoException)?.code,
    });
  }
}

/** Runs a parse only until the layout and date order are known, then stops. */
async function formatOf(
  batches: (opts: ChatExportParseOptions) => AsyncGenerator<ChatExportMessage[]>,
  opts: ChatExportParseOptions,
): Promise<ResolvedFormat> {
  let found: ResolvedFormat | null = null;
  const it = batches({
    ...opts,
    onFormat: (f) => {
      found = f;
      opts.onFormat?.(f);
    },
  });
  try {
    await it.next();
  } finally {
    await it.return(undefined);
  }
  // onFormat runs before the first message, so a parse that got this far has reported it.
  if (!found) throw new ChatExportError('IMPORT_UNSUPPORTED_FORMAT', 'The file holds no chat messages', { reason: 'empty' });
  return found;
}

/**
 * The layout and date-order decision for an export without parsing it all: what the import page
 * shows before the import ("dates read day-first, assumed from the council's locale") with
 * `dateOrderChoices` as the options. Reads only as far as the decision needs (the whole file
 * when its dates are all ambiguous). Pass the user's choice back as `dateOrder`.
 */
export function inspectChatExport(source: ChatExportSource, opts: ChatExportParseOptions = {}): Promise<ResolvedFormat> {
  return formatOf((o) => parseChatExportBatches(source, o), opts);
}

/** `inspectChatExport` for a `.txt` or `.zip` path. */
export function inspectChatExportFile(path: string, opts: ChatExportParseOptions = {}): Promise<ResolvedFormat> {
  return formatOf((o) => parseChatExportFileBatches(path, o), opts);
}
