import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER_PATTERN = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Check Meta's `X-Hub-Signature-256` header: `sha256=<hex HMAC-SHA256 of the raw body with the
 * app secret>`. Must be given the exact bytes received — Meta signs its escaped-unicode body, so
 * a re-serialised object would not match. Constant-time; false for a missing or malformed header.
 */
export function verifyWebhookSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (typeof header !== 'string' || appSecret.length === 0) return false;
  const match = HEADER_PATTERN.exec(header.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The `X-Hub-Signature-256` header value for a body, as Meta would send it. */
export function signWebhookBody(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}
