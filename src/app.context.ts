/**
 * What route modules need from the app (its context and the session cookie's name),
 * kept apart from app.ts so that app.ts can import the routes without a cycle.
 * This module imports no routes.
 */
import type { LiveEventHub } from './platform/http/live-events.js';
import type { ViewEnvironment } from './platform/http/views.js';
import type { Services } from './composition.js';
import type { Actor } from './staff/staff.types.js';
import type { ResolvedSession } from './staff/staff.service.js';

export const SESSION_COOKIE = 'liaise_session';

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
}
