import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../access/authorize.js';
import type { AppContext } from '../app.context.js';
import { isAccessError, isAppError, isNotFoundError } from '../platform/errors.js';
import { DoneQuery, formErrors, formFields, IdParams } from '../platform/http/forms.js';
import { REPORT_CATEGORIES } from './report.repository.js';
import { svgDataUri, usageCharts } from './usage.charts.js';
import { USAGE_WEEKS, usageCsv } from './usage.service.js';

const ReportForm = formFields('_csrf', 'category', 'note');
const OutcomeForm = formFields('_csrf', 'outcome');
const ShareForm = formFields('_csrf', 'colleague', 'note');
const CopyForm = formFields('_csrf');
/** The weeks shown; anything not on the list is the form's error, not a broken page. */
const UsageQuery = z.object({ weeks: z.string().max(4).optional() });

/** The copy's text file: what it is, when, and its words; no names or numbers. */
function copyText(c: { messageId: string; direction: string; sentAt: string; text: string }) {
  return [
    'Copy of a WhatsApp message from Liaise',
    `Message: ${c.messageId}`,
    `Direction: ${c.direction === 'inbound' ? 'received from the citizen' : 'sent by council staff'}`,
    `Time: ${c.sentAt}`,
    '',
    c.text,
    '',
  ].join('\r\n');
}

/**
 * The manager's queue and report pages, the team usage page and its CSV, and the per-message
 * Report and Share actions (with "Shared with you").
 */
