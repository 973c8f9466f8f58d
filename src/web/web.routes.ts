import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, type AppContext } from '../app.context.js';
import { randomToken, safeEqual } from '../platform/crypto/password.js';
import { AppError, isAppError } from '../platform/errors.js';
import { EVENTS_CHANNEL } from '../conversations/conversation.events.js';
import type { PolicyDecisionView } from '../conversations/policy.port.js';
import { ROLES, type Role } from '../staff/staff.types.js';
import { createPageHelpers } from './pages.js';

const PRESESSION_COOKIE = 'liaise_presession';
type Form = Record<string, string | undefined>;

/** Turns an AppError into the GOV.UK error summary shape: a list plus per-field messages. */
interface FormErrors {
  list: Array<{ text: string; href: string | undefined }>;
  fields: Record<string, string>;
}

function formErrors(err: AppError): FormErrors {
  const field = (err.details?.['field'] as string | undefined) ?? null;
  return { list: [{ text: err.message, href: field ? `#${field}` : undefined }], fields: field ? { [field]: err.message } : {} };
}

/** GOV.UK's date input posts dob-day, dob-month and dob-year: the parts as typed, and the date they make (or null). */
function dateOfBirthFrom(b: Record<string, string | undefined>) {
  const [day, month, year] = [b['dob-day'] ?? '', b['dob-month'] ?? '', b['dob-year'] ?? ''].map((v) => v.trim()) as [
    string,
    string,
    string,
  ];
  const dob = day || month || year ? `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` : null;
  return { day, month, year, dob };
}

/** The "Add a citizen" form's own checks, all at once, each linked to its field. */
function citizenFormProblems(
  b: Record<string, string | undefined>,
  dob: { day: string; month: string; year: string },
  chooseTeam: boolean,
): FormErrors {
  const out: FormErrors = { list: [], fields: {} };
  const add = (field: string, href: string, text: string) => {
    out.list.push({ text, href: `#${href}` });
    out.fields[field] = text;
  };
  if (chooseTeam && !b['teamId']) add('teamId', 'teamId', 'Choose the team this citizen belongs to');
  if (!(b['fullName'] ?? '').trim()) add('fullName', 'fullName', 'Enter the citizen’s full name');
  if (!(b['waNumber'] ?? '').trim()) add('waNumber', 'waNumber', 'Enter a WhatsApp number, like 07700 900123 or +44 7700 900123');
  if (!(b['caseReference'] ?? '').trim()) add('caseReference', 'caseReference', 'Enter the case reference from the council’s case system');
  const parts = [dob.day, dob.month, dob.year];
  if (parts.some(Boolean)) {
    const missing = (['day', 'month', 'year'] as const).filter((_, i) => !parts[i]);
    if (missing.length) add('dateOfBirth', `dob-${missing[0]}`, `Date of birth must include a ${missing.join(' and a ')}`);
    else if (!parts.every((p) => /^\d+$/.test(p)) || dob.year.length !== 4)
      add('dateOfBirth', 'dob-day', 'Date of birth must be a real date, like 27 3 1987');
  } else if (!b['ageBand']) {
    add('dateOfBirth', 'dob-day', 'Enter a date of birth or confirm the citizen’s age band');
  }
  return out;
}

/** The staff web app: server-rendered GOV.UK pages, every form working without JavaScript. */
/** How often an open live stream checks that its session still stands. */
const SESSION_RECHECK_MS = 10_000;

