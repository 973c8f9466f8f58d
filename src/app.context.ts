/**
 * What route modules need from the app (its context and the session cookie's name),
 * kept apart from app.ts so that app.ts can import the routes without a cycle.
 * This module imports no routes.
 */
import type { KeptDrafts } from './platform/http/kept-drafts.js';
import type { LiveEventHub } from './platform/http/live-events.js';
import type { PageHelpers } from './platform/http/pages.js';
import type { SessionStreams } from './platform/http/session-streams.js';
import type { ViewEnvironment } from './platform/http/views.js';
import type { Services } from './composition.js';
import type { Actor } from './staff/staff.types.js';
import type { ResolvedSession } from './staff/staff.service.js';

export const SESSION_COOKIE = 'liaise_session';
/** Before sign-in: carries the sign-in form's CSRF token. */
export const PRESESSION_COOKIE = 'liaise_presession';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member: by session cookie, or by API token (`viaToken`, no CSRF needed). */
    auth: (ResolvedSession & { actor: Actor; viaToken?: boolean }) | null;
  }
}

export interface AppOptions {
  services: Services;
  whatsapp: { appSecret: string; verifyToken: string };
  publicUrl: string;
  timeZone: string;
  /** The simulator's citizen-phone page, shown to staff in simulator mode. */
  simulatorPhoneUrl?: string | null;
  /** Where web uploads of chat exports wait for the import job (default: a temp folder). */
  uploadsDir?: string;
  /** Largest chat export accepted from the web (default 1 GiB). */
  importMaxBytes?: number;
  /** Sign-in attempts allowed per IP per minute (the per-account limit is in the staff service). */
  signInRateLimit?: number;
}

export interface AppContext extends AppOptions {
  views: ViewEnvironment;
  live: LiveEventHub;
  secureCookies: boolean;
  /** Rendering and the guard every page route declares. */
  pages: PageHelpers;
  /** Open live streams by staff member, ended with their sessions. */
  streams: SessionStreams;
  /** Drafts kept across a sign-in when a session ran out mid-message. */
  drafts: KeptDrafts;
}

/** The session cookies' options: first-party, script-proof, Secure behind HTTPS. */
export const cookieOptions = (ctx: AppContext) => ({ path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.secureCookies });
