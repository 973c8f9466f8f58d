import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.context.js';
import { TEMPLATE_CATEGORIES } from '../channel/channel.types.js';
import type { PolicyDecisionView } from '../conversations/policy.port.js';
import { isAccessError, isAppError, isNotFoundError, type AppError } from '../platform/errors.js';
import { DoneQuery, formErrors, formFields, IdParams, type FormErrors } from '../platform/http/forms.js';
import { contactRefusalOf } from './contact.errors.js';
import type { ParameterProblem } from './template-text.js';
import { parameterProblemText } from './templates.errors.js';

/** Most parameters a template page offers fields for (Meta's own limit is far higher; council templates use a few). */
const MAX_PARAMETERS = 20;
const parameterField = (n: number) => `parameter${n}`;
const PARAMETER_FIELDS = Array.from({ length: MAX_PARAMETERS }, (_, i) => parameterField(i + 1));

const NewTemplateForm = formFields('_csrf', 'name', 'language', 'category', 'body');
const CsrfForm = formFields('_csrf');
const ChooseQuery = z.object({ templateId: z.guid().optional().catch(undefined) });
const TemplateSendForm = formFields('_csrf', 'templateId', 'action', 'justification', 'idempotencyKey', ...PARAMETER_FIELDS);
type TemplateSendBody = z.infer<typeof TemplateSendForm>;

const CATEGORY_LABELS: Record<(typeof TEMPLATE_CATEGORIES)[number], string> = {
  UTILITY: 'Utility: about something the citizen is already involved in',
  MARKETING: 'Marketing',
  AUTHENTICATION: 'Authentication: one-time codes',
};

/** Each problem a template's fields have, in the summary and beside its field. */
function fieldErrors(err: AppError): FormErrors {
  const fields = (err.details?.['fields'] ?? null) as Record<string, string> | null;
  if (!fields) return formErrors(err);
  return { list: Object.entries(fields).map(([f, text]) => ({ text, href: `#${f}` })), fields };
}

/** A send refused for its parameters: each value's problem beside its field. */
function parameterErrors(problems: ParameterProblem[]): FormErrors {
  const errors: FormErrors = { list: [], fields: {} };
  for (const p of problems) {
    const field = p.index === null ? parameterField(1) : parameterField(p.index);
    errors.list.push({ text: parameterProblemText(p), href: `#${field}` });
    errors.fields[field] ??= parameterProblemText(p);
  }
  return errors;
}

/**
 * The template pages: admins list, create and sync the WhatsApp templates; caseworkers pick an approved one
 * for a conversation, fill its parameters, see the filled text (and what the policy engine says) and send it.
 */
