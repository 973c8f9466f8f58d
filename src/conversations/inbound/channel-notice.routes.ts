import type { FastifyInstance } from 'fastify';
import { type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.context.js';
import { NOTICE_KINDS } from './channel-notice.repository.js';

const NoticeQuery = z.object({ kind: z.enum(NOTICE_KINDS).optional() });

const KIND_LABELS: Record<(typeof NOTICE_KINDS)[number], string> = {
  account_error: 'Account errors',
  status: 'Statuses for messages Liaise does not hold',
  field: 'Other account updates',
  unreadable: 'Could not be read',
};

/** The admin page of what the WhatsApp account reported besides citizens' messages. */
export function channelNoticeRoutes(ctx: AppContext) {
  const { services, pages } = ctx;
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    app.get('/admin/whatsapp', { schema: { querystring: NoticeQuery }, preHandler: pages.guard('team.manage') }, async (req, reply) => {
      const kind = req.query.kind ?? 'account_error';
      const notices = await services.channelNotices.listNotices(req.auth!.actor, kind, { requestId: req.id });
      return pages.render(req, reply, 'channel-notices.njk', {
        notices,
        kind,
        tabs: NOTICE_KINDS.map((k) => ({ kind: k, label: KIND_LABELS[k] })),
      });
    });
  };
}
