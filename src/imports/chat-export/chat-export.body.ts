import type {
  ChatExportAttachment,
  ChatExportLocation,
  ChatExportMessageKind,
  ChatExportOmittedMedia,
  ChatExportPoll,
  OmittedMediaKind,
} from './chat-export.types.js';
import {
  ANDROID_MEDIA_OMITTED,
  CONTACT_NOTICE_SOURCES,
  DELETED_WORDINGS,
  ENCRYPTION_NOTICE_STARTS,
  IOS_OMITTED,
  MISSED_CALLS,
} from './chat-export.wordings.js';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Direction marks and embeddings that phones sprinkle around names and markers. */
const MARKS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LEADING_MARKS = /^[\u200e\u200f\u202a-\u202e\u2066-\u2069]+/;

/**
 * Things WhatsApp itself writes into a chat (English exports). Matched against the part before
 * the first `: ` so that a group event containing a colon (a subject `"Rota: May"`) is not read
 * as a message from an author called `Alice changed the subject from "Rota`.
 */
const SYSTEM_EVENT =
  /(?:^|\s)changed to \u202a?\+|(?:^|\s)(?:created group|created this group|changed the subject|changed the group|changed this group|deleted this group|(?:changed|deleted|reset) this group's|changed the settings|changed their phone number|changed to a new number|added|removed|left|joined using|joined from|joined via|was added|were added|is now an admin|are now an admin|no longer an admin|pinned a message|turned on disappearing|turned off disappearing|changed the message timer|updated the message timer|reset this group|started a call|started a video call|requested to join|security code|turned on admin approval|turned off admin approval|uses a default timer for disappearing messages|created event)(?:\s|$|[.,])|^Messages and calls are end-to-end encrypted|^Messages to this group are now secured|^Your security code|^You're now an admin|^You are now an admin|^This chat is with|^This business|^Disappearing messages|^You blocked this contact|^You unblocked this contact|^You joined|^You were added|^You left|^You're no longer an admin/;

/** The encryption notice's start in German, French, Spanish, Portuguese, Italian and Dutch. */
const ENCRYPTION_SIX =
  'Les messages envoyés dans cette discussion|Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt|Les messages et (?:les )?appels sont chiffrés de bout en bout|Los mensajes y (?:las )?llamadas están cifrados de extremo a extremo|As mensagens e (?:as )?chamadas (?:são|estão) (?:protegidas com a criptografia de ponta a ponta|encriptadas ponto a ponto)|I messaggi e le chiamate sono crittografati end-to-end|Berichten en (?:oproepen|gesprekken) zijn end-to-end versleuteld';

/**
 * The same notices in the other languages councils meet most (German, French, Spanish,
 * Portuguese, Italian, Dutch): the encryption notice and the group events.
 */
const SYSTEM_EVENT_INTL = new RegExp(
  [
    // Encryption notices.
    `^(?:Messages to this chat and calls are now secured|Messages you send to this chat and calls are now secured|${ENCRYPTION_SIX})`,
    // German.
    ' hat die Gruppe „| hat die Gruppe "| hat (?:.+ )?hinzugefügt\\.?$| hat (?:.+ )?entfernt\\.?$| hat die Gruppe verlassen| hat den Betreff | hat den Gruppennamen | hat das Gruppenbild | hat die Gruppenbeschreibung | ist über den Einladungslink | hat (?:seine|ihre|die) Telefonnummer | hat selbstlöschende Nachrichten |^Deine Sicherheitsnummer für |^Du wurdest hinzugefügt|^Du hast die Gruppe ',
    // French.
    " a créé le groupe | a ajouté | a retiré | est parti(?:e)?\\.?$| a quitté le groupe| a changé le sujet | a modifié le sujet | a changé (?:l’|l')icône | a modifié (?:l’|l')icône | a modifié la description | a rejoint (?:ce groupe|le groupe) | a changé de numéro|^Votre code de sécurité avec | a activé les messages éphémères| a désactivé les messages éphémères|^Vous avez été ajouté",
    // Spanish.
    ' creó el grupo | añadió a | agregó a | eliminó a | salió del grupo|^.+ salió\\.?$| cambió el asunto | cambió el nombre del grupo | cambió el (?:ícono|icono) | cambió la (?:imagen|descripción) del grupo| se unió (?:usando|con) el enlace| cambió su número de teléfono|^Tu código de seguridad con | activó los mensajes temporales| desactivó los mensajes temporales|^Te añadieron|^Se te añadió',
    // Portuguese.
    ' criou o grupo | adicionou | removeu | saiu\\.?$| saiu do grupo| mudou o assunto | alterou o assunto | mudou o nome do grupo | alterou o nome do grupo | mudou a imagem | alterou a imagem | mudou a descrição | alterou a descrição | entrou usando o link| mudou seu número| mudou o número de telefone|^Seu código de segurança com |^O seu código de segurança com | ativou as mensagens temporárias| desativou as mensagens temporárias|^Você foi adicionado',
    // Italian.
    " ha creato il gruppo | ha aggiunto | ha rimosso | è uscit[oa]\\.?$| ha abbandonato il gruppo| ha cambiato l'oggetto | ha modificato l'oggetto | ha cambiato l'immagine | ha modificato l'immagine | ha modificato la descrizione | si è unit[oa] tramite il link| ha cambiato il (?:suo )?numero|^Il tuo codice di sicurezza con | ha attivato i messaggi effimeri| ha disattivato i messaggi effimeri|^Sei stato aggiunto",
    // Dutch.
    ' heeft groep | heeft de groep ".+" gemaakt| heeft (?:.+ )?toegevoegd\\.?$| heeft (?:.+ )?verwijderd\\.?$| heeft de groep verlaten| is vertrokken\\.?$| heeft het onderwerp | heeft de groepsnaam | heeft de groepsafbeelding | heeft de groepsbeschrijving | neemt deel via de uitnodigingslink| is lid geworden via de uitnodigingslink| heeft een nieuw telefoonnummer|^Je beveiligingscode met | heeft verdwijnende berichten |^Je bent toegevoegd',
  ].join('|'),
);

/**
 * The encryption notice and a one-to-one chat's notices in the other languages (chat-export.wordings.ts), each known by
 * how it starts: one regular expression anchored at the start, kept apart from the ones above (an alternative anchored
 * inside those made every test of them slower).
 */
const NOTICE_MORE = new RegExp(`^(?:${[...ENCRYPTION_NOTICE_STARTS.map(escape), ...CONTACT_NOTICE_SOURCES].join('|')})`);
/** The encryption notice and a one-to-one chat's notices in any language but English. */
const NOTICE_NOT_ENGLISH = new RegExp(
  `^(?:${ENCRYPTION_SIX}|${[...ENCRYPTION_NOTICE_STARTS.map(escape), ...CONTACT_NOTICE_SOURCES].join('|')})`,
);

/**
 * Lines WhatsApp writes in someone's place: the message they deleted, a call. The person stays
 * the author, but the words are WhatsApp's, so the message is a system one.
 */
const DELETED_SIX =
  /^(?:This message was deleted|You deleted this message|This message was deleted by admin .+|This message was deleted by an admin|You deleted this message as (?:an )?admin|Diese Nachricht wurde gelöscht|Du hast diese Nachricht gelöscht|Ce message a été supprimé|Vous avez supprimé ce message|Se eliminó este mensaje|Eliminaste este mensaje|Este mensaje fue eliminado|Esta mensagem foi apagada|Você apagou esta mensagem|Apagou esta mensagem|Mensagem apagada|Questo messaggio è stato eliminato|Hai eliminato questo messaggio|Dit bericht is verwijderd|Je hebt dit bericht verwijderd|U heeft dit bericht verwijderd)\.?$/;
/**
 * Whole-message wordings, looked up without hashing most messages: only a text whose length and first
 * character some wording has is looked up (every short message passes through here).
 */
class Wordings {
  private readonly words: Set<string>;
  private readonly firsts = new Set<number>();
  private min = Infinity;
  private max = 0;
  constructor(list: readonly string[]) {
    this.words = new Set(list);
    for (const w of list) {
      this.firsts.add(w.charCodeAt(0));
      this.min = Math.min(this.min, w.length);
      this.max = Math.max(this.max, w.length);
    }
  }
  has(text: string): boolean {
    return text.length >= this.min && text.length <= this.max && this.firsts.has(text.charCodeAt(0)) && this.words.has(text);
  }
}
/** The same in the other languages (chat-export.wordings.ts), with or without a full stop. */
const DELETED_MORE = new Wordings(DELETED_WORDINGS.flatMap((w) => (w.endsWith('.') ? [w, w.slice(0, -1)] : [w, `${w}.`])));
/** WhatsApp's line in place of a deleted message, in any language it knows. */
function isDeleted(plain: string): boolean {
  return DELETED_SIX.test(plain) || DELETED_MORE.has(plain);
}

const CALL =
  /^(?:Missed (?:group )?(?:voice|video) call|(?:Group )?(?:[Vv]oice|[Vv]ideo) call|Verpasster (?:Sprach|Video|Gruppen)anruf|Sprachanruf|Videoanruf|Appel (?:vocal|vidéo)(?: de groupe)? manqué|Appel (?:vocal|vidéo)|Llamada (?:de voz |de video |grupal )?perdida|Videollamada perdida|Llamada de voz|Videollamada|Chamada de (?:voz|vídeo)(?: em grupo)? perdida|Chamada de (?:voz|vídeo)|Chiamata (?:vocale|video)(?: di gruppo)? persa|Videochiamata persa|Chiamata vocale|Videochiamata|Gemiste (?:spraakoproep|video-oproep|groepsoproep)|Spraakoproep|Video-oproep)(, .*)?$/;

/** The missed ones among CALL's wordings. */
const MISSED_CALL = /^(?:Missed |Verpasster |Gemiste )| manqué$| perdida$| persa$/;

/** Missed calls in the other languages (chat-export.wordings.ts), matched whole. */
const MISSED_CALL_MORE = new Wordings(MISSED_CALLS);

/** WhatsApp's stand-in for a message it could not decrypt on the exporting phone. */
const PLACEHOLDER =
  /^(?:Waiting for this message\. This may take a while\.|Waiting for this message\. Check your phone\.|Esperando el mensaje\. Esto puede tomar tiempo\.|Warten auf diese Nachricht\. Dies kann etwas dauern\.)$/;

/** Media WhatsApp left out of an export made without media, by kind, in each language. */
const OMITTED: [OmittedMediaKind, string[]][] = [
  [
    'media',
    [
      'Media omitted',
      'Multimedia omitido',
      'Medien ausgeschlossen',
      'Médias omis',
      'Mídia oculta',
      'Arquivo de mídia oculto',
      'Media omessi',
      'Media weggelaten',
    ],
  ],
  [
    'photo',
    [
      'image omitted',
      'imagen omitida',
      'Bild weggelassen',
      'image absente',
      'imagem ocultada',
      'imagem não revelada',
      'immagine omessa',
      'afbeelding weggelaten',
    ],
  ],
  [
    'video',
    [
      'video omitted',
      'video note omitted',
      'video omitido',
      'vídeo omitido',
      'Video weggelassen',
      'vidéo absente',
      'vídeo oculto',
      'vídeo não revelado',
      'video omesso',
      'video weggelaten',
    ],
  ],
  [
    'audio',
    [
      'audio omitted',
      'voice message omitted',
      'audio omitido',
      'Audio weggelassen',
      'audio omis',
      'áudio ocultado',
      'áudio omitido',
      'ficheiro de áudio não revelado',
      'audio omesso',
      'audio weggelaten',
    ],
  ],
  [
    'sticker',
    [
      'sticker omitted',
      'sticker omitido',
      'Sticker weggelassen',
      'sticker omis',
      'figurinha omitida',
      'sticker não revelado',
      'sticker non incluso',
      'sticker weggelaten',
    ],
  ],
  ['gif', ['GIF omitted', 'GIF omitido', 'GIF weggelassen', 'GIF retiré', 'GIF não revelada', 'GIF esclusa', 'GIF weggelaten']],
  [
    'document',
    [
      'document omitted',
      'documento omitido',
      'Dokument weggelassen',
      'document manquant',
      'document omis',
      'documento oculto',
      'documento não revelado',
      'documento omesso',
      'document weggelaten',
    ],
  ],
  [
    'contact',
    [
      'Contact card omitted',
      'Tarjeta de contacto omitida',
      'Kontaktkarte ausgelassen',
      'Kontaktkarte weggelassen',
      'Fiche contact manquante',
      'Cartão de contato omitido',
      'Contacto não revelado',
      'Scheda contatto omessa',
      'Contactkaart weggelaten',
    ],
  ],
];
const OMITTED_KIND = new Map<string, OmittedMediaKind>();
for (const [kind, phrases] of OMITTED) for (const p of phrases) OMITTED_KIND.set(p.toLowerCase(), kind);
/** `<Media omitted>`, `image omitted`, and iOS's `Tenancy.pdf • 3 pages document omitted` (label first). */
const MEDIA_OMITTED = new RegExp(`^(?:(.*\\S)[ \\u00a0]+)?<?(${[...OMITTED_KIND.keys()].map(escape).join('|')})>?$`, 'i');
/**
 * The other languages' omitted media (chat-export.wordings.ts): Android's in angle brackets, iOS's
 * by kind when the line carries iOS's direction mark (or brackets), a document's label before it.
 */
const OMITTED_MORE_KIND = new Map<string, OmittedMediaKind>();
for (const p of ANDROID_MEDIA_OMITTED) OMITTED_MORE_KIND.set(p, 'media');
for (const [kind, phrases] of IOS_OMITTED) for (const p of phrases) OMITTED_MORE_KIND.set(p, kind);
const ANDROID_OMITTED_MORE = new RegExp(`^<\\s?(${ANDROID_MEDIA_OMITTED.map(escape).join('|')})\\s?>$`, 'i');
const IOS_OMITTED_MORE = new RegExp(
  `^(?:(.*\\S)[ \\u00a0]+)?<?(${IOS_OMITTED.flatMap(([, phrases]) => phrases)
    .map(escape)
    .join('|')})>?$`,
  'i',
);
/** Cheap pre-check: every omitted-media phrase ends in one of these letters (or `>`). */
const OMITTED_LAST = new Set([...OMITTED_KIND.keys()].map((k) => k.charCodeAt(k.length - 1)).concat(0x3e));

const OMITTED_NOTE: Record<OmittedMediaKind, string> = {
  photo: 'Photo not included in the export',
  video: 'Video not included in the export',
  audio: 'Audio not included in the export',
  sticker: 'Sticker not included in the export',
  gif: 'GIF not included in the export',
  document: 'Document not included in the export',
  contact: 'Contact card not included in the export',
  media: 'Media not included in the export',
};

/** The note shown for omitted media of this kind (and the document's label, if any). */
export function omittedMediaNote(m: ChatExportOmittedMedia): string {
  return m.label ? `${OMITTED_NOTE[m.kind]}: ${m.label}` : OMITTED_NOTE[m.kind];
}

/** Lines longer than this are never one of WhatsApp's fixed markers (the longest is ~60). */
const MAX_MARKER = 160;

/**
 * Notices older iOS exports wrote without the left-to-right mark, worded so that nobody
 * types them by accident.
 */
const UNMARKED_IOS_NOTICE =
  /^(?:Messages and calls are end-to-end encrypted\. |Messages to this group are now secured with end-to-end encryption\. |Your security code with .+ changed\. |.+ changed their phone number to a new number\. |.+ created group “[^”\n]*”$|.+ changed the (?:group name|subject) (?:from “[^”\n]*” )?to “[^”\n]*”$|.+ changed this group's icon$|.+ changed the group description$|.+ joined using this group's invite link$)/;

export function isUnmarkedIosNotice(text: string): boolean {
  return UNMARKED_IOS_NOTICE.test(text);
}

/**
 * Does the text open a quotation it does not close: the part before a `: ` inside a group event's quoted
 * subject (`Sam Sample utworzył(a) grupę „Remont` of `… „Remont: klatka 2”`)? No name a phone saves does.
 */
export function opensQuotation(text: string): boolean {
  let open = 0;
  let straight = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x201e /* „ */ || c === 0xab /* « */) open++;
    // “ opens in English and closes a German „…“.
    else if (c === 0x201c) open += open > 0 ? -1 : 1;
    else if ((c === 0x201d /* ” */ || c === 0xbb) /* » */ && open > 0) open--;
    else if (c === 0x22) straight++;
  }
  return open > 0 || straight % 2 === 1;
}

