import { safeDisplayName, sealFileName } from '../conversations/file-name.js';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditService } from '../audit/audit.service.js';
import type { CitizenRepository, Citizen } from '../citizens/citizen.repository.js';
import { type ConversationRepository, conversationIdFor } from '../conversations/conversation.repository.js';
import { decisionForRecord, inboundFlag, type PolicyChecker } from '../conversations/policy.port.js';
import { keyedAttachmentDigest } from '../conversations/message.js';
import type { Clock } from '../platform/clock.js';
import type { Cipher } from '../platform/crypto/cipher.js';
import { attachmentDigest, type Digester, type KeyedDigest } from '../platform/crypto/digest.js';
import { uuidv7 } from '../platform/crypto/uuid-v7.js';
import { authorize, can, teamScope } from '../access/authorize.js';
import type { Db, Queryable } from '../platform/db/db.client.js';
import type { AppError } from '../platform/errors.js';
import type { RecordInput, RecordsService } from '../records/records.service.js';
import type { StaffRepository } from '../staff/staff.repository.js';
import type { Actor } from '../staff/staff.types.js';
import { ChatExportError } from './chat-export/chat-export.errors.js';
import { parseChatExport } from './chat-export/chat-export.parser.js';
import type { ChatExportMessage, DateOrder } from './chat-export/chat-export.types.js';
import { type ChatExportZip, openChatExportZip } from './chat-export/chat-export.zip.js';
import {
  importDiskSpace,
  importAuthorsUnmapped,
  importCaseAmbiguous,
  importCitizenNotFound,
  importInProgress,
  importNotFound,
  importStaffOutsideTeam,
  importStaffUnknown,
} from './chat-import.errors.js';
import type { AuthorRole, ImportOptions } from './chat-import.types.js';
import type { ImportBatchRepository } from './import-batch.repository.js';
import type { AttachmentStore, WrittenContent } from '../conversations/attachment-store.js';

/** Imported chats live in their own conversation per citizen: they came from a staff phone, not the council's number. */
export const IMPORTED_CHANNEL = 'imported';
export const IMPORT_JOB = 'imports.chat-export';
// Rows per insert statement and per transaction: big enough to reach thousands of
// messages a second, small enough that one transaction stays short.
const CHUNK = 1000;
// And bytes per transaction (message text, plus media files first met in it): a chunk is committed
// early when it reaches this, so memory and transaction size stay bounded whatever the messages hold.
const CHUNK_BYTES = 8 * 1024 * 1024;
const MAX_MEDIA_BYTES = 64 * 1024 * 1024;

export type { AuthorRole, ImportOptions } from './chat-import.types.js';

export interface InspectResult {
  sha256: string;
  bytes: number;
  /** What the file's content expands to (a zip's entries; a text file's own size). */
  contentBytes: number;
  kind: 'txt' | 'zip';
  messages: number;
  systemMessages: number;
  /** Who wrote in the chat, most messages first, with a couple of their first lines to help say who they are. */
  authors: { name: string; messages: number; samples: string[] }[];
  first: string | null;
  last: string | null;
  mediaFiles: number;
  /** How the dates were read: the order used, who decided it, and the choices the user may be offered. */
  dateOrder: {
    used: DateOrder;
    source: 'user' | 'file' | 'locale';
    choices: DateOrder[];
    examples: Partial<Record<DateOrder, string>>;
  } | null;
}

export interface ImportSummary {
  batchId: string;
  alreadyImported: boolean;
  conversationId: string | null;
  messagesImported: number;
  messagesSkipped: number;
  flagged: number;
  attachmentsStored: number;
}

