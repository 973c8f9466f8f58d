import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cookieOptions, PRESESSION_COOKIE, SESSION_COOKIE, type AppContext } from '../app.context.js';
import { randomToken, safeEqual } from '../platform/crypto/password.js';
import { isAppError } from '../platform/errors.js';
import { DoneQuery, formErrors, formFields, IdParams } from '../platform/http/forms.js';
import { authPasswordMismatch } from './staff.errors.js';

const SignInQuery = z.object({ next: z.string().max(2000).optional(), 'signed-out': z.string().max(20).optional() });
const SignInForm = formFields('_csrf', 'email', 'password', 'next', 'draft', 'draftJustification');
const PasswordForm = formFields('_csrf', 'currentPassword', 'newPassword', 'confirmPassword');
const CsrfOnly = formFields('_csrf');

/** Where sign-in may send someone afterwards: a path on this site, never another host. */
const SAFE_NEXT = /^\/(?!\/)[\w\-/?=&%.]*$/;
const CONVERSATION_PATH = /^\/conversations\/[0-9a-f-]{36}$/;

/** Signing in and out, and a person's own account: sessions, API tokens, password. */
export function accountRoutes(ctx: AppContext) {
  const { services, pages, streams, drafts } = ctx;
  const { render, guard } = pages;
  const cookies = cookieOptions(ctx);

  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get('/', async (req, reply) => reply.redirect(req.auth ? '/conversations' : '/sign-in', 303));

    app.get('/sign-in', { schema: { querystring: SignInQuery } }, async (req, reply) => {
      if (req.auth) return reply.redirect('/conversations', 303);
      const token = req.cookies[PRESESSION_COOKIE] ?? randomToken(24);
      reply.setCookie(PRESESSION_COOKIE, token, { ...cookies, maxAge: 3600 });
      return render(req, reply, 'sign-in.njk', {
        csrfToken: token,
        next: req.query.next ?? '',
        signedOutEverywhere: req.query['signed-out'] === 'everywhere',
      });
    });

    app.post(
      '/sign-in',
      { schema: { body: SignInForm }, config: { rateLimit: { max: ctx.signInRateLimit ?? 20, timeWindow: '1 minute' } } },
      async (req, reply) => {
        const body = req.body;
        const pre = req.cookies[PRESESSION_COOKIE];
        const next = body.next && SAFE_NEXT.test(body.next) ? body.next : '/conversations';
        if (!pre || !body._csrf || !safeEqual(pre, body._csrf)) {
          const errors = { list: [{ text: 'Your sign-in form expired. Try again.' }], fields: {} };
          return render(req, reply, 'sign-in.njk', { csrfToken: pre ?? '', next, errors }, 403);
        }
        try {
          const signed = await services.staff.signIn(body.email ?? '', body.password ?? '', { requestId: req.id });
          // The cookie lives exactly as long as the session it carries (LIAISE_SESSION_HOURS).
          const maxAge = Math.max(0, Math.floor((signed.expiresAt.getTime() - services.clock.now().getTime()) / 1000));
          reply.setCookie(SESSION_COOKIE, signed.sessionToken, { ...cookies, maxAge });
          reply.clearCookie(PRESESSION_COOKIE, { path: '/' });
          if (signed.staff.mustChangePassword) return reply.redirect('/account/password', 303);
          // A draft kept from a session that ran out goes back to its conversation.
          if (body.draft && CONVERSATION_PATH.test(next)) {
            const id = drafts.keep({
              staffEmail: signed.staff.email,
              path: next,
              text: body.draft.slice(0, 4096),
              justification: (body.draftJustification ?? '').slice(0, 2000),
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
              email: body.email,
              draft: body.draft ?? '',
              draftJustification: body.draftJustification ?? '',
              sessionEnded: Boolean(body.draft),
              errors: { list: [{ text: err.message, href: '#email' }], fields: {} },
            },
            err.status,
          );
        }
      },
    );

    app.post('/sign-out', { schema: { body: CsrfOnly }, preHandler: guard(null, { form: true }) }, async (req, reply) => {
      await services.staff.signOut(req.auth!.sessionId, req.auth!.actor);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.redirect('/sign-in', 303);
    });

    app.get('/account', { schema: { querystring: DoneQuery }, preHandler: guard(null) }, async (req, reply) => {
      const [sessions, tokens] = await Promise.all([
        services.staff.countLiveSessions(req.auth!.staff.id),
        services.staff.listApiTokens(req.auth!.actor),
      ]);
      return render(req, reply, 'account.njk', { sessions, tokens, done: req.query.done ?? null });
    });

    app.post(
      '/account/api-tokens/:id/revoke',
      { schema: { params: IdParams, body: CsrfOnly }, preHandler: guard(null, { form: true }) },
      async (req, reply) => {
        await services.staff.revokeApiToken(req.auth!.actor, req.params.id);
        return reply.redirect('/account?done=token-revoked', 303);
      },
    );

    app.post(
      '/account/sign-out-everywhere',
      { schema: { body: CsrfOnly }, preHandler: guard(null, { form: true }) },
      async (req, reply) => {
        await services.staff.signOutEverywhere(req.auth!.actor, req.auth!.staff.id);
        await streams.sessionsEnded(req.auth!.staff.id);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.redirect('/sign-in?signed-out=everywhere', 303);
      },
    );

    app.get('/account/password', { preHandler: guard(null) }, async (req, reply) => render(req, reply, 'password.njk', {}));
    app.post('/account/password', { schema: { body: PasswordForm }, preHandler: guard(null, { form: true }) }, async (req, reply) => {
      const body = req.body;
      try {
        if ((body.newPassword ?? '') !== (body.confirmPassword ?? '')) throw authPasswordMismatch();
        await services.staff.changePassword(req.auth!.actor, body.currentPassword ?? '', body.newPassword ?? '', req.auth!.sessionId);
        return reply.redirect('/account?done=password', 303);
      } catch (err) {
        if (!isAppError(err)) throw err;
        return render(req, reply, 'password.njk', { errors: formErrors(err) }, err.status);
      }
    });
  };
}
