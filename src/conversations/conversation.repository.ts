import type { Queryable } from '../platform/db/db.client.js';
import { toBuffer } from '../platform/db/db.client.js';
import { createHash } from 'node:crypto';
import type { KeyedDigest } from '../platform/crypto/digest.js';
import type { RecordContent } from '../records/record.hash.js';
import { reportInsertCte } from '../oversight/report.repository.js';
import { safeDisplayName } from './file-name.js';
import { recordInsertCtes } from '../records/records.repository.js';

export interface Conversation {
  id: string;
  teamId: string | null;
  teamName: string | null;
  phoneNumberId: string;
  waNumber: string;
  citizenId: string | null;
  citizenName: string | null;
  caseId: string | null;
  caseReference: string | null;
  profileName: string | null;
  contactJustification: string | null;
  lastInboundAt: Date | null;
  lastMessageAt: Date | null;
  createdAt: Date;
  flaggedCount: number;
  /** Open (in the inbox), closed (dealt with; a new message reopens it) or archived (kept out of sight; likewise). */
  state: ConversationState;
  assignedTo: string | null;
  assignedToName: string | null;
  lastOutboundAt: Date | null;
  /** Sends needing attention: uncertain ones (resend or mark not sent), and failures the reader has not yet seen. */
  problemCount: number;
  /** A citizen's message the reader has not yet opened (false when listed for no one in particular). */
  unread: boolean;
  /** The sender's business-scoped user id (BSUID), when Meta has given one. */
  waUserId: string | null;
  /** A number the citizen gave through WhatsApp that staff have not yet acted on, and how it came. */
  offeredNumber: string | null;
  offeredNumberReason: 'changed_number' | 'shared_number' | null;
  /** First contact: the verifiable channels tried, each with its date (YYYY-MM-DD), and what the contact is for. */
  channelsTried: ChannelTried[] | null;
  contactPurpose: ContactPurpose | null;
  /** A manager's approval of first contact; null for conversations the citizen started. */
  approvalState: ApprovalState | null;
  approvalDecidedBy: string | null;
  approvalDecidedByName: string | null;
  approvalDecidedAt: Date | null;
  approvalReason: string | null;
  /** Suspended on signs of a child until a manager releases it; the reason is a code, never message text. */
  suspendedAt: Date | null;
  suspendedReason: string | null;
}