export function templateRoutes(ctx: AppContext) {
  const { services, pages } = ctx;
  const { render, guard } = pages;

  async function adminPage(req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) {
    const templates = await services.templates.listTemplates(req.auth!.actor);
    return render(
      req,
      reply,
      'templates.njk',
      {
        templates,
        values: {},
        categories: TEMPLATE_CATEGORIES.map((c) => ({ value: c, text: CATEGORY_LABELS[c] })),
        ...extra,
      },
      status,
    );
  }

  async function sendPage(req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown>, status = 200) {
    const actor = req.auth!.actor;
    const conversation = await services.conversations.getConversationSummary(actor, id);
    const templates = await services.templates.listApprovedTemplates(actor);
    return render(
      req,
      reply,
      'conversation-template.njk',
      { conversation, templates, values: {}, formKey: randomUUID(), ...extra },
      status,
    );
  }

  const parametersOf = (body: TemplateSendBody, count: number) =>
    Array.from({ length: Math.min(count, MAX_PARAMETERS) }, (_, i) => body[parameterField(i + 1)] ?? '');

  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get('/admin/templates', { schema: { querystring: DoneQuery }, preHandler: guard('template.manage') }, async (req, reply) =>
      adminPage(req, reply, { done: req.query.done ?? null }),
    );

    app.post(
      '/admin/templates',
      { schema: { body: NewTemplateForm }, preHandler: guard('template.manage', { form: true }) },
      async (req, reply) => {
        try {
          await services.templates.createTemplate(req.auth!.actor, req.body, { requestId: req.id });
          return reply.redirect('/admin/templates?done=created', 303);
        } catch (err) {
          if (!isAppError(err) || isAccessError(err)) throw err;
          return adminPage(req, reply, { values: req.body, errors: fieldErrors(err) }, err.status);
        }
      },
    );

    app.post(
      '/admin/templates/sync',
      { schema: { body: CsrfForm }, preHandler: guard('template.manage', { form: true }) },
      async (req, reply) => {
        try {
          await services.templates.syncTemplates(req.auth!.actor, { requestId: req.id });
          return reply.redirect('/admin/templates?done=synced', 303);
        } catch (err) {
          if (!isAppError(err) || isAccessError(err)) throw err;
          return adminPage(req, reply, { errors: { list: [{ text: err.message, href: '#sync' }], fields: {} } }, err.status);
        }
      },
    );

    app.get(
      '/conversations/:id/template',
      { schema: { params: IdParams, querystring: ChooseQuery }, preHandler: guard('conversation.send') },
      async (req, reply) => {
        const { templateId } = req.query;
        const template = templateId ? await services.templates.getApprovedTemplate(req.auth!.actor, templateId) : null;
        return sendPage(req, reply, req.params.id, { template });
      },
    );

    app.post(
      '/conversations/:id/template',
      { schema: { params: IdParams, body: TemplateSendForm }, preHandler: guard('conversation.send', { form: true }) },
      async (req, reply) => {
        const actor = req.auth!.actor;
        const { id } = req.params;
        const body = req.body;
        if (!body.templateId) {
          const errors = { list: [{ text: 'Choose a template', href: '#templateId' }], fields: { templateId: 'Choose a template' } };
          return sendPage(req, reply, id, { errors }, 400);
        }
        const template = await services.templates.getApprovedTemplate(actor, body.templateId);
        const parameters = parametersOf(body, template.parameterCount);
        const values = { ...body };
        // Back from the preview to change the values: the fill step with what was entered.
        if (body.action === 'edit') return sendPage(req, reply, id, { template, values });
        try {
          if (body.action !== 'send') {
            const { filled, decision } = await services.templates.previewTemplate(actor, { templateId: template.id, parameters });
            return sendPage(req, reply, id, { template, values, preview: filled.text, decision });
          }
          await services.outbound.sendMessage(
            actor,
            id,
            {
              template: { name: template.name, language: template.language, parameters },
              justification: body.justification ?? null,
              clientKey: body.idempotencyKey || null,
            },
            { requestId: req.id },
          );
          return reply.redirect(`/conversations/${id}#thread`, 303);
        } catch (err) {
          if (!isAppError(err) || isNotFoundError(err) || isAccessError(err)) throw err;
          const decision = (err.details?.['decision'] ?? null) as PolicyDecisionView | null;
          let errors: FormErrors;
          let preview: string | null = null;
          if (err.code === 'TEMPLATE_PARAMETERS') {
            errors = parameterErrors((err.details?.['problems'] ?? []) as ParameterProblem[]);
          } else if (err.code === 'POLICY_BLOCKED' || err.code === 'POLICY_JUSTIFICATION_REQUIRED') {
            // Shown on the preview step again, with why; a blocked text has to change, a warned one needs a reason.
            preview = (await services.templates.previewTemplate(actor, { templateId: template.id, parameters })).filled.text;
            const onJustification = err.code === 'POLICY_JUSTIFICATION_REQUIRED';
            const text = onJustification ? 'Say why this message needs to be sent' : err.message;
            errors = {
              list: [{ text, href: onJustification ? '#justification' : '#preview' }],
              fields: onJustification ? { justification: text } : {},
            };
          } else if (contactRefusalOf(err.code)) {
            const r = contactRefusalOf(err.code)!;
            errors = { list: [{ text: `${err.message} (guidance section ${r.section})`, href: '#template-form' }], fields: {} };
          } else errors = formErrors(err, '#template-form');
          return sendPage(req, reply, id, { template, values, errors, preview, decision }, err.status);
        }
      },
    );
  };
}
