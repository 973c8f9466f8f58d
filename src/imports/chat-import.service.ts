import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import type { AuditService } from '../audit/audit.service.js';
import type { CitizenRepository, Citizen } from '../citizens/citizen.repository.js';
import { conversationIdFor } from '../conversations/conversation.repository.js';
import { decisionForRecord, inboundFlag, type PolicyChecker } from '../conversations/policy.port.js';
import type { Clock } from '../platform/clock.js';
import type { Cipher } from '../platform/crypto/cipher.js';
import type { Db } from '../platform/db/db.client.js';
import { AppError, invalid, notFound } from '../platform/errors.js';
import type { RecordInput, RecordsService } from '../records/records.service.js';
import type { StaffRepository } from '../staff/staff.repository.js';
import { type Actor, canSeeTeam } from '../staff/staff.types.js';
import { ChatExportError } from './chat-export/chat-export.errors.js';
import { parseChatExport } from './chat-export/chat-export.parser.js';
import type { ChatExportMessage, DateOrder } from './chat-export/chat-export.types.js';
import { type ChatExportZip, openChatExportZip } from './chat-export/chat-export.zip.js';

/** Imported chats live in their own conversation per citizen: they came from a staff phone, not the council's number. */
export const IMPORTED_CHANNEL = 'imported';
export const IMPORT_JOB = 'imports.chat-export';
// Rows per insert statement and per transaction: big enough to reach thousands of
// messages a second, small enough that one transaction stays short.
const CHUNK = 1000;
const MAX_MEDIA_BYTES = 64 * 1024 * 1024;

export type AuthorRole = { role: 'citizen' } | { role: 'staff'; staffId: string } | { role: 'third_party' };

export interface ImportOptions {
  timeZone?: string;
  dateOrder?: DateOrder;
}

export interface InspectResult {
  sha256: string;
  bytes: number;
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
  media: { fileName: string; bytes: Buffer | null }[];
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

async function readAll(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    n += (c as Buffer).length;
    if (n > limit) throw new ChatExportError('IMPORT_TOO_LARGE', `An attachment is larger than ${Math.round(limit / 1024 / 1024)} MB`);
    parts.push(c as Buffer);
  }
  return Buffer.concat(parts);
}

/**
 * Imports a WhatsApp "Export chat" file (from a staff member's phone) into the
 * records: every message scanned by the policy engine (flagged, never blocked:
 * it was already sent), linked to the citizen and case, appended to the record
 * chain with its original time, the batch, the uploader and the file's SHA-256.
 * The same messages imported again are stored once.
 */
