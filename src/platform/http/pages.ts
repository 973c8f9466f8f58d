import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, teamScope } from '../../access/authorize.js';
import type { Permission } from '../../access/permissions.js';
import { safeEqual } from '../crypto/password.js';
import { ROLE_LABELS } from '../../staff/staff.types.js';
import type { ViewEnvironment } from './views.js';

/** The one field every staff form posts besides its own: the session's CSRF token. */
const CsrfField = z.object({ _csrf: z.string().optional() });

export type PageHandler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/**
 * What every server-rendered staff page needs: rendering with the layout's
 * context, the guard each route declares (signed in, password changed, the
 * route's permission, the CSRF token on posts). Shared by every domain's pages.
 */
export function createPageHelpers(ctx: { views: ViewEnvironment; simulatorPhoneUrl?: string | null }) {
  function render(req: FastifyRequest, reply: FastifyReply, template: string, data: Record<string, unknown> = {}, status = 200) {
    const html = ctx.views.render(template, {
      ...data,
      me: req.auth?.staff ?? null,
      csrfToken: req.auth?.csrfToken ?? data['csrfToken'] ?? '',
      roleLabels: ROLE_LABELS,
      // Pages show what the person may do by the same permission table the routes enforce.
      may: (permission: Permission) => (req.auth ? can(req.auth.actor, permission) : false),
      seesAllTeams: req.auth ? teamScope(req.auth.actor) === null : false,
      simulatorPhoneUrl: ctx.simulatorPhoneUrl ?? null,
      currentPath: req.url.split('?')[0],
    });
    return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  }

  /** Signed in, with the one-time password changed (only the password page and sign-out are open before that). */
  const requireSignIn: PageHandler = async (req, reply) => {
    if (!req.auth) return reply.redirect(`/sign-in?next=${encodeURIComponent(req.url)}`, 303);
    const path = req.url.split('?')[0];
    if (req.auth.staff.mustChangePassword && path !== '/account/password' && path !== '/sign-out') {
      return reply.redirect('/account/password', 303);
    }
  };

  const requirePermission =
    (permission: Permission): PageHandler =>
    async (req, reply) => {
      if (!can(req.auth!.actor, permission)) {
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

  /** Form posts carry the token in `_csrf` (or the X-CSRF-Token header, for the page's own scripts). */
  const checkCsrf: PageHandler = async (req, reply) => {
    const header = req.headers['x-csrf-token'];
    const sent = CsrfField.safeParse(req.body ?? {}).data?._csrf ?? (typeof header === 'string' ? header : undefined);
    if (!csrfOk(req, sent)) return renderCsrfExpired(req, reply);
  };

  /**
   * The guard a page route declares: who may open it (`null`: anyone signed in) and, for a form post,
   * the CSRF check. The same permission names as services check with `authorize()`.
   */
  const guard = (permission: Permission | null, opts: { form?: boolean } = {}): PageHandler[] => [
    requireSignIn,
    ...(permission ? [requirePermission(permission)] : []),
    ...(opts.form ? [checkCsrf] : []),
  ];

  return { render, guard, requireSignIn, csrfOk, checkCsrf, renderCsrfExpired };
}

export type PageHelpers = ReturnType<typeof createPageHelpers>;
