import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app.context.js';
import { safeEqual } from '../platform/crypto/password.js';
import { ROLE_LABELS, type Role } from '../staff/staff.types.js';

/**
 * What every server-rendered staff page needs: rendering with the layout's
 * context, the sign-in guard (and forced password change), and the CSRF check.
 * Shared by the web routes and feature routes such as chat import.
 */
export function createPageHelpers(ctx: AppContext) {
  function render(req: FastifyRequest, reply: FastifyReply, template: string, data: Record<string, unknown> = {}, status = 200) {
    const html = ctx.views.render(template, {
      ...data,
      me: req.auth?.staff ?? null,
      csrfToken: req.auth?.csrfToken ?? data['csrfToken'] ?? '',
      roleLabels: ROLE_LABELS,
      simulatorPhoneUrl: ctx.simulatorPhoneUrl ?? null,
      currentPath: req.url.split('?')[0],
    });
    return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  }

  const requireAuth = (roles?: Role[]) => async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.auth) return reply.redirect(`/sign-in?next=${encodeURIComponent(req.url)}`, 303);
    const path = req.url.split('?')[0];
    if (req.auth.staff.mustChangePassword && path !== '/account/password' && path !== '/sign-out') {
      return reply.redirect('/account/password', 303);
    }
    if (roles && !roles.includes(req.auth.staff.role)) {
      return render(
        req,
        reply,
        'error.njk',
        { title: 'You do not have access to this page', message: 'Ask an admin if you need access.' },
        403,
      );
    }
  };

  /** Whether a submitted CSRF token is this session's. */
  const csrfOk = (req: FastifyRequest, sent: string | undefined) => !!sent && !!req.auth && safeEqual(sent, req.auth.csrfToken);

  const renderCsrfExpired = (req: FastifyRequest, reply: FastifyReply) =>
    render(req, reply, 'error.njk', { title: 'Your form has expired', message: 'Go back, reload the page and try again.' }, 403);

  /** preHandler for form posts (the token in `_csrf` or the X-CSRF-Token header). */
  const checkCsrf = async (req: FastifyRequest, reply: FastifyReply) => {
    const sent =
      (req.body as Record<string, string | undefined> | undefined)?.['_csrf'] ?? (req.headers['x-csrf-token'] as string | undefined);
    if (!csrfOk(req, sent)) return renderCsrfExpired(req, reply);
  };

  return { render, requireAuth, csrfOk, checkCsrf, renderCsrfExpired };
}
