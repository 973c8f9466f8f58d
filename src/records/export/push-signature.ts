import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signs the pushes Liaise sends to the council's case system. The header
 * `Liaise-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` lets the
 * receiver check the body came from Liaise and reject replays outside a tolerance
 * (the scheme Stripe and Slack use, so receivers have libraries for it).
 */
export const PUSH_SIGNATURE_HEADER = 'liaise-signature';

export function signPush(body: string | Buffer, secret: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const mac = createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
  return `t=${t},v1=${mac}`;
}

export type PushVerdict = { ok: true } | { ok: false; reason: 'malformed' | 'stale' | 'bad signature' };

/** What a receiver does: the signature matches and the timestamp is within `toleranceSeconds` of now. */
export function verifyPush(
  header: string | undefined,
  body: string | Buffer,
  secret: string,
  now: Date,
  toleranceSeconds = 300,
): PushVerdict {
  const parts = new Map((header ?? '').split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isSafeInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, reason: 'malformed' };
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return { ok: false, reason: 'stale' };
  const expected = createHmac('sha256', secret).update(`${t}.`).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex')) ? { ok: true } : { ok: false, reason: 'bad signature' };
}
