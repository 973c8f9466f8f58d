import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can, teamScope } from '../access/authorize.js';
import type { AppContext } from '../app.context.js';
import { isAppError, isNotFoundError } from '../platform/errors.js';
import { DoneQuery, formErrors, IdParams, parseForm, type FormErrors } from '../platform/http/forms.js';
import type { Actor } from '../staff/staff.types.js';
import type { Citizen } from './citizen.repository.js';
import { citizenMergeChoose } from './citizen.errors.js';
import {
  CHANNEL_LABELS,
  firstContactForm,
  FirstContactFormFields,
  OPT_IN_LABELS,
  OptInForm,
  PURPOSE_LABELS,
} from '../contact/contact.schemas.js';
import { CitizenFormFields, citizenForm, citizenFormValues, CitizenSearchQuery, NewCitizenQuery } from './citizen.schemas.js';

/** The duplicate chosen; none (or not an id) is the form's "Choose the duplicate" error. */
const MergeForm = z.object({ _csrf: z.string().optional(), duplicateId: z.guid().nullable().catch(null) });

/** A service's problem with a field of the citizen form; the date links to its day box. */
function citizenFormErrors(err: Parameters<typeof formErrors>[0]): FormErrors {
  return formErrors(err, err.details?.['field'] === 'dateOfBirth' ? '#dob-day' : undefined);
}