export function webRoutes(ctx: AppContext): FastifyPluginAsync {
  const { services } = ctx;

  const cookieOpts = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.secureCookies };

  const { render, requireAuth, checkCsrf } = createPageHelpers(ctx);

  const staffOnly = { preHandler: [requireAuth()] };
  const staffPost = { preHandler: [requireAuth(), checkCsrf] };

  /**
   * Drafts kept across a sign-in: a message typed when the session ran out is held here (in this process,
   * for ten minutes) under a random id, and the conversation page puts it back once the same person has
   * signed in again. The id, not the text, travels in the address, so no log ever sees the words.
   */
  const keptDrafts = new Map<string, { staffEmail: string; path: string; text: string; justification: string; expires: number }>();
  const DRAFT_TTL_MS = 10 * 60_000;
  const keepDraft = (entry: { staffEmail: string; path: string; text: string; justification: string }): string => {
    const now = Date.now();
    for (const [k, v] of keptDrafts) if (v.expires < now || keptDrafts.size > 1000) keptDrafts.delete(k);
    const id = randomToken(16);
    keptDrafts.set(id, { ...entry, expires: now + DRAFT_TTL_MS });
    return id;
  };

  /** The composer's post: a session that ran out mid-draft gets the sign-in page at once, carrying the draft back. */
  const composerPost = {
    preHandler: [
      async (req: FastifyRequest, reply: FastifyReply) => {
        if (req.auth) return;
        const body = (req.body ?? {}) as Form;
        const path = req.url.split('?')[0]!.replace(/\/messages$/, '');
        const token = req.cookies[PRESESSION_COOKIE] ?? randomToken(24);
        reply.setCookie(PRESESSION_COOKIE, token, { ...cookieOpts, maxAge: 3600 });
        return render(
          req,
          reply,
          'sign-in.njk',
          {
            csrfToken: token,
            next: path,
            draft: body['text'] ?? '',
            draftJustification: body['justification'] ?? '',
            sessionEnded: true,
          },
          401,
        );
      },
      requireAuth(),
      checkCsrf,
    ],
  };
  const messagingRoles: Role[] = ['caseworker', 'manager', 'admin'];

  return async (app: FastifyInstance) => {
    // Server-sent-event streams never end by themselves: close them when the server stops.
    const openStreams = new Set<() => void>();
    /** Streams by staff member: each one's session check, run when their sessions may have ended. */
    const sessionChecks = new Map<string, Set<() => Promise<void>>>();
    /**
     * A person's sessions were ended (signed out everywhere, disabled): their open streams on this node check
     * theirs at once, and a notification tells the other nodes to do the same.
     */
    const sessionsEnded = async (staffId: string) => {
      services.notifier.publish(EVENTS_CHANNEL, JSON.stringify({ type: 'session.revoked', staffId, conversationId: '', teamId: null }));
      await Promise.all([...(sessionChecks.get(staffId) ?? [])].map((check) => check()));
    };
    app.addHook('preClose', async () => {
      for (const close of openStreams) close();
      openStreams.clear();
    });
    app.get('/', async (req, reply) => reply.redirect(req.auth ? '/conversations' : '/sign-in', 303));

    // ── Sign in and out ────────────────────────────────────────────────
    app.get('/sign-in', async (req, reply) => {
      if (req.auth) return reply.redirect('/conversations', 303);
      const token = req.cookies[PRESESSION_COOKIE] ?? randomToken(24);
      reply.setCookie(PRESESSION_COOKIE, token, { ...cookieOpts, maxAge: 3600 });
      return render(req, reply, 'sign-in.njk', {
        csrfToken: token,
        next: (req.query as Form)['next'] ?? '',
        signedOutEverywhere: (req.query as Form)['signed-out'] === 'everywhere',
      });
    });

    app.post('/sign-in', { config: { rateLimit: { max: ctx.signInRateLimit ?? 20, timeWindow: '1 minute' } } }, async (req, reply) => {
      const body = (req.body ?? {}) as Form;
      const pre = req.cookies[PRESESSION_COOKIE];
      const next = typeof body['next'] === 'string' && /^\/(?!\/)[\w\-/?=&%.]*$/.test(body['next']) ? body['next'] : '/conversations';
      if (!pre || !body['_csrf'] || !safeEqual(pre, body['_csrf'])) {
        return render(
          req,
          reply,
          'sign-in.njk',
          { csrfToken: pre ?? '', next, errors: { list: [{ text: 'Your sign-in form expired. Try again.' }], fields: {} } },
          403,
        );
      }
      try {
        const signed = await services.staff.signIn(body['email'] ?? '', body['password'] ?? '', { requestId: req.id });
        // The cookie lives exactly as long as the session it carries (LIAISE_SESSION_HOURS).
        const maxAge = Math.max(0, Math.floor((signed.expiresAt.getTime() - Date.now()) / 1000));
        reply.setCookie(SESSION_COOKIE, signed.sessionToken, { ...cookieOpts, maxAge });
        reply.clearCookie(PRESESSION_COOKIE, { path: '/' });
        if (signed.staff.mustChangePassword) return reply.redirect('/account/password', 303);
        // A draft kept from a session that ran out goes back to its conversation.
        const draft = typeof body['draft'] === 'string' ? body['draft'] : '';
        if (draft && /^\/conversations\/[0-9a-f-]{36}$/.test(next)) {
          const id = keepDraft({
            staffEmail: signed.staff.email,
            path: next,
            text: draft.slice(0, 4096),
            justification: (body['draftJustification'] ?? '').slice(0, 2000),
          });
          return reply.redirect(`${next}?restore=${id}#composer`, 303);
        }
        return reply.redirect(next, 303);
      } catch (err) {
        if (!isAppError(err)) throw err;
        return render(
          req,
          reply,
          'sign-in.njk',
          {
            csrfToken: pre,
            next,
            email: body['email'],
            draft: body['draft'] ?? '',
            draftJustification: body['draftJustification'] ?? '',
            sessionEnded: Boolean(body['draft']),
            errors: { list: [{ text: err.message, href: '#email' }], fields: {} },
          },
          err.status,
        );
      }
    });

    app.post('/sign-out', staffPost, async (req, reply) => {
      await services.staff.signOut(req.auth!.sessionId, req.auth!.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/sign-in', 303);
    });

    app.get('/account', staffOnly, async (req, reply) => {
      const [sessions, tokens] = await Promise.all([
        services.staff.countLiveSessions(req.auth!.staff.id),
        services.staff.listApiTokens(req.auth!.actor),
      ]);
      return render(req, reply, 'account.njk', { sessions, tokens, done: (req.query as Form)['done'] ?? null });
    });

    app.post('/account/api-tokens/:id/revoke', staffPost, async (req, reply) => {
      await services.staff.revokeApiToken(req.auth!.actor, (req.params as { id: string }).id);
      return reply.redirect('/account?done=token-revoked', 303);
    });

    app.post('/account/sign-out-everywhere', staffPost, async (req, reply) => {
      await services.staff.signOutEverywhere(req.auth!.actor, req.auth!.staff.id);
      await sessionsEnded(req.auth!.staff.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/sign-in?signed-out=everywhere', 303);
    });

    app.get('/account/password', staffOnly, async (req, reply) => render(req, reply, 'password.njk', {}));
    app.post('/account/password', staffPost, async (req, reply) => {
      const body = req.body as Form;
      try {
        if ((body['newPassword'] ?? '') !== (body['confirmPassword'] ?? '')) {
          throw new AppError('AUTH_PASSWORD_MISMATCH', 'The passwords do not match', 400, { field: 'confirmPassword' });
        }
        await services.staff.changePassword(req.auth!.actor, body['currentPassword'] ?? '', body['newPassword'] ?? '', req.auth!.sessionId);
        return reply.redirect('/account?done=password', 303);
      } catch (err) {
        if (!isAppError(err)) throw err;
        return render(req, reply, 'password.njk', { errors: formErrors(err) }, err.status);
      }
    });

    // ── Conversations ───────────────────────────────────────────────────
    app.get('/conversations', staffOnly, async (req, reply) => {
      const view = (req.query as Form)['view'] === 'triage' ? 'triage' : 'all';
      const list = await services.conversations.listConversations(req.auth!.actor, { unlinkedOnly: view === 'triage' });
      return render(req, reply, 'conversations.njk', { conversations: list, view });
    });

    async function conversationPage(
      req: FastifyRequest,
      reply: FastifyReply,
      id: string,
      extra: Record<string, unknown> = {},
      status = 200,
    ) {
      const data = await services.conversations.readConversation(req.auth!.actor, id, { requestId: req.id });
      const candidates = data.conversation.citizenId
        ? []
        : (await services.citizens.listCitizens(req.auth!.actor)).filter((c) => c.waNumber === data.conversation.waNumber);
      // A first-contact message still waiting for a reply is not offered again for 24 hours.
      const lastTemplate = [...data.messages].reverse().find((m) => m.kind === 'template' && m.direction === 'outbound');
      const firstContactPending =
        lastTemplate && !data.windowOpen && Date.now() - new Date(lastTemplate.createdAt).getTime() < 24 * 60 * 60 * 1000
          ? lastTemplate
          : null;
      return render(
        req,
        reply,
        'conversation.njk',
        {
          ...data,
          candidates,
          canMessage: messagingRoles.includes(req.auth!.staff.role),
          formKey: randomUUID(),
          firstContactPending,
          ...extra,
        },
        status,
      );
    }

    app.get('/conversations/:id', staffOnly, async (req, reply) => {
      try {
        const restore = (req.query as Form)['restore'];
        const kept = restore ? keptDrafts.get(restore) : undefined;
        const path = req.url.split('?')[0];
        if (restore && kept && kept.path === path && kept.staffEmail === req.auth!.staff.email && kept.expires > Date.now()) {
          keptDrafts.delete(restore);
          return await conversationPage(req, reply, (req.params as { id: string }).id, {
            draft: kept.text,
            justification: kept.justification,
            restored: true,
          });
        }
        return await conversationPage(req, reply, (req.params as { id: string }).id);
      } catch (err) {
        if (isAppError(err) && err.status === 404)
          return render(
            req,
            reply,
            'error.njk',
            { title: 'Page not found', message: 'The conversation does not exist or is not in your team.' },
            404,
          );
        throw err;
      }
    });

    app.get('/conversations/:id/thread', staffOnly, async (req, reply) => {
      const data = await services.conversations.readConversation(req.auth!.actor, (req.params as { id: string }).id, { requestId: req.id });
      // Lets the page swap the template-only composer for the free-text one when the citizen replies.
      reply.header('x-liaise-window', data.windowOpen ? 'open' : 'closed');
      return render(req, reply, '_thread.njk', data);
    });

    app.get('/conversations/:id/events', staffOnly, async (req, reply) => {
      const conv = await services.conversations.getConversationSummary(req.auth!.actor, (req.params as { id: string }).id);
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
      const mine = sessionChecks.get(staffId) ?? new Set<() => Promise<void>>();
      mine.add(checkSession);
      sessionChecks.set(staffId, mine);
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        clearInterval(keepAlive);
        clearInterval(sessionTimer);
        unsubscribe();
        mine.delete(checkSession);
        if (mine.size === 0) sessionChecks.delete(staffId);
        openStreams.delete(close);
      };
      const close = () => {
        end();
        res.end();
      };
      openStreams.add(close);
      req.raw.on('close', end);
    });

    app.post('/conversations/:id/messages', composerPost, async (req, reply) => {
      const id = (req.params as { id: string }).id;
      const body = req.body as Form;
      try {
        await services.outbound.sendMessage(
          req.auth!.actor,
          id,
          {
            text: body['text'],
            justification: body['justification'],
            useTemplate: body['template'] === 'first_contact',
            clientKey: body['idempotencyKey'] || null,
          },
          { requestId: req.id },
        );
        return reply.redirect(`/conversations/${id}#composer`, 303);
      } catch (err) {
        if (!isAppError(err) || err.status === 404 || err.status === 403) throw err;
        const decision = (err.details?.['decision'] ?? null) as PolicyDecisionView | null;
        const onJustification = err.code === 'POLICY_JUSTIFICATION_REQUIRED';
        let errors = formErrors(err);
        if (err.code === 'POLICY_BLOCKED' && decision) {
          // One summary, one line per problem, each to the message box.
          errors = {
            list: decision.reasons.filter((r) => r.action === 'block').map((r) => ({ text: r.message, href: '#text' })),
            fields: { text: err.message },
          };
        } else if (onJustification) {
          errors = {
            list: [{ text: 'Say why this message needs to be sent', href: '#justification' }],
            fields: { justification: 'Say why this message needs to be sent' },
          };
        } else errors.list[0]!.href = '#text';
        return conversationPage(
          req,
          reply,
          id,
          {
            draft: body['text'] ?? '',
            justification: body['justification'] ?? '',
            errors,
            decision,
            errorCode: err.code,
            textError: onJustification ? null : err.message,
            justificationError: onJustification ? 'Say why this message needs to be sent' : null,
          },
          err.status,
        );
      }
    });

    app.post('/conversations/:id/link', staffPost, async (req, reply) => {
      const id = (req.params as { id: string }).id;
      try {
        await services.conversations.linkConversation(req.auth!.actor, id, (req.body as Form)['citizenId'] ?? '');
        return reply.redirect(`/conversations/${id}`, 303);
      } catch (err) {
        if (!isAppError(err) || err.status === 404) throw err;
        return conversationPage(req, reply, id, { linkErrors: formErrors(err) }, err.status);
      }
    });

    app.post('/messages/:id/resolve', staffPost, async (req, reply) => {
      const body = req.body as Form;
      const action = body['action'] === 'resend' ? 'resend' : 'not_sent';
      await services.outbound.resolveUncertain(req.auth!.actor, (req.params as { id: string }).id, action, { requestId: req.id });
      return reply.redirect(`/conversations/${body['conversationId'] ?? ''}`, 303);
    });

    app.get('/attachments/:id', staffOnly, async (req, reply) => {
      const a = await services.conversations.readAttachment(req.auth!.actor, (req.params as { id: string }).id);
      const safeName = (a.fileName ?? 'attachment').replace(/[^\w.\- ]/g, '_');
      return (
        reply
          .type(a.mimeType)
          // Only raster images are shown inline; anything else (SVG, HTML, PDFs…) downloads.
          .header(
            'content-disposition',
            `${/^image\/(png|jpeg|gif|webp)$/.test(a.mimeType) ? 'inline' : 'attachment'}; filename="${safeName}"`,
          )
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(a.bytes)
      );
    });

    // ── Citizens ────────────────────────────────────────────────────────
    app.get('/citizens', staffOnly, async (req, reply) => {
      const q = ((req.query as Form)['q'] ?? '').trim();
      const citizens = await services.citizens.listCitizens(req.auth!.actor, q || null);
      return render(req, reply, 'citizens.njk', { citizens, q });
    });

    app.get('/citizens/new', { preHandler: [requireAuth(messagingRoles)] }, async (req, reply) => {
      const teams = await services.staff.listTeams();
      return render(req, reply, 'citizen-new.njk', { values: { waNumber: (req.query as Form)['waNumber'] ?? '' }, teams });
    });

    app.post('/citizens', { preHandler: [requireAuth(messagingRoles), checkCsrf] }, async (req, reply) => {
      const b = req.body as Form;
      const { day, month, year, dob } = dateOfBirthFrom(b);
      const rerender = async (errors: FormErrors, status: number) =>
        render(req, reply, 'citizen-new.njk', { values: b, errors, teams: await services.staff.listTeams() }, status);
      // Every problem the form can see is listed at once; the service checks the rest.
      const problems = citizenFormProblems(b, { day, month, year }, req.auth!.staff.role === 'admin');
      if (problems.list.length) return rerender(problems, 400);
      try {
        const c = await services.citizens.addCitizen(req.auth!.actor, {
          fullName: b['fullName'] ?? '',
          waNumber: b['waNumber'] ?? '',
          dateOfBirth: dob,
          ageBand: (b['ageBand'] as '13_to_17' | '18_or_over' | 'under_13' | undefined) || null,
          caseReference: b['caseReference'] ?? '',
          teamId: b['teamId'] || null,
        });
        return reply.redirect(`/citizens/${c.id}`, 303);
      } catch (err) {
        if (!isAppError(err)) throw err;
        const errors = formErrors(err);
        if (errors.fields['dateOfBirth']) errors.list[0]!.href = '#dob-day';
        return rerender(errors, err.status);
      }
    });

    /** The "Add a citizen" form's fields from a citizen, to change them. */
    const citizenValues = (c: {
      fullName: string;
      waNumber: string;
      caseReference: string | null;
      dateOfBirth: string | null;
      ageBand: string | null;
    }) => {
      const [year, month, day] = (c.dateOfBirth ?? '').split('-');
      return {
        fullName: c.fullName,
        waNumber: c.waNumber,
        caseReference: c.caseReference ?? '',
        'dob-day': day ? String(Number(day)) : '',
        'dob-month': month ? String(Number(month)) : '',
        'dob-year': year ?? '',
        ageBand: c.dateOfBirth ? '' : (c.ageBand ?? ''),
      };
    };
    app.get('/citizens/:id/edit', { preHandler: [requireAuth(messagingRoles)] }, async (req, reply) => {
      const citizen = await services.citizens.getCitizen(req.auth!.actor, (req.params as { id: string }).id);
      return render(req, reply, 'citizen-new.njk', { editing: citizen, values: citizenValues(citizen) });
    });
    app.post('/citizens/:id/edit', { preHandler: [requireAuth(messagingRoles), checkCsrf] }, async (req, reply) => {
      const citizen = await services.citizens.getCitizen(req.auth!.actor, (req.params as { id: string }).id);
      const b = req.body as Form;
      const { day, month, year, dob } = dateOfBirthFrom(b);
      const rerender = (errors: FormErrors, status: number) =>
        render(req, reply, 'citizen-new.njk', { editing: citizen, values: b, errors }, status);
      const problems = citizenFormProblems(b, { day, month, year }, false);
      if (problems.list.length) return rerender(problems, 400);
      try {
        await services.citizens.updateCitizen(req.auth!.actor, citizen.id, {
          fullName: b['fullName'] ?? '',
          waNumber: b['waNumber'] ?? '',
          dateOfBirth: dob,
          ageBand: (b['ageBand'] as '13_to_17' | '18_or_over' | 'under_13' | undefined) || null,
          caseReference: b['caseReference'] ?? '',
        });
        return reply.redirect(`/citizens/${citizen.id}?done=updated`, 303);
      } catch (err) {
        if (!isAppError(err) || err.status === 404) throw err;
        const errors = formErrors(err);
        if (errors.fields['dateOfBirth']) errors.list[0]!.href = '#dob-day';
        return rerender(errors, err.status);
      }
    });

    app.get('/citizens/:id', staffOnly, async (req, reply) => {
      const citizen = await services.citizens.getCitizen(req.auth!.actor, (req.params as { id: string }).id);
      const conversations = (await services.conversations.listConversations(req.auth!.actor)).filter((c) => c.citizenId === citizen.id);
      return render(req, reply, 'citizen.njk', {
        citizen,
        conversations,
        eligibility: services.conversations.contactEligibility(citizen),
        canMessage: messagingRoles.includes(req.auth!.staff.role),
        done: (req.query as Form)['done'] ?? null,
      });
    });

    app.post('/citizens/:id/conversations', { preHandler: [requireAuth(messagingRoles), checkCsrf] }, async (req, reply) => {
      const id = (req.params as { id: string }).id;
      try {
        const conv = await services.conversations.openConversation(req.auth!.actor, id, (req.body as Form)['justification'] ?? '');
        return reply.redirect(`/conversations/${conv.id}`, 303);
      } catch (err) {
        if (!isAppError(err) || err.status === 404) throw err;
        const citizen = await services.citizens.getCitizen(req.auth!.actor, id);
        return render(
          req,
          reply,
          'citizen.njk',
          {
            citizen,
            conversations: [],
            eligibility: services.conversations.contactEligibility(citizen),
            canMessage: true,
            errors: formErrors(err),
            justification: (req.body as Form)['justification'],
          },
          err.status,
        );
      }
    });

    // ── Administration ──────────────────────────────────────────────────
    app.get('/admin/staff', { preHandler: [requireAuth(['admin', 'manager'])] }, async (req, reply) => {
      const [staff, teams] = await Promise.all([services.staff.listStaff(req.auth!.actor), services.staff.listTeams()]);
      return render(req, reply, 'staff.njk', { staff, teams, roles: ROLES, values: {}, done: (req.query as Form)['done'] ?? null });
    });

    app.post('/admin/staff/:id/reset-password', { preHandler: [requireAuth(['admin']), checkCsrf] }, async (req, reply) => {
      const id = (req.params as { id: string }).id;
      const { oneTimePassword } = await services.staff.resetPassword(req.auth!.actor, id);
      const [staff, teams] = await Promise.all([services.staff.listStaff(req.auth!.actor), services.staff.listTeams()]);
      const member = staff.find((s) => s.id === id);
      return render(req, reply, 'staff.njk', {
        staff,
        teams,
        roles: ROLES,
        values: {},
        reset: { email: member?.email ?? '', oneTimePassword },
      });
    });

    const staffMemberPage = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) => {
      const id = (req.params as { id: string }).id;
      const [staff, teams] = await Promise.all([services.staff.listStaff(req.auth!.actor), services.staff.listTeams()]);
      const member = staff.find((s) => s.id === id);
      if (!member) throw new AppError('STAFF_NOT_FOUND', 'Staff member not found', 404);
      return render(req, reply, 'staff-member.njk', { member, teams, roles: ROLES, ...extra }, status);
    };
    app.get('/admin/staff/:id', { preHandler: [requireAuth(['admin'])] }, async (req, reply) => staffMemberPage(req, reply));
    app.post('/admin/staff/:id', { preHandler: [requireAuth(['admin']), checkCsrf] }, async (req, reply) => {
      const b = req.body as Form;
      try {
        await services.staff.changeRoleAndTeam(req.auth!.actor, (req.params as { id: string }).id, {
          role: (b['role'] ?? '') as Role,
          teamId: b['teamId'] || null,
        });
        return reply.redirect('/admin/staff?done=role', 303);
      } catch (err) {
        if (!isAppError(err) || err.status === 404) throw err;
        return staffMemberPage(req, reply, { errors: formErrors(err), values: b }, err.status);
      }
    });

    app.post('/admin/staff', { preHandler: [requireAuth(['admin']), checkCsrf] }, async (req, reply) => {
      const b = req.body as Form;
      try {
        const created = await services.staff.createStaff(req.auth!.actor, {
          email: b['email'] ?? '',
          displayName: b['displayName'],
          role: (b['role'] ?? '') as Role,
          team: b['teamId'] || null,
        });
        const [staff, teams] = await Promise.all([services.staff.listStaff(req.auth!.actor), services.staff.listTeams()]);
        return render(req, reply, 'staff.njk', {
          staff,
          teams,
          roles: ROLES,
          values: {},
          created: { email: created.staff.email, oneTimePassword: created.oneTimePassword },
        });
      } catch (err) {
        if (!isAppError(err)) throw err;
        const [staff, teams] = await Promise.all([services.staff.listStaff(req.auth!.actor), services.staff.listTeams()]);
        return render(req, reply, 'staff.njk', { staff, teams, roles: ROLES, values: b, errors: formErrors(err) }, err.status);
      }
    });

    for (const action of ['disable', 'enable', 'sign-out-everywhere'] as const) {
      app.post(`/admin/staff/:id/${action}`, { preHandler: [requireAuth(['admin']), checkCsrf] }, async (req, reply) => {
        const id = (req.params as { id: string }).id;
        if (action === 'sign-out-everywhere') await services.staff.signOutEverywhere(req.auth!.actor, id);
        else await services.staff.setDisabled(req.auth!.actor, id, action === 'disable');
        if (action !== 'enable') await sessionsEnded(id);
        return reply.redirect('/admin/staff', 303);
      });
    }

    const teamsPage = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) => {
      const [teams, triage] = await Promise.all([services.staff.listTeams(), services.conversations.getTriageTeam()]);
      return render(req, reply, 'teams.njk', { teams, triage, ...extra }, status);
    };
    app.get('/admin/teams', { preHandler: [requireAuth(['admin'])] }, async (req, reply) =>
      teamsPage(req, reply, { done: (req.query as Form)['done'] ?? null }),
    );
    app.post('/admin/triage', { preHandler: [requireAuth(['admin']), checkCsrf] }, async (req, reply) => {
      try {
        await services.conversations.setTriageTeam(req.auth!.actor, (req.body as Form)['triageTeamId'] ?? '', { requestId: req.id });
        return reply.redirect('/admin/teams?done=triage', 303);
      } catch (err) {
        if (!isAppError(err)) throw err;
        return teamsPage(req, reply, { triageErrors: formErrors(err) }, err.status);
      }
    });
    app.post('/admin/teams', { preHandler: [requireAuth(['admin']), checkCsrf] }, async (req, reply) => {
      const b = req.body as Form;
      try {
        await services.staff.createTeam(req.auth!.actor, {
          name: b['name'] ?? '',
          requiresFirstContactApproval: b['requiresApproval'] === 'yes',
        });
        return reply.redirect('/admin/teams', 303);
      } catch (err) {
        if (!isAppError(err)) throw err;
        return teamsPage(req, reply, { errors: formErrors(err), values: b }, err.status);
      }
    });

    app.get('/review', { preHandler: [requireAuth(['manager', 'records_officer', 'admin'])] }, async (req, reply) => {
      const items = await services.review.listForReview(req.auth!.actor);
      return render(req, reply, 'review.njk', { items });
    });

    app.get('/records', { preHandler: [requireAuth(['records_officer', 'admin'])] }, async (req, reply) => {
      const result = await services.records.verify();
      return render(req, reply, 'records.njk', { result });
    });
  };
}
