import { authorize } from '../../access/authorize.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { Cipher } from '../../platform/crypto/cipher.js';
import type { Db } from '../../platform/db/db.client.js';
import type { Actor } from '../../staff/staff.types.js';
import { type ChannelNoticeRepository, NOTICE_KINDS, type NoticeKind } from './channel-notice.repository.js';

/** A notice as an admin sees it: what Meta sent, decrypted. */
export interface NoticeView {
  id: string;
  kind: NoticeKind;
  field: string;
  code: number | null;
  title: string | null;
  phoneNumberId: string | null;
  receivedAt: Date;
  /** The item as Meta sent it, pretty-printed (it may name a number or hold a message that could not be read). */
  content: string;
}

/**
 * What the WhatsApp channel sent that is not a citizen's message: account-level errors first, then
 * untracked statuses, other webhook fields and items that could not be read. For admins (the account's
 * owners); reading them opens their content, so each read is audited.
 */
export function createChannelNoticeService(deps: { db: Db; notices: ChannelNoticeRepository; cipher: Cipher; audit: AuditService }) {
  const { db, notices, cipher, audit } = deps;
  return {
    async listNotices(actor: Actor, kind: NoticeKind | null, meta: { requestId?: string } = {}): Promise<NoticeView[]> {
      authorize(actor, 'team.manage');
      const rows = await notices.listNotices(db, kind ? [kind] : NOTICE_KINDS);
      const views = rows.map((n) => {
        let content: string;
        try {
          content = JSON.stringify(JSON.parse(cipher.open(n.keyId, n.contentCt, `channel_notice:${n.id}`).toString('utf8')), null, 2);
        } catch {
          content = '(could not be decrypted)';
        }
        return {
          id: n.id,
          kind: n.kind,
          field: n.field,
          code: n.code,
          title: n.title,
          phoneNumberId: n.phoneNumberId,
          receivedAt: n.receivedAt,
          content,
        };
      });
      await audit.write(db, {
        actorStaffId: actor.id,
        action: 'channel-notice.content-read',
        subjectType: 'channel_notice',
        details: { kind, notices: views.length },
        requestId: meta.requestId,
      });
      return views;
    },
  };
}

export type ChannelNoticeService = ReturnType<typeof createChannelNoticeService>;
