import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.context.js';
import { safeEqual } from '../platform/crypto/password.js';
import { AppError, forbidden } from '../platform/errors.js';

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), requestId: z.string().optional() }).loose() });
const uuidParam = z.object({ id: z.uuid() });
const findingSchema = z.object({
  type: z.string(),
  start: z.number(),
  end: z.number(),
  rule: z.string(),
  confidence: z.number(),
  suggestion: z.string().optional(),
});
const decisionSchema = z.object({
  decision: z.enum(['allow', 'warn', 'block']),
  findings: z.array(findingSchema),
  reasons: z.array(
    z.object({
      ruleId: z.string(),
      findingType: z.string(),
      action: z.string(),
      guidanceSection: z.string(),
      message: z.string(),
      count: z.number(),
      suggestion: z.string().optional().describe('A compliant way to say it'),
      triggers: z.array(z.string()).describe('The words that triggered the rule, as typed'),
    }),
  ),
  packId: z.string(),
  packVersion: z.string(),
});

function requireAuth(req: FastifyRequest) {
  if (!req.auth) throw new AppError('AUTH_REQUIRED', 'Sign in, or send a valid API token as Authorization: Bearer', 401);
  if (req.auth.staff.mustChangePassword && !req.auth.viaToken)
    throw new AppError('AUTH_PASSWORD_CHANGE_REQUIRED', 'Change your one-time password first', 403);
  return req.auth;
}

/** Writes from the browser carry the session's CSRF token in a header. */
function requireCsrf(req: FastifyRequest) {
  const auth = requireAuth(req);
  if (auth.viaToken) return auth; // a bearer token is not sent by browsers on their own, so CSRF cannot ride on it
  const sent = req.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !safeEqual(sent, auth.csrfToken))
    throw new AppError('AUTH_CSRF_INVALID', 'Missing or wrong X-CSRF-Token header', 403);
  return auth;
}

/** The JSON API, described by OpenAPI at /api/docs. */
export function apiRoutes(ctx: AppContext): FastifyPluginAsync {
  const { services } = ctx;
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/policy/check',
      {
        schema: {
          tags: ['policy'],
          summary: 'Check a draft message against the policy pack (nothing is stored)',
          body: z.object({ text: z.string().max(4096) }),
          response: { 200: decisionSchema, 401: errorBody },
        },
      },
      async (req) => {
        requireCsrf(req);
        const d = services.conversations.checkText(req.body.text);
        return { decision: d.decision, findings: d.findings, reasons: d.reasons, packId: d.packId, packVersion: d.packVersion };
      },
    );

    app.get(
      '/conversations',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Conversations visible to you (no message content)',
          querystring: z.object({ view: z.enum(['all', 'triage']).default('all') }),
          response: {
            200: z.object({
              conversations: z.array(
                z.object({
                  id: z.string(),
                  teamId: z.string().nullable(),
                  citizenId: z.string().nullable(),
                  caseReference: z.string().nullable(),
                  lastMessageAt: z.string().nullable(),
                  linked: z.boolean(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        const auth = requireAuth(req);
        const list = await services.conversations.listConversations(auth.actor, { unlinkedOnly: req.query.view === 'triage' });
        return {
          conversations: list.map((c) => ({
            id: c.id,
            teamId: c.teamId,
            citizenId: c.citizenId,
            caseReference: c.caseReference,
            lastMessageAt: c.lastMessageAt?.toISOString() ?? null,
            linked: c.citizenId !== null,
          })),
        };
      },
    );

    app.get(
      '/conversations/:id/messages',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Messages of a conversation (an audited read of message content)',
          params: uuidParam,
          response: {
            200: z.object({
              messages: z.array(
                z.object({
                  id: z.string(),
                  direction: z.enum(['inbound', 'outbound']),
                  kind: z.string(),
                  body: z.string().nullable(),
                  status: z.string(),
                  decision: z.string().nullable(),
                  flagged: z.string().nullable(),
                  sentAt: z.string().nullable(),
                  createdAt: z.string(),
                  attachments: z.array(
                    z.object({ id: z.string(), fileName: z.string().nullable(), mimeType: z.string().nullable(), state: z.string() }),
                  ),
                }),
              ),
            }),
            404: errorBody,
          },
        },
      },
      async (req) => {
        const auth = requireAuth(req);
        const { messages } = await services.conversations.readConversation(auth.actor, req.params.id, { requestId: req.id });
        return {
          messages: messages.map((m) => ({
            id: m.id,
            direction: m.direction,
            kind: m.kind,
            body: m.body,
            status: m.status,
            decision: m.decision,
            flagged: m.flagged,
            sentAt: m.sentAt?.toISOString() ?? null,
            createdAt: m.createdAt.toISOString(),
            attachments: m.attachments.map((a) => ({ id: a.id, fileName: a.fileName, mimeType: a.mimeType, state: a.state })),
          })),
        };
      },
    );

    app.post(
      '/conversations/:id/messages',
      {
        schema: {
          tags: ['conversations'],
          summary: 'Send a message (policy-checked; queued for the WhatsApp outbox)',
          params: uuidParam,
          headers: z.object({
            'idempotency-key': z
              .string()
              .regex(/^[A-Za-z0-9_-]{8,100}$/)
              .optional()
              .describe('Send the same key again (a retry) and the message already queued is returned, not sent twice'),
          }),
          body: z.object({
            text: z.string().max(4096).optional(),
            justification: z.string().max(2000).optional(),
            template: z.literal('first_contact').optional(),
          }),
          response: {
            202: z.object({ id: z.string(), status: z.string(), decision: z.string().nullable() }),
            422: errorBody,
            404: errorBody,
          },
        },
      },
      async (req, reply) => {
        const auth = requireCsrf(req);
        const m = await services.outbound.sendMessage(
          auth.actor,
          req.params.id,
          {
            text: req.body.text,
            justification: req.body.justification,
            useTemplate: req.body.template === 'first_contact',
            clientKey: req.headers['idempotency-key'] ?? null,
          },
          { requestId: req.id },
        );
        return reply.status(202).send({ id: m.id, status: m.status, decision: m.decision });
      },
    );

    app.get(
      '/records/verify',
      {
        schema: {
          tags: ['records'],
          summary: 'Verify the record hash chain',
          response: {
            200: z.object({
              ok: z.boolean(),
              records: z.number(),
              sealed: z.number(),
              pending: z.number(),
              firstProblem: z.object({ chainIndex: z.number().nullable(), recordId: z.string(), problem: z.string() }).nullable(),
            }),
          },
        },
      },
      async (req) => {
        const auth = requireAuth(req);
        if (auth.staff.role !== 'records_officer' && auth.staff.role !== 'admin') throw forbidden();
        return services.records.verify();
      },
    );
  };
}