export function isSystemEvent(text: string): boolean {
  const t = text.replace(LEADING_MARKS, '');
  return SYSTEM_EVENT.test(t) || SYSTEM_EVENT_INTL.test(t) || NOTICE_MORE.test(t);
}

/**
 * iOS content that starts with a direction mark but belongs to a participant: an attachment,
 * omitted media, a poll, a location, or WhatsApp's marker for their deleted message or call.
 */
export function isParticipantMarker(content: string): boolean {
  const t = content.replace(LEADING_MARKS, '');
  if (ATTACHED_TEST.test(t) || t.startsWith('POLL:') || LOCATION.test(t)) return true;
  if (t.length > MAX_MARKER) return false;
  const plain = t.replace(MARKS, '');
  return (
    isDeleted(plain) ||
    CALL.test(plain) ||
    MISSED_CALL_MORE.has(plain) ||
    MEDIA_OMITTED.test(plain) ||
    omittedMore(plain, true) !== null ||
    PLACEHOLDER.test(plain)
  );
}

/** One wording of WhatsApp's in a language other than English (see `hasWhatsAppWordsNotInEnglish`). */
function isWordingNotInEnglish(s: string): boolean {
  const t = s.replace(LEADING_MARKS, '');
  if (NOTICE_NOT_ENGLISH.test(t)) return true;
  if (t.length > MAX_MARKER) return false;
  const plain = t.replace(MARKS, '');
  if (isDeleted(plain)) return !/^(?:This message|You deleted)/.test(plain);
  if (MISSED_CALL_MORE.has(plain) || ANDROID_OMITTED_MORE.test(plain)) return true;
  if (t !== s && IOS_OMITTED_MORE.test(plain)) return true;
  const file = WA_FILE_ATTACHED.exec(plain);
  return file !== null && !plain.endsWith('(file attached)');
}

