import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiAuth, apiWrite, errorBody, uuidParam } from '../api/api.js';
import type { AppContext } from '../app.context.js';
import { REPORT_CATEGORIES } from './report.repository.js';

const reportSchema = z.object({
  id: z.string(),
  messageId: z.string(),
  conversationId: z.string(),
  category: z.enum(REPORT_CATEGORIES),
  dueOn: z.string().describe('YYYY-MM-DD: safeguarding the same working day, others within 2 working days'),
  reportedAt: z.string(),
  automatic: z.boolean().describe('Reported by Liaise itself (offensive content received)'),
  outcome: z.string().nullable(),
  decidedAt: z.string().nullable(),
});

/** The JSON API for reports to the manager and for sharing a message (under /api/v1). */
export function oversightApi(ctx: AppContext) {
  const { services } = ctx;
  const toJson = (r: Awaited<ReturnType<typeof services.reports.reportMessage>>) => ({
    id: r.id,
    messageId: r.messageId,
    conversationId: r.conversationId,
    category: r.category,
    dueOn: r.dueOn,
    reportedAt: r.reportedAt.toISOString(),
    automatic: r.reportedBy === null,
    outcome: r.outcome,
    decidedAt: r.decidedAt?.toISOString() ?? null,
  });
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/messages/:id/reports',
      {
        schema: {
          tags: ['oversight'],
          summary: 'Report a message to your manager (offensive content, a safeguarding concern or other)',
          params: uuidParam,
          body: z.object({ category: z.enum(REPORT_CATEGORIES), note: z.string().max(2000).optional() }),
          response: { 201: reportSchema, 400: errorBody, 404: errorBody },
        },
      },
      async (req, reply) => {
        const auth = apiWrite(req, 'message.report');
        const r = await services.reports.reportMessage(auth.actor, req.params.id, req.body, { requestId: req.id });
        return reply.status(201).send(toJson(r));
      },
    );

    app.get(
      '/reports',
      {
        schema: {
          tags: ['oversight'],
          summary: 'Open reports in your team (managers) or every team (admins), soonest due first',
          response: { 200: z.object({ reports: z.array(reportSchema) }), 403: errorBody },
        },
      },
      async (req) => {
        const auth = apiAuth(req, 'oversight.read');
        return { reports: (await services.reports.listOpenReports(auth.actor)).map(toJson) };
      },
    );

    app.post(
      '/reports/:id/outcome',
      {
        schema: {
          tags: ['oversight'],
          summary: 'Record the outcome of a report (managers)',
          params: uuidParam,
          body: z.object({ outcome: z.string().max(2000) }),
          response: { 200: reportSchema, 400: errorBody, 404: errorBody, 409: errorBody },
        },
      },
      async (req) => {
        const auth = apiWrite(req, 'report.decide');
        return toJson(await services.reports.decideReport(auth.actor, req.params.id, req.body, { requestId: req.id }));
      },
    );

    app.post(
      '/messages/:id/shares',
      {
        schema: {
          tags: ['oversight'],
          summary: 'Share a message with a colleague in the conversation’s team, inside Liaise',
          params: uuidParam,
          body: z.object({ staffId: z.guid(), note: z.string().max(2000).optional() }),
          response: { 201: z.object({ shared: z.literal(true) }), 400: errorBody, 404: errorBody },
        },
      },
      async (req, reply) => {
        const auth = apiWrite(req, 'message.share');
        await services.shares.shareMessage(
          auth.actor,
          req.params.id,
          { colleagueId: req.body.staffId, note: req.body.note },
          { requestId: req.id },
        );
        return reply.status(201).send({ shared: true as const });
      },
    );

    app.post(
      '/messages/:id/external-copy',
      {
        schema: {
          tags: ['oversight'],
          summary: 'A copy of a message for use outside Liaise; refused with SHARE_PERSONAL_DATA when it holds personal data',
          params: uuidParam,
          body: z.object({}).optional(),
          response: {
            200: z.object({
              messageId: z.string(),
              direction: z.enum(['inbound', 'outbound']),
              kind: z.string(),
              sentAt: z.string(),
              text: z.string(),
            }),
            404: errorBody,
            422: errorBody,
          },
        },
      },
      async (req) => {
        const auth = apiWrite(req, 'message.share');
        return services.shares.copyOutside(auth.actor, req.params.id, { requestId: req.id });
      },
    );
  };
}
