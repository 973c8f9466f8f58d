import { can } from '../../access/authorize.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { Clock } from '../../platform/clock.js';
import { UNREADABLE_BODY } from '../../conversations/message.js';
import { isAppError } from '../../platform/errors.js';
import type { Cipher } from '../../platform/crypto/cipher.js';
import type { Db } from '../../platform/db/db.client.js';
import type { Actor } from '../../staff/staff.types.js';
import type { CaseExportRepository, ExportCase, ExportMessage } from './case-export.repository.js';
import { exportCaseNotFound, exportFormatUnknown } from './export.errors.js';

export const EXPORT_FORMATS = ['json', 'csv', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface CaseExportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

/**
 * A CSV cell, quoted, and made inert for spreadsheets: a value starting with = + - @ or a tab or
 * carriage return is read as a formula by Excel and LibreOffice, so it gets a leading apostrophe
 * (OWASP's advice for CSV injection).
 */
export function csvCell(value: string | number | boolean | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

const DESTROYED_NOTE = 'Destroyed under the Record Retention Schedule: the content no longer exists.';

/**
 * Each case as a file for case systems that take files: JSON, CSV or a readable PDF transcript.
 * Message bodies are opened through the cipher; destroyed messages appear as tombstones without
 * content. Every export is audited (it reads message content).
 */
export function createCaseExportService(deps: {
  db: Db;
  exports: CaseExportRepository;
  cipher: Cipher;
  audit: AuditService;
  clock: Clock;
  timeZone: string;
}) {
  const { db, exports, cipher, audit, clock } = deps;
  const dateTime = new Intl.DateTimeFormat('en-GB', {
    timeZone: deps.timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const dateOnly = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
  const govDate = (iso: string) => dateOnly.format(new Date(`${iso}T00:00:00Z`));

  const textOf = (m: ExportMessage): string | null => {
    if (m.destroyedAt || !m.bodyCt || !m.keyId) return null;
    try {
      const plain = cipher.open(m.keyId, m.bodyCt, m.id).toString('utf8');
      return m.kind === 'template' ? ((JSON.parse(plain) as { text?: string }).text ?? null) : plain;
    } catch (err) {
      // One altered or moved body is shown as such; it never stops the case's export.
      if (isAppError(err) || err instanceof SyntaxError) return UNREADABLE_BODY;
      throw err;
    }
  };
  const authorOf = (m: ExportMessage) =>
    m.direction === 'outbound' ? (m.staffName ?? m.authorLabel ?? 'Council staff') : (m.authorLabel ?? 'Citizen');

  type Row = ReturnType<typeof toRow>;
  const toRow = (m: ExportMessage) => ({
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    kind: m.kind,
    status: m.status,
    author: m.destroyedAt ? null : authorOf(m),
    sentAt: (m.sentAt ?? m.createdAt).toISOString(),
    text: textOf(m),
    destroyed: m.destroyedAt !== null,
    destroyedAt: m.destroyedAt?.toISOString() ?? null,
    recordHash: m.recordHash,
  });

  function asJson(c: ExportCase, rows: Row[], at: Date): Buffer {
    const doc = {
      case: {
        id: c.id,
        reference: c.reference,
        type: c.caseType,
        title: c.title,
        team: c.teamName,
        openedOn: c.openedOn,
        closedOn: c.closedOn,
      },
      exportedAt: at.toISOString(),
      messages: rows,
    };
    return Buffer.from(`${JSON.stringify(doc, null, 2)}\n`, 'utf8');
  }

  function asCsv(c: ExportCase, rows: Row[]): Buffer {
    const header = [
      'case_reference',
      'message_id',
      'conversation_id',
      'direction',
      'kind',
      'status',
      'author',
      'sent_at',
      'text',
      'destroyed',
      'destroyed_at',
      'record_hash',
    ];
    const lines = [header.map(csvCell).join(',')];
    for (const r of rows) {
      lines.push(
        [
          c.reference,
          r.id,
          r.conversationId,
          r.direction,
          r.kind,
          r.status,
          r.author,
          r.sentAt,
          r.text,
          r.destroyed,
          r.destroyedAt,
          r.recordHash,
        ]
          .map(csvCell)
          .join(','),
      );
    }
    // A byte-order mark so spreadsheet programs read the file as UTF-8.
    return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  }

  async function asPdf(c: ExportCase, rows: Row[], at: Date): Promise<Buffer> {
    // pdf-lib (some 20 MB resident) is loaded on the first transcript, not by every process that starts.
    const { renderTranscriptPdf } = await import('./case-transcript.pdf.js');
    return renderTranscriptPdf(
      {
        title: `Case ${c.reference} - transcript`,
        details: [
          ['Reference', c.reference],
          ['Type', c.caseType],
          ...(c.title ? ([['Title', c.title]] as [string, string][]) : []),
          ['Team', c.teamName],
          ['Opened', govDate(c.openedOn)],
          ['Closed', c.closedOn ? govDate(c.closedOn) : 'Open'],
          ['Messages', String(rows.length)],
          ['Exported', dateTime.format(at)],
        ],
        entries: rows.map((r) => ({
          when: dateTime.format(new Date(r.sentAt)),
          who: r.destroyed ? 'Message destroyed' : `${r.author ?? ''} (${r.direction === 'inbound' ? 'received' : 'sent'})`,
          text: r.destroyed ? null : (r.text ?? (r.kind === 'text' ? '' : `[${r.kind}]`)),
          note: r.destroyed ? `${DESTROYED_NOTE} Destroyed on ${dateTime.format(new Date(r.destroyedAt!))}.` : null,
        })),
      },
      { producedAt: at },
    );
  }

  return {
    async exportCase(actor: Actor, caseId: string, format: string, requestId: string | null = null): Promise<CaseExportFile> {
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw exportFormatUnknown();
      const f = format as ExportFormat;
      const at = clock.now();
      const { c, rows } = await db.transaction(async (tx) => {
        const c = await exports.findCase(tx, caseId);
        if (!c || !can(actor, 'case.export', { teamId: c.teamId })) throw exportCaseNotFound();
        const rows = (await exports.caseMessages(tx, caseId)).map(toRow);
        await audit.write(tx, {
          actorStaffId: actor.id,
          action: 'case.exported',
          subjectType: 'case',
          subjectId: caseId,
          details: { format: f, messages: rows.length, destroyed: rows.filter((r) => r.destroyed).length },
          requestId,
        });
        return { c, rows };
      });
      const body = f === 'json' ? asJson(c, rows, at) : f === 'csv' ? asCsv(c, rows) : await asPdf(c, rows, at);
      const safeRef = c.reference.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80) || 'case';
      return { fileName: `case-${safeRef}.${f}`, contentType: CONTENT_TYPES[f], body };
    },
  };
}

export type CaseExportService = ReturnType<typeof createCaseExportService>;
