/** Order of the day, month and year fields in an export's dates. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';

export interface ChatExportAttachment {
  fileName: string;
}

export type ChatExportMessageKind = 'text' | 'media' | 'poll' | 'location' | 'deleted' | 'system';

export interface ChatExportPoll {
  question: string;
  options: { text: string; votes: number }[];
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
 *   it is read with the offset in force before the gap (so 01:30 in London on the
 *   last Sunday of March becomes 02:30+01:00, the same instant as 01:30+00:00).
 * - `ambiguous-earlier` / `ambiguous-later`: the time falls in the hour repeated when
 *   the clocks go back; the earlier instant is chosen unless it would put the message
 *   before the one above it (times going backwards inside the repeated hour), in which
 *   case the later one is.
 */
export type ChatExportTimeNote = 'nonexistent' | 'ambiguous-earlier' | 'ambiguous-later';

export interface ChatExportMessage {
  /** 0-based order in the file. */
  index: number;
  /** 1-based line where the message starts. */
  line: number;
  /** ISO 8601 with the offset in force in the chosen zone, e.g. `2026-07-01T14:05:00+01:00`. */
  time: string;
  instant: Date;
  /** null for system messages. A leading `~ ` (non-contact) is removed, see `nonContact`. */
  author: string | null;
  system: boolean;
  /** Message text without attachment, media-omitted, deleted or edited markers. */
  text: string;
  attachments: ChatExportAttachment[];
  edited: boolean;
  deleted: boolean;
  kind: ChatExportMessageKind;
  /** True for `<Media omitted>` / `image omitted` …: media existed but was not exported. */
  mediaOmitted: boolean;
  /** The author was shown as `~ Name` (not in the exporter's contacts). */
  nonContact: boolean;
  poll?: ChatExportPoll;
  location?: ChatExportLocation;
  /** Set when the local time was skipped or repeated by a clock change (see ChatExportTimeNote). */
  timeNote?: ChatExportTimeNote;
}

export type ChatExportClock = '24h' | '12h-after' | '12h-before';

export interface ChatExportFormat {
  platform: 'android' | 'ios';
  dateOrder: DateOrder;
  /** How the date order was decided: given by the caller, by a field > 12, by the year's position, by chronology, or moot (day always equals month). */
  dateOrderSource: 'option' | 'year-position' | 'day-over-12' | 'chronology' | 'moot';
  dateSeparator: '/' | '.' | '-';
  yearDigits: 2 | 4;
  clock: ChatExportClock;
  seconds: boolean;
  /** iOS square brackets around the date and time. */
  bracket: boolean;
  /** What follows the time: `' - '` (Android), `'] '` (iOS), `': '` (old iOS without brackets). */
  terminator: ' - ' | '] ' | ': ';
  /** Internal key that every message header line of this file matches. */
  signature: string;
  /** Number of lines that look like message headers in this format. */
  headerLines: number;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
}

export type ChatExportSource = () => NodeJS.ReadableStream | AsyncIterable<Buffer | string | Uint8Array>;

export interface ChatExportParseOptions {
  /** IANA zone the export's wall-clock times are read in; default `Europe/London`. */
  timeZone?: string;
  /** Required when the file cannot decide between day-first and month-first. */
  dateOrder?: DateOrder;
  /** Longest accepted line in characters (default 1,048,576); longer means not a chat. */
  maxLineLength?: number;
  /** Longest accepted message in characters (default 4,194,304). */
  maxMessageLength?: number;
  /** Reject the input after this many bytes (default: no limit). */
  maxBytes?: number;
}
