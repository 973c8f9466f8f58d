import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { can, teamScope } from '../access/authorize.js';
import type { AppContext } from '../app.context.js';
import { type AppError, isAppError, isNotFoundError } from '../platform/errors.js';
import { DoneQuery, formErrors, IdParams, parseForm, type FormErrors } from '../platform/http/forms.js';
import { caseChoose } from './case.errors.js';
import { CaseFormFields, caseForm, CaseListQuery, closeForm, CloseFormFields, LinkForm, UnlinkForm } from './case.schemas.js';

/** Where a service's problem with a date field is shown: its day box. */
const DATE_BOXES: Record<string, string> = { openedOn: '#opened-day', closedOn: '#closed-day', endedOn: '#ended-day' };
const caseFormErrors = (err: AppError): FormErrors => {
  const field = err.details?.['field'];
  return formErrors(err, typeof field === 'string' ? DATE_BOXES[field] : undefined);
};

/** Only our own pages are gone back to after an unlink. */
const safeBack = (back: string | undefined, fallback: string) =>
  back && /^\/(cases|conversations|messages|records)\/[\w/-]*$/.test(back) ? back : fallback;

/** The staff app's case pages: the list, a case with what is linked and its retention, new/close/reopen, and linking from conversations and messages. */
export function caseRoutes(ctx: AppContext) {
  const { services, pages } = ctx;
  const { render, guard } = pages;

  async function casePage(req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}, status = 200) {
    const view = await services.cases.getCaseView(req.auth!.actor, id);
    return render(req, reply, 'case.njk', { ...view, today: services.clock.now(), ...extra }, status);
  }

  async function messagePage(req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}, status = 200) {
    const actor = req.auth!.actor;
    const { message, conversation, cases } = await services.cases.casesForMessage(actor, id);
    const [retention, throughConversation, linkable] = await Promise.all([
      services.retention.explain(actor, id),
      services.cases.casesForConversation(actor, conversation.id),
      services.cases.listLinkableCases(actor),
    ]);
    return render(
      req,
      reply,
      'message-cases.njk',
      {
        message,
        conversation,
        cases,
        conversationCases: throughConversation.filter((c) => !c.messageId),
        retention,
        linkable: linkable.filter((c) => !cases.some((l) => l.caseId === c.id)),
        ...extra,
      },
      status,
    );
  }

  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get('/cases', { schema: { querystring: CaseListQuery }, preHandler: guard('case.read') }, async (req, reply) => {
      const q = (req.query.q ?? '').trim();
      const state = req.query.state ?? 'open';
      const cases = await services.cases.listCases(req.auth!.actor, { search: q || null, state: state === 'all' ? null : state });
      return render(req, reply, 'cases.njk', { cases, q, state, caseTypes: services.cases.caseTypes });
    });

    const newCasePage = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown>, status = 200) =>
      render(
        req,
        reply,
        'case-new.njk',
        {
          caseTypes: services.cases.caseTypes,
          teams: teamScope(req.auth!.actor) === null ? await services.staff.listTeams() : [],
          ...extra,
        },
        status,
      );

    app.get('/cases/new', { preHandler: guard('case.manage') }, async (req, reply) => newCasePage(req, reply, { values: {} }));

    app.post('/cases', { schema: { body: CaseFormFields }, preHandler: guard('case.manage', { form: true }) }, async (req, reply) => {
      const actor = req.auth!.actor;
      const form = parseForm(caseForm({ chooseTeam: teamScope(actor) === null }), req.body);
      if (!form.ok) return newCasePage(req, reply, { values: req.body, errors: form.errors }, 400);
      try {
        const c = await services.cases.createCase(actor, form.value, { requestId: req.id });
        return reply.redirect(`/cases/${c.id}?done=created`, 303);
      } catch (err) {
        if (!isAppError(err)) throw err;
        return newCasePage(req, reply, { values: req.body, errors: caseFormErrors(err) }, err.status);
      }
    });

    app.get('/cases/:id', { schema: { params: IdParams, querystring: DoneQuery }, preHandler: guard('case.read') }, async (req, reply) =>
      casePage(req, reply, req.params.id, { done: req.query.done ?? null }),
    );

    app.get('/cases/:id/close', { schema: { params: IdParams }, preHandler: guard('case.manage') }, async (req, reply) => {
      const view = await services.cases.getCaseView(req.auth!.actor, req.params.id);
      return render(req, reply, 'case-close.njk', { ...view, values: {} });
    });

    app.post(
      '/cases/:id/close',
      { schema: { params: IdParams, body: CloseFormFields }, preHandler: guard('case.manage', { form: true }) },
      async (req, reply) => {
        const rerender = async (errors: FormErrors, status: number) =>
          render(
            req,
            reply,
            'case-close.njk',
            { ...(await services.cases.getCaseView(req.auth!.actor, req.params.id)), values: req.body, errors },
            status,
          );
        const form = parseForm(closeForm, req.body);
        if (!form.ok) return rerender(form.errors, 400);
        try {
          await services.cases.closeCase(req.auth!.actor, req.params.id, form.value, { requestId: req.id });
          return reply.redirect(`/cases/${req.params.id}?done=closed`, 303);
        } catch (err) {
          if (!isAppError(err) || isNotFoundError(err)) throw err;
          return rerender(caseFormErrors(err), err.status);
        }
      },
    );

    app.post(
      '/cases/:id/reopen',
      { schema: { params: IdParams, body: LinkForm.pick({ _csrf: true }) }, preHandler: guard('case.manage', { form: true }) },
      async (req, reply) => {
        try {
          await services.cases.reopenCase(req.auth!.actor, req.params.id, { requestId: req.id });
          return reply.redirect(`/cases/${req.params.id}?done=reopened`, 303);
        } catch (err) {
          if (!isAppError(err) || isNotFoundError(err)) throw err;
          return casePage(req, reply, req.params.id, { errors: formErrors(err) }, err.status);
        }
      },
    );

    app.post(
      '/cases/:id/unlink',
      { schema: { params: IdParams, body: UnlinkForm }, preHandler: guard('case.manage', { form: true }) },
      async (req, reply) => {
        await services.cases.unlinkFromCase(req.auth!.actor, req.params.id, req.body.linkId, { requestId: req.id });
        return reply.redirect(`${safeBack(req.body.back, `/cases/${req.params.id}`)}?done=unlinked`, 303);
      },
    );

    app.post(
      '/conversations/:id/cases',
      { schema: { params: IdParams, body: LinkForm }, preHandler: guard('case.manage', { form: true }) },
      async (req, reply) => {
        const { id } = req.params;
        try {
          if (!req.body.caseId) throw caseChoose();
          await services.cases.linkToCase(req.auth!.actor, req.body.caseId, { conversationId: id }, { requestId: req.id });
          return reply.redirect(`/conversations/${id}?done=case-linked#cases`, 303);
        } catch (err) {
          if (!isAppError(err) || (isNotFoundError(err) && err.code !== 'CASE_NOT_FOUND')) throw err;
          // The conversation page says what went wrong beside the case list (by code: no text in the address).
          const code = err.code === 'CASE_LINK_EXISTS' ? err.code : 'CASE_CHOOSE';
          return reply.redirect(`/conversations/${id}?caseError=${code}#cases`, 303);
        }
      },
    );

    app.get(
      '/messages/:id/cases',
      { schema: { params: IdParams, querystring: DoneQuery }, preHandler: guard('case.read') },
      async (req, reply) => messagePage(req, reply, req.params.id, { done: req.query.done ?? null }),
    );

    app.post(
      '/messages/:id/cases',
      { schema: { params: IdParams, body: LinkForm }, preHandler: guard('case.manage', { form: true }) },
      async (req, reply) => {
        const { id } = req.params;
        try {
          if (!req.body.caseId) throw caseChoose();
          await services.cases.linkToCase(req.auth!.actor, req.body.caseId, { messageId: id }, { requestId: req.id });
          return reply.redirect(`/messages/${id}/cases?done=linked`, 303);
        } catch (err) {
          if (!isAppError(err) || (isNotFoundError(err) && err.code !== 'CASE_NOT_FOUND')) throw err;
          return messagePage(
            req,
            reply,
            id,
            { errors: formErrors(err.code === 'CASE_NOT_FOUND' ? caseChoose() : err, '#caseId') },
            err.status,
          );
        }
      },
    );

    app.get('/records/triage', { preHandler: guard('records.read') }, async (req, reply) => {
      const actor = req.auth!.actor;
      const rows = await services.retention.listTriage(actor);
      return render(req, reply, 'case-triage.njk', { rows, canLink: can(actor, 'case.manage') });
    });
  };
}
