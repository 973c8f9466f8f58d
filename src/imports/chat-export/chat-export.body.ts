import type { ChatExportAttachment, ChatExportLocation, ChatExportMessageKind, ChatExportPoll } from './chat-export.types.js';

/** Direction marks and embeddings that phones sprinkle around names and markers. */
const MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LEADING_MARKS = /^[\u200e\u200f\u202a-\u202e\u2066-\u2069]+/;

/**
 * Things WhatsApp itself writes into a chat (English exports). Matched against the part before
 * the first `: ` so that a group event containing a colon (a subject `"Rota: May"`) is not read
 * as a message from an author called `Alice changed the subject from "Rota`.
 */
const SYSTEM_EVENT =
  /(?:^|\s)changed to \u202a?\+|(?:^|\s)(?:created group|created this group|changed the subject|changed the group|changed this group|deleted this group|changed the settings|changed their phone number|changed to a new number|added|removed|left|joined using|joined from|joined via|was added|were added|is now an admin|are now an admin|no longer an admin|pinned a message|turned on disappearing|turned off disappearing|changed the message timer|updated the message timer|reset this group|started a call|started a video call|requested to join|security code)(?:\s|$|[.,])|^Messages and calls are end-to-end encrypted|^Messages to this group are now secured|^Your security code|^You're now an admin|^You are now an admin|^This chat is with|^This business|^Disappearing messages|^You blocked this contact|^You unblocked this contact|^You joined|^You were added|^You left|^You're no longer an admin/;

/**
 * Notices older iOS exports wrote without the left-to-right mark, worded so that nobody
 * types them by accident.
 */
const UNMARKED_IOS_NOTICE =
  /^(?:Messages and calls are end-to-end encrypted\. |Messages to this group are now secured with end-to-end encryption\. |Your security code with .+ changed\. |.+ changed their phone number to a new number\. |.+ created group “[^”\n]*”$|.+ changed the (?:group name|subject) (?:from “[^”\n]*” )?to “[^”\n]*”$|.+ changed this group's icon$|.+ changed the group description$|.+ joined using this group's invite link$)/;

export function isUnmarkedIosNotice(text: string): boolean {
  return UNMARKED_IOS_NOTICE.test(text);
}

export function isSystemEvent(text: string): boolean {
  return SYSTEM_EVENT.test(text.replace(LEADING_MARKS, ''));
}

export interface ParsedAuthor {
  author: string;
  nonContact: boolean;
}

/** Clean an author: drop direction marks and iOS phone-number embeddings; `~ Name` → `Name`. */
export function cleanAuthor(raw: string): ParsedAuthor {
  let a = raw.replace(MARKS, '').trim();
  let nonContact = false;
  if (a.charCodeAt(0) === 0x7e /* ~ */) {
    nonContact = true;
    a = a.slice(1).replace(/^[ \u00a0\u202f]+/, '');
  }
  return { author: a, nonContact };
}

const DELETED = /^(?:This message was deleted|You deleted this message|This message was deleted by admin .+)\.?$/;
const EDITED = /[ \u00a0\u202f]*[\u200e\u200f]?<This message was edited>[\u200e\u200f]?$/;
const ATTACHED_TEST = /< ?attached: [^>\n]+>/;
const ATTACHED = /[\u200e\u200f]?< ?attached: ([^>\n]+?) ?>/g;
const FILE_ATTACHED = /^[\u200e\u200f]?(.+?) (?:<[\u200e\u200f]?attached>|\((?:file attached|archivo adjunto|Datei angehängt|fichier joint|file allegato|arquivo anexado|bestand bijgevoegd|plik załączony|dosya ekli)\))$/;
const MEDIA_OMITTED = /^<?(?:Media omitted|Multimedia omitido|Medien ausgeschlossen|Médias omis|Media omessi|Mídia oculta|(?:image|video|audio|sticker|GIF|document|Contact card|media|voice message) omitted)>?$/i;
const DOC_LABEL = /^.+ • \d+ pages?$/;
const LOCATION = /^(?:location|Location|live location|Live location): (https?:\/\/\S+)/;
const LIVE = /^(?:live location|Live location): /;

export interface ParsedBody {
  text: string;
  attachments: ChatExportAttachment[];
  edited: boolean;
  deleted: boolean;
  mediaOmitted: boolean;
  kind: ChatExportMessageKind;
  poll?: ChatExportPoll;
  location?: ChatExportLocation;
}

