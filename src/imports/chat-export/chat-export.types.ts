/** Order of the day, month and year fields in an export's dates. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

export interface ChatExportAttachment {
  fileName: string;
}

export type ChatExportMessageKind = 'text' | 'media' | 'poll' | 'location' | 'deleted' | 'call' | 'system';

/** What kind of media WhatsApp left out of an export made "without media". */
export type OmittedMediaKind = 'photo' | 'video' | 'audio' | 'sticker' | 'gif' | 'document' | 'contact' | 'media';

export interface ChatExportOmittedMedia {
  kind: OmittedMediaKind;
  /** The document's label when WhatsApp wrote one (`Tenancy.pdf • 3 pages`). */
  label?: string;
}

export interface ChatExportPoll {
  question: string;
  options: { text: string; votes: number | null }[];
}

export interface ChatExportLocation {
  url: string;
  latitude: number | null;
  longitude: number | null;
}

/**
 * How the wall-clock time in the export was turned into an instant, when it was
 * not a plain one-to-one mapping in the chosen zone:
 * - `nonexistent`: the time falls in the hour skipped when the clocks go forward;
 *   it is shifted forward by the gap (01:30 in London on the last Sunday of March
 *   becomes 02:30+01:00, the same instant as 01:30+00:00).
 * - `ambiguous-earlier` / `ambiguous-later`: the time falls in the hour repeated when
 *   the clocks go back; the earlier instant is chosen unless that would put the message
 *   before the one above it (the export's order shows the second pass), then the later.
 */
export type ChatExportTimeNote = 'nonexistent' | 'ambiguous-earlier' | 'ambiguous-later';

export interface ChatExportMessage {
  /** 0-based order in the file. */
  index: number;
  /** 1-based line where the message starts. */
  line: number;
  /** The instant. */
  time: Date;
  /** ISO 8601 in the chosen zone with its offset, e.g. `2026-07-01T14:05:00+01:00`. */
  localTime: string;
  /** The wall-clock time exactly as written in the export, `YYYY-MM-DDTHH:mm:ss`. */
  wallTime: string;
  /**
   * Who the message is from. null for WhatsApp's own notices (encryption notice, group events).
   * For the markers WhatsApp writes in place of someone's message (`This message was deleted`,
   * `Missed voice call`) `system` is true and the author is the person concerned.
   * A leading `~ ` (non-contact) is removed, see `nonContact`.
   */
  author: string | null;
  /** True for every line WhatsApp wrote itself: notices, group events, deleted markers, calls. */
  system: boolean;
  /** What the participant wrote, without attachment, media-omitted, deleted or edited markers. */
  text: string;
  attachments: ChatExportAttachment[];
  edited: boolean;
  deleted: boolean;
  kind: ChatExportMessageKind;
  /** True for `<Media omitted>` / `image omitted` …: media existed but was not exported. */
  mediaOmitted: boolean;
  /** What was omitted, when `mediaOmitted`; null otherwise. */
  omittedMedia: ChatExportOmittedMedia | null;
  /**
   * A note to show beside the message for what the export left out or wrote around the text:
   * `Photo not included in the export`, `Document: Tenancy.pdf • 3 pages`. null when none.
   */
  note: string | null;
  /** The author was shown as `~ Name` (not in the exporter's contacts). */
  nonContact: boolean;
  poll?: ChatExportPoll;
  location?: ChatExportLocation;
  /** Set when the local time was skipped or repeated by a clock change (see ChatExportTimeNote). */
  timeNote?: ChatExportTimeNote;
}

/** Where the AM/PM marker sits: none (24-hour clock), after the time, or before it (`오후 3:04`). */
export type ChatExportClock = '24h' | '12h-after' | '12h-before';

