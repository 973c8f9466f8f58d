import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../access/authorize.js';
import { cookieOptions, PRESESSION_COOKIE, SESSION_COOKIE, type AppContext } from '../app.context.js';
import { randomToken } from '../platform/crypto/password.js';
import { isAccessError, isAppError, isNotFoundError } from '../platform/errors.js';
import { citizenMoveNotConfirmed } from '../citizens/citizen.errors.js';
import { formErrors, formFields, IdParams, type FormErrors } from '../platform/http/forms.js';
import { CONVERSATION_STATES } from './conversation.repository.js';
import type { PolicyDecisionView } from './policy.port.js';
import type { Actor } from '../staff/staff.types.js';
import { contactRefusalOf } from '../contact/contact.errors.js';
import { ApprovalForm, CHANNEL_LABELS, PURPOSE_LABELS, ReleaseForm } from '../contact/contact.schemas.js';

/** How often an open live stream checks that its session still stands. */
const SESSION_RECHECK_MS = 10_000;
/** A first-contact message still waiting for a reply is not offered again for this long. */
const FIRST_CONTACT_PENDING_MS = 24 * 60 * 60 * 1000;

const INBOX_VIEWS = ['all', 'mine', 'triage', 'closed', 'archived'] as const;
const ListQuery = z.object({
  view: z.enum(INBOX_VIEWS).optional().catch(undefined),
  done: z.enum(['closed', 'archived']).optional().catch(undefined),
});
/** "Assign to": a member of staff's id, or no one. */
const AssignForm = z.object({ _csrf: z.string().optional(), assignee: z.union([z.guid(), z.literal('')]).optional() });
const StateForm = z.object({ _csrf: z.string().optional(), state: z.enum(CONVERSATION_STATES) });
const RestoreQuery = z.object({
  restore: z.string().max(64).optional(),
  done: z.string().max(40).optional(),
  /** Linking the conversation to a case failed: why, by code. */
  caseError: z.enum(['CASE_CHOOSE', 'CASE_LINK_EXISTS']).optional().catch(undefined),
});
const ComposerForm = formFields('_csrf', 'text', 'justification', 'template', 'idempotencyKey');
/** The citizen chosen to link to; none (or not an id) is the form's "Choose a citizen" error. */
const LinkForm = z.object({ _csrf: z.string().optional(), citizenId: z.guid().nullable().catch(null) });
/** Moving the citizen to the number they gave through WhatsApp: only with the box ticked. */
const MoveNumberForm = z.object({ _csrf: z.string().optional(), confirm: z.literal('yes').optional().catch(undefined) });
const ResolveForm = z.object({
  _csrf: z.string().optional(),
  action: z.enum(['resend', 'not_sent']).catch('not_sent'),
  conversationId: z.guid(),
});