interface Prepared {
  m: ChatExportMessage;
  role: AuthorRole | null;
  id: string;
  key: string;
  decision: ReturnType<PolicyChecker['evaluate']> | null;
  flagged: string | null;
  sealed: { keyId: string; ciphertext: Buffer };
  /** The text's keyed digest (the row and the record carry it; never an unkeyed hash). */
  digest: KeyedDigest;
  /** The same message's dedupe key as an import under an older key would have stored it. */
  earlierKeys: string[];
  /** The message's attachments; `inZip`: the export holds the file (it is streamed in at commit). */
  media: { fileName: string; inZip: boolean }[];
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

async function isZip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(4);
    await fh.read(b, 0, 4, 0);
    return b.readUInt32LE(0) === 0x04034b50 || b.readUInt32LE(0) === 0x06054b50;
  } finally {
    await fh.close();
  }
}

async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    h.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), bytes };
}

const mediaTooLarge = () =>
  new ChatExportError('IMPORT_TOO_LARGE', `An attachment is larger than ${Math.round(MAX_MEDIA_BYTES / 1024 / 1024)} MB`);

/**
 * Imports a WhatsApp "Export chat" file (from a staff member's phone) into the
 * records: every message scanned by the policy engine (flagged, never blocked:
 * it was already sent), linked to the citizen and case, appended to the record
 * chain with its original time, the batch, the uploader and the file's SHA-256.
 * The same messages imported again are stored once.
 */
/**
 * The dedupe key of an imported message: the keyed digest of a SHA-256 over citizen, time, author, text and
 * file names, so the stored value gives nothing away (an unkeyed hash of "ok" at 09:01 could be guessed).
 * `earlier`: the keys an import under an older digest key, or from before keyed dedupe keys, stored, so an
 * overlapping export imported after a rotation still adds nothing twice (while the older key is configured).
 */
export function importDedupeKeys(digester: Digester, base: string, occurrence: number): { key: string; earlier: string[] } {
  const [current, ...older] = digester.keyIds;
  const keyed = (keyId: string) => `import:${keyId}:${digester.digestWith(keyId, base)}:${occurrence}`;
  return { key: keyed(current!), earlier: [...older.map(keyed), `import:${base}:${occurrence}`] };
}

