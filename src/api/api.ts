import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorize } from '../access/authorize.js';
import type { Permission } from '../access/permissions.js';
import { safeEqual } from '../platform/crypto/password.js';
import { AppError } from '../platform/errors.js';

/** The one error envelope, as OpenAPI describes it. */
export const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), requestId: z.string().optional() }).loose() });
export const uuidParam = z.object({ id: z.guid() });

const authRequired = () => new AppError('AUTH_REQUIRED', 'Sign in, or send a valid API token as Authorization: Bearer', 401);
const passwordChangeRequired = () => new AppError('AUTH_PASSWORD_CHANGE_REQUIRED', 'Change your one-time password first', 403);
const csrfInvalid = () => new AppError('AUTH_CSRF_INVALID', 'Missing or wrong X-CSRF-Token header', 403);

/**
 * The guard every API handler starts with: a session or API token, the one-time password changed, and the
 * permission the route declares (the same names services check with `authorize()`).
 */
export function apiAuth(req: FastifyRequest, permission: Permission) {
  if (!req.auth) throw authRequired();
  if (req.auth.staff.mustChangePassword && !req.auth.viaToken) throw passwordChangeRequired();
  authorize(req.auth.actor, permission);
  return req.auth;
}

/** A write: as `apiAuth`, and from a browser session the session's CSRF token in a header. */
export function apiWrite(req: FastifyRequest, permission: Permission) {
  const auth = apiAuth(req, permission);
  if (auth.viaToken) return auth; // a bearer token is not sent by browsers on their own, so CSRF cannot ride on it
  const sent = req.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !safeEqual(sent, auth.csrfToken)) throw csrfInvalid();
  return auth;
}