/** The staff app's citizen pages: search, add, see, change, and start a conversation. */
export function citizenRoutes(ctx: AppContext) {
  const { services, pages } = ctx;
  const { render, guard } = pages;

  /** The add and change form; a new case reference asks for the type of the case it opens. */
  const formPage = (req: FastifyRequest, reply: FastifyReply, data: Record<string, unknown>, status = 200) =>
    render(req, reply, 'citizen-new.njk', { caseTypes: services.cases.caseTypes, ...data }, status);

  /** Someone who oversees every team says which team a new citizen belongs to. */
  const choosesTeam = (actor: Actor) => teamScope(actor) === null;

  async function citizenPage(
    req: FastifyRequest,
    reply: FastifyReply,
    citizen: Citizen,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const actor = req.auth!.actor;
    const conversations = (await services.conversations.listConversations(actor, { state: null })).filter(
      (c) => c.citizenId === citizen.id,
    );
    // The cases their conversations are filed under, and their messages' retention classes and disposal dates.
    const [cases, retention] = await Promise.all([
      services.cases.casesForCitizen(actor, citizen.id),
      services.retention.summaryForCitizen(actor, citizen.id),
    ]);
    return render(
      req,
      reply,
      'citizen.njk',
      {
        citizen,
        conversations,
        eligibility: services.conversations.contactEligibility(citizen),
        canMessage: can(actor, 'conversation.send'),
        cases,
        retention,
        canUpdate: can(actor, 'citizen.update', citizen),
        channelLabels: CHANNEL_LABELS,
        purposeLabels: PURPOSE_LABELS,
        optInLabels: OPT_IN_LABELS,
        ...extra,
      },
      status,
    );
  }

  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get('/citizens', { schema: { querystring: CitizenSearchQuery }, preHandler: guard('citizen.read') }, async (req, reply) => {
      const q = (req.query.q ?? '').trim();
      const citizens = await services.citizens.listCitizens(req.auth!.actor, q || null);
      return render(req, reply, 'citizens.njk', { citizens, q });
    });

    app.get('/citizens/new', { schema: { querystring: NewCitizenQuery }, preHandler: guard('citizen.create') }, async (req, reply) => {
      const teams = await services.staff.listTeams();
      return formPage(req, reply, { values: { waNumber: req.query.waNumber ?? '' }, teams });
    });

    app.post(
      '/citizens',
      { schema: { body: CitizenFormFields }, preHandler: guard('citizen.create', { form: true }) },
      async (req, reply) => {
        const actor = req.auth!.actor;
        const rerender = async (errors: FormErrors, status: number) =>
          formPage(req, reply, { values: req.body, errors, teams: await services.staff.listTeams() }, status);
        // Every problem the form can see is listed at once; the service checks the rest.
        const form = parseForm(citizenForm({ chooseTeam: choosesTeam(actor) }), req.body);
        if (!form.ok) return rerender(form.errors, 400);
        try {
          const c = await services.citizens.addCitizen(actor, form.value);
          return reply.redirect(`/citizens/${c.id}`, 303);
        } catch (err) {
          if (!isAppError(err)) throw err;
          return rerender(citizenFormErrors(err), err.status);
        }
      },
    );

    app.get('/citizens/:id/edit', { schema: { params: IdParams }, preHandler: guard('citizen.update') }, async (req, reply) => {
      const citizen = await services.citizens.getCitizen(req.auth!.actor, req.params.id);
      return formPage(req, reply, { editing: citizen, values: citizenFormValues(citizen) });
    });

    app.post(
      '/citizens/:id/edit',
      { schema: { params: IdParams, body: CitizenFormFields }, preHandler: guard('citizen.update', { form: true }) },
      async (req, reply) => {
        const citizen = await services.citizens.getCitizen(req.auth!.actor, req.params.id);
        const rerender = (errors: FormErrors, status: number) =>
          formPage(req, reply, { editing: citizen, values: req.body, errors }, status);
        const form = parseForm(citizenForm({ chooseTeam: false }), req.body);
        if (!form.ok) return rerender(form.errors, 400);
        try {
          const { teamId: _teamStays, ...changes } = form.value;
          await services.citizens.updateCitizen(req.auth!.actor, citizen.id, changes);
          return reply.redirect(`/citizens/${citizen.id}?done=updated`, 303);
        } catch (err) {
          if (!isAppError(err) || isNotFoundError(err)) throw err;
          return rerender(citizenFormErrors(err), err.status);
        }
      },
    );

    app.get(
      '/citizens/:id',
      { schema: { params: IdParams, querystring: DoneQuery }, preHandler: guard('citizen.read') },
      async (req, reply) => {
        const citizen = await services.citizens.getCitizen(req.auth!.actor, req.params.id);
        return citizenPage(req, reply, citizen, { done: req.query.done ?? null });
      },
    );

    async function mergePage(
      req: FastifyRequest,
      reply: FastifyReply,
      citizen: Citizen,
      extra: Record<string, unknown> = {},
      status = 200,
    ) {
      const candidates = (await services.citizens.listCitizens(req.auth!.actor)).filter(
        (c) => c.teamId === citizen.teamId && c.id !== citizen.id,
      );
      return render(req, reply, 'citizen-merge.njk', { citizen, candidates, ...extra }, status);
    }

    app.get('/citizens/:id/merge', { schema: { params: IdParams }, preHandler: guard('citizen.update') }, async (req, reply) =>
      mergePage(req, reply, await services.citizens.getCitizen(req.auth!.actor, req.params.id)),
    );

    app.post(
      '/citizens/:id/merge',
      { schema: { params: IdParams, body: MergeForm }, preHandler: guard('citizen.update', { form: true }) },
      async (req, reply) => {
        const citizen = await services.citizens.getCitizen(req.auth!.actor, req.params.id);
        try {
          if (!req.body.duplicateId) throw citizenMergeChoose();
          await services.citizens.mergeCitizens(req.auth!.actor, citizen.id, req.body.duplicateId, { requestId: req.id });
          return reply.redirect(`/citizens/${citizen.id}?done=merged`, 303);
        } catch (err) {
          if (!isAppError(err) || isNotFoundError(err)) throw err;
          return mergePage(req, reply, citizen, { errors: formErrors(err, '#duplicateId') }, err.status);
        }
      },
    );

    app.post(
      '/citizens/:id/conversations',
      { schema: { params: IdParams, body: FirstContactFormFields }, preHandler: guard('conversation.start', { form: true }) },
      async (req, reply) => {
        const { id } = req.params;
        const rerender = async (errors: FormErrors, status: number) => {
          const citizen = await services.citizens.getCitizen(req.auth!.actor, id);
          const ticked = ([] as string[]).concat(req.body.channels ?? []);
          return citizenPage(req, reply, citizen, { conversations: [], errors, values: req.body, ticked }, status);
        };
        const form = parseForm(firstContactForm, req.body);
        if (!form.ok) return rerender(form.errors, 400);
        try {
          const conv = await services.conversations.openConversation(req.auth!.actor, id, form.value, { requestId: req.id });
          return reply.redirect(`/conversations/${conv.id}`, 303);
        } catch (err) {
          if (!isAppError(err) || isNotFoundError(err)) throw err;
          if (err.details?.['field'] === 'channelsTried')
            return rerender({ list: [{ text: err.message, href: '#channels' }], fields: { channels: err.message } }, err.status);
          return rerender(formErrors(err), err.status);
        }
      },
    );

    app.post(
      '/citizens/:id/opt-in',
      { schema: { params: IdParams, body: OptInForm }, preHandler: guard('citizen.update', { form: true }) },
      async (req, reply) => {
        const { id } = req.params;
        try {
          await services.contact.recordOptIn(req.auth!.actor, id, { method: req.body.method ?? '' }, { requestId: req.id });
          return reply.redirect(`/citizens/${id}?done=opted-in`, 303);
        } catch (err) {
          if (!isAppError(err) || isNotFoundError(err)) throw err;
          const citizen = await services.citizens.getCitizen(req.auth!.actor, id);
          return citizenPage(req, reply, citizen, { errors: formErrors(err, '#method'), optInErrors: formErrors(err) }, err.status);
        }
      },
    );
  };
}