export const CONTACT_CHANNELS = ['phone', 'letter', 'email', 'home_visit', 'other'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export interface ChannelTried {
  channel: ContactChannel;
  on: string;
}
export const CONTACT_PURPOSES = ['call', 'meeting', 'visit'] as const;
export type ContactPurpose = (typeof CONTACT_PURPOSES)[number];
export type ApprovalState = 'not_required' | 'pending' | 'approved' | 'refused';

export const CONVERSATION_STATES = ['open', 'closed', 'archived'] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

export type MessageStatus =
  'received' | 'queued' | 'sending' | 'uncertain' | 'accepted' | 'sent' | 'delivered' | 'read' | 'failed' | 'not_sent';

export interface StoredMessage {
  id: string;
  conversationId: string;
  direction: 'inbound' | 'outbound';
  kind: string;
  staffId: string | null;
  staffName: string | null;
  /** The name an imported message showed in the export, for someone other than the staff member and the citizen. */
  authorLabel: string | null;
  bodyCt: Buffer | null;
  keyId: string | null;
  /** HMAC-SHA-256 of the body's text under digest key `digestKeyId` (a null key id: a legacy unkeyed digest). */
  bodyDigest: string | null;
  digestKeyId: string | null;
  templateName: string | null;
  providerMessageId: string | null;
  status: MessageStatus;
  statusAt: Date;
  errorCode: number | null;
  errorTitle: string | null;
  decision: 'allow' | 'warn' | 'block' | null;
  policy: Record<string, unknown> | null;
  justification: string | null;
  forwarded: boolean;
  /** WhatsApp's "forwarded many times" mark (a chain message); `forwarded` is true too. */
  frequentlyForwarded: boolean;
  flagged: string | null;
  sentAt: Date | null;
  createdAt: Date;
  /** When the message was destroyed under the retention schedule (its content is gone); null while kept. */
  destroyedAt: Date | null;
}

/** A message's stored body and digest, as `rekey-digests` and `records verify --deep` read them. */
const toDigestedBody = <D extends string | null>(m: {
  id: string;
  kind: string;
  body_ct: unknown;
  key_id: string | null;
  body_digest: D;
  digest_key_id: string | null;
}) => ({
  id: m.id,
  kind: m.kind,
  bodyCt: m.body_ct === null ? null : toBuffer(m.body_ct),
  keyId: m.key_id,
  bodyDigest: m.body_digest,
  digestKeyId: m.digest_key_id,
});

/** A message whose body digest `rekey-digests` has to replace, with its record's links. */
export interface DigestRekeyRow {
  id: string;
  kind: string;
  bodyCt: Buffer | null;
  keyId: string | null;
  bodyDigest: string;
  digestKeyId: string | null;
  conversationId: string;
  citizenId: string | null;
  caseId: string | null;
}

/** An attachment whose digest is to be put under the current digest key, with what a record about it needs. */
export interface AttachmentRekeyRow {
  id: string;
  messageId: string;
  state: StoredAttachment['state'];
  contentDigest: string;
  digestKeyId: string | null;
  /** Whether its bytes are still stored (not destroyed, and fetched). */
  hasContent: boolean;
  conversationId: string;
  citizenId: string | null;
  caseId: string | null;
}

export interface StoredAttachment {
  id: string;
  messageId: string;
  providerMediaId: string | null;
  mimeType: string | null;
  /** A safe display name ("attachment.pdf"); the name the file came with is in fileNameCt, encrypted. */
  fileName: string | null;
  fileNameCt: Buffer | null;
  /**
   * Keyed digest of the content (attachmentDigest: HMAC of its SHA-256) under digestKeyId; for media
   * still to fetch, Meta's declared SHA-256 under the key. A null key id: a legacy unkeyed SHA-256.
   */
  contentDigest: string | null;
  digestKeyId: string | null;
  sizeBytes: number | null;
  state: 'pending' | 'stored' | 'failed';
}

/**
 * A conversation as the inbox shows it. `reader`: the SQL parameter holding the staff id whose reads mark
 * messages as seen (none: nothing is unread, every failure counts).
 */
const convSelect = (
  reader: string | null,
) => `SELECT cv.id, cv.team_id, t.name AS team_name, cv.phone_number_id, cv.wa_number, cv.citizen_id,
  c.full_name AS citizen_name, cv.case_id, cf.reference AS case_reference, cv.profile_name, cv.contact_justification, cv.last_inbound_at,
  cv.last_message_at, cv.created_at, cv.state, cv.assigned_to, a.display_name AS assigned_to_name,
  ms.flagged_count, ms.last_outbound_at, ms.problem_count, cv.wa_user_id, cv.offered_number, cv.offered_number_reason,
  cv.channels_tried, cv.contact_purpose, cv.approval_state, cv.approval_decided_by, ad.display_name AS approval_decided_by_name,
  cv.approval_decided_at, cv.approval_reason, cv.suspended_at, cv.suspended_reason,
  ms.flagged_count, ms.last_outbound_at, ms.problem_count,
  ${reader ? `(cv.last_inbound_at IS NOT NULL AND cv.last_inbound_at > coalesce(cr.read_at, '-infinity'::timestamptz))` : 'false'} AS unread
  FROM conversation cv LEFT JOIN team t ON t.id = cv.team_id LEFT JOIN citizen c ON c.id = cv.citizen_id
  LEFT JOIN case_file cf ON cf.id = cv.case_id LEFT JOIN staff a ON a.id = cv.assigned_to
  LEFT JOIN staff ad ON ad.id = cv.approval_decided_by
  ${reader ? `LEFT JOIN conversation_read cr ON cr.conversation_id = cv.id AND cr.staff_id = ${reader}` : ''}
  LEFT JOIN LATERAL (
    SELECT count(*) FILTER (WHERE m.flagged IS NOT NULL)::int AS flagged_count,
      max(m.created_at) FILTER (WHERE m.direction = 'outbound') AS last_outbound_at,
      count(*) FILTER (WHERE m.direction = 'outbound' AND (m.status = 'uncertain' OR (m.status = 'failed'
        ${reader ? `AND coalesce(m.status_at, m.created_at) > coalesce(cr.read_at, '-infinity'::timestamptz)` : ''})))::int AS problem_count
    FROM message m WHERE m.conversation_id = cv.id) ms ON true`;
const CONV_SELECT = convSelect(null);

type ConvRow = {
  id: string;
  team_id: string | null;
  team_name: string | null;
  phone_number_id: string;
  wa_number: string;
  citizen_id: string | null;
  citizen_name: string | null;
  case_id: string | null;
  case_reference: string | null;
  profile_name: string | null;
  contact_justification: string | null;
  last_inbound_at: Date | null;
  last_message_at: Date | null;
  created_at: Date;
  flagged_count: number;
  state: ConversationState;
  assigned_to: string | null;
  assigned_to_name: string | null;
  last_outbound_at: Date | null;
  problem_count: number;
  unread: boolean;
  wa_user_id: string | null;
  offered_number: string | null;
  offered_number_reason: Conversation['offeredNumberReason'];
  channels_tried: ChannelTried[] | string | null;
  contact_purpose: ContactPurpose | null;
  approval_state: ApprovalState | null;
  approval_decided_by: string | null;
  approval_decided_by_name: string | null;
  approval_decided_at: Date | null;
  approval_reason: string | null;
  suspended_at: Date | null;
  suspended_reason: string | null;
};
/**
 * Replaces digests in `table`'s `column` (and its digest_key_id), each only while the row still holds
 * `previous`, so two nodes re-keying at once write each row once. Returns the ids it changed.
 */
async function replaceDigests(
  q: Queryable,
  table: 'message' | 'attachment',
  column: 'body_digest' | 'content_digest',
  rows: { id: string; previous: string; digest: string | null; keyId: string | null }[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const r = await q.query<{ id: string }>(
    `UPDATE ${table} t SET ${column} = u.digest, digest_key_id = u.key_id
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS u(id, previous, digest, key_id)
      WHERE t.id = u.id AND t.${column} = u.previous
      RETURNING t.id`,
    [rows.map((x) => x.id), rows.map((x) => x.previous), rows.map((x) => x.digest), rows.map((x) => x.keyId)],
  );
  return new Set(r.rows.map((x) => x.id));
}

const d = (v: Date | string | null) => (v === null ? null : new Date(v));
const toConversation = (r: ConvRow): Conversation => ({
  id: r.id,
  teamId: r.team_id,
  teamName: r.team_name,
  phoneNumberId: r.phone_number_id,
  waNumber: r.wa_number,
  citizenId: r.citizen_id,
  citizenName: r.citizen_name,
  caseId: r.case_id,
  caseReference: r.case_reference,
  profileName: r.profile_name,
  contactJustification: r.contact_justification,
  lastInboundAt: d(r.last_inbound_at),
  lastMessageAt: d(r.last_message_at),
  createdAt: new Date(r.created_at),
  flaggedCount: r.flagged_count,
  state: r.state,
  assignedTo: r.assigned_to,
  assignedToName: r.assigned_to_name,
  lastOutboundAt: d(r.last_outbound_at),
  problemCount: r.problem_count,
  unread: r.unread,
  waUserId: r.wa_user_id,
  offeredNumber: r.offered_number,
  offeredNumberReason: r.offered_number_reason,
  channelsTried: typeof r.channels_tried === 'string' ? (JSON.parse(r.channels_tried) as ChannelTried[]) : r.channels_tried,
  contactPurpose: r.contact_purpose,
  approvalState: r.approval_state,
  approvalDecidedBy: r.approval_decided_by,
  approvalDecidedByName: r.approval_decided_by_name,
  approvalDecidedAt: d(r.approval_decided_at),
  approvalReason: r.approval_reason,
  suspendedAt: d(r.suspended_at),
  suspendedReason: r.suspended_reason,
});

const MSG_SELECT = `SELECT m.id, m.conversation_id, m.direction, m.kind, m.staff_id, s.display_name AS staff_name, m.body_ct, m.key_id, m.body_digest, m.digest_key_id,
  m.template_name, m.provider_message_id, m.status, m.status_at, m.error_code, m.error_title, m.decision, m.policy, m.justification,
  m.forwarded, m.frequently_forwarded, m.flagged, m.sent_at, m.created_at, m.author_label,
  (SELECT d.destroyed_at FROM message_destruction d WHERE d.message_id = m.id) AS destroyed_at
  FROM message m LEFT JOIN staff s ON s.id = m.staff_id`;
type MsgRow = {
  author_label: string | null;
  id: string;
  conversation_id: string;
  direction: 'inbound' | 'outbound';
  kind: string;
  staff_id: string | null;
  staff_name: string | null;
  body_ct: unknown;
  key_id: string | null;
  body_digest: string | null;
  digest_key_id: string | null;
  template_name: string | null;
  provider_message_id: string | null;
  status: MessageStatus;
  status_at: Date;
  error_code: number | null;
  error_title: string | null;
  decision: StoredMessage['decision'];
  policy: Record<string, unknown> | null;
  justification: string | null;
  forwarded: boolean;
  frequently_forwarded: boolean;
  flagged: string | null;
  sent_at: Date | null;
  created_at: Date;
  destroyed_at: Date | null;
};
const toMessage = (r: MsgRow): StoredMessage => ({
  id: r.id,
  conversationId: r.conversation_id,
  direction: r.direction,
  kind: r.kind,
  staffId: r.staff_id,
  staffName: r.staff_name,
  authorLabel: r.author_label,
  bodyCt: r.body_ct === null ? null : toBuffer(r.body_ct),
  keyId: r.key_id,
  bodyDigest: r.body_digest,
  digestKeyId: r.digest_key_id,
  templateName: r.template_name,
  providerMessageId: r.provider_message_id,
  status: r.status,
  statusAt: new Date(r.status_at),
  errorCode: r.error_code,
  errorTitle: r.error_title,
  decision: r.decision,
  policy: r.policy,
  justification: r.justification,
  forwarded: r.forwarded,
  frequentlyForwarded: r.frequently_forwarded,
  flagged: r.flagged,
  sentAt: d(r.sent_at),
  createdAt: new Date(r.created_at),
  destroyedAt: d(r.destroyed_at),
});

/**
 * A conversation's id follows from its team, business number and citizen number
 * (a name-based UUID, version 8), so the inbound fast path knows it before the row
 * exists and can hash the message's record without a round trip. A conversation
 * later moved to another team keeps its id; the fast path notices and falls back.
 */
export function conversationIdFor(teamId: string | null, phoneNumberId: string, waNumber: string): string {
  const h = createHash('sha256')
    .update(`liaise-conversation:${teamId ?? 'none'}:${phoneNumberId}:${waNumber}`)
    .digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** An inbound message arriving for an existing conversation: move its times on, keep the newest profile name. */
const TOUCH_ON_INBOUND = `ON CONFLICT (coalesce(team_id, '00000000-0000-0000-0000-000000000000'::uuid), phone_number_id, wa_number) DO UPDATE SET
  last_inbound_at = GREATEST(coalesce(conversation.last_inbound_at, EXCLUDED.last_inbound_at), EXCLUDED.last_inbound_at),
  last_message_at = GREATEST(coalesce(conversation.last_message_at, EXCLUDED.last_message_at), EXCLUDED.last_message_at),
  profile_name = coalesce(EXCLUDED.profile_name, conversation.profile_name),
  wa_user_id = coalesce(EXCLUDED.wa_user_id, conversation.wa_user_id),
  state = 'open'`;

export interface InboundRoute {
  teamId: string | null;
  citizenId: string | null;
  caseId: string | null;
}

/**
 * Routing an inbound sender: the team of the citizen with that number or business-scoped user id ($3,
 * null when Meta gave none; oldest citizen record first), else the number's triage team, else the first team.
 */
const ROUTE_SQL = `SELECT team_id, citizen_id, case_id FROM (
    SELECT c.team_id, coalesce(k.id, c.id) AS citizen_id, CASE WHEN k.id IS NULL THEN c.case_id ELSE k.case_id END, 0 AS pref, c.created_at
      FROM citizen c LEFT JOIN citizen k ON k.id = c.merged_into
     WHERE c.wa_number = $2 OR ($3::text IS NOT NULL AND (c.wa_user_id = $3::text
        OR c.id IN (SELECT cv.citizen_id FROM conversation cv WHERE cv.wa_user_id = $3::text AND cv.citizen_id IS NOT NULL)))
    UNION ALL
    SELECT cn.triage_team_id, NULL, NULL, 1, cn.created_at FROM channel_number cn WHERE cn.phone_number_id = $1 AND cn.triage_team_id IS NOT NULL
    UNION ALL
    SELECT t.id, NULL, NULL, 2, t.created_at FROM (SELECT id, created_at FROM team ORDER BY created_at, name LIMIT 1) t
  ) x ORDER BY pref, created_at LIMIT 1`;

export interface InboundBatchItem {
  route: InboundRoute;
  phoneNumberId: string;
  waNumber: string;
  /** The sender's business-scoped user id, when Meta gave one. */
  waUserId: string | null;
  profileName: string | null;
  at: Date;
  message: NewMessage;
  /** The message's record, hashed with the expected conversation, citizen and case. */
  record: { content: RecordContent; recordHash: string };
  /** Inbound offensive content is reported to the manager in the same statement (category offensive). */
  report?: { id: string; dueOn: string } | null;
}

/** A message from a chat export: its status is `imported`, its time the export's, its key the import's dedupe key. */
export interface ImportedMessage {
  id: string;
  conversationId: string;
  direction: 'inbound' | 'outbound';
  kind: string;
  staffId: string | null;
  bodyCt: Buffer;
  keyId: string;
  bodyDigest: string;
  digestKeyId: string;
  dedupeKey: string;
  sentAt: Date;
  decision: StoredMessage['decision'];
  policy: Record<string, unknown> | null;
  flagged: string | null;
  importBatchId: string;
  authorLabel: string | null;
  createdAt: Date;
}

export type NewMessage = Omit<
  StoredMessage,
  'staffName' | 'authorLabel' | 'errorCode' | 'errorTitle' | 'statusAt' | 'frequentlyForwarded' | 'destroyedAt'
> & {
  statusAt: Date;
  /** Inbound only (false when not given). */
  frequentlyForwarded?: boolean;
};

const MESSAGE_COLUMNS: [string, string][] = [
  ['id', 'uuid'],
  ['conversation_id', 'uuid'],
  ['direction', 'text'],
  ['kind', 'text'],
  ['staff_id', 'uuid'],
  ['body_ct', 'bytea'],
  ['key_id', 'text'],
  ['body_digest', 'text'],
  ['digest_key_id', 'text'],
  ['template_name', 'text'],
  ['provider_message_id', 'text'],
  ['status', 'text'],
  ['status_at', 'timestamptz'],
  ['decision', 'text'],
  ['policy', 'jsonb'],
  ['justification', 'text'],
  ['forwarded', 'boolean'],
  ['flagged', 'text'],
  ['sent_at', 'timestamptz'],
  ['created_at', 'timestamptz'],
  ['import_batch_id', 'uuid'],
  ['author_label', 'text'],
  ['frequently_forwarded', 'boolean'],
];
const MESSAGE_INSERT = `INSERT INTO message (${MESSAGE_COLUMNS.map(([c]) => c).join(', ')})`;

/** Every column a message INSERT sets (imported messages have their own status, batch and author label). */
type MessageRowInput = Omit<NewMessage, 'status'> & {
  status: MessageStatus | 'imported';
  importBatchId: string | null;
  authorLabel: string | null;
};

/** One message's typed placeholders (starting after `offset`) and values. */
function messageValues(m: MessageRowInput, offset: number): { placeholders: string; params: unknown[] } {
  return {
    placeholders: MESSAGE_COLUMNS.map(([, type], i) => `$${offset + i + 1}::${type}`).join(', '),
    params: [
      m.id,
      m.conversationId,
      m.direction,
      m.kind,
      m.staffId,
      m.bodyCt,
      m.keyId,
      m.bodyDigest,
      m.digestKeyId,
      m.templateName,
      m.providerMessageId,
      m.status,
      m.statusAt,
      m.decision,
      m.policy === null ? null : JSON.stringify(m.policy),
      m.justification,
      m.forwarded,
      m.flagged,
      m.sentAt,
      m.createdAt,
      m.importBatchId,
      m.authorLabel,
      m.frequentlyForwarded ?? false,
    ],
  };
}

/**
 * INSERT for a message; a message whose provider id is already stored is skipped
 * (de-duplication). With `onlyIf`, the row is inserted only if that CTE returned a row.
 */
function messageInsert(m: NewMessage, onlyIf?: string): { sql: string; params: unknown[] } {
  const v = messageValues({ ...m, importBatchId: null, authorLabel: null }, 0);
  return {
    sql: `${MESSAGE_INSERT}
          ${onlyIf ? `SELECT ${v.placeholders} WHERE EXISTS (SELECT 1 FROM ${onlyIf})` : `VALUES (${v.placeholders})`}
          ON CONFLICT (provider_message_id) DO NOTHING`,
    params: v.params,
  };
}

export function createConversationRepository() {
  return {
    async findConversation(q: Queryable, id: string): Promise<Conversation | null> {
      const r = await q.query<ConvRow>(`${CONV_SELECT} WHERE cv.id = $1`, [id]);
      return r.rows[0] ? toConversation(r.rows[0]) : null;
    },
    async findConversationByNumber(
      q: Queryable,
      teamId: string | null,
      phoneNumberId: string,
      waNumber: string,
    ): Promise<Conversation | null> {
      const r = await q.query<ConvRow>(
        `${CONV_SELECT} WHERE cv.team_id IS NOT DISTINCT FROM $1 AND cv.phone_number_id = $2 AND cv.wa_number = $3`,
        [teamId, phoneNumberId, waNumber],
      );
      return r.rows[0] ? toConversation(r.rows[0]) : null;
    },
    /** Creates the conversation unless it exists; returns its id either way (safe under concurrent inbound deliveries). */
    async ensureConversation(
      q: Queryable,
      c: {
        id: string;
        teamId: string | null;
        phoneNumberId: string;
        waNumber: string;
        citizenId: string | null;
        caseId: string | null;
        profileName: string | null;
        openedBy: string | null;
        justification: string | null;
        now: Date;
      },
    ): Promise<{ id: string; created: boolean }> {
      const ins = await q.query<{ id: string }>(
        `INSERT INTO conversation (id, team_id, phone_number_id, wa_number, citizen_id, case_id, profile_name, opened_by, contact_justification, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id`,
        [c.id, c.teamId, c.phoneNumberId, c.waNumber, c.citizenId, c.caseId, c.profileName, c.openedBy, c.justification, c.now],
      );
      if (ins.rows[0]) return { id: ins.rows[0].id, created: true };
      const found = await q.query<{ id: string }>(
        'SELECT id FROM conversation WHERE team_id IS NOT DISTINCT FROM $1 AND phone_number_id = $2 AND wa_number = $3',
        [c.teamId, c.phoneNumberId, c.waNumber],
      );
      return { id: found.rows[0]!.id, created: false };
    },
    async routeInbound(q: Queryable, phoneNumberId: string, waNumber: string, waUserId: string | null = null): Promise<InboundRoute> {
      const r = await q.query<{ team_id: string | null; citizen_id: string | null; case_id: string | null }>(
        ROUTE_SQL,
        [phoneNumberId, waNumber, waUserId],
        { name: 'liaise_route_inbound_v2' },
      );
      const row = r.rows[0];
      return { teamId: row?.team_id ?? null, citizenId: row?.citizen_id ?? null, caseId: row?.case_id ?? null };
    },

    /**
     * The fast path for many messages at once (application-level group commit):
     * one statement upserts their conversations and, for each message whose
     * conversation is the one expected, inserts the message, its record and its
     * sealing-queue entry. Returns, per item in order, whether its guard held and
     * whether it was new.
     *
     * Two batches run at once on PostgreSQL, and a message may arrive in both (Meta
     * redelivers). Each takes its locks in one global order, so neither can wait on
     * the other in a cycle: conversations by id, then (the sort makes every upsert
     * finish first) messages by provider id, whose unique index is where they meet.
     * In arrival order, two batches holding the same two messages the other way round
     * deadlocked and one was aborted.
     */
    async storeInboundBatch(q: Queryable, items: InboundBatchItem[]): Promise<{ guardHeld: boolean; inserted: boolean }[]> {
      const col = <T>(f: (i: InboundBatchItem) => T) => items.map(f);
      const r = await q.query<{ ord: number; inserted: boolean }>(
        `WITH input AS (
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[], $10::text[],
                                $11::boolean[], $12::text[], $13::timestamptz[], $14::uuid[], $15::text[], $16::text[], $17::uuid[], $18::uuid[], $19::text[],
                                $20::timestamptz[], $21::uuid[], $22::timestamptz[], $23::text[], $24::text[], $25::text[], $26::int[],
                                $27::boolean[], $28::uuid[], $29::date[], $30::text[], $31::text[])
             AS t(msg_id, conv_id, kind, body_hex, key_id, body_digest, provider_message_id, now, decision, policy, forwarded, flagged, sent_at,
                  team_id, phone_number_id, wa_number, citizen_id, case_id, profile_name, at, record_id, record_at, record_payload, retention_class, record_hash, ord,
                  frequently_forwarded, report_id, report_due, wa_user_id, digest_key_id)),
         conv_in AS (
           SELECT DISTINCT ON (conv_id) conv_id, team_id, phone_number_id, wa_number, citizen_id, case_id, profile_name, wa_user_id,
                  max(at) OVER (PARTITION BY conv_id) AS at, now
             FROM input ORDER BY conv_id, ord DESC),
         conv AS (
           INSERT INTO conversation (id, team_id, phone_number_id, wa_number, citizen_id, case_id, profile_name, last_inbound_at, last_message_at, created_at, wa_user_id)
           SELECT conv_id, team_id, phone_number_id, wa_number, citizen_id, case_id, profile_name, at, at, now, wa_user_id FROM conv_in
           ${TOUCH_ON_INBOUND}
           RETURNING id, citizen_id, case_id),
         ok AS (
           SELECT input.* FROM input JOIN conv ON conv.id = input.conv_id
              AND conv.citizen_id IS NOT DISTINCT FROM input.citizen_id AND conv.case_id IS NOT DISTINCT FROM input.case_id),
         msg AS (
           INSERT INTO message (id, conversation_id, direction, kind, staff_id, body_ct, key_id, body_digest, template_name, provider_message_id,
                                status, status_at, decision, policy, justification, forwarded, flagged, sent_at, created_at, frequently_forwarded,
                                digest_key_id)
           SELECT msg_id, conv_id, 'inbound', kind, NULL, decode(body_hex, 'hex'), key_id, body_digest, NULL, provider_message_id,
                  'received', now, decision, policy::jsonb, NULL, forwarded, flagged, sent_at, now, frequently_forwarded, digest_key_id
             FROM ok ORDER BY provider_message_id, ord
           ON CONFLICT (provider_message_id) DO NOTHING RETURNING id),
         ${recordInsertCtes(`SELECT ok.record_id, ok.record_at, 'message.inbound', ok.conv_id, ok.citizen_id, ok.case_id, ok.msg_id, NULL, ok.record_payload::jsonb, ok.retention_class, ok.record_hash
             FROM ok JOIN msg ON msg.id = ok.msg_id ORDER BY ok.ord`)},
         ${reportInsertCte(`SELECT ok.report_id, ok.msg_id, ok.team_id, 'offensive', NULL, NULL, ok.now, ok.report_due
             FROM ok JOIN msg ON msg.id = ok.msg_id WHERE ok.report_id IS NOT NULL`)}
         SELECT ok.ord, (msg.id IS NOT NULL) AS inserted, (SELECT count(*) FROM pend) AS sealed_queue FROM ok LEFT JOIN msg ON msg.id = ok.msg_id`,
        [
          col((i) => i.message.id),
          col((i) => i.message.conversationId),
          col((i) => i.message.kind),
          col((i) => (i.message.bodyCt ? i.message.bodyCt.toString('hex') : null)),
          col((i) => i.message.keyId),
          col((i) => i.message.bodyDigest),
          col((i) => i.message.providerMessageId),
          col((i) => i.message.createdAt),
          col((i) => i.message.decision),
          col((i) => (i.message.policy === null ? null : JSON.stringify(i.message.policy))),
          col((i) => i.message.forwarded),
          col((i) => i.message.flagged),
          col((i) => i.message.sentAt),
          col((i) => i.route.teamId),
          col((i) => i.phoneNumberId),
          col((i) => i.waNumber),
          col((i) => i.route.citizenId),
          col((i) => i.route.caseId),
          col((i) => i.profileName),
          col((i) => i.at),
          col((i) => i.record.content.id),
          col((i) => i.record.content.createdAt),
          col((i) => JSON.stringify(i.record.content.payload)),
          col((i) => i.record.content.retentionClass),
          col((i) => i.record.recordHash),
          items.map((_, n) => n),
          col((i) => i.message.frequentlyForwarded ?? false),
          col((i) => i.report?.id ?? null),
          col((i) => i.report?.dueOn ?? null),
          col((i) => i.waUserId),
          col((i) => i.message.digestKeyId),
        ],
        { name: 'liaise_store_inbound_batch_v4' },
      );
      const byOrd = new Map(r.rows.map((row) => [Number(row.ord), row.inserted]));
      return items.map((_, n) => ({ guardHeld: byOrd.has(n), inserted: byOrd.get(n) === true }));
    },

    /** Creates the inbound conversation for a route, or touches the existing one (last message times, profile name). */
    async upsertInboundConversation(
      q: Queryable,
      c: {
        id: string;
        route: InboundRoute;
        phoneNumberId: string;
        waNumber: string;
        waUserId?: string | null;
        profileName: string | null;
        at: Date;
        now: Date;
      },
    ): Promise<{ id: string; teamId: string | null; citizenId: string | null; caseId: string | null }> {
      const r = await q.query<{ id: string; team_id: string | null; citizen_id: string | null; case_id: string | null }>(
        `INSERT INTO conversation (id, team_id, phone_number_id, wa_number, citizen_id, case_id, profile_name, last_inbound_at, last_message_at, created_at, wa_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10)
         ${TOUCH_ON_INBOUND}
         RETURNING id, team_id, citizen_id, case_id`,
        [
          c.id,
          c.route.teamId,
          c.phoneNumberId,
          c.waNumber,
          c.route.citizenId,
          c.route.caseId,
          c.profileName,
          c.at,
          c.now,
          c.waUserId ?? null,
        ],
      );
      const row = r.rows[0]!;
      return { id: row.id, teamId: row.team_id, citizenId: row.citizen_id, caseId: row.case_id };
    },
    /**
     * The conversation that holds a citizen's imported chats (one per team, channel and number):
     * created on the first import, relinked to the citizen on later ones. Returns its id.
     */
    async ensureImportedConversation(
      q: Queryable,
      c: {
        id: string;
        teamId: string;
        phoneNumberId: string;
        waNumber: string;
        citizenId: string;
        caseId: string | null;
        openedBy: string;
        now: Date;
      },
    ): Promise<string> {
      const r = await q.query<{ id: string }>(
        `INSERT INTO conversation (id, team_id, phone_number_id, wa_number, citizen_id, case_id, opened_by, contact_justification, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'Imported from a staff phone', $8)
         ON CONFLICT (coalesce(team_id, '00000000-0000-0000-0000-000000000000'::uuid), phone_number_id, wa_number) DO UPDATE SET citizen_id = EXCLUDED.citizen_id
         RETURNING id`,
        [c.id, c.teamId, c.phoneNumberId, c.waNumber, c.citizenId, c.caseId, c.openedBy, c.now],
      );
      return r.rows[0]!.id;
    },
    /**
     * The newest conversations of one team (`teamId` null: every team), in one state (null: any), optionally
     * only those assigned to someone; `reader` marks what that person has not yet read.
     */
    async listConversations(
      q: Queryable,
      f: { teamId: string | null; unlinkedOnly: boolean; state?: ConversationState | null; assignedTo?: string; reader?: string },
    ): Promise<Conversation[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      const reader = f.reader ? `$${params.push(f.reader)}` : null;
      if (f.teamId !== null) where.push(`cv.team_id = $${params.push(f.teamId)}`);
      if (f.unlinkedOnly) where.push('cv.citizen_id IS NULL');
      if (f.state) where.push(`cv.state = $${params.push(f.state)}`);
      if (f.assignedTo) where.push(`cv.assigned_to = $${params.push(f.assignedTo)}`);
      const r = await q.query<ConvRow>(
        `${convSelect(reader)} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY coalesce(cv.last_message_at, cv.created_at) DESC LIMIT 500`,
        params,
      );
      return r.rows.map(toConversation);
    },
    /** A duplicate citizen merged into another: their conversations move to the citizen kept, with its case. Returns their ids. */
    async relinkCitizen(q: Queryable, from: string, to: string, caseId: string | null): Promise<string[]> {
      const r = await q.query<{ id: string }>('UPDATE conversation SET citizen_id = $2, case_id = $3 WHERE citizen_id = $1 RETURNING id', [
        from,
        to,
        caseId,
      ]);
      return r.rows.map((x) => x.id);
    },
    /** A number the citizen gave through WhatsApp (a changed number, or one shared on request), for staff to act on. */
    async offerNumber(
      q: Queryable,
      id: string,
      o: { number: string; reason: 'changed_number' | 'shared_number'; at: Date },
    ): Promise<void> {
      await q.query('UPDATE conversation SET offered_number = $2, offered_number_reason = $3, offered_number_at = $4 WHERE id = $1', [
        id,
        o.number,
        o.reason,
        o.at,
      ]);
    },
    /** Staff have acted on the offered number (moved the citizen to it, or set it aside). */
    async clearOfferedNumber(q: Queryable, id: string): Promise<void> {
      await q.query('UPDATE conversation SET offered_number = NULL, offered_number_reason = NULL, offered_number_at = NULL WHERE id = $1', [
        id,
      ]);
    },
    async assignConversation(q: Queryable, id: string, staffId: string | null): Promise<void> {
      await q.query('UPDATE conversation SET assigned_to = $2 WHERE id = $1', [id, staffId]);
    },
    async setConversationState(q: Queryable, id: string, state: ConversationState): Promise<void> {
      await q.query('UPDATE conversation SET state = $2 WHERE id = $1', [id, state]);
    },
    /** The reader has seen the conversation as it stands at `at`. */
    async markConversationRead(q: Queryable, id: string, staffId: string, at: Date): Promise<void> {
      await q.query(
        `INSERT INTO conversation_read (conversation_id, staff_id, read_at) VALUES ($1, $2, $3)
         ON CONFLICT (conversation_id, staff_id) DO UPDATE SET read_at = GREATEST(conversation_read.read_at, EXCLUDED.read_at)`,
        [id, staffId, at],
      );
    },
    async linkConversation(q: Queryable, id: string, citizenId: string, caseId: string | null, teamId: string): Promise<void> {
      await q.query('UPDATE conversation SET citizen_id = $2, case_id = $3, team_id = $4 WHERE id = $1', [id, citizenId, caseId, teamId]);
    },
    /** A conversation unlinked from the case it was filed under when it began no longer names that case. */
    async clearConversationCase(q: Queryable, id: string, caseId: string): Promise<void> {
      await q.query('UPDATE conversation SET case_id = NULL WHERE id = $1 AND case_id = $2', [id, caseId]);
    },
    async setJustification(q: Queryable, id: string, justification: string): Promise<void> {
      await q.query('UPDATE conversation SET contact_justification = $2 WHERE id = $1', [id, justification]);
    },
    /** First contact as the caseworker recorded it: why, which channels were tried and when, its purpose, and whether it awaits approval. */
    async setFirstContact(
      q: Queryable,
      id: string,
      f: { justification: string; channelsTried: ChannelTried[]; purpose: ContactPurpose; approvalState: ApprovalState },
    ): Promise<void> {
      await q.query(
        `UPDATE conversation SET contact_justification = $2, channels_tried = $3::jsonb, contact_purpose = $4, approval_state = $5,
           approval_decided_by = NULL, approval_decided_at = NULL, approval_reason = NULL WHERE id = $1`,
        [id, f.justification, JSON.stringify(f.channelsTried), f.purpose, f.approvalState],
      );
    },
    /** A manager's decision on first contact still pending; false if it was no longer pending. */
    async decideApproval(
      q: Queryable,
      id: string,
      d: { state: 'approved' | 'refused'; by: string; at: Date; reason: string | null },
    ): Promise<boolean> {
      const r = await q.query(
        `UPDATE conversation SET approval_state = $2, approval_decided_by = $3, approval_decided_at = $4, approval_reason = $5
         WHERE id = $1 AND approval_state = 'pending'`,
        [id, d.state, d.by, d.at, d.reason],
      );
      return r.rowCount === 1;
    },
    /** Suspends the conversation unless it already is; true if this call suspended it. */
    async suspendConversation(q: Queryable, id: string, at: Date, reason: string): Promise<boolean> {
      const r = await q.query('UPDATE conversation SET suspended_at = $2, suspended_reason = $3 WHERE id = $1 AND suspended_at IS NULL', [
        id,
        at,
        reason,
      ]);
      return r.rowCount === 1;
    },
    /** Lifts a suspension; false if the conversation was not suspended. */
    async releaseConversation(q: Queryable, id: string): Promise<boolean> {
      const r = await q.query(
        'UPDATE conversation SET suspended_at = NULL, suspended_reason = NULL WHERE id = $1 AND suspended_at IS NOT NULL',
        [id],
      );
      return r.rowCount === 1;
    },
    async touchConversation(q: Queryable, id: string, at: Date, inbound: boolean, profileName: string | null = null): Promise<void> {
      await q.query(
        `UPDATE conversation SET last_message_at = GREATEST(coalesce(last_message_at, $2), $2)
           ${inbound ? `, last_inbound_at = GREATEST(coalesce(last_inbound_at, $2), $2), profile_name = coalesce($3, profile_name), state = 'open'` : ''}
         WHERE id = $1`,
        inbound ? [id, at, profileName] : [id, at],
      );
    },

    /** The team that picks up unknown numbers on this WhatsApp number (null: none chosen). */
    async findTriageTeam(q: Queryable, phoneNumberId: string): Promise<string | null> {
      const r = await q.query<{ triage_team_id: string | null }>('SELECT triage_team_id FROM channel_number WHERE phone_number_id = $1', [
        phoneNumberId,
      ]);
      return r.rows[0]?.triage_team_id ?? null;
    },
    async setTriageTeam(q: Queryable, phoneNumberId: string, teamId: string): Promise<void> {
      await q.query(
        `INSERT INTO channel_number (phone_number_id, triage_team_id) VALUES ($1, $2)
         ON CONFLICT (phone_number_id) DO UPDATE SET triage_team_id = EXCLUDED.triage_team_id`,
        [phoneNumberId, teamId],
      );
    },
    /** Takes a send's idempotency key for its message; false if the key was already taken in this conversation. */
    async claimClientKey(q: Queryable, k: { conversationId: string; clientKey: string; messageId: string; now: Date }): Promise<boolean> {
      const r = await q.query(
        'INSERT INTO message_client_key (conversation_id, client_key, message_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
        [k.conversationId, k.clientKey, k.messageId, k.now],
      );
      return r.rowCount === 1;
    },
    async findMessageIdByClientKey(q: Queryable, conversationId: string, clientKey: string): Promise<string | null> {
      const r = await q.query<{ message_id: string }>(
        'SELECT message_id FROM message_client_key WHERE conversation_id = $1 AND client_key = $2',
        [conversationId, clientKey],
      );
      return r.rows[0]?.message_id ?? null;
    },

    async insertMessage(q: Queryable, m: NewMessage): Promise<boolean> {
      const { sql, params } = messageInsert(m);
      const r = await q.query(sql, params);
      return r.rowCount === 1;
    },
    /**
     * Many imported messages in one statement; one whose dedupe key (stored as the provider id) is
     * already there is skipped. Returns the ids actually inserted.
     */
    /**
     * One import batch's messages in one statement (a re-imported message is skipped by its de-duplication key).
     * What is the same for every imported message is written into the statement. The statement is kept in this
     * shape (17 parameters a row, untyped where PostgreSQL infers the column's type) because the generic
     * typed-placeholder form of the other message inserts made the import's INSERT 44% slower here
     * (npm run bench chat-import, PostgreSQL: 10.1 s against 7.1 s for 100,000 messages).
     */
    /** Imported messages whose dedupe key is still the unkeyed form `import:<sha256>:<n>`. */
    async legacyImportDedupeKeys(q: Queryable, limit: number): Promise<{ id: string; key: string }[]> {
      const r = await q.query<{ id: string; provider_message_id: string }>(
        `SELECT id, provider_message_id FROM message WHERE provider_message_id ~ '^import:[0-9a-f]{64}:[0-9]+$' ORDER BY id LIMIT $1`,
        [limit],
      );
      return r.rows.map((x) => ({ id: x.id, key: x.provider_message_id }));
    },
    /** Replaces provider message ids, each only while it still holds the one read (safe beside another node doing the same). */
    async replaceProviderMessageIds(q: Queryable, changes: { id: string; previous: string; next: string }[]): Promise<void> {
      if (changes.length === 0) return;
      await q.query(
        `UPDATE message m SET provider_message_id = u.next
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS u(id, previous, next)
          WHERE m.id = u.id AND m.provider_message_id = u.previous`,
        [changes.map((c) => c.id), changes.map((c) => c.previous), changes.map((c) => c.next)],
      );
    },
    /** Which of these provider message ids (or import dedupe keys) a message already has. */
    async existingProviderMessageIds(q: Queryable, ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const r = await q.query<{ provider_message_id: string }>(
        'SELECT provider_message_id FROM message WHERE provider_message_id = ANY($1::text[])',
        [ids],
      );
      return new Set(r.rows.map((x) => x.provider_message_id));
    },
    async insertImportedMessages(q: Queryable, rows: ImportedMessage[]): Promise<Set<string>> {
      if (rows.length === 0) return new Set();
      const params: unknown[] = [];
      const tuples = rows.map((m) => {
        const b = params.length;
        params.push(
          m.id,
          m.conversationId,
          m.direction,
          m.kind,
          m.staffId,
          m.bodyCt,
          m.keyId,
          m.bodyDigest,
          m.dedupeKey,
          m.sentAt,
          m.decision,
          m.policy === null ? null : JSON.stringify(m.policy),
          m.flagged,
          m.importBatchId,
          m.authorLabel,
          m.createdAt,
          m.digestKeyId,
        );
        return `($${b + 1}::uuid, $${b + 2}::uuid, $${b + 3}, $${b + 4}, $${b + 5}::uuid, $${b + 6}::bytea, $${b + 7}, $${b + 8}, $${b + 9}, 'imported', $${b + 10}::timestamptz, $${b + 11}, $${b + 12}::jsonb, false, $${b + 13}, $${b + 10}::timestamptz, $${b + 16}::timestamptz, $${b + 14}::uuid, $${b + 15}, $${b + 17})`;
      });
      const ins = await q.query<{ id: string }>(
        `INSERT INTO message (id, conversation_id, direction, kind, staff_id, body_ct, key_id, body_digest, provider_message_id, status, status_at, decision, policy, forwarded, flagged, sent_at, created_at, import_batch_id, author_label, digest_key_id)
         VALUES ${tuples.join(', ')} ON CONFLICT (provider_message_id) DO NOTHING RETURNING id`,
        params,
      );
      return new Set(ins.rows.map((r) => r.id));
    },
    /** The insert as a statement, for callers that chain it with its record in one round trip. */
    messageInsert,
    async findMessage(q: Queryable, id: string): Promise<StoredMessage | null> {
      const r = await q.query<MsgRow>(`${MSG_SELECT} WHERE m.id = $1`, [id]);
      return r.rows[0] ? toMessage(r.rows[0]) : null;
    },
    async lockMessage(q: Queryable, id: string): Promise<StoredMessage | null> {
      const r = await q.query<MsgRow>(`${MSG_SELECT} WHERE m.id = $1 FOR UPDATE OF m`, [id]);
      return r.rows[0] ? toMessage(r.rows[0]) : null;
    },
    async findMessageByProviderId(q: Queryable, providerMessageId: string): Promise<StoredMessage | null> {
      const r = await q.query<MsgRow>(`${MSG_SELECT} WHERE m.provider_message_id = $1 FOR UPDATE OF m`, [providerMessageId]);
      return r.rows[0] ? toMessage(r.rows[0]) : null;
    },
    async listMessages(q: Queryable, conversationId: string): Promise<StoredMessage[]> {
      const r = await q.query<MsgRow>(
        `${MSG_SELECT} WHERE m.conversation_id = $1 ORDER BY coalesce(m.sent_at, m.created_at), m.created_at LIMIT 1000`,
        [conversationId],
      );
      return r.rows.map(toMessage);
    },
    async updateStatus(
      q: Queryable,
      id: string,
      s: {
        status: MessageStatus;
        at: Date;
        providerMessageId?: string | null;
        errorCode?: number | null;
        errorTitle?: string | null;
        sentAt?: Date | null;
      },
    ): Promise<void> {
      await q.query(
        `UPDATE message SET status = $2, status_at = $3, provider_message_id = coalesce($4, provider_message_id),
           error_code = coalesce($5, error_code), error_title = coalesce($6, error_title), sent_at = coalesce(sent_at, $7) WHERE id = $1`,
        [id, s.status, s.at, s.providerMessageId ?? null, s.errorCode ?? null, s.errorTitle ?? null, s.sentAt ?? null],
      );
    },
    /** Stores a provider status once; false if this status was already recorded for the message. */
    async insertStatusEvent(q: Queryable, messageId: string, status: string, at: Date): Promise<boolean> {
      const r = await q.query('INSERT INTO message_status_event (message_id, status, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        messageId,
        status,
        at,
      ]);
      return r.rowCount === 1;
    },
    /** An attachment row: pending (its media still to fetch) or stored with its encrypted content. */
    async insertAttachment(
      q: Queryable,
      a: Omit<StoredAttachment, 'fileNameCt'> & { fileNameCt?: Buffer | null; contentCt?: Buffer; keyId?: string; contentId?: string },
    ): Promise<void> {
      await q.query(
        `INSERT INTO attachment (id, message_id, provider_media_id, mime_type, file_name, content_digest, digest_key_id, size_bytes, content_ct, key_id, state, file_name_ct, content_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          a.id,
          a.messageId,
          a.providerMediaId,
          a.mimeType,
          // Never a plaintext name: without its sealed form only the extension is kept.
          a.fileNameCt ? a.fileName : a.fileName === null ? null : safeDisplayName(a.fileName, a.mimeType),
          a.contentDigest,
          a.digestKeyId,
          a.sizeBytes,
          a.contentCt ?? null,
          a.keyId ?? null,
          a.state,
          a.fileNameCt,
          a.contentId ?? null,
        ],
      );
    },
    async storeAttachmentContent(
      q: Queryable,
      id: string,
      c: { contentId: string; digest: KeyedDigest; sizeBytes: number; mimeType: string },
    ): Promise<void> {
      await q.query(
        `UPDATE attachment SET content_id = $2, content_digest = $3, digest_key_id = $4, size_bytes = $5, mime_type = coalesce(mime_type, $6), state = 'stored'
          WHERE id = $1`,
        [id, c.contentId, c.digest.digest, c.digest.keyId, c.sizeBytes, c.mimeType],
      );
    },
    async failAttachment(q: Queryable, id: string): Promise<void> {
      await q.query(`UPDATE attachment SET state = 'failed' WHERE id = $1`, [id]);
    },
    async findAttachment(
      q: Queryable,
      id: string,
    ): Promise<(StoredAttachment & { contentCt: Buffer | null; keyId: string | null }) | null> {
      const r = await q.query<{
        id: string;
        message_id: string;
        provider_media_id: string | null;
        mime_type: string | null;
        file_name: string | null;
        file_name_ct: unknown;
        content_digest: string | null;
        digest_key_id: string | null;
        size_bytes: number | null;
        state: StoredAttachment['state'];
        content_ct: unknown;
        key_id: string | null;
      }>(
        `SELECT id, message_id, provider_media_id, mime_type, file_name, file_name_ct, content_digest, digest_key_id, size_bytes, state, content_ct, key_id
           FROM attachment WHERE id = $1`,
        [id],
      );
      const a = r.rows[0];
      if (!a) return null;
      return {
        id: a.id,
        messageId: a.message_id,
        providerMediaId: a.provider_media_id,
        mimeType: a.mime_type,
        fileName: a.file_name,
        fileNameCt: a.file_name_ct === null ? null : toBuffer(a.file_name_ct),
        contentDigest: a.content_digest,
        digestKeyId: a.digest_key_id,
        sizeBytes: a.size_bytes,
        state: a.state,
        contentCt: a.content_ct === null ? null : toBuffer(a.content_ct),
        keyId: a.key_id,
      };
    },
    async listAttachments(q: Queryable, messageIds: string[]): Promise<StoredAttachment[]> {
      if (messageIds.length === 0) return [];
      const r = await q.query<{
        id: string;
        message_id: string;
        provider_media_id: string | null;
        mime_type: string | null;
        file_name: string | null;
        file_name_ct: unknown;
        content_digest: string | null;
        digest_key_id: string | null;
        size_bytes: number | null;
        state: StoredAttachment['state'];
      }>(
        `SELECT id, message_id, provider_media_id, mime_type, file_name, file_name_ct, content_digest, digest_key_id, size_bytes, state
           FROM attachment WHERE message_id = ANY($1::uuid[]) ORDER BY created_at`,
        [messageIds],
      );
      return r.rows.map((a) => ({
        id: a.id,
        messageId: a.message_id,
        providerMediaId: a.provider_media_id,
        mimeType: a.mime_type,
        fileName: a.file_name,
        fileNameCt: a.file_name_ct === null ? null : toBuffer(a.file_name_ct),
        contentDigest: a.content_digest,
        digestKeyId: a.digest_key_id,
        sizeBytes: a.size_bytes,
        state: a.state,
      }));
    },

    /**
     * Messages whose body digest is not under the digest key `currentKeyId`: legacy unkeyed digests
     * (no key id), and keyed ones under an older key whose body is still there to digest again. By id,
     * after `afterId`, with what a record about each needs.
     */
    async digestsToRekey(q: Queryable, afterId: string | null, currentKeyId: string, limit: number): Promise<DigestRekeyRow[]> {
      const r = await q.query<{
        id: string;
        kind: string;
        body_ct: unknown;
        key_id: string | null;
        body_digest: string;
        digest_key_id: string | null;
        conversation_id: string;
        citizen_id: string | null;
        case_id: string | null;
      }>(
        `SELECT m.id, m.kind, m.body_ct, m.key_id, m.body_digest, m.digest_key_id, m.conversation_id, cv.citizen_id, cv.case_id
           FROM message m JOIN conversation cv ON cv.id = m.conversation_id
          WHERE m.id > coalesce($1::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
            AND m.body_digest IS NOT NULL
            AND (m.digest_key_id IS NULL OR (m.digest_key_id <> $2 AND m.body_ct IS NOT NULL))
          ORDER BY m.id LIMIT $3`,
        [afterId, currentKeyId, limit],
      );
      return r.rows.map((m) => ({
        ...toDigestedBody(m),
        conversationId: m.conversation_id,
        citizenId: m.citizen_id,
        caseId: m.case_id,
      }));
    },

    /**
     * Replaces body digests (`digest` null: the digest is dropped, for a message whose body is gone), each
     * only if the row still holds `previous`, so two nodes re-keying at once write each message once.
     * Returns the ids it changed.
     */
    async replaceBodyDigests(
      q: Queryable,
      rows: { id: string; previous: string; digest: string | null; keyId: string | null }[],
    ): Promise<Set<string>> {
      return replaceDigests(q, 'message', 'body_digest', rows);
    },

    /**
     * Attachments whose digest is not under the digest key `currentKeyId`: legacy unkeyed SHA-256s (no
     * key id) and keyed ones under an older key. By id, after `afterId`.
     */
    async attachmentDigestsToRekey(
      q: Queryable,
      afterId: string | null,
      currentKeyId: string,
      limit: number,
    ): Promise<AttachmentRekeyRow[]> {
      const r = await q.query<{
        id: string;
        message_id: string;
        state: StoredAttachment['state'];
        content_digest: string;
        digest_key_id: string | null;
        has_content: boolean;
        conversation_id: string;
        citizen_id: string | null;
        case_id: string | null;
      }>(
        `SELECT a.id, a.message_id, a.state, a.content_digest, a.digest_key_id,
                (a.content_id IS NOT NULL OR a.content_ct IS NOT NULL) AS has_content, m.conversation_id, cv.citizen_id, cv.case_id
           FROM attachment a JOIN message m ON m.id = a.message_id JOIN conversation cv ON cv.id = m.conversation_id
          WHERE a.id > coalesce($1::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
            AND a.content_digest IS NOT NULL AND (a.digest_key_id IS NULL OR a.digest_key_id <> $2)
          ORDER BY a.id LIMIT $3`,
        [afterId, currentKeyId, limit],
      );
      return r.rows.map((a) => ({
        id: a.id,
        messageId: a.message_id,
        state: a.state,
        contentDigest: a.content_digest,
        digestKeyId: a.digest_key_id,
        hasContent: a.has_content,
        conversationId: a.conversation_id,
        citizenId: a.citizen_id,
        caseId: a.case_id,
      }));
    },

    /** As replaceBodyDigests, for attachments: each replaced only while it still holds `previous`. Returns the ids changed. */
    async replaceAttachmentDigests(
      q: Queryable,
      rows: { id: string; previous: string; digest: string | null; keyId: string | null }[],
    ): Promise<Set<string>> {
      return replaceDigests(q, 'attachment', 'content_digest', rows);
    },

    /** Messages by id after `afterId` with their stored body and digest: what `records verify --deep` checks. */
    async messagesForVerify(
      q: Queryable,
      afterId: string | null,
      limit: number,
    ): Promise<Pick<StoredMessage, 'id' | 'kind' | 'bodyCt' | 'keyId' | 'bodyDigest' | 'digestKeyId'>[]> {
      const r = await q.query<{
        id: string;
        kind: string;
        body_ct: unknown;
        key_id: string | null;
        body_digest: string | null;
        digest_key_id: string | null;
      }>(
        `SELECT id, kind, body_ct, key_id, body_digest, digest_key_id FROM message
          WHERE id > coalesce($1::uuid, '00000000-0000-0000-0000-000000000000'::uuid) ORDER BY id LIMIT $2`,
        [afterId, limit],
      );
      return r.rows.map(toDigestedBody);
    },

    /**
     * Destruction under the retention schedule: the messages' bodies, the staff's justifications and
     * imported author names, their attachments' content and file names, and their send keys are gone
     * for good. The rows stay (as tombstones the record chain points at).
     */
    async eraseMessageContent(q: Queryable, messageIds: string[]): Promise<void> {
      if (messageIds.length === 0) return;
      await q.query(
        `WITH m AS (
           UPDATE message SET body_ct = NULL, key_id = NULL, author_label = NULL, justification = NULL, error_title = NULL
            WHERE id = ANY($1::uuid[]) RETURNING id),
         a AS (UPDATE attachment SET content_ct = NULL, key_id = NULL, file_name = NULL, content_id = NULL WHERE message_id = ANY($1::uuid[]) RETURNING id),
         k AS (DELETE FROM message_client_key WHERE message_id = ANY($1::uuid[]) RETURNING 1)
         SELECT (SELECT count(*) FROM m) AS messages, (SELECT count(*) FROM a) AS attachments, (SELECT count(*) FROM k) AS keys`,
        [messageIds],
      );
    },

    /**
     * Conversations among `conversationIds` none of whose messages is left (each destroyed, as
     * `message_destruction` shows) lose their read markers and the sender's WhatsApp profile name.
     * Returns how many.
     */
    async forgetEmptiedConversations(q: Queryable, conversationIds: string[]): Promise<number> {
      if (conversationIds.length === 0) return 0;
      const r = await q.query<{ n: number }>(
        // The conversations still holding a message, taken away from those named (EXCEPT): as a correlated
        // NOT EXISTS, statistics taken before a run's destructions led the planner to compare every named
        // conversation with every surviving message (11 s for 10,000 conversations and a million messages).
        `WITH gone AS (
           SELECT c.id FROM unnest($1::uuid[]) AS c(id)
           EXCEPT
           SELECT m.conversation_id FROM message m
            WHERE m.conversation_id = ANY($1::uuid[])
              AND NOT EXISTS (SELECT 1 FROM message_destruction d WHERE d.message_id = m.id)),
         r AS (DELETE FROM conversation_read WHERE conversation_id IN (SELECT id FROM gone) RETURNING 1),
         p AS (UPDATE conversation SET profile_name = NULL WHERE id IN (SELECT id FROM gone) RETURNING 1)
         SELECT (SELECT count(*) FROM gone)::int AS n, (SELECT count(*) FROM r) AS reads, (SELECT count(*) FROM p) AS names`,
        [conversationIds],
      );
      return r.rows[0]?.n ?? 0;
    },
  };
}

export type ConversationRepository = ReturnType<typeof createConversationRepository>;
