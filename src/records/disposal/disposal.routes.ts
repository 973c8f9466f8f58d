import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.context.js';
import { isAppError } from '../../platform/errors.js';
import { DoneQuery, formErrors, IdParams, parseForm, type FormErrors } from '../../platform/http/forms.js';
import type { RetentionClass } from '../retention/retention-schedule.js';

const ReviewForm = z.object({
  _csrf: z.string().optional(),
  items: z.union([z.string().max(40), z.array(z.string().max(40)).max(1000)]).optional(),
  decision: z.string().max(20).optional(),
  extendTo: z.string().max(20).optional(),
  reason: z.string().max(2000).optional(),
});

/** Every problem the decision form can see at once; the service checks the rest (dates, holds). */
const reviewForm = ReviewForm.transform((f, ctx) => {
  const items = f.items === undefined ? [] : Array.isArray(f.items) ? f.items : [f.items];
  if (items.length === 0) ctx.addIssue({ code: 'custom', path: ['items'], message: 'Select at least one record to decide on' });
  if (f.decision !== 'destroy' && f.decision !== 'extend' && f.decision !== 'transfer')
    ctx.addIssue({ code: 'custom', path: ['decision'], message: 'Choose destroy, keep longer or transfer' });
  if (f.decision === 'extend' && !f.extendTo?.trim())
    ctx.addIssue({ code: 'custom', path: ['extendTo'], message: 'Enter the new disposal date, written YYYY-MM-DD' });
  if (f.decision === 'extend' && !f.reason?.trim())
    ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter why the records are kept longer' });
  return { items, decision: f.decision ?? '', extendTo: f.extendTo?.trim() ?? null, reason: f.reason?.trim() ?? null };
});

const TRIGGER_TEXT: Record<RetentionClass['trigger'], string> = {
  message_date: 'The message date',
  case_closed: 'The case closing (for a complaint, the final decision)',
  last_contact: 'The last contact in the case',
  date_of_birth: 'The date of birth',
  financial_year_end: 'The end of the financial year in which the case closed',
  case_end: 'The end of the tenancy or care',
};

function periodText(c: RetentionClass): string {
  if ('untilAge' in c.period) return `Until age ${c.period.untilAge}`;
  const parts: string[] = [];
  if (c.period.years) parts.push(`${c.period.years} year${c.period.years === 1 ? '' : 's'}`);
  if (c.period.months) parts.push(`${c.period.months} month${c.period.months === 1 ? '' : 's'}`);
  return parts.join(' and ');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The records officer's pages: the schedule (read-only), the disposal review queue and the certificates. */
export function disposalRoutes(ctx: AppContext) {
  const { services, pages } = ctx;
  const { render, guard } = pages;
  const classTitle = (id: string) => services.retentionSchedule.classes.find((c) => c.id === id)?.title ?? id;

  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get('/records/schedule', { preHandler: guard('retention.read') }, async (req, reply) => {
      const schedule = services.disposal.getSchedule(req.auth!.actor);
      const classes = schedule.classes.map((c) => ({
        ...c,
        periodText: periodText(c),
        triggerText: TRIGGER_TEXT[c.trigger],
        actionText: c.action === 'destroy' ? 'Destroy' : c.action === 'review' ? 'Review by a records officer' : 'Transfer to the archive',
        actionClass: c.action === 'destroy' ? 'govuk-tag--red' : c.action === 'review' ? 'govuk-tag--yellow' : 'govuk-tag--blue',
        sourcesHtml: `<ul class="govuk-list govuk-list--bullet">${c.sources.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`,
      }));
      return render(req, reply, 'retention-schedule.njk', { schedule, classes });
    });

    const reviewPage = async (actorReq: Parameters<typeof render>[0], values: Record<string, unknown>, errors?: FormErrors) => {
      const items = await services.disposal.listReviewQueue(actorReq.auth!.actor);
      return { items: items.map((i) => ({ ...i, classTitle: classTitle(i.classId) })), values, errors };
    };

    app.get('/records/disposal-review', { schema: { querystring: DoneQuery }, preHandler: guard('retention.read') }, async (req, reply) => {
      const done = req.query.done ?? null;
      const doneText =
        done === 'destroy'
          ? 'The records were destroyed and a destruction certificate was written.'
          : done === 'extend'
            ? 'The records are kept until their new date.'
            : done === 'transfer'
              ? 'The archive package was written and the records destroyed; a certificate was written.'
              : null;
      return render(req, reply, 'disposal-review.njk', { ...(await reviewPage(req, {})), done: doneText ? done : null, doneText });
    });

    app.post(
      '/records/disposal-review',
      { schema: { body: ReviewForm }, preHandler: guard('records.dispose', { form: true }) },
      async (req, reply) => {
        const values = { ...req.body, items: req.body.items === undefined ? [] : [req.body.items].flat() };
        const form = parseForm(reviewForm, req.body);
        if (!form.ok) return render(req, reply, 'disposal-review.njk', await reviewPage(req, values, form.errors), 400);
        try {
          await services.disposal.decideReview(
            req.auth!.actor,
            { ids: form.value.items, decision: form.value.decision, extendTo: form.value.extendTo, reason: form.value.reason },
            { requestId: req.id },
          );
          return reply.redirect(`/records/disposal-review?done=${form.value.decision}`, 303);
        } catch (err) {
          if (!isAppError(err) || err.status === 403) throw err;
          const e = err.details?.['field'] ? err : Object.assign(err, { details: { ...(err.details ?? {}), field: 'items' } });
          return render(req, reply, 'disposal-review.njk', await reviewPage(req, values, formErrors(e)), err.status);
        }
      },
    );

    const approverText = async (approver: string) => {
      if (approver === 'schedule') return 'The retention schedule (automatic)';
      const staff = await services.staff.getStaff(approver);
      return staff ? `${staff.displayName} (records officer)` : approver;
    };

    app.get('/records/certificates', { preHandler: guard('retention.read') }, async (req, reply) => {
      const certificates = await services.disposal.listCertificates(req.auth!.actor);
      const withApprover = await Promise.all(certificates.map(async (c) => ({ ...c, approverText: await approverText(c.approver) })));
      return render(req, reply, 'certificates.njk', { certificates: withApprover });
    });

    app.get('/records/certificates/:id', { schema: { params: IdParams }, preHandler: guard('retention.read') }, async (req, reply) => {
      const certificate = await services.disposal.getCertificate(req.auth!.actor, req.params.id);
      return render(req, reply, 'certificate.njk', { certificate, approverText: await approverText(certificate.approver) });
    });

    app.get('/records/certificates/:id/json', { schema: { params: IdParams }, preHandler: guard('retention.read') }, async (req, reply) => {
      const certificate = await services.disposal.getCertificate(req.auth!.actor, req.params.id);
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="destruction-certificate-${certificate.id}.json"`)
        .send(JSON.stringify(certificate, null, 2));
    });
  };
}