/**
 * Does a header's rest (`Author: text`, or a notice) hold WhatsApp's own words in a language other than English: the
 * encryption notice, a one-to-one chat's notice, a deleted message, a missed call, omitted media, an attached file's
 * phrase? Android writes a notice with nothing before it; iOS after the chat's name and `: `; a deleted message or a
 * missed call stands after its sender's `: `. Nobody types these, so they show the phone's language.
 */
export function hasWhatsAppWordsNotInEnglish(rest: string): boolean {
  if (isWordingNotInEnglish(rest)) return true;
  const k = rest.indexOf(': ');
  return k !== -1 && isWordingNotInEnglish(rest.slice(k + 2));
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

const EDITED_WORDS =
  'This message was edited|Diese Nachricht wurde bearbeitet|Ce message a été modifié|Se editó este mensaje\\.?|Mensagem editada|Esta mensagem foi editada|Questo messaggio è stato modificato|Dit bericht is bewerkt|Bericht bewerkt|Bu mesaj düzenlendi';
const EDITED = new RegExp(`[ \\u00a0\\u202f]*[\\u200e\\u200f]?<(?:${EDITED_WORDS})>[\\u200e\\u200f]?$`);
/** Cheap pre-check before EDITED: how each wording ends (Turkish `<Bu mesaj düzenlendi>` by `düzenlendi>`). */
const EDITED_TAIL = /bewerkt>|edited>|bearbeitet>|modifié>|mensaje\.?>|editada>|modificato>|düzenlendi>/;
const ATTACHED_WORDS =
  '(?:attached|Anhang|angehängt|adjunto|anexado|anexo|allegato|bijlage|bijgevoegd|pièce jointe|załączono|atașare|прикреплено|додано|eklendi|bifogat|vedlagt|vedhæftet|liite|příloha|príloha|csatolva|priloženo|επισυνάφθηκε|المُرفق|پیوست|מצורף|附件|đính kèm|terlampir|dilampir) ?:';
const ATTACHED_TEST = new RegExp(`< ?${ATTACHED_WORDS} [^>\\n]+>`);
const ATTACHED = new RegExp(`[\\u200e\\u200f]?< ?${ATTACHED_WORDS} ([^>\\n]+?) ?>`, 'g');
/**
 * Android's attachment line, `Letter_arrears.pdf (file attached)`, in the languages whose phrase is known (WhatsApp's
 * `email_file_attached`). A document keeps the name it was sent under, so only the phrase tells it from text: Russian
 * `(файл добавлен)`, Ukrainian `(файл додано)`, Portugal's `(ficheiro anexado)` beside Brazil's `(arquivo anexado)`,
 * Slovak `(súbor pripojený)`, Czech `(soubor byl přiložen)`. The whole first line, so a phrase inside a sentence is text.
 */
const FILE_ATTACHED =
  /^[\u200e\u200f]?(.+?) (?:<[\u200e\u200f]?attached>|\((?:file attached|archivo adjunto|Datei angehängt|fichier joint|file allegato|arquivo anexado|ficheiro anexado|bestand bijgevoegd|plik załączony|dosya ekli|файл добавлен|файл додано|súbor pripojený|soubor byl přiložen)\))$/;
/**
 * A file WhatsApp named itself (`IMG-20240115-WA0003.jpg`, `PTT-…opus`) followed by one bracketed phrase: Android's
 * "(file attached)" in any language (`(fișier atașat)`). Only that name's shape, so typed text is never taken.
 */
const WA_FILE_ATTACHED = /^[\u200e\u200f]?((?:IMG|VID|AUD|PTT|DOC|STK)-\d{8}-WA\d{4,}\.[A-Za-z0-9]{1,5}) \([^()\n]{1,40}\)$/;
/** iOS's label before a document: `Tenancy.pdf • 3 pages` (the count in any language). */
const DOC_LABEL = /^.+ • \d+ \S+$/;
/** A document's file name, as iOS writes it before "document omitted" when it has no page count (`Budget.xlsx`). */
const FILE_NAME = /^[^\n]*\S\.[A-Za-z0-9]{1,5}$/;
/** File names WhatsApp shows as pictures, films, sound or stickers rather than documents. */
const NOT_DOCUMENT = /\.(?:jpe?g|png|gif|webp|heic|mp4|mov|3gp|avi|mkv|opus|ogg|m4a|aac|mp3|amr|wav|vcf)$/i;
const LOCATION = /^(?:location|Location|live location|Live location): (https?:\/\/\S+)/;

export interface ParsedBody {
  text: string;
  attachments: ChatExportAttachment[];
  edited: boolean;
  deleted: boolean;
  mediaOmitted: boolean;
  omittedMedia: ChatExportOmittedMedia | null;
  note: string | null;
  /** WhatsApp's words in the author's place (deleted, call): a system message with an author. */
  system: boolean;
  kind: ChatExportMessageKind;
  poll?: ChatExportPoll;
  location?: ChatExportLocation;
}

const plainBody = (
  text: string,
  attachments: ChatExportAttachment[],
  edited: boolean,
  kind: ChatExportMessageKind,
  note: string | null = null,
): ParsedBody => ({
  text,
  attachments,
  edited,
  deleted: false,
  mediaOmitted: false,
  omittedMedia: null,
  note,
  system: false,
  kind,
});

/** Omitted media: WhatsApp's words in the sender's place, not the sender's: a system line that keeps its author and a note. */
function omittedBody(omittedMedia: ChatExportOmittedMedia, edited: boolean): ParsedBody {
  return {
    text: '',
    attachments: [],
    edited,
    deleted: false,
    mediaOmitted: true,
    omittedMedia,
    note: omittedMediaNote(omittedMedia),
    system: true,
    kind: 'media',
  };
}

/** A placeholder or a call: WhatsApp's words in the sender's place, kept as the text of a system line with its author. */
function wordsBody(text: string, kind: 'system' | 'call'): ParsedBody {
  return { text, attachments: [], edited: false, deleted: false, mediaOmitted: false, omittedMedia: null, note: null, system: true, kind };
}

/**
 * Android writes `null` as the whole text of a view-once photo, video or voice message (`18/06/2024, 15:02 - Sam: null`):
 * the media is never exported. A person can type "null" too, so the line is neither dropped nor shown as their words:
 * it keeps its author as WhatsApp's line in their place, and its note says what the export holds, for the records
 * officer to judge. Only the exact word on an Android line: "Null", "null?" or "null and void" are text, and iOS
 * writes no such line.
 */
const VIEW_ONCE_NOTE = 'View-once media not included in the export (the export shows only "null")';

/**
 * A whole-message marker (deleted, call, omitted media, view-once media) in `plain` (marks removed), or null. `ios`:
 * the line is an iOS one, where WhatsApp marks its call lines with a left-to-right mark.
 */
function markerBody(plain: string, marked: boolean, edited: boolean, ios: boolean): ParsedBody | null {
  if (plain.length > MAX_MARKER) return null;
  if (plain === 'null' && !ios) {
    return {
      text: '',
      attachments: [],
      edited,
      deleted: false,
      mediaOmitted: false,
      omittedMedia: null,
      note: VIEW_ONCE_NOTE,
      system: true,
      kind: 'media',
    };
  }
  if (isDeleted(plain)) {
    return {
      text: '',
      attachments: [],
      edited,
      deleted: true,
      mediaOmitted: false,
      omittedMedia: null,
      note: null,
      system: true,
      kind: 'deleted',
    };
  }
  const last = plain.charCodeAt(plain.length - 1) | 0x20;
  if (OMITTED_LAST.has(last) || OMITTED_LAST.has(plain.charCodeAt(plain.length - 1))) {
    const m = MEDIA_OMITTED.exec(plain);
    if (m) {
      const kind = OMITTED_KIND.get(m[2]!.toLowerCase())!;
      const label = m[1]?.trim();
      // Only documents carry a label before the phrase (with its page count, or its file name alone); anything else before it is text.
      if (!label || (kind === 'document' && (DOC_LABEL.test(label) || FILE_NAME.test(label)))) {
        return omittedBody(label ? { kind, label } : { kind }, edited);
      }
    }
  }
  const more = plain.length > 0 ? omittedMore(plain, marked) : null;
  if (more) return omittedBody(more, edited);
  if (PLACEHOLDER.test(plain)) return wordsBody(plain, 'system');
  if (MISSED_CALL_MORE.has(plain)) return wordsBody(plain, 'call');
  const call = CALL.exec(plain);
  // A bare "Voice call" could be typed; WhatsApp's own call lines are marked (iOS) or exact. iOS marks every call line
  // it writes (`‎Video call, ‎24 min`), so there an unmarked "Video call" is the sender's answer to "voice or video?";
  // only an unmarked missed call is still read as one, as before. Android writes no mark, so an exact wording stays a call there.
  if (call && (marked || (call[1] === undefined && !(ios && !MISSED_CALL.test(plain))) || plain.startsWith('Missed')))
    return wordsBody(plain, 'call');
  return null;
}

/** Omitted media in the other languages: Android's only in brackets, iOS's only marked or in brackets. */
function omittedMore(plain: string, marked: boolean): ChatExportOmittedMedia | null {
  if (plain.charCodeAt(0) === 0x3c /* < */) {
    const m = ANDROID_OMITTED_MORE.exec(plain);
    if (m) return { kind: 'media' };
  }
  if (!marked && !plain.endsWith('>')) return null;
  const m = IOS_OMITTED_MORE.exec(plain);
  if (!m) return null;
  const kind = OMITTED_MORE_KIND.get(m[2]!.toLowerCase()) ?? 'media';
  const label = m[1]?.trim();
  // Only documents carry a label before the phrase; anything else before it is text.
  if (label && !(kind === 'document' && DOC_LABEL.test(label))) return null;
  return label ? { kind, label } : { kind };
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

/** Split a message body into its text and what WhatsApp wrote around it; `ios` for an iOS export's line. */
export function parseBody(raw: string, ios = false): ParsedBody {
  let text = raw;
  let edited = false;
  const attachments: ChatExportAttachment[] = [];
  const c0 = text.charCodeAt(0);
  const marked = c0 === 0x200e || c0 === 0x200f;
  // Fast path: plain text without any marker WhatsApp writes (markers need `<`, `(`, a mark,
  // or are short fixed phrases).
  if (!marked && text.indexOf('<') === -1 && text.indexOf('(') === -1) {
    if (text.length <= MAX_MARKER) {
      const m = markerBody(text, false, false, ios);
      if (m) return m;
    }
    if (c0 !== 0x50 && c0 !== 0x6c && c0 !== 0x4c) return plainBody(text, attachments, false, 'text');
  }
  if (text.indexOf('>') !== -1 && EDITED_TAIL.test(text) && EDITED.test(text)) {
    edited = true;
    text = text.replace(EDITED, '');
  }
  const trimmed = text.replace(LEADING_MARKS, '');
  const marker = trimmed.length <= MAX_MARKER ? markerBody(trimmed.replace(MARKS, ''), marked, edited, ios) : null;
  if (marker) return marker;
  let note: string | null = null;
  if (text.indexOf(':') !== -1 && ATTACHED_TEST.test(text)) {
    text = text.replace(ATTACHED, (_m, name: string) => {
      attachments.push({ fileName: name.replace(MARKS, '').trim() });
      return '';
    });
    const lines = text.split('\n');
    const first = lines[0]!.replace(MARKS, '').trim();
    // The label may be the file's own name, without the number iOS puts before it (`Budget.xlsx <attached: 00000021-Budget.xlsx>`).
    if (DOC_LABEL.test(first) || (attachments.length === 1 && first !== '' && attachments[0]!.fileName.replace(/^\d{8}-/, '') === first)) {
      // iOS writes a document's name and page count before it: keep it as a note, not text.
      note = `Document: ${first}`;
      lines[0] = '';
    } else lines[0] = first;
    text = lines.join('\n').replace(/^\n+/, '').replace(/\s+$/, '');
  } else {
    const nl = text.indexOf('\n');
    const firstLine = nl === -1 ? text : text.slice(0, nl);
    const m =
      firstLine.endsWith(')') || firstLine.endsWith('attached>')
        ? (FILE_ATTACHED.exec(firstLine) ?? (firstLine.endsWith(')') ? WA_FILE_ATTACHED.exec(firstLine) : null))
        : null;
    if (m) {
      attachments.push({ fileName: m[1]!.replace(MARKS, '').trim() });
      text = nl === -1 ? '' : text.slice(nl + 1);
    } else {
      text = text.replace(LEADING_MARKS, '');
    }
  }
  if (attachments.length > 0) {
    if (note === null) {
      const docs = attachments.filter((a) => !NOT_DOCUMENT.test(a.fileName));
      if (docs.length > 0) note = `Document: ${docs.map((a) => a.fileName).join(', ')}`;
    }
    return plainBody(text, attachments, edited, 'media', note);
  }
  if (text.startsWith('POLL:')) {
    const poll = parsePoll(text.split('\n'));
    if (poll)
      return {
        ...plainBody(
          text
            .split('\n')
            .map((l) => l.replace(LEADING_MARKS, ''))
            .join('\n'),
          attachments,
          edited,
          'poll',
        ),
        poll,
      };
  }
  const loc = LOCATION.exec(text);
  if (loc) return { ...plainBody(text, attachments, edited, 'location'), location: parseLocation(loc[1]!) };
  return plainBody(text, attachments, edited, 'text');
}