export interface ChatExportFormat {
  platform: 'android' | 'ios';
  dateSeparator: '/' | '.' | '-';
  /** Digits in each of the three date fields, e.g. `[2, 2, 4]`; 0 where it varies (1 or 2). */
  fieldDigits: [number, number, number];
  clock: ChatExportClock;
  seconds: boolean;
  /** iOS square brackets around the date and time. */
  bracket: boolean;
  /** What follows the time: `' - '` (Android), `'] '` (iOS), `': '` (old iOS without brackets). */
  terminator: ' - ' | '] ' | ': ';
  /** Internal key that every message header line of this file matches. */
  signature: number;
  /** Number of the given lines that are message headers in this format. */
  headerLines: number;
}

/** Something the parser can read once: a stream, chunks, or the whole text as one string. */
export type ChatExportStream =
  NodeJS.ReadableStream | AsyncIterable<Buffer | string | Uint8Array> | Iterable<Buffer | string | Uint8Array> | string;
/**
 * What the parser reads: a stream (read once), or a function that opens it afresh, which
 * lets the parser take a first pass to decide the date order without buffering messages.
 */
export type ChatExportSource = ChatExportStream | (() => ChatExportStream | Promise<ChatExportStream>);

export interface ChatExportParseOptions {
  /** IANA zone the export's wall-clock times are read in; default `Europe/London`. */
  timeZone?: string;
  /** The user's choice; overrides what the file and the locale say. */
  dateOrder?: DateOrder;
  /**
   * BCP 47 locale of the council (`LIAISE_LOCALE`), default `en-GB`. Used only when the file
   * cannot tell day-first from month-first (every date reads both ways and both are in order):
   * `en-GB` and most locales read day-first, `en-US` month-first. The result says so
   * (`dateOrderSource: 'locale'`), so the user can be asked.
   */
  locale?: string;
  /** Longest accepted line in characters (default 1,048,576); longer means not a chat. */
  maxLineLength?: number;
  /** Longest accepted message in characters (default 4,194,304). */
  maxMessageLength?: number;
  /**
   * With a read-once stream and no `dateOrder`, messages are held back until the order is
   * decided; past this many characters held back the parse stops with
   * IMPORT_DATE_ORDER_AMBIGUOUS (default 64 Mi characters). Re-openable sources never hold back.
   */
  maxHeldBackChars?: number;
  /** Called once the format and date order are known, before the first message. */
  onFormat?: (format: ChatExportFormat & ChatExportDateOrderDecision) => void;
}

/**
 * Who decided the date order: the user (`dateOrder` option), the file itself, or the council's
 * locale because the file could not tell (an assumption the user should be shown and may change).
 */
export type DateOrderSource = 'user' | 'file' | 'locale';

/**
 * What in the file decided it: a field past 12 (`field-range`), dates that only go forwards one
 * way (`chronology`), every date reading the same either way (`moot`), or, when every date
 * reads both ways, a layout only month-first phones write (`layout`: `M/D/YY, H:MM AM`), which is
 * still a guess the user is offered to change (`dateOrderChoices` has both orders).
 */
export type DateOrderEvidence = 'field-range' | 'chronology' | 'moot' | 'layout';

/** How an export's dates were read, for the CLI and the import page. */
export interface ChatExportDateOrderDecision {
  dateOrder: DateOrder;
  dateOrderSource: DateOrderSource;
  /** Set when `dateOrderSource` is `file`. */
  dateOrderEvidence?: DateOrderEvidence;
  /**
   * Orders under which every date in the file is a real date and that read at least one date
   * differently: what the page offers as a choice. One element when there is nothing to choose.
   */
  dateOrderChoices: DateOrder[];
  /**
   * When there is a choice: the file's first ambiguous date as each choice reads it, e.g.
   * `{ dmy: '2023-10-02', mdy: '2023-02-10' }`, so the page can ask "2 October 2023 or
   * 10 February 2023?". Empty otherwise.
   */
  dateOrderExamples: Partial<Record<DateOrder, string>>;
  /** The locale consulted (always reported, even when the file decided). */
  locale: string;
}
