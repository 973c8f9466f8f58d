import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiAuth, apiWrite, errorBody, uuidParam } from '../api/api.js';
import type { AppContext } from '../app.context.js';
import type { Conversation } from '../conversations/conversation.repository.js';
import { ApprovalBody, FirstContactBody, OptInBody, ReleaseBody } from './contact.schemas.js';

const contactStateSchema = z.object({
  id: z.string(),
  citizenId: z.string().nullable(),
  channelsTried: z.array(z.object({ channel: z.string(), on: z.string() })).nullable(),
  purpose: z.string().nullable(),
  approvalState: z.enum(['not_required', 'pending', 'approved', 'refused']).nullable(),
  approvalReason: z.string().nullable(),
  approvalDecidedAt: z.string().nullable(),
  suspended: z.boolean(),
  suspendedReason: z.string().nullable().describe('A reason code such as child_signal; never message text'),
});

const view = (c: Conversation) => ({
  id: c.id,
  citizenId: c.citizenId,
  channelsTried: c.channelsTried,
  purpose: c.contactPurpose,
  approvalState: c.approvalState,
  approvalReason: c.approvalReason,
  approvalDecidedAt: c.approvalDecidedAt?.toISOString() ?? null,
  suspended: c.suspendedAt !== null,
  suspendedReason: c.suspendedReason,
});

/**
 * The contact rules in the JSON API (under /api/v1): first contact with its justification, a manager's
 * approval, releasing a suspended conversation, and recording a citizen's opt-in. Refusals are
 * `{ error: { code, message } }` with the CONTACT_… codes the web app shows in plain words.
 */
export function contactApi(ctx: AppContext) {
  const { services } = ctx;
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/citizens/:id/conversations',
      {
        schema: {
          tags: ['contact'],
          summary: 'Open a conversation: first contact with the channels tried, each with its date, the purpose and a justification',
          params: uuidParam,
          body: FirstContactBody,
          response: { 201: contactStateSchema, 400: errorBody, 404: errorBody, 422: errorBody },
        },
      },
      async (req, reply) => {
        const auth = apiWrite(req, 'conversation.start');
        const conv = await services.conversations.openConversation(auth.actor, req.params.id, req.body, { requestId: req.id });
        return reply.status(201).send(view(conv));
      },
    );

    app.get(
      '/conversations/:id/contact',
      {
        schema: {
          tags: ['contact'],
          summary: 'A conversation’s first contact, approval and suspension (no message content)',
          params: uuidParam,
          response: { 200: contactStateSchema, 404: errorBody },
        },
      },
      async (req) => {
        const auth = apiAuth(req, 'conversation.read');
        return view(await services.conversations.getConversationSummary(auth.actor, req.params.id));
      },
    );

    app.post(
      '/conversations/:id/approval',
      {
        schema: {
          tags: ['contact'],
          summary: 'A manager approves or refuses (with a reason) a first contact held for approval',
          params: uuidParam,
          body: ApprovalBody,
          response: { 200: contactStateSchema, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
        },
      },
      async (req) => {
        const auth = apiWrite(req, 'contact.approve');
        return view(await services.contact.decideFirstContact(auth.actor, req.params.id, req.body, { requestId: req.id }));
      },
    );

    app.post(
      '/conversations/:id/release',
      {
        schema: {
          tags: ['contact'],
          summary: 'A manager releases a conversation suspended on signs of a child, with a reason',
          params: uuidParam,
          body: ReleaseBody,
          response: { 200: contactStateSchema, 400: errorBody, 403: errorBody, 404: errorBody, 409: errorBody },
        },
      },
      async (req) => {
        const auth = apiWrite(req, 'contact.approve');
        return view(await services.contact.releaseConversation(auth.actor, req.params.id, req.body, { requestId: req.id }));
      },
    );

    app.post(
      '/citizens/:id/opt-in',
      {
        schema: {
          tags: ['contact'],
          summary: 'Record how and when the citizen agreed to WhatsApp contact (ends an earlier STOP)',
          params: uuidParam,
          body: OptInBody,
          response: { 200: z.object({ id: z.string(), optInMethod: z.string(), optedInAt: z.string() }), 400: errorBody, 404: errorBody },
        },
      },
      async (req) => {
        const auth = apiWrite(req, 'citizen.update');
        const c = await services.contact.recordOptIn(auth.actor, req.params.id, req.body, { requestId: req.id });
        return { id: c.id, optInMethod: c.optInMethod!, optedInAt: c.optedInAt!.toISOString() };
      },
    );
  };
}
