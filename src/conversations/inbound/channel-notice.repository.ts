import type { Queryable } from '../../platform/db/db.client.js';
import { toBuffer } from '../../platform/db/db.client.js';

export const NOTICE_KINDS = ['account_error', 'status', 'field', 'unreadable'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** Something the channel sent that is not a citizen's message (see `ChannelNotice`), as stored. */
export interface StoredNotice {
  id: string;
  kind: NoticeKind;
  field: string;
  wabaId: string | null;
  phoneNumberId: string | null;
  code: number | null;
  title: string | null;
  contentCt: Buffer;
  keyId: string;
  receivedAt: Date;
}

type NoticeRow = {
  id: string;
  kind: NoticeKind;
  field: string;
  waba_id: string | null;
  phone_number_id: string | null;
  code: number | null;
  title: string | null;
  content_ct: unknown;
  key_id: string;
  received_at: Date;
};

const toNotice = (r: NoticeRow): StoredNotice => ({
  id: r.id,
  kind: r.kind,
  field: r.field,
  wabaId: r.waba_id,
  phoneNumberId: r.phone_number_id,
  code: r.code,
  title: r.title,
  contentCt: toBuffer(r.content_ct),
  keyId: r.key_id,
  receivedAt: new Date(r.received_at),
});

/** The only writer of `channel_notice`. */
export function createChannelNoticeRepository() {
  return {
    /** Stores a notice once; false when its dedupe key is already stored (Meta delivered it again). */
    async insertNotice(q: Queryable, n: Omit<StoredNotice, 'receivedAt'> & { dedupeKey: string; receivedAt: Date }): Promise<boolean> {
      const r = await q.query(
        `INSERT INTO channel_notice (id, dedupe_key, kind, field, waba_id, phone_number_id, code, title, content_ct, key_id, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (dedupe_key) DO NOTHING`,
        [n.id, n.dedupeKey, n.kind, n.field, n.wabaId, n.phoneNumberId, n.code, n.title, n.contentCt, n.keyId, n.receivedAt],
      );
      return r.rowCount === 1;
    },
    /** The newest notices, of some kinds (all when none given). */
    async listNotices(q: Queryable, kinds: readonly NoticeKind[] = NOTICE_KINDS, limit = 200): Promise<StoredNotice[]> {
      const r = await q.query<NoticeRow>(
        `SELECT id, kind, field, waba_id, phone_number_id, code, title, content_ct, key_id, received_at
           FROM channel_notice WHERE kind = ANY($1::text[]) ORDER BY received_at DESC, id LIMIT $2`,
        [kinds, limit],
      );
      return r.rows.map(toNotice);
    },
  };
}

export type ChannelNoticeRepository = ReturnType<typeof createChannelNoticeRepository>;