export function oversightRoutes(ctx: AppContext) {
  const { services, pages } = ctx;
  const { render, guard } = pages;

  const notFoundPage = (req: FastifyRequest, reply: FastifyReply) =>
    render(req, reply, 'error.njk', { title: 'Page not found', message: 'The message does not exist or is not in your team.' }, 404);

  const messageContext = (req: FastifyRequest, id: string) => services.shares.prepareShare(req.auth!.actor, id);

  async function reportPage(req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}, status = 200) {
    const { message, conversation } = await services.reports.describeMessage(req.auth!.actor, id);
    return render(req, reply, 'report-message.njk', { message, conversation, categories: REPORT_CATEGORIES, ...extra }, status);
  }

  async function sharePage(req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}, status = 200) {
    const data = await messageContext(req, id);
    return render(req, reply, 'share-message.njk', { ...data, ...extra }, status);
  }

  async function decidePage(req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}, status = 200) {
    const report = await services.reports.getReport(req.auth!.actor, id);
    return render(req, reply, 'report-decide.njk', { report, ...extra }, status);
  }

  /** Runs a page handler, answering "Page not found" for a message or report that is not there or not the actor's to see. */
  const orNotFound = async (req: FastifyRequest, reply: FastifyReply, f: () => Promise<unknown>) => {
    try {
      return await f();
    } catch (err) {
      if (isAppError(err) && isNotFoundError(err)) return notFoundPage(req, reply);
      throw err;
    }
  };

  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get('/oversight/queue', { schema: { querystring: DoneQuery }, preHandler: guard('oversight.read') }, async (req, reply) => {
      const items = await services.queue.listQueue(req.auth!.actor);
      return render(req, reply, 'queue.njk', { items, done: req.query.done ?? null });
    });

    app.get('/oversight/reports/:id', { schema: { params: IdParams }, preHandler: guard('report.decide') }, async (req, reply) =>
      orNotFound(req, reply, () => decidePage(req, reply, req.params.id)),
    );

    app.post(
      '/oversight/reports/:id',
      { schema: { params: IdParams, body: OutcomeForm }, preHandler: guard('report.decide', { form: true }) },
      async (req, reply) =>
        orNotFound(req, reply, async () => {
          try {
            await services.reports.decideReport(req.auth!.actor, req.params.id, { outcome: req.body.outcome }, { requestId: req.id });
            return reply.redirect('/oversight/queue?done=outcome', 303);
          } catch (err) {
            if (!isAppError(err) || isNotFoundError(err) || isAccessError(err)) throw err;
            return decidePage(
              req,
              reply,
              req.params.id,
              { errors: formErrors(err, '#outcome'), outcome: req.body.outcome ?? '' },
              err.status,
            );
          }
        }),
    );

    app.get('/messages/:id/report', { schema: { params: IdParams }, preHandler: guard('message.report') }, async (req, reply) =>
      orNotFound(req, reply, () => reportPage(req, reply, req.params.id)),
    );

    app.post(
      '/messages/:id/report',
      { schema: { params: IdParams, body: ReportForm }, preHandler: guard('message.report', { form: true }) },
      async (req, reply) =>
        orNotFound(req, reply, async () => {
          try {
            const report = await services.reports.reportMessage(
              req.auth!.actor,
              req.params.id,
              { category: req.body.category, note: req.body.note },
              { requestId: req.id },
            );
            return render(req, reply, 'report-sent.njk', { report });
          } catch (err) {
            if (!isAppError(err) || isNotFoundError(err) || isAccessError(err)) throw err;
            const href = err.code === 'REPORT_CATEGORY_REQUIRED' ? '#category' : '#note';
            return reportPage(
              req,
              reply,
              req.params.id,
              { errors: formErrors(err, href), category: req.body.category ?? '', note: req.body.note ?? '' },
              err.status,
            );
          }
        }),
    );

    app.get('/messages/:id/share', { schema: { params: IdParams }, preHandler: guard('message.share') }, async (req, reply) =>
      orNotFound(req, reply, () => sharePage(req, reply, req.params.id)),
    );

    app.post(
      '/messages/:id/share',
      { schema: { params: IdParams, body: ShareForm }, preHandler: guard('message.share', { form: true }) },
      async (req, reply) =>
        orNotFound(req, reply, async () => {
          try {
            await services.shares.shareMessage(
              req.auth!.actor,
              req.params.id,
              { colleagueId: req.body.colleague, note: req.body.note },
              { requestId: req.id },
            );
            const { conversation, colleagues } = await messageContext(req, req.params.id);
            const colleague = colleagues.find((c) => c.id === req.body.colleague);
            return render(req, reply, 'share-sent.njk', { conversation, colleague, messageId: req.params.id });
          } catch (err) {
            if (!isAppError(err) || isNotFoundError(err) || isAccessError(err)) throw err;
            const href = err.code === 'SHARE_COLLEAGUE_INVALID' ? '#colleague' : '#note';
            return sharePage(
              req,
              reply,
              req.params.id,
              { errors: formErrors(err, href), colleague: req.body.colleague ?? '', note: req.body.note ?? '' },
              err.status,
            );
          }
        }),
    );

    app.post(
      '/messages/:id/copy',
      { schema: { params: IdParams, body: CopyForm }, preHandler: guard('message.share', { form: true }) },
      async (req, reply) =>
        orNotFound(req, reply, async () => {
          try {
            const copy = await services.shares.copyOutside(req.auth!.actor, req.params.id, { requestId: req.id });
            return reply
              .type('text/plain; charset=utf-8')
              .header('content-disposition', `attachment; filename="message-${copy.messageId}.txt"`)
              .header('cache-control', 'private, no-store')
              .send(copyText(copy));
          } catch (err) {
            if (!isAppError(err) || err.code !== 'SHARE_PERSONAL_DATA') throw err;
            // The summary links to the button that was refused; the words say why and what to do instead.
            return sharePage(req, reply, req.params.id, { errors: formErrors(err, '#copy'), copyRefused: err.message }, err.status);
          }
        }),
    );

    app.get('/shared', { preHandler: guard('message.share') }, async (req, reply) => {
      const shared = await services.shares.listSharedWithMe(req.auth!.actor);
      return render(req, reply, 'shared.njk', { shared });
    });

    app.get('/shared/:id/open', { schema: { params: IdParams }, preHandler: guard('message.share') }, async (req, reply) => {
      const share = (await services.shares.listSharedWithMe(req.auth!.actor)).find((s) => s.id === req.params.id);
      if (!share) return notFoundPage(req, reply);
      await services.shares.markSeen(req.auth!.actor, share.conversationId);
      return reply.redirect(`/conversations/${share.conversationId}#message-${share.messageId}`, 303);
    });

    app.get('/oversight/usage', { schema: { querystring: UsageQuery }, preHandler: guard('oversight.read') }, async (req, reply) => {
      const weeks = req.query.weeks === undefined ? 8 : Number(req.query.weeks);
      try {
        const report = await services.usage.usage(req.auth!.actor, { weeks });
        const charts = await usageCharts(report);
        return render(req, reply, 'usage.njk', {
          report,
          weeks,
          weekOptions: USAGE_WEEKS,
          charts: { messages: svgDataUri(charts.messages), activity: svgDataUri(charts.activity), replies: svgDataUri(charts.replies) },
          seesAllTeams: can(req.auth!.actor, 'oversight.read', { teamId: null }),
        });
      } catch (err) {
        if (!isAppError(err) || err.code !== 'USAGE_RANGE_INVALID') throw err;
        return render(req, reply, 'usage.njk', { report: null, weeks: 8, weekOptions: USAGE_WEEKS, errors: formErrors(err) }, 400);
      }
    });

    app.get('/oversight/usage.csv', { schema: { querystring: UsageQuery }, preHandler: guard('oversight.read') }, async (req, reply) => {
      const weeks = req.query.weeks === undefined ? 8 : Number(req.query.weeks);
      const report = await services.usage.usage(req.auth!.actor, { weeks });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="liaise-usage-${report.firstDay}-to-${report.lastDay}.csv"`)
        .header('cache-control', 'private, no-store')
        .send(usageCsv(report));
    });
  };
}