export function createChatImportService(deps: {
  db: Db;
  citizens: CitizenRepository;
  staff: StaffRepository;
  conversations: ConversationRepository;
  batches: ImportBatchRepository;
  records: RecordsService;
  audit: AuditService;
  cipher: Cipher;
  digester: Digester;
  policy: PolicyChecker;
  clock: Clock;
  defaultTimeZone: string;
  /** The council's locale (LIAISE_LOCALE): day-first or month-first when an export's dates cannot tell. */
  locale?: string;
  /** Where media is stored: streamed from the zip, sealed in chunks. */
  attachments: Pick<AttachmentStore, 'writeContent'>;
  /** Free bytes where the embedded database writes; an import that would not fit is refused before it starts. */
  freeDiskBytes?: () => Promise<number>;
}) {
  const { db, citizens, conversations, batches, records, audit, cipher, policy, clock } = deps;

  async function openSource(
    path: string,
  ): Promise<{ kind: 'txt' | 'zip'; zip: ChatExportZip | null; open: () => Promise<NodeJS.ReadableStream> }> {
    if (await isZip(path)) {
      const zip = await openChatExportZip(path);
      return { kind: 'zip', zip, open: () => zip.openChat() };
    }
    return { kind: 'txt', zip: null, open: async () => createReadStream(path) };
  }

  /**
   * The content is written twice (the table and the database's write-ahead log), encrypted, with indexes and
   * records beside it: room for 2.5 times the content and 64 MiB besides, or the import is refused up front.
   */
  async function assertDiskRoom(contentBytes: number): Promise<void> {
    if (!deps.freeDiskBytes) return;
    const needed = Math.ceil(contentBytes * 2.5) + 64 * 1024 * 1024;
    const free = await deps.freeDiskBytes();
    if (free < needed) throw importDiskSpace({ neededMiB: Math.ceil(needed / 1048576), freeMiB: Math.floor(free / 1048576) });
  }

  /** How a failed import is recorded on its batch: the error's own code and message, or a generic one. */
  const failure = (e: AppError) => ({
    code: e.code ?? 'IMPORT_FAILED',
    message: e.code ? e.message.slice(0, 500) : 'The import stopped unexpectedly',
    now: clock.now(),
  });

  /** Reads the whole file once: proves it parses, and lists its authors, before anything is written. */
  async function inspect(path: string, opts: ImportOptions = {}): Promise<InspectResult> {
    const { sha256: digest, bytes } = await hashFile(path);
    const src = await openSource(path);
    try {
      const authors = new Map<string, number>();
      const samples = new Map<string, string[]>();
      let messages = 0;
      let systemMessages = 0;
      let first: string | null = null;
      let last: string | null = null;
      let dateOrder: InspectResult['dateOrder'] = null;
      const onFormat = (f: {
        dateOrder: DateOrder;
        dateOrderSource: 'user' | 'file' | 'locale';
        dateOrderChoices: DateOrder[];
        dateOrderExamples: Partial<Record<DateOrder, string>>;
      }) => {
        dateOrder = { used: f.dateOrder, source: f.dateOrderSource, choices: f.dateOrderChoices, examples: f.dateOrderExamples };
      };
      for await (const m of parseChatExport(src.open, {
        timeZone: opts.timeZone ?? deps.defaultTimeZone,
        dateOrder: opts.dateOrder,
        locale: deps.locale,
        onFormat,
      })) {
        if (m.system || m.author === null) systemMessages += 1;
        else {
          messages += 1;
          authors.set(m.author, (authors.get(m.author) ?? 0) + 1);
          const mine = samples.get(m.author) ?? [];
          const line = m.text.replace(/\s+/g, ' ').trim();
          if (mine.length < 2 && line) {
            mine.push(line.length > 80 ? `${line.slice(0, 79)}…` : line);
            samples.set(m.author, mine);
          }
        }
        first ??= m.localTime;
        last = m.localTime;
      }
      if (messages + systemMessages === 0) throw new ChatExportError('IMPORT_UNSUPPORTED_FORMAT', 'The file holds no chat messages');
      return {
        sha256: digest,
        bytes,
        contentBytes: src.zip?.totalBytes ?? bytes,
        kind: src.kind,
        messages,
        systemMessages,
        first,
        last,
        mediaFiles: src.zip?.mediaFileNames.length ?? 0,
        dateOrder,
        authors: [...authors]
          .map(([name, n]) => ({ name, messages: n, samples: samples.get(name) ?? [] }))
          .sort((a, b) => b.messages - a.messages),
      };
    } finally {
      src.zip?.close();
    }
  }

  async function resolveCitizen(actor: Actor, ref: { citizenId?: string; caseReference?: string }): Promise<Citizen> {
    let citizen: Citizen | null = null;
    if (ref.citizenId) citizen = await citizens.findById(db, ref.citizenId);
    else if (ref.caseReference) {
      const all = await citizens.list(db, teamScope(actor), ref.caseReference);
      const matches = all.filter((c) => c.caseReference === ref.caseReference);
      if (matches.length > 1) throw importCaseAmbiguous();
      citizen = matches[0] ?? null;
    }
    if (!citizen || !can(actor, 'citizen.read', { teamId: citizen.teamId })) throw importCitizenNotFound();
    return citizen;
  }

  /**
   * Decides who each author is. Given mappings win; otherwise an author whose
   * number is the citizen's is the citizen, the uploader's own name is the
   * uploader, and in a two-person chat the other one follows. Anything left is
   * returned so the caller can ask.
   */
  function mapAuthors(
    authors: string[],
    citizen: Citizen,
    uploader: { id: string; displayName: string },
    given: Record<string, AuthorRole>,
  ) {
    const map: Record<string, AuthorRole> = {};
    const digits = (s: string) => s.replace(/\D/g, '');
    for (const a of authors) {
      if (given[a]) map[a] = given[a];
      else if (digits(a).length >= 9 && digits(citizen.waNumber).endsWith(digits(a).replace(/^0+/, '').slice(-9)))
        map[a] = { role: 'citizen' };
      else if (a.trim().toLowerCase() === citizen.fullName.trim().toLowerCase()) map[a] = { role: 'citizen' };
      else if (a.trim().toLowerCase() === uploader.displayName.trim().toLowerCase() || a === 'You')
        map[a] = { role: 'staff', staffId: uploader.id };
    }
    const unresolved = authors.filter((a) => !map[a]);
    if (authors.length === 2 && unresolved.length === 1) {
      const known = map[authors.find((a) => map[a])!]!;
      if (known.role === 'citizen') map[unresolved[0]!] = { role: 'staff', staffId: uploader.id };
      else if (known.role === 'staff') map[unresolved[0]!] = { role: 'citizen' };
    }
    return { map, unresolved: authors.filter((a) => !map[a]) };
  }

  async function importFile(
    actor: Actor,
    input: {
      path: string;
      fileName: string;
      citizenId?: string;
      caseReference?: string;
      authors?: Record<string, AuthorRole>;
      options?: ImportOptions;
      batchId?: string;
    },
    onProgress?: (p: { messages: number; total: number }) => void,
  ): Promise<ImportSummary> {
    // Caseworkers import their own chats, records officers those gathered in an amnesty;
    // what they can import is limited to citizens they can see.
    authorize(actor, 'import.create');
    const citizen = await resolveCitizen(actor, input);
    const size = (await stat(input.path)).size;
    const info = await inspect(input.path, input.options);
    await assertDiskRoom(info.contentBytes);
    const existing = await batches.findDone(db, info.sha256, citizen.id, input.batchId ?? null);
    if (existing) {
      if (input.batchId) await batches.markAlreadyDone(db, input.batchId, clock.now());
      return {
        batchId: existing.id,
        alreadyImported: true,
        conversationId: existing.conversation_id,
        messagesImported: 0,
        messagesSkipped: info.messages,
        flagged: 0,
        attachmentsStored: 0,
      };
    }
    // The same file for the same citizen already on its way: say so rather than trip over the unique index.
    const inFlight = await batches.findInFlight(db, info.sha256, citizen.id, input.batchId ?? null);
    if (inFlight) throw importInProgress(inFlight);
    const uploader = (await deps.staff.findStaffById(db, actor.id))!;
    const { map, unresolved } = mapAuthors(
      info.authors.map((a) => a.name),
      citizen,
      uploader,
      input.authors ?? {},
    );
    if (unresolved.length) throw importAuthorsUnmapped({ authors: info.authors, unresolved });
    // Staff named as authors are real, and are the importer or someone in the citizen's team: a chat cannot be
    // put down to a colleague elsewhere in the council.
    for (const role of Object.values(map)) {
      if (role.role !== 'staff') continue;
      const member = await deps.staff.findStaffById(db, role.staffId);
      if (!member) throw importStaffUnknown();
      if (member.id !== actor.id && member.teamId !== citizen.teamId) throw importStaffOutsideTeam();
    }

    const now = clock.now();
    const batchId = input.batchId ?? randomUUID();
    const conversationId = await db.transaction(async (tx) => {
      const id = await conversations.ensureImportedConversation(tx, {
        id: conversationIdFor(citizen.teamId, IMPORTED_CHANNEL, citizen.waNumber),
        teamId: citizen.teamId,
        phoneNumberId: IMPORTED_CHANNEL,
        waNumber: citizen.waNumber,
        citizenId: citizen.id,
        caseId: citizen.caseId,
        openedBy: actor.id,
        now,
      });
      const messagesTotal = info.messages + info.systemMessages;
      if (input.batchId) {
        await batches.startRunning(tx, batchId, { conversationId: id, authorMap: map, messagesTotal, now });
      } else {
        await batches.insert(tx, {
          state: 'running',
          storedPath: null,
          id: batchId,
          fileSha256: info.sha256,
          // An export's name names the chat ("WhatsApp Chat with …"): only its extension is kept.
          fileName: safeDisplayName(input.fileName, null, 'export'),
          fileBytes: size,
          uploadedBy: actor.id,
          teamId: citizen.teamId,
          citizenId: citizen.id,
          caseId: citizen.caseId,
          conversationId: id,
          authorMap: map,
          options: input.options ?? {},
          messagesTotal,
          now,
        });
      }
      await records.append(tx, {
        kind: 'import.started',
        conversationId: id,
        citizenId: citizen.id,
        caseId: citizen.caseId,
        staffId: actor.id,
        payload: {
          batchId,
          fileSha256: info.sha256,
          fileBytes: size,
          format: info.kind,
          messages: info.messages,
          authors: Object.values(map).map((r) => r.role),
        },
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'import.started',
        subjectType: 'import_batch',
        subjectId: batchId,
        details: { citizenId: citizen.id, fileSha256: info.sha256 },
      });
      return id;
    });

    const src = await openSource(input.path);
    const seen = new Map<string, number>();
    let seenMinute = '';
    const totals = { imported: 0, skipped: 0, flagged: 0, attachments: 0, processed: 0 };
    let lastTime: Date | null = null;
    let chunk: ChatExportMessage[] = [];
    let chunkBytes = 0;
    const inZip = new Set(src.zip?.mediaFileNames ?? []);
    // Media files already counted towards a chunk's bytes, and those stored: each file in the export is
    // streamed into the database once, however many messages refer to it, and shared by their attachments.
    const sized = new Set<string>();
    const storedMedia = new Map<string, WrittenContent & { digest: KeyedDigest }>();

    // Two stages overlap: while one chunk's transaction runs in the database, the
    // next chunk is scanned and encrypted here (the database is the other core).
    let committing: Promise<void> = Promise.resolve();
    const flush = async () => {
      if (chunk.length === 0) return;
      const rows = chunk;
      chunk = [];
      // Prepare outside the transaction: policy scan, encryption, media reads.
      const prepared: Prepared[] = [];
      for (const m of rows) {
        const role = m.author ? map[m.author]! : null;
        const dedupeBase = sha256(
          `${citizen.id}|${m.wallTime}|${m.author ?? ''}|${m.text}|${m.attachments.map((a) => a.fileName).join(',')}`,
        );
        // Identical messages ("ok", "ok") in the same minute are distinct: number them. Only
        // the current minute is remembered, so memory stays flat however long the export.
        if (m.wallTime.slice(0, 16) !== seenMinute) {
          seen.clear();
          seenMinute = m.wallTime.slice(0, 16);
        }
        const occurrence = (seen.get(dedupeBase) ?? 0) + 1;
        seen.set(dedupeBase, occurrence);
        const dedupe = importDedupeKeys(deps.digester, dedupeBase, occurrence);
        const id = uuidv7();
        const decision = m.text
          ? policy.evaluate({ text: m.text, direction: 'import', attachments: m.attachments.map((a) => ({ fileName: a.fileName })) })
          : null;
        const flagged = inboundFlag(decision, policy.pack);
        // A line whose media the export left out keeps its note ("Photo not included in the export") as its text.
        const stored = m.text === '' && m.note ? `[${m.note}]` : m.text;
        const sealed = cipher.seal(stored, id);
        const media = m.attachments.map((a) => ({ fileName: a.fileName, inZip: inZip.has(a.fileName) }));
        const digest = deps.digester.digest(stored);
        prepared.push({ m, role, id, key: dedupe.key, earlierKeys: dedupe.earlier, decision, flagged, sealed, digest, media });
      }
      await committing;
      committing = commit(prepared, rows.length);
      // Surface a failure at the next await, not as an unhandled rejection.
      committing.catch(() => undefined);
    };

    const commit = async (prepared: Prepared[], processed: number) => {
      await db.transaction(async (tx) => {
        // A message imported before (under an older digest key, or before keyed dedupe keys) keeps its key:
        // inserting under that key makes it conflict and count as skipped, as under the current one.
        const taken = await conversations.existingProviderMessageIds(
          tx,
          prepared.flatMap((p) => p.earlierKeys),
        );
        const inserted = await conversations.insertImportedMessages(
          tx,
          prepared.map((p) => {
            const outbound = p.role?.role === 'staff';
            return {
              id: p.id,
              conversationId,
              direction: outbound ? 'outbound' : 'inbound',
              kind: p.m.system ? 'system' : p.m.kind,
              staffId: outbound && p.role?.role === 'staff' ? p.role.staffId : null,
              bodyCt: p.sealed.ciphertext,
              keyId: p.sealed.keyId,
              bodyDigest: p.digest.digest,
              digestKeyId: p.digest.keyId,
              dedupeKey: p.earlierKeys.find((k) => taken.has(k)) ?? p.key,
              sentAt: p.m.time,
              decision: p.decision?.decision ?? null,
              policy: p.decision ? decisionForRecord(p.decision) : null,
              flagged: p.flagged,
              importBatchId: batchId,
              // The export's name is kept only for someone who is neither the citizen nor staff ("someone else").
              authorLabel: p.role?.role === 'citizen' || p.role?.role === 'staff' ? null : p.m.author,
              createdAt: now,
            };
          }),
        );
        const recordInputs: RecordInput[] = [];
        for (const p of prepared) {
          if (!inserted.has(p.id)) {
            totals.skipped += 1;
            continue;
          }
          totals.imported += 1;
          if (p.flagged) totals.flagged += 1;
          for (const a of p.media) {
            if (!a.inZip) continue;
            let content = storedMedia.get(a.fileName);
            if (!content) {
              // Streamed from the zip entry through the cipher into the database; a damaged entry fails
              // this transaction and the import, leaving nothing of it behind.
              const written = await deps.attachments.writeContent(tx, await src.zip!.openMedia(a.fileName), {
                maxBytes: MAX_MEDIA_BYTES,
                tooLarge: mediaTooLarge,
              });
              content = { ...written, digest: attachmentDigest(deps.digester, written.sha256) };
              storedMedia.set(a.fileName, content);
            }
            const attachmentId = randomUUID();
            await conversations.insertAttachment(tx, {
              id: attachmentId,
              messageId: p.id,
              providerMediaId: null,
              mimeType: null,
              ...sealFileName(cipher, attachmentId, a.fileName),
              ...keyedAttachmentDigest(content.digest),
              sizeBytes: content.sizeBytes,
              contentId: content.contentId,
              state: 'stored',
            });
            totals.attachments += 1;
            recordInputs.push({
              kind: 'attachment.stored',
              conversationId,
              citizenId: citizen.id,
              caseId: citizen.caseId,
              messageId: p.id,
              staffId: actor.id,
              payload: { attachmentId, ...keyedAttachmentDigest(content.digest), sizeBytes: content.sizeBytes, source: 'import', batchId },
            });
          }
          recordInputs.push({
            kind: 'message.imported',
            conversationId,
            citizenId: citizen.id,
            caseId: citizen.caseId,
            messageId: p.id,
            staffId: actor.id,
            payload: {
              batchId,
              fileSha256: info.sha256,
              index: p.m.index,
              line: p.m.line,
              originalTime: p.m.time.toISOString(),
              localTime: p.m.localTime,
              ...(p.m.timeNote ? { timeNote: p.m.timeNote } : {}),
              authorRole: p.role?.role ?? 'system',
              system: p.m.system,
              bodyDigest: p.digest.digest,
              digestKeyId: p.digest.keyId,
              edited: p.m.edited,
              deleted: p.m.deleted,
              attachments: p.media.map((a) => ({ fileName: a.fileName, stored: a.inZip })),
              flagged: p.flagged,
              policy: p.decision ? decisionForRecord(p.decision) : null,
            },
          });
        }
        await records.appendMany(tx, recordInputs);
        await batches.addProgress(tx, batchId, {
          imported: inserted.size,
          skipped: prepared.length - inserted.size,
          flagged: prepared.filter((p) => inserted.has(p.id) && p.flagged).length,
          attachments: prepared.reduce((n, p) => n + (inserted.has(p.id) ? p.media.filter((a) => a.inZip).length : 0), 0),
          now: clock.now(),
        });
      });
      totals.processed += processed;
      onProgress?.({ messages: totals.processed, total: info.messages + info.systemMessages });
    };

    try {
      for await (const m of parseChatExport(src.open, {
        timeZone: input.options?.timeZone ?? deps.defaultTimeZone,
        dateOrder: input.options?.dateOrder,
        locale: deps.locale,
      })) {
        chunk.push(m);
        chunkBytes += Buffer.byteLength(m.text);
        for (const a of m.attachments) {
          if (sized.has(a.fileName) || !inZip.has(a.fileName)) continue;
          sized.add(a.fileName);
          chunkBytes += src.zip?.mediaSize(a.fileName) ?? 0;
        }
        if (!lastTime || m.time > lastTime) lastTime = m.time;
        if (chunk.length >= CHUNK || chunkBytes >= CHUNK_BYTES) {
          chunkBytes = 0;
          await flush();
        }
      }
      await flush();
      await committing;
    } catch (err) {
      const e = err as AppError;
      await batches.markFailed(db, batchId, failure(e));
      throw err;
    } finally {
      src.zip?.close();
    }
    await db.transaction(async (tx) => {
      await batches.markDone(tx, batchId, clock.now());
      if (lastTime) await conversations.touchConversation(tx, conversationId, lastTime, false);
      await records.append(tx, {
        kind: 'import.finished',
        conversationId,
        citizenId: citizen.id,
        caseId: citizen.caseId,
        staffId: actor.id,
        payload: {
          batchId,
          fileSha256: info.sha256,
          imported: totals.imported,
          skipped: totals.skipped,
          flagged: totals.flagged,
          attachments: totals.attachments,
        },
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'import.finished',
        subjectType: 'import_batch',
        subjectId: batchId,
        details: { imported: totals.imported, skipped: totals.skipped, flagged: totals.flagged },
      });
    });
    return {
      batchId,
      alreadyImported: false,
      conversationId,
      messagesImported: totals.imported,
      messagesSkipped: totals.skipped,
      flagged: totals.flagged,
      attachmentsStored: totals.attachments,
    };
  }

  async function getBatch(actor: Actor, id: string) {
    const b = await batches.find(db, id);
    if (!b || !can(actor, 'conversation.read', { teamId: b.team_id })) throw importNotFound();
    return b;
  }

  /**
   * A web upload, inspected and mapped, waits as a pending batch for the import job,
   * so the request returns at once and the page shows progress.
   */
  async function queueImport(
    actor: Actor,
    input: {
      path: string;
      fileName: string;
      citizenId: string;
      authors: Record<string, AuthorRole>;
      options: ImportOptions;
      info: InspectResult;
    },
    enqueue: (tx: Queryable, payload: Record<string, unknown>) => Promise<unknown>,
  ): Promise<{ batchId: string; alreadyImported: boolean }> {
    const citizen = await resolveCitizen(actor, { citizenId: input.citizenId });
    const existing = await batches.findNotFailed(db, input.info.sha256, citizen.id);
    if (existing) return { batchId: existing, alreadyImported: true };
    const batchId = randomUUID();
    await db.transaction(async (tx) => {
      await batches.insert(tx, {
        state: 'pending',
        conversationId: null,
        id: batchId,
        fileSha256: input.info.sha256,
        fileName: input.fileName.slice(0, 255),
        fileBytes: input.info.bytes,
        uploadedBy: actor.id,
        teamId: citizen.teamId,
        citizenId: citizen.id,
        caseId: citizen.caseId,
        authorMap: input.authors,
        options: input.options,
        messagesTotal: input.info.messages + input.info.systemMessages,
        storedPath: input.path,
        now: clock.now(),
      });
      await enqueue(tx, { batchId });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'import.queued',
        subjectType: 'import_batch',
        subjectId: batchId,
        details: { citizenId: citizen.id },
      });
    });
    return { batchId, alreadyImported: false };
  }

  /** The import job: runs a queued web upload, then deletes the uploaded file. */
  async function runImportJob(batchId: string): Promise<void> {
    const b = await batches.findQueued(db, batchId);
    if (!b || b.state !== 'pending' || !b.stored_path) return;
    // Claim it once: a job retried after its lease ran out must not run the same import twice at once.
    if (!(await batches.claim(db, batchId, clock.now()))) return;
    const uploader = await deps.staff.findStaffById(db, b.uploaded_by);
    if (!uploader) return;
    const actor: Actor = { id: uploader.id, role: uploader.role, teamId: uploader.teamId, displayName: uploader.displayName };
    try {
      await importFile(actor, {
        path: b.stored_path,
        fileName: b.file_name,
        citizenId: b.citizen_id,
        authors: b.author_map,
        options: b.options,
        batchId,
      });
    } catch (err) {
      const e = err as AppError;
      await batches.markFailed(db, batchId, { ...failure(e), onlyIfActive: true });
    } finally {
      await batches.clearStoredPath(db, batchId);
      await rm(b.stored_path, { force: true });
    }
  }

  /**
   * The import reaper: a batch still "running" whose heartbeat stopped more than `staleMs` ago was cut off
   * (the process died mid-import). It is marked failed, with a reason the import page shows, its waiting
   * upload is deleted, and the same file can be imported again (messages already imported are not added
   * twice). Returns the batches it reaped.
   */
  async function reapInterrupted(staleMs = REAP_AFTER_MS): Promise<string[]> {
    const cutoff = new Date(clock.now().getTime() - staleMs);
    const reaped = await db.transaction(async (tx) => {
      const rows = await batches.failStale(tx, cutoff, { message: INTERRUPTED_MESSAGE, now: clock.now() });
      for (const b of rows) {
        await audit.write(tx, {
          actorStaffId: null,
          action: 'import.interrupted',
          subjectType: 'import_batch',
          subjectId: b.id,
          details: { citizenId: b.citizen_id },
        });
      }
      return rows;
    });
    for (const b of reaped) if (b.stored_path) await rm(b.stored_path, { force: true });
    return reaped.map((b) => b.id);
  }

  /**
   * The upload janitor: deletes web uploads (`*.upload` in `dir`) that no import waits on and that are older
   * than `maxAgeMs`: abandoned on the "who is who" page, or left by a crash mid-upload. A pending import's
   * upload is kept whatever its age. Returns how many files it deleted.
   */
  async function sweepUploads(dir: string, maxAgeMs = UPLOAD_MAX_AGE_MS): Promise<number> {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((n) => n.endsWith('.upload'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
    const waiting = new Set(await batches.listStoredPaths(db));
    const cutoff = clock.now().getTime() - maxAgeMs;
    let deleted = 0;
    for (const name of names) {
      const path = join(dir, name);
      if (waiting.has(path)) continue;
      const info = await stat(path).catch(() => null);
      if (!info || info.mtimeMs > cutoff) continue;
      await rm(path, { force: true });
      deleted += 1;
    }
    return deleted;
  }

  return { inspect, importFile, getBatch, mapAuthors, resolveCitizen, queueImport, runImportJob, reapInterrupted, sweepUploads };
}

export type ChatImportService = ReturnType<typeof createChatImportService>;

/** An upload nobody has taken further in a day (the "who is who" page abandoned) is deleted by the janitor. */
export const UPLOAD_MAX_AGE_MS = 24 * 60 * 60_000;

/** A running import commits a chunk every few seconds; ten minutes of silence means it was cut off. */
export const REAP_AFTER_MS = 10 * 60_000;
const INTERRUPTED_MESSAGE =
  'The import stopped before it finished, probably because the server restarted. Import the file again: messages already imported are not added twice.';
