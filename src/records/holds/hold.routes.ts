import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app.context.js';
import { isAppError, isNotFoundError } from '../../platform/errors.js';
import { DoneQuery, formErrors, formFields, IdParams, parseForm, type FormErrors } from '../../platform/http/forms.js';
import type { LegalHold } from './hold.repository.js';
import { HOLD_SCOPE_KINDS, type HoldScopeInput } from './hold.service.js';

const HoldForm = formFields(
  '_csrf',
  'scopeKind',
  'caseReference',
  'citizenId',
  'number',
  'classId',
  'from',
  'to',
  'keyword',
  'reason',
  'owner',
);
const ReleaseForm = formFields('_csrf', 'reason');

const SCOPE_FIELD: Record<Exclude<HoldScopeInput['kind'], 'dates'>, { field: string; message: string }> = {
  case: { field: 'caseReference', message: 'Enter the case reference' },
  citizen: { field: 'citizenId', message: 'Enter the citizen id' },
  number: { field: 'number', message: 'Enter the WhatsApp number' },
  class: { field: 'classId', message: 'Choose a retention class' },
  keyword: { field: 'keyword', message: 'Enter a keyword or phrase' },
};

/** Every problem the hold form can see at once; the service checks what the values refer to. */
const holdForm = HoldForm.transform((f, ctx): { scope: HoldScopeInput; reason: string; owner: string | null } => {
  const kind = HOLD_SCOPE_KINDS.find((k) => k === f.scopeKind);
  const blank = (v: string | undefined) => !v || v.trim() === '';
  if (!kind) ctx.addIssue({ code: 'custom', path: ['scopeKind'], message: 'Choose what the hold covers' });
  else if (kind === 'dates') {
    if (blank(f.from)) ctx.addIssue({ code: 'custom', path: ['from'], message: 'Enter the start date' });
    if (blank(f.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'Enter the end date' });
  } else {
    const { field, message } = SCOPE_FIELD[kind];
    if (blank(f[field as keyof typeof f])) ctx.addIssue({ code: 'custom', path: [field], message });
  }
  if (blank(f.reason)) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter why the records must be kept' });
  const v = (s: string | undefined) => (s ?? '').trim();
  const scope: HoldScopeInput =
    kind === 'case'
      ? { kind, caseReference: v(f.caseReference) }
      : kind === 'citizen'
        ? { kind, citizenId: v(f.citizenId) }
        : kind === 'number'
          ? { kind, number: v(f.number) }
          : kind === 'class'
            ? { kind, classId: v(f.classId) }
            : kind === 'dates'
              ? { kind, from: v(f.from), to: v(f.to) }
              : { kind: 'keyword', word: v(f.keyword) };
  return { scope, reason: v(f.reason), owner: v(f.owner) || null };
});

/** What a hold covers, in words for its pages. */
export function holdScopeText(h: LegalHold): string {
  const s = h.scope;
  switch (s.kind) {
    case 'case':
      return `Case ${h.caseReference ?? s.caseId}`;
    case 'citizen':
      return `Citizen ${s.citizenId}`;
    case 'number':
      return `WhatsApp number ${s.number}`;
    case 'class':
      return `Retention class ${s.classId}`;
    case 'dates':
      return `Messages dated ${s.from} to ${s.to}`;
    case 'keyword':
      return `Messages containing “${s.word}”`;
  }
}

/** The legal holds pages: the list, placing a hold, one hold and its release. */
export function holdRoutes(ctx: AppContext) {
  const { services, pages } = ctx;
  const { render, guard } = pages;
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get('/records/holds', { schema: { querystring: DoneQuery }, preHandler: guard('hold.read') }, async (req, reply) => {
      const holds = await services.holds.listHolds(req.auth!.actor);
      return render(req, reply, 'holds.njk', {
        holds: holds.map((h) => ({ ...h, scopeText: holdScopeText(h) })),
        done: req.query.done ?? null,
      });
    });

    const newPage = (values: Record<string, unknown>, errors?: FormErrors) => ({
      values,
      errors,
      classes: services.retentionSchedule.classes.map((c) => ({ id: c.id, title: c.title })),
    });

    app.get('/records/holds/new', { preHandler: guard('hold.create') }, async (req, reply) =>
      render(req, reply, 'hold-new.njk', newPage({})),
    );

    app.post('/records/holds', { schema: { body: HoldForm }, preHandler: guard('hold.create', { form: true }) }, async (req, reply) => {
      const form = parseForm(holdForm, req.body);
      if (!form.ok) return render(req, reply, 'hold-new.njk', newPage(req.body, form.errors), 400);
      try {
        await services.holds.createHold(
          req.auth!.actor,
          { scope: form.value.scope, reason: form.value.reason, ownerEmail: form.value.owner },
          { requestId: req.id },
        );
        return reply.redirect('/records/holds?done=created', 303);
      } catch (err) {
        if (!isAppError(err) || err.status !== 400) throw err;
        return render(req, reply, 'hold-new.njk', newPage(req.body, formErrors(err)), 400);
      }
    });

    app.get('/records/holds/:id', { schema: { params: IdParams }, preHandler: guard('hold.read') }, async (req, reply) => {
      const hold = await services.holds.getHold(req.auth!.actor, req.params.id);
      return render(req, reply, 'hold.njk', { hold, scopeText: holdScopeText(hold), values: {} });
    });

    app.post(
      '/records/holds/:id/release',
      { schema: { params: IdParams, body: ReleaseForm }, preHandler: guard('hold.release', { form: true }) },
      async (req, reply) => {
        const actor = req.auth!.actor;
        const form = parseForm(
          ReleaseForm.refine((f) => !!f.reason?.trim(), { path: ['reason'], message: 'Enter why the hold can be released' }),
          req.body,
        );
        const rerender = async (errors: FormErrors, status: number) => {
          const hold = await services.holds.getHold(actor, req.params.id);
          return render(req, reply, 'hold.njk', { hold, scopeText: holdScopeText(hold), values: req.body, errors }, status);
        };
        if (!form.ok) return rerender(form.errors, 400);
        try {
          await services.holds.releaseHold(actor, req.params.id, form.value.reason ?? '', { requestId: req.id });
          return reply.redirect('/records/holds?done=released', 303);
        } catch (err) {
          if (!isAppError(err) || isNotFoundError(err) || err.status === 403) throw err;
          return rerender(formErrors(err), err.status);
        }
      },
    );
  };
}
