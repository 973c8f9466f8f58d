import { randomUUID } from 'node:crypto';
import { can } from '../access/authorize.js';
import type { AuditService } from '../audit/audit.service.js';
import {
  TEMPLATE_CATEGORIES,
  type ChannelEvent,
  type TemplateCategory,
  type TemplateChannel,
  type TemplateStatusEvent,
} from '../channel/channel.types.js';
import type { PolicyChecker, PolicyDecisionView } from '../conversations/policy.port.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/db.client.js';
import type { Actor } from '../staff/staff.types.js';
import {
  checkTemplateBody,
  checkTemplateParameters,
  renderTemplateText,
  templateParameters,
  type TemplateBodyProblem,
} from './template-text.js';
import {
  templateExists,
  templateForbidden,
  templateInvalid,
  templateNotApproved,
  templateNotFound,
  templateParameters as templateParametersError,
} from './templates.errors.js';
import type { MessageTemplate, TemplatesRepository } from './templates.repository.js';

export interface TemplatesDeps {
  db: Db;
  templates: TemplatesRepository;
  /** The business account's template endpoints (the Cloud API client, or the simulator behind it). */
  channel: TemplateChannel;
  audit: AuditService;
  clock: Clock;
  policy: PolicyChecker;
  /** The business account Liaise manages; reviews of other accounts' templates change nothing. */
  wabaId?: string | null;
}

export interface NewTemplateInput {
  name?: string | null;
  language?: string | null;
  category?: string | null;
  body?: string | null;
}

/** A template with the number of parameters a caseworker fills. */
export type TemplateView = MessageTemplate & { parameterCount: number };

/** A template filled in for one send: the text exactly as WhatsApp renders it. */
export interface FilledTemplate {
  name: string;
  language: string;
  parameters: string[];
  text: string;
}

const NAME = /^[a-z0-9_]{1,512}$/;
const LANGUAGE = /^[a-z]{2,3}(_[A-Z]{2})?$/;

const BODY_WORDS: Record<TemplateBodyProblem, string> = {
  empty: 'Enter the message text',
  too_long: 'The message text must be 1,024 characters or fewer',
  parameters_not_sequential: 'Number the parameters {{1}}, {{2}}, {{3}} … in order, with none missing',
  starts_or_ends_with_parameter: 'The message text cannot start or end with a parameter: WhatsApp rejects it',
};

const view = (t: MessageTemplate): TemplateView => ({ ...t, parameterCount: templateParameters(t.body).length });

/**
 * WhatsApp message templates: admins create them (submitted to the Cloud API for Meta's review) and sync
 * them from the business account; Meta's review arrives by webhook; caseworkers fill an approved one's
 * numbered parameters, and the filled text is what the policy engine checks and the record keeps.
 */