/** The staff app's conversation pages: the inbox, a conversation, its live updates, sending and linking. */
export function conversationRoutes(ctx: AppContext) {
  const { services, pages, streams, drafts } = ctx;
  const { render, guard } = pages;

  /** The composer's post: a session that ran out mid-draft gets the sign-in page at once, carrying the draft back. */
  const composerGuard = [
    async (req: FastifyRequest, reply: FastifyReply) => {
      if (req.auth) return;
      const body = ComposerForm.safeParse(req.body ?? {}).data ?? {};
      const path = req.url.split('?')[0]!.replace(/\/messages$/, '');
      const token = req.cookies[PRESESSION_COOKIE] ?? randomToken(24);
      reply.setCookie(PRESESSION_COOKIE, token, { ...cookieOptions(ctx), maxAge: 3600 });
      return render(
        req,
        reply,
        'sign-in.njk',
        { csrfToken: token, next: path, draft: body.text ?? '', draftJustification: body.justification ?? '', sessionEnded: true },
        401,
      );
    },
    ...guard('conversation.send', { form: true }),
  ];

  /** Each message's retention class, date and why, and the cases the conversation and its messages are linked to. */
  async function recordsOf(actor: Actor, conversationId: string, messageIds: string[]) {
    const [retention, linked] = await Promise.all([
      services.retention.forConversation(actor, conversationId, messageIds),
      services.cases.casesForConversation(actor, conversationId),
    ]);
    const messageCases: Record<string, typeof linked> = {};
    for (const l of linked) if (l.messageId) (messageCases[l.messageId] ??= []).push(l);
    return { retention: Object.fromEntries(retention), messageCases, conversationCases: linked.filter((l) => !l.messageId) };
  }

  async function conversationPage(req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}, status = 200) {
    const actor = req.auth!.actor;
    const data = await services.conversations.readConversation(actor, id, { requestId: req.id });
    const records = await recordsOf(
      actor,
      id,
      data.messages.map((m) => m.id),
    );
    const linkableCases = (await services.cases.listLinkableCases(actor)).filter(
      (c) => !records.conversationCases.some((l) => l.caseId === c.id),
    );
    const candidates = data.conversation.citizenId
      ? []
      : (await services.citizens.listCitizens(actor)).filter((c) => c.waNumber === data.conversation.waNumber);
    const lastTemplate = [...data.messages].reverse().find((m) => m.kind === 'template' && m.direction === 'outbound');
    const firstContactPending =
      lastTemplate &&
      !data.windowOpen &&
      services.clock.now().getTime() - new Date(lastTemplate.createdAt).getTime() < FIRST_CONTACT_PENDING_MS
        ? lastTemplate
        : null;
    const assignees = await services.conversations.listAssignees(actor, data.conversation);
    const conv = data.conversation;
    const citizen = conv.citizenId ? await services.citizens.getCitizen(actor, conv.citizenId).catch(() => null) : null;
    // What the contact rules say about sending now: the composer is offered only when they allow it.
    const contactDecision = citizen ? services.contact.decide(conv, citizen, data.windowOpen ? 'text' : 'template', data.windowOpen) : null;
    const refusal =
      contactDecision && !contactDecision.allowed
        ? { code: contactDecision.code, ...contactRefusalOf(contactDecision.code)!, detail: contactDecision.detail ?? null }
        : null;
    return render(
      req,
      reply,
      'conversation.njk',
      {
        ...data,
        candidates,
        assignees,
        canMessage: can(actor, 'conversation.send'),
        canAssign: can(actor, 'conversation.triage', data.conversation) && data.conversation.teamId !== null,
        formKey: randomUUID(),
        firstContactPending,
        ...records,
        linkableCases,
        canManageCases: can(actor, 'case.manage'),
        citizen,
        refusal,
        canApprove: can(actor, 'contact.approve', conv),
        channelLabels: CHANNEL_LABELS,
        purposeLabels: PURPOSE_LABELS,
        ...extra,
      },
      status,
    );
  }

  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get('/conversations', { schema: { querystring: ListQuery }, preHandler: guard('conversation.read') }, async (req, reply) => {
      const actor = req.auth!.actor;
      const view = req.query.view ?? 'all';
      const state = view === 'closed' ? 'closed' : view === 'archived' ? 'archived' : 'open';
      const list = await services.conversations.listConversations(actor, { unlinkedOnly: view === 'triage', state, mine: view === 'mine' });
      // The alerts count every open conversation the person can see, whichever view is shown.
      const open = view === 'all' ? list : await services.conversations.listConversations(actor);
      const alerts = {
        unread: open.filter((c) => c.unread).length,
        unreadMine: open.filter((c) => c.unread && c.assignedTo === actor.id).length,
        problems: open.filter((c) => c.problemCount > 0),
      };
      return render(req, reply, 'conversations.njk', {
        conversations: list,
        view,
        alerts,
        now: services.clock.now(),
        done: req.query.done ?? null,
      });
    });

    app.get(
      '/conversations/:id',
      { schema: { params: IdParams, querystring: RestoreQuery }, preHandler: guard('conversation.read') },
      async (req, reply) => {
        try {
          const restore = req.query.restore;
          const kept = restore ? drafts.take(restore, { staffEmail: req.auth!.staff.email, path: req.url.split('?')[0]! }) : null;
          if (kept)
            return await conversationPage(req, reply, req.params.id, {
              draft: kept.text,
              justification: kept.justification,
              restored: true,
            });
          return await conversationPage(req, reply, req.params.id, {
            done: req.query.done ?? null,
            caseError: req.query.caseError ?? null,
          });
        } catch (err) {
          if (!isAppError(err) || !isNotFoundError(err)) throw err;
          const message = 'The conversation does not exist or is not in your team.';
          return render(req, reply, 'error.njk', { title: 'Page not found', message }, 404);
        }
      },
    );

    app.get('/conversations/:id/thread', { schema: { params: IdParams }, preHandler: guard('conversation.read') }, async (req, reply) => {
      const data = await services.conversations.readConversation(req.auth!.actor, req.params.id, { requestId: req.id });
      const records = await recordsOf(
        req.auth!.actor,
        req.params.id,
        data.messages.map((m) => m.id),
      );
      // Lets the page swap the template-only composer for the free-text one when the citizen replies.
      reply.header('x-liaise-window', data.windowOpen ? 'open' : 'closed');
      return render(req, reply, '_thread.njk', { ...data, ...records, canManageCases: can(req.auth!.actor, 'case.manage') });
    });

    app.get('/conversations/:id/events', { schema: { params: IdParams }, preHandler: guard('conversation.read') }, async (req, reply) => {
      const conv = await services.conversations.getConversationSummary(req.auth!.actor, req.params.id);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 3000\n\n');
      const staffId = req.auth!.staff.id;
      const token = req.cookies[SESSION_COOKIE] ?? '';
      // The stream lives only as long as its session: checked every few seconds, and at once when the person's
      // sessions are ended anywhere. The page is told, reloads, and lands on sign-in.
      const checkSession = async () => {
        const still = token ? await services.staff.resolveSession(token).catch(() => undefined) : null;
        if (still === null) {
          res.write('event: signed-out\ndata: {}\n\n');
          close();
        }
      };
      const unsubscribe = ctx.live.subscribe((e) => {
        if (e.type === 'session.revoked' && e.staffId === staffId) void checkSession();
        else if (e.conversationId === conv.id) res.write(`event: update\ndata: ${JSON.stringify({ type: e.type })}\n\n`);
      });
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
      const sessionTimer = setInterval(() => void checkSession(), SESSION_RECHECK_MS);
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(keepAlive);
        clearInterval(sessionTimer);
        unsubscribe();
        unregister();
      };
      const close = () => {
        end();
        res.end();
      };
      const unregister = streams.add(staffId, checkSession, close);
      req.raw.on('close', end);
    });

    app.post(
      '/conversations/:id/messages',
      { schema: { params: IdParams, body: ComposerForm }, preHandler: composerGuard },
      async (req, reply) => {
        const { id } = req.params;
        const body = req.body;
        try {
          await services.outbound.sendMessage(
            req.auth!.actor,
            id,
            {
              text: body.text,
              justification: body.justification,
              useTemplate: body.template === 'first_contact',
              clientKey: body.idempotencyKey || null,
            },
            { requestId: req.id },
          );
          return reply.redirect(`/conversations/${id}#composer`, 303);
        } catch (err) {
          if (!isAppError(err) || isNotFoundError(err) || isAccessError(err)) throw err;
          const decision = (err.details?.['decision'] ?? null) as PolicyDecisionView | null;
          const onJustification = err.code === 'POLICY_JUSTIFICATION_REQUIRED';
          let errors: FormErrors;
          if (err.code === 'POLICY_BLOCKED' && decision) {
            // One summary, one line per problem, each to the message box.
            errors = {
              list: decision.reasons.filter((r) => r.action === 'block').map((r) => ({ text: r.message, href: '#text' })),
              fields: { text: err.message },
            };
          } else if (onJustification) {
            const text = 'Say why this message needs to be sent';
            errors = { list: [{ text, href: '#justification' }], fields: { justification: text } };
          } else if (contactRefusalOf(err.code)) {
            // A refusal of the contact rules: its plain words and the guidance section, and nothing was sent.
            const r = contactRefusalOf(err.code)!;
            errors = { list: [{ text: `${err.message} (guidance section ${r.section})`, href: '#composer' }], fields: {} };
          } else errors = formErrors(err, '#text');
          return conversationPage(
            req,
            reply,
            id,
            {
              draft: body.text ?? '',
              justification: body.justification ?? '',
              errors,
              decision,
              errorCode: err.code,
              textError: onJustification ? null : err.message,
              justificationError: onJustification ? 'Say why this message needs to be sent' : null,
            },
            err.status,
          );
        }
      },
    );

    // The manager's decision on a held first contact (the manager's queue links here).
    app.post(
      '/conversations/:id/approval',
      { schema: { params: IdParams, body: ApprovalForm }, preHandler: guard('contact.approve', { form: true }) },
      async (req, reply) => {
        const { id } = req.params;
        const b = req.body;
        try {
          if (b.decision !== 'approve' && b.decision !== 'refuse') {
            const text = 'Select whether to approve or refuse first contact';
            const e = { list: [{ text, href: '#decision' }], fields: { decision: text } };
            return await conversationPage(req, reply, id, { errors: e, approvalErrors: e, values: b }, 400);
          }
          await services.contact.decideFirstContact(req.auth!.actor, id, { decision: b.decision, reason: b.reason }, { requestId: req.id });
          return reply.redirect(`/conversations/${id}?done=${b.decision === 'approve' ? 'approved' : 'refused'}`, 303);
        } catch (err) {
          if (!isAppError(err) || isNotFoundError(err) || isAccessError(err)) throw err;
          const e = formErrors(err, err.details?.['field'] === 'reason' ? '#approval-reason' : undefined);
          return conversationPage(req, reply, id, { errors: e, approvalErrors: e, values: b }, err.status);
        }
      },
    );

    // A manager releases a conversation suspended on signs of a child (the manager's queue links here).
    app.post(
      '/conversations/:id/release',
      { schema: { params: IdParams, body: ReleaseForm }, preHandler: guard('contact.approve', { form: true }) },
      async (req, reply) => {
        const { id } = req.params;
        try {
          await services.contact.releaseConversation(req.auth!.actor, id, { reason: req.body.reason }, { requestId: req.id });
          return reply.redirect(`/conversations/${id}?done=released`, 303);
        } catch (err) {
          if (!isAppError(err) || isNotFoundError(err) || isAccessError(err)) throw err;
          const e = formErrors(err, '#release-reason');
          return conversationPage(req, reply, id, { errors: e, releaseErrors: e, values: req.body }, err.status);
        }
      },
    );

    app.post(
      '/conversations/:id/link',
      { schema: { params: IdParams, body: LinkForm }, preHandler: guard('conversation.triage', { form: true }) },
      async (req, reply) => {
        const { id } = req.params;
        try {
          await services.conversations.linkConversation(req.auth!.actor, id, req.body.citizenId);
          return reply.redirect(`/conversations/${id}`, 303);
        } catch (err) {
          if (!isAppError(err) || isNotFoundError(err)) throw err;
          return conversationPage(req, reply, id, { linkErrors: formErrors(err) }, err.status);
        }
      },
    );

    app.post(
      '/conversations/:id/assign',
      { schema: { params: IdParams, body: AssignForm }, preHandler: guard('conversation.triage', { form: true }) },
      async (req, reply) => {
        const { id } = req.params;
        try {
          await services.conversations.assignConversation(req.auth!.actor, id, req.body.assignee || null, { requestId: req.id });
          return reply.redirect(`/conversations/${id}?done=assigned`, 303);
        } catch (err) {
          if (!isAppError(err) || isNotFoundError(err) || isAccessError(err)) throw err;
          return conversationPage(req, reply, id, { assignErrors: formErrors(err) }, err.status);
        }
      },
    );

    app.post(
      '/conversations/:id/move-number',
      { schema: { params: IdParams, body: MoveNumberForm }, preHandler: guard('citizen.update', { form: true }) },
      async (req, reply) => {
        const { id } = req.params;
        try {
          if (req.body.confirm !== 'yes') throw citizenMoveNotConfirmed();
          await services.citizens.moveToOfferedNumber(req.auth!.actor, id, { requestId: req.id });
          return reply.redirect(`/conversations/${id}?done=number-moved`, 303);
        } catch (err) {
          if (!isAppError(err) || isNotFoundError(err) || isAccessError(err)) throw err;
          return conversationPage(req, reply, id, { moveErrors: formErrors(err) }, err.status);
        }
      },
    );

    app.post(
      '/conversations/:id/state',
      { schema: { params: IdParams, body: StateForm }, preHandler: guard('conversation.send', { form: true }) },
      async (req, reply) => {
        const { id } = req.params;
        await services.conversations.setConversationState(req.auth!.actor, id, req.body.state, { requestId: req.id });
        return reply.redirect(
          req.body.state === 'open' ? `/conversations/${id}?done=reopened` : `/conversations?done=${req.body.state}`,
          303,
        );
      },
    );

    app.post(
      '/messages/:id/resolve',
      { schema: { params: IdParams, body: ResolveForm }, preHandler: guard('conversation.send', { form: true }) },
      async (req, reply) => {
        await services.outbound.resolveUncertain(req.auth!.actor, req.params.id, req.body.action, { requestId: req.id });
        return reply.redirect(`/conversations/${req.body.conversationId}`, 303);
      },
    );

    app.get('/attachments/:id', { schema: { params: IdParams }, preHandler: guard('conversation.read') }, async (req, reply) => {
      const a = await services.conversations.readAttachment(req.auth!.actor, req.params.id);
      const safeName = (a.fileName ?? 'attachment').replace(/[^\w.\- ]/g, '_');
      // Only raster images are shown inline; anything else (SVG, HTML, PDFs…) downloads.
      const disposition = /^image\/(png|jpeg|gif|webp)$/.test(a.mimeType) ? 'inline' : 'attachment';
      return reply
        .type(a.mimeType)
        .header('content-disposition', `${disposition}; filename="${safeName}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(a.content);
    });
  };
}
