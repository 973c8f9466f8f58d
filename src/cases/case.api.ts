import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiAuth, apiWrite, errorBody, uuidParam } from '../api/api.js';
import type { AppContext } from '../app.context.js';
import type { CaseFile } from './case.repository.js';
import {
  CaseBody,
  CaseDetailResponse,
  CaseLinkParams,
  CaseResponse,
  CloseCaseBody,
  LinkBody,
  LinkResponse,
  NoBody,
} from './case.schemas.js';

/** The JSON API for cases (under /api/v1): case systems create, close and reopen cases and link conversations and messages. */
export function caseApi(ctx: AppContext) {
  const { services } = ctx;
  const toBody = (c: CaseFile) => ({
    id: c.id,
    teamId: c.teamId,
    reference: c.reference,
    caseType: c.caseType,
    title: c.title,
    openedOn: c.openedOn,
    closedOn: c.closedOn,
    endedOn: c.endedOn,
    retentionClass: services.retention.classForCaseType(c.caseType)?.id ?? null,
  });
  const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/cases',
      {
        schema: {
          tags: ['cases'],
          summary: 'Create a case (its type decides its messages’ retention class)',
          body: CaseBody,
          response: { 201: CaseResponse, ...errors },
        },
      },
      async (req, reply) => {
        const auth = apiWrite(req, 'case.manage');
        const c = await services.cases.createCase(auth.actor, req.body, { requestId: req.id });
        return reply.status(201).send(toBody(c));
      },
    );

    app.get(
      '/cases/:id',
      {
        schema: {
          tags: ['cases'],
          summary: 'A case, what is linked to it, and its messages’ classes and disposal dates',
          params: uuidParam,
          response: { 200: CaseDetailResponse, ...errors },
        },
      },
      async (req) => {
        const auth = apiAuth(req, 'case.read');
        const v = await services.cases.getCaseView(auth.actor, req.params.id);
        return {
          ...toBody(v.case),
          links: v.links.map((l) => ({
            id: l.id,
            conversationId: l.conversationId,
            messageId: l.messageId,
            linkedAt: l.linkedAt.toISOString(),
          })),
          retention: v.retention.map((r) => ({
            classId: r.classId,
            classTitle: r.classTitle,
            action: r.action,
            disposalDue: r.disposalDue,
            reason: r.reason,
            messages: r.messages,
          })),
        };
      },
    );

    app.post(
      '/cases/:id/close',
      {
        schema: {
          tags: ['cases'],
          summary: 'Close a case: its messages’ disposal dates are recomputed at once',
          params: uuidParam,
          body: CloseCaseBody,
          response: { 200: CaseResponse, ...errors },
        },
      },
      async (req) => {
        const auth = apiWrite(req, 'case.manage');
        return toBody(await services.cases.closeCase(auth.actor, req.params.id, req.body, { requestId: req.id }));
      },
    );

    app.post(
      '/cases/:id/reopen',
      {
        schema: {
          tags: ['cases'],
          summary: 'Reopen a closed case: its messages are kept until it closes again',
          params: uuidParam,
          body: NoBody,
          response: { 200: CaseResponse, ...errors },
        },
      },
      async (req) => {
        const auth = apiWrite(req, 'case.manage');
        return toBody(await services.cases.reopenCase(auth.actor, req.params.id, { requestId: req.id }));
      },
    );

    app.post(
      '/cases/:id/links',
      {
        schema: {
          tags: ['cases'],
          summary: 'Link a whole conversation ({conversationId}) or a single message ({messageId}) to the case',
          params: uuidParam,
          body: LinkBody,
          response: { 201: LinkResponse, ...errors },
        },
      },
      async (req, reply) => {
        const auth = apiWrite(req, 'case.manage');
        const l = await services.cases.linkToCase(auth.actor, req.params.id, req.body, { requestId: req.id });
        return reply.status(201).send({ id: l.id, caseId: l.caseId, conversationId: l.conversationId, messageId: l.messageId });
      },
    );

    app.delete(
      '/cases/:id/links/:linkId',
      {
        schema: {
          tags: ['cases'],
          summary: 'Unlink a conversation or message from the case',
          params: CaseLinkParams,
          body: NoBody,
          response: { 204: z.null().describe('Unlinked'), ...errors },
        },
      },
      async (req, reply) => {
        const auth = apiWrite(req, 'case.manage');
        await services.cases.unlinkFromCase(auth.actor, req.params.id, req.params.linkId, { requestId: req.id });
        return reply.status(204).send(null);
      },
    );
  };
}
