import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiAuth, apiWrite, errorBody, uuidParam } from '../api/api.js';
import type { AppContext } from '../app.context.js';
import { CONVERSATION_STATES } from './conversation.repository.js';

const justification = z.string().max(2000).optional().describe('Why a message the policy engine warns about must be sent');
/**
 * A message: free text (inside the 24-hour window), or an approved template with its parameters ({{1}}, {{2}} …)
 * in order, which is all WhatsApp allows outside the window. `template: "first_contact"` fills Liaise's
 * first-contact template with the citizen's first name, the sender and the team.
 */
const SendMessageBody = z.union([
  z.strictObject({ text: z.string().max(4096).optional(), justification }),
  z.strictObject({
    template: z.object({
      name: z.string().min(1).max(512).describe('An approved template, e.g. `housing_visit_reminder`'),
      language: z.string().min(2).max(15).describe('Its language code, e.g. `en_GB`'),
      parameters: z.array(z.string().max(1024)).max(100).describe('One value for each parameter, in order'),
    }),
    justification,
  }),
  z.strictObject({ template: z.literal('first_contact'), justification }),
]);

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

/** The JSON API for conversations (under /api/v1, described at /api/docs): list, read, send, and a dry-run policy check. */
export function conversationApi(ctx: AppContext) {
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
        apiWrite(req, 'conversation.send');
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
                  state: z.enum(CONVERSATION_STATES).describe('open, closed (dealt with) or archived; a new message reopens it'),
                  assignedTo: z.string().nullable().describe('The staff id it is assigned to'),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        const auth = apiAuth(req, 'conversation.read');
        const list = await services.conversations.listConversations(auth.actor, { unlinkedOnly: req.query.view === 'triage', state: null });
        return {
          conversations: list.map((c) => ({
            id: c.id,
            teamId: c.teamId,
            citizenId: c.citizenId,
            caseReference: c.caseReference,
            lastMessageAt: c.lastMessageAt?.toISOString() ?? null,
            linked: c.citizenId !== null,
            state: c.state,
            assignedTo: c.assignedTo,
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
                  destroyedAt: z
                    .string()
                    .nullable()
                    .describe('When destroyed under the retention schedule; body and attachments are then empty'),
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
        const auth = apiAuth(req, 'conversation.read');
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
            destroyedAt: m.destroyedAt?.toISOString() ?? null,
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
          body: SendMessageBody,
          response: {
            202: z.object({ id: z.string(), status: z.string(), decision: z.string().nullable() }),
            400: errorBody,
            422: errorBody,
            404: errorBody,
          },
        },
      },
      async (req, reply) => {
        const auth = apiWrite(req, 'conversation.send');
        const body = req.body;
        const m = await services.outbound.sendMessage(
          auth.actor,
          req.params.id,
          {
            justification: body.justification,
            ...('template' in body
              ? body.template === 'first_contact'
                ? { useTemplate: true }
                : { template: body.template }
              : { text: body.text }),
            clientKey: req.headers['idempotency-key'] ?? null,
          },
          { requestId: req.id },
        );
        return reply.status(202).send({ id: m.id, status: m.status, decision: m.decision });
      },
    );
  };
}