export function createTemplatesService(deps: TemplatesDeps) {
  const { db, templates, channel, audit, clock, policy } = deps;

  const assertManager = (actor: Actor) => {
    if (!can(actor, 'template.manage')) throw templateForbidden();
  };

  async function listTemplates(actor: Actor): Promise<TemplateView[]> {
    assertManager(actor);
    return (await templates.listTemplates(db)).map(view);
  }

  /** What a caseworker may send outside the 24-hour window. */
  async function listApprovedTemplates(actor: Actor): Promise<TemplateView[]> {
    if (!can(actor, 'conversation.send')) throw templateForbidden();
    return (await templates.listTemplates(db, { status: 'APPROVED' })).map(view);
  }

  async function getApprovedTemplate(actor: Actor, id: string): Promise<TemplateView> {
    if (!can(actor, 'conversation.send')) throw templateForbidden();
    const t = /^[0-9a-f-]{36}$/i.test(id) ? await templates.findTemplate(db, id) : null;
    if (!t) throw templateNotFound();
    if (t.status !== 'APPROVED') throw templateNotApproved();
    return view(t);
  }

  /** Every field checked at once; each problem named by its field, for the form's error summary. */
  function checkNewTemplate(input: NewTemplateInput) {
    const fields: Record<string, string> = {};
    const name = (input.name ?? '').trim();
    const language = (input.language ?? '').trim();
    const category = (input.category ?? '').trim();
    const body = (input.body ?? '').replace(/\r\n/g, '\n').trim();
    if (!name) fields['name'] = 'Enter a name';
    else if (!NAME.test(name))
      fields['name'] = 'Name must use only lower-case letters, numbers and underscores, like housing_visit_reminder';
    if (!language) fields['language'] = 'Enter a language code';
    else if (!LANGUAGE.test(language)) fields['language'] = 'Language must be a WhatsApp language code, like en_GB or cy';
    if (!(TEMPLATE_CATEGORIES as readonly string[]).includes(category)) fields['category'] = 'Select a category';
    const bodyProblem = checkTemplateBody(body)[0];
    if (bodyProblem) fields['body'] = BODY_WORDS[bodyProblem];
    if (Object.keys(fields).length) throw templateInvalid(fields);
    return { name, language, category: category as TemplateCategory, body };
  }

  /**
   * A new template: checked against Meta's rules, submitted to the business account (Meta reviews it), and
   * stored with the status WhatsApp gave it (PENDING). Nothing is stored if WhatsApp refuses it.
   */
  async function createTemplate(actor: Actor, input: NewTemplateInput, meta: { requestId?: string } = {}): Promise<MessageTemplate> {
    assertManager(actor);
    const t = checkNewTemplate(input);
    if (await templates.findByName(db, t.name, t.language)) throw templateExists();
    const count = templateParameters(t.body).length;
    const submitted = await channel.createTemplate({
      ...t,
      exampleParameters: Array.from({ length: count }, (_, i) => `example ${i + 1}`),
    });
    const id = randomUUID();
    const now = clock.now();
    await db.transaction(async (tx) => {
      await templates.insertTemplate(tx, {
        id,
        ...t,
        status: submitted.status,
        providerTemplateId: submitted.providerTemplateId,
        rejectedReason: null,
        createdBy: actor.id,
        createdAt: now,
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'template.created',
        subjectType: 'message_template',
        subjectId: id,
        details: { providerTemplateId: submitted.providerTemplateId, status: submitted.status },
        requestId: meta.requestId,
      });
    });
    return (await templates.findTemplate(db, id))!;
  }

  /**
   * The business account's templates, stored by name and language with their status; a template the account
   * no longer holds is disabled. Templates in a state Liaise does not track, or with no body, are skipped.
   */
  async function syncTemplates(actor: Actor, meta: { requestId?: string } = {}) {
    assertManager(actor);
    const remote = await channel.listTemplates();
    const now = clock.now();
    const counts = { inserted: 0, updated: 0, unchanged: 0, disabled: 0, skipped: 0 };
    await db.transaction(async (tx) => {
      const present: Array<{ name: string; language: string }> = [];
      for (const r of remote) {
        if (!r.status || r.body === null) {
          counts.skipped += 1;
          present.push({ name: r.name, language: r.language });
          continue;
        }
        present.push({ name: r.name, language: r.language });
        const outcome = await templates.upsertFromChannel(
          tx,
          {
            id: randomUUID(),
            name: r.name,
            language: r.language,
            category: r.category,
            body: r.body,
            status: r.status,
            providerTemplateId: r.providerTemplateId,
            rejectedReason: r.rejectedReason,
          },
          now,
        );
        counts[outcome] += 1;
      }
      counts.disabled = (await templates.disableMissing(tx, present, now)).length;
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'template.synced',
        subjectType: 'message_template',
        details: counts,
        requestId: meta.requestId,
      });
    });
    return counts;
  }

  /**
   * Meta's reviews, from the webhook (`message_template_status_update`): each template's new status, audited.
   * Events for templates Liaise does not hold, or in states it does not track, change nothing (a sync brings them).
   */
  async function applyStatusEvents(events: readonly ChannelEvent[]): Promise<number> {
    const updates = events.filter((e): e is TemplateStatusEvent & { status: NonNullable<TemplateStatusEvent['status']> } => {
      return e.kind === 'template_status' && e.status !== null && (!deps.wabaId || !e.wabaId || e.wabaId === deps.wabaId);
    });
    if (!updates.length) return 0;
    return db.transaction(async (tx) => {
      let n = 0;
      for (const e of updates) {
        const t = await templates.updateStatus(tx, { ...e, at: clock.now() });
        if (!t) continue;
        n += 1;
        await audit.write(tx, {
          actorStaffId: null,
          action: 'template.status-changed',
          subjectType: 'message_template',
          subjectId: t.id,
          details: { status: e.status, reason: e.reason },
        });
      }
      return n;
    });
  }

  /**
   * An approved template filled in for a send: refused with TEMPLATE_NOT_APPROVED (unknown, or not approved)
   * or TEMPLATE_PARAMETERS (values that do not fit it). The text is exactly what WhatsApp shows the citizen.
   */
  async function fillTemplate(input: { name: string; language: string; parameters: readonly string[] }): Promise<FilledTemplate> {
    const t = await templates.findByName(db, input.name, input.language);
    if (!t || t.status !== 'APPROVED') throw templateNotApproved();
    const parameters = input.parameters.map((p) => p.trim());
    const problems = checkTemplateParameters(t.body, parameters);
    if (problems.length) throw templateParametersError(templateParameters(t.body).length, problems);
    return { name: t.name, language: t.language, parameters, text: renderTemplateText(t.body, parameters) };
  }

  /** The filled text a caseworker sees before sending, with what the policy engine says about it. */
  async function previewTemplate(
    actor: Actor,
    input: { templateId: string; parameters: readonly string[] },
  ): Promise<{ template: TemplateView; filled: FilledTemplate; decision: PolicyDecisionView }> {
    const template = await getApprovedTemplate(actor, input.templateId);
    const filled = await fillTemplate({ name: template.name, language: template.language, parameters: input.parameters });
    return { template, filled, decision: policy.evaluate({ text: filled.text, direction: 'outbound' }) };
  }

  return {
    listTemplates,
    listApprovedTemplates,
    getApprovedTemplate,
    createTemplate,
    syncTemplates,
    applyStatusEvents,
    fillTemplate,
    previewTemplate,
  };
}

export type TemplatesService = ReturnType<typeof createTemplatesService>;