export function createChatImportService(deps: {
  db: Db;
  citizens: CitizenRepository;
  staff: StaffRepository;
  records: RecordsService;
  audit: AuditService;
  cipher: Cipher;
  policy: PolicyChecker;
  clock: Clock;
  defaultTimeZone: string;
  /** The council's locale (LIAISE_LOCALE): day-first or month-first when an export's dates cannot tell. */
  locale?: string;
}) {
  const { db, citizens, records, audit, cipher, policy, clock } = deps;

  async function openSource(
    path: string,
  ): Promise<{ kind: 'txt' | 'zip'; zip: ChatExportZip | null; open: () => Promise<NodeJS.ReadableStream> }> {
    if (await isZip(path)) {
      const zip = await openChatExportZip(path);
      return { kind: 'zip', zip, open: () => zip.openChat() };
    }
    return { kind: 'txt', zip: null, open: async () => createReadStream(path) };
  }

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
    if (ref.citizenId) citizen = /^[0-9a-f-]{36}$/i.test(ref.citizenId) ? await citizens.findById(db, ref.citizenId) : null;
    else if (ref.caseReference) {
      const all = await citizens.list(
        db,
        actor.role === 'admin' || actor.role === 'records_officer' ? null : actor.teamId,
        ref.caseReference,
      );
      const matches = all.filter((c) => c.caseReference === ref.caseReference);
      if (matches.length > 1)
        throw invalid('IMPORT_CASE_AMBIGUOUS', 'More than one citizen is linked to that case: choose the citizen', { field: 'citizenId' });
      citizen = matches[0] ?? null;
    }
    if (!citizen || !canSeeTeam(actor, citizen.teamId)) throw notFound('CITIZEN_NOT_FOUND', 'Citizen for this case');
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
    // Every staff role may import: caseworkers their own chats, records officers during an amnesty;
    // what they can import is limited to citizens they can see.
    const citizen = await resolveCitizen(actor, input);
    const size = (await stat(input.path)).size;
    const info = await inspect(input.path, input.options);
    const existing = await db.query<{ id: string; conversation_id: string | null }>(
      `SELECT id, conversation_id FROM import_batch WHERE file_sha256 = $1 AND citizen_id = $2 AND state = 'done' AND id <> coalesce($3::uuid, '00000000-0000-0000-0000-000000000000')`,
      [info.sha256, citizen.id, input.batchId ?? null],
    );
    if (existing.rows[0]) {
      if (input.batchId)
        await db.query(`UPDATE import_batch SET state = 'done', finished_at = $2, error_code = 'IMPORT_ALREADY_DONE' WHERE id = $1`, [
          input.batchId,
          clock.now(),
        ]);
      return {
        batchId: existing.rows[0].id,
        alreadyImported: true,
        conversationId: existing.rows[0].conversation_id,
        messagesImported: 0,
        messagesSkipped: info.messages,
        flagged: 0,
        attachmentsStored: 0,
      };
    }
    // The same file for the same citizen already on its way: say so rather than trip over the unique index.
    const inFlight = await db.query<{ id: string }>(
      `SELECT id FROM import_batch WHERE file_sha256 = $1 AND citizen_id = $2 AND state IN ('pending', 'running') AND id <> coalesce($3::uuid, '00000000-0000-0000-0000-000000000000')`,
      [info.sha256, citizen.id, input.batchId ?? null],
    );
    if (inFlight.rows[0]) throw importInProgress(inFlight.rows[0].id);
    const uploader = (await deps.staff.findStaffById(db, actor.id))!;
    const { map, unresolved } = mapAuthors(
      info.authors.map((a) => a.name),
      citizen,
      uploader,
      input.authors ?? {},
    );
    if (unresolved.length) {
      throw new AppError('IMPORT_AUTHORS_UNMAPPED', 'Say who each person in the chat is', 422, { authors: info.authors, unresolved });
    }
    for (const role of Object.values(map)) {
      if (role.role === 'staff' && !(await deps.staff.findStaffById(db, role.staffId)))
        throw invalid('IMPORT_STAFF_UNKNOWN', 'A chat author is mapped to an unknown staff member');
    }

    const now = clock.now();
    const batchId = input.batchId ?? randomUUID();
    const conversationId = await db.transaction(async (tx) => {
      const conv = await tx.query<{ id: string }>(
        `INSERT INTO conversation (id, team_id, phone_number_id, wa_number, citizen_id, case_id, opened_by, contact_justification, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'Imported from a staff phone', $8)
         ON CONFLICT (coalesce(team_id, '00000000-0000-0000-0000-000000000000'::uuid), phone_number_id, wa_number) DO UPDATE SET citizen_id = EXCLUDED.citizen_id
         RETURNING id`,
        [
          conversationIdFor(citizen.teamId, IMPORTED_CHANNEL, citizen.waNumber),
          citizen.teamId,
          IMPORTED_CHANNEL,
          citizen.waNumber,
          citizen.id,
          citizen.caseId,
          actor.id,
          now,
        ],
      );
      const id = conv.rows[0]!.id;
      const batchValues = [
        batchId,
        info.sha256,
        input.fileName.slice(0, 255),
        size,
        actor.id,
        citizen.teamId,
        citizen.id,
        citizen.caseId,
        id,
        JSON.stringify(map),
        JSON.stringify(input.options ?? {}),
        info.messages + info.systemMessages,
        now,
      ];
      if (input.batchId) {
        await tx.query(
          `UPDATE import_batch SET state = 'running', conversation_id = $2, author_map = $3::jsonb, messages_total = $4, heartbeat_at = $5 WHERE id = $1`,
          [batchId, id, JSON.stringify(map), info.messages + info.systemMessages, now],
        );
      } else {
        await tx.query(
          `INSERT INTO import_batch (id, file_sha256, file_name, file_bytes, uploaded_by, team_id, citizen_id, case_id, conversation_id, state, author_map, options, messages_total, created_at, heartbeat_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'running', $10::jsonb, $11::jsonb, $12, $13, $13)`,
          batchValues,
        );
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
        const id = randomUUID();
        const decision = m.text
          ? policy.evaluate({ text: m.text, direction: 'import', attachments: m.attachments.map((a) => ({ fileName: a.fileName })) })
          : null;
        const flagged = inboundFlag(decision, policy.pack);
        const sealed = cipher.seal(m.text, id);
        const media: { fileName: string; bytes: Buffer | null }[] = [];
        for (const a of m.attachments) {
          const inZip = src.zip?.mediaFileNames.includes(a.fileName) ?? false;
          media.push({ fileName: a.fileName, bytes: inZip ? await readAll(await src.zip!.openMedia(a.fileName), MAX_MEDIA_BYTES) : null });
        }
        prepared.push({ m, role, id, key: `import:${dedupeBase}:${occurrence}`, decision, flagged, sealed, media });
      }
      await committing;
      committing = commit(prepared, rows.length);
      // Surface a failure at the next await, not as an unhandled rejection.
      committing.catch(() => undefined);
    };

    const commit = async (prepared: Prepared[], processed: number) => {
      await db.transaction(async (tx) => {
        const params: unknown[] = [];
        const tuples = prepared.map((p) => {
          const b = params.length;
          const outbound = p.role?.role === 'staff';
          params.push(
            p.id,
            conversationId,
            outbound ? 'outbound' : 'inbound',
            p.m.system ? 'system' : p.m.kind,
            outbound && p.role?.role === 'staff' ? p.role.staffId : null,
            p.sealed.ciphertext,
            p.sealed.keyId,
            sha256(p.m.text),
            p.key,
            p.m.time,
            p.decision?.decision ?? null,
            p.decision ? JSON.stringify(decisionForRecord(p.decision)) : null,
            p.flagged,
            batchId,
            // The export's name is kept only for someone who is neither the citizen nor staff ("someone else").
            p.role?.role === 'citizen' || p.role?.role === 'staff' ? null : p.m.author,
            now,
          );
          return `($${b + 1}::uuid, $${b + 2}::uuid, $${b + 3}, $${b + 4}, $${b + 5}::uuid, $${b + 6}::bytea, $${b + 7}, $${b + 8}, $${b + 9}, 'imported', $${b + 10}::timestamptz, $${b + 11}, $${b + 12}::jsonb, false, $${b + 13}, $${b + 10}::timestamptz, $${b + 16}::timestamptz, $${b + 14}::uuid, $${b + 15})`;
        });
        const ins = await tx.query<{ id: string }>(
          `INSERT INTO message (id, conversation_id, direction, kind, staff_id, body_ct, key_id, body_sha256, provider_message_id, status, status_at, decision, policy, forwarded, flagged, sent_at, created_at, import_batch_id, author_label)
           VALUES ${tuples.join(', ')} ON CONFLICT (provider_message_id) DO NOTHING RETURNING id`,
          params,
        );
        const inserted = new Set(ins.rows.map((r) => r.id));
        const recordInputs: RecordInput[] = [];
        for (const p of prepared) {
          if (!inserted.has(p.id)) {
            totals.skipped += 1;
            continue;
          }
          totals.imported += 1;
          if (p.flagged) totals.flagged += 1;
          const storedMedia: string[] = [];
          for (const a of p.media) {
            if (!a.bytes) continue;
            const attachmentId = randomUUID();
            const enc = cipher.seal(a.bytes, attachmentId);
            await tx.query(
              `INSERT INTO attachment (id, message_id, file_name, sha256, size_bytes, content_ct, key_id, state) VALUES ($1, $2, $3, $4, $5, $6, $7, 'stored')`,
              [attachmentId, p.id, a.fileName, sha256(a.bytes), a.bytes.length, enc.ciphertext, enc.keyId],
            );
            storedMedia.push(attachmentId);
            totals.attachments += 1;
            recordInputs.push({
              kind: 'attachment.stored',
              conversationId,
              citizenId: citizen.id,
              caseId: citizen.caseId,
              messageId: p.id,
              staffId: actor.id,
              payload: { attachmentId, sha256: sha256(a.bytes), sizeBytes: a.bytes.length, source: 'import', batchId },
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
              bodySha256: sha256(p.m.text),
              edited: p.m.edited,
              deleted: p.m.deleted,
              attachments: p.media.map((a) => ({ fileName: a.fileName, stored: a.bytes !== null })),
              flagged: p.flagged,
              policy: p.decision ? decisionForRecord(p.decision) : null,
            },
          });
        }
        await records.appendMany(tx, recordInputs);
        await tx.query(
          `UPDATE import_batch SET messages_imported = messages_imported + $2, messages_skipped = messages_skipped + $3, flagged = flagged + $4, attachments_stored = attachments_stored + $5, heartbeat_at = $6 WHERE id = $1`,
          [
            batchId,
            inserted.size,
            prepared.length - inserted.size,
            prepared.filter((p) => inserted.has(p.id) && p.flagged).length,
            prepared.reduce((n, p) => n + (inserted.has(p.id) ? p.media.filter((a) => a.bytes).length : 0), 0),
            clock.now(),
          ],
        );
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
        if (!lastTime || m.time > lastTime) lastTime = m.time;
        if (chunk.length >= CHUNK) await flush();
      }
      await flush();
      await committing;
    } catch (err) {
      const e = err as AppError;
      await db.query(`UPDATE import_batch SET state = 'failed', error_code = $2, error_message = $3, finished_at = $4 WHERE id = $1`, [
        batchId,
        e.code ?? 'IMPORT_FAILED',
        (e.code ? e.message : 'The import stopped unexpectedly').slice(0, 500),
        clock.now(),
      ]);
      throw err;
    } finally {
      src.zip?.close();
    }
    await db.transaction(async (tx) => {
      await tx.query(`UPDATE import_batch SET state = 'done', finished_at = $2 WHERE id = $1`, [batchId, clock.now()]);
      if (lastTime)
        await tx.query('UPDATE conversation SET last_message_at = GREATEST(coalesce(last_message_at, $2), $2) WHERE id = $1', [
          conversationId,
          lastTime,
        ]);
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
    const r = /^[0-9a-f-]{36}$/i.test(id)
      ? await db.query<{
          id: string;
          team_id: string;
          state: string;
          file_name: string;
          messages_total: number | null;
          messages_imported: number;
          messages_skipped: number;
          flagged: number;
          attachments_stored: number;
          error_code: string | null;
          error_message: string | null;
          conversation_id: string | null;
          citizen_id: string;
        }>('SELECT * FROM import_batch WHERE id = $1', [id])
      : { rows: [] };
    const b = r.rows[0];
    if (!b || !canSeeTeam(actor, b.team_id)) throw notFound('IMPORT_NOT_FOUND', 'Import');
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
    enqueue: (tx: import('../platform/db/db.client.js').Queryable, payload: Record<string, unknown>) => Promise<unknown>,
  ): Promise<{ batchId: string; alreadyImported: boolean }> {
    const citizen = await resolveCitizen(actor, { citizenId: input.citizenId });
    const existing = await db.query<{ id: string }>(
      `SELECT id FROM import_batch WHERE file_sha256 = $1 AND citizen_id = $2 AND state <> 'failed'`,
      [input.info.sha256, citizen.id],
    );
    if (existing.rows[0]) return { batchId: existing.rows[0].id, alreadyImported: true };
    const batchId = randomUUID();
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO import_batch (id, file_sha256, file_name, file_bytes, uploaded_by, team_id, citizen_id, case_id, state, author_map, options, messages_total, stored_path, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9::jsonb, $10::jsonb, $11, $12, $13)`,
        [
          batchId,
          input.info.sha256,
          input.fileName.slice(0, 255),
          input.info.bytes,
          actor.id,
          citizen.teamId,
          citizen.id,
          citizen.caseId,
          JSON.stringify(input.authors),
          JSON.stringify(input.options),
          input.info.messages + input.info.systemMessages,
          input.path,
          clock.now(),
        ],
      );
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
    const r = await db.query<{
      state: string;
      uploaded_by: string;
      citizen_id: string;
      author_map: Record<string, AuthorRole>;
      options: ImportOptions;
      stored_path: string | null;
      file_name: string;
    }>('SELECT state, uploaded_by, citizen_id, author_map, options, stored_path, file_name FROM import_batch WHERE id = $1', [batchId]);
    const b = r.rows[0];
    if (!b || b.state !== 'pending' || !b.stored_path) return;
    // Claim it once: a job retried after its lease ran out must not run the same import twice at once.
    const claimed = await db.query(`UPDATE import_batch SET state = 'running', heartbeat_at = $2 WHERE id = $1 AND state = 'pending'`, [
      batchId,
      clock.now(),
    ]);
    if (claimed.rowCount !== 1) return;
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
      await db.query(
        `UPDATE import_batch SET state = 'failed', error_code = $2, error_message = $3, finished_at = $4 WHERE id = $1 AND state IN ('pending', 'running')`,
        [batchId, e.code ?? 'IMPORT_FAILED', e.code ? e.message.slice(0, 500) : 'The import stopped unexpectedly', clock.now()],
      );
    } finally {
      await db.query('UPDATE import_batch SET stored_path = NULL WHERE id = $1', [batchId]);
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
      const r = await tx.query<{ id: string; stored_path: string | null; citizen_id: string }>(
        `WITH cut AS (
           SELECT id, stored_path FROM import_batch
            WHERE state = 'running' AND coalesce(heartbeat_at, created_at) < $1
            FOR UPDATE
         )
         UPDATE import_batch b
            SET state = 'failed', error_code = 'IMPORT_INTERRUPTED', error_message = $2, finished_at = $3, stored_path = NULL
           FROM cut
          WHERE b.id = cut.id
         RETURNING b.id, b.citizen_id, cut.stored_path`,
        [cutoff, INTERRUPTED_MESSAGE, clock.now()],
      );
      for (const b of r.rows) {
        await audit.write(tx, {
          actorStaffId: null,
          action: 'import.interrupted',
          subjectType: 'import_batch',
          subjectId: b.id,
          details: { citizenId: b.citizen_id },
        });
      }
      return r.rows;
    });
    for (const b of reaped) if (b.stored_path) await rm(b.stored_path, { force: true });
    return reaped.map((b) => b.id);
  }

  return { inspect, importFile, getBatch, mapAuthors, resolveCitizen, queueImport, runImportJob, reapInterrupted };
}

export type ChatImportService = ReturnType<typeof createChatImportService>;

function importInProgress(batchId: string): AppError {
  return new AppError(
    'IMPORT_IN_PROGRESS',
    'This file is already being imported for this citizen. Wait for that import to finish; if the server restarted during it, it is marked failed within 10 minutes and the file can be imported again.',
    409,
    { batchId },
  );
}

/** A running import commits a chunk every few seconds; ten minutes of silence means it was cut off. */
export const REAP_AFTER_MS = 10 * 60_000;
const INTERRUPTED_MESSAGE =
  'The import stopped before it finished, probably because the server restarted. Import the file again: messages already imported are not added twice.';