function parsePoll(lines: string[]): ChatExportPoll | undefined {
  const clean = lines.map((l) => l.replace(LEADING_MARKS, ''));
  if (clean[0] !== 'POLL:' || clean.length < 2) return undefined;
  const options: ChatExportPoll['options'] = [];
  for (const l of clean.slice(2)) {
    const m = /^OPTION: (.*?)(?: \((\d+) votes?\))?$/.exec(l);
    if (!m) return undefined;
    options.push({ text: m[1]!, votes: m[2] === undefined ? null : +m[2] });
  }
  return { question: clean[1]!, options };
}

function parseLocation(url: string): ChatExportLocation {
  const m = /[?&](?:q|query|ll)=(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/.exec(url);
  return { url, latitude: m ? +m[1]! : null, longitude: m ? +m[2]! : null };
}

/** Split a message body into its text and what WhatsApp wrote around it. */
export function parseBody(raw: string): ParsedBody {
  let text = raw;
  let edited = false;
  const attachments: ChatExportAttachment[] = [];
  // Fast path: plain text without any marker WhatsApp writes (markers need `<`, `(`, a mark,
  // or are short fixed phrases).
  const c0 = text.charCodeAt(0);
  if (c0 !== 0x200e && c0 !== 0x200f && text.indexOf('<') === -1 && text.indexOf('(') === -1) {
    // Without `<`, the only markers left start with T/Y (deleted), end with `omitted`, or
    // start with POLL: / location: / live location:.
    if ((c0 === 0x54 || c0 === 0x59) && DELETED.test(text)) {
      return { text: '', attachments, edited, deleted: true, mediaOmitted: false, kind: 'deleted' };
    }
    if (text.endsWith('omitted') && MEDIA_OMITTED.test(text)) {
      return { text: '', attachments, edited, deleted: false, mediaOmitted: true, kind: 'media' };
    }
    if (c0 !== 0x50 && c0 !== 0x6c && c0 !== 0x4c) return { text, attachments, edited, deleted: false, mediaOmitted: false, kind: 'text' };
  }
  if (text.indexOf('<This message was edited>') !== -1 && EDITED.test(text)) {
    edited = true;
    text = text.replace(EDITED, '');
  }
  const trimmed = text.replace(LEADING_MARKS, '');
  if (DELETED.test(trimmed)) {
    return { text: '', attachments, edited, deleted: true, mediaOmitted: false, kind: 'deleted' };
  }
  if (MEDIA_OMITTED.test(trimmed.replace(MARKS, ''))) {
    return { text: '', attachments, edited, deleted: false, mediaOmitted: true, kind: 'media' };
  }
  if (text.indexOf('attached: ') !== -1 && ATTACHED_TEST.test(text)) {
    text = text.replace(ATTACHED, (_m, name: string) => {
      attachments.push({ fileName: name.replace(MARKS, '').trim() });
      return '';
    });
    const lines = text.split('\n');
    const first = lines[0]!.replace(MARKS, '').trim();
    lines[0] = DOC_LABEL.test(first) ? '' : first;
    text = lines.join('\n').replace(/^\n+/, '').replace(/\s+$/, '');
  } else {
    const nl = text.indexOf('\n');
    const firstLine = nl === -1 ? text : text.slice(0, nl);
    const m = firstLine.endsWith(')') || firstLine.endsWith('attached>') ? FILE_ATTACHED.exec(firstLine) : null;
    if (m) {
      attachments.push({ fileName: m[1]!.replace(MARKS, '').trim() });
      text = nl === -1 ? '' : text.slice(nl + 1);
    } else {
      text = text.replace(LEADING_MARKS, '');
    }
  }
  if (attachments.length > 0) return { text, attachments, edited, deleted: false, mediaOmitted: false, kind: 'media' };
  if (text.startsWith('POLL:')) {
    const poll = parsePoll(text.split('\n'));
    if (poll) return { text: text.split('\n').map((l) => l.replace(LEADING_MARKS, '')).join('\n'), attachments, edited, deleted: false, mediaOmitted: false, kind: 'poll', poll };
  }
  const loc = LOCATION.exec(text);
  if (loc) return { text, attachments, edited, deleted: false, mediaOmitted: false, kind: 'location', location: parseLocation(loc[1]!) };
  return { text, attachments, edited, deleted: false, mediaOmitted: false, kind: 'text' };
}
