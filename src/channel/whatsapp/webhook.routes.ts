import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { type ZodTypeProvider, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ChannelEvent } from '../channel.types.js';
import { WebhookPayloadError } from './channel.errors.js';
import { mapWebhookPayload } from './webhook.mapper.js';
import { verifyWebhookSignature } from './webhook.signature.js';

export interface WebhookDeliveryMeta {
  /** The request id of this delivery (Meta sends no delivery id): for logs and correlation. */
  deliveryId: string;
  /**
   * SHA-256 (hex) of the raw body. Meta re-delivers the same bytes when it retries, so this names a
   * delivery across retries; de-duplicate stored content by provider message id all the same.
   */
  bodySha256: string;
}

export interface WhatsAppWebhookRoutesOptions {
  appSecret: string;
  verifyToken: string;
  /**
   * Store the events durably. The webhook answers 200 only after this resolves; if it throws,
   * the webhook answers 500 so that Meta delivers again (de-duplicate by provider message id).
   */
  onEvents(events: ChannelEvent[], meta: WebhookDeliveryMeta): Promise<void>;
  /** Largest accepted body in bytes (default 1 MiB; Meta's deliveries are a few KB). */
  bodyLimit?: number;
  /** Route path (default `/webhooks/whatsapp`). */
  path?: string;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Meta's verification request (`GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`); anything else is refused below. */
const queryValue = z.union([z.string(), z.array(z.string())]).optional();
const VerifyQuery = z.object({ 'hub.mode': queryValue, 'hub.verify_token': queryValue, 'hub.challenge': queryValue });
const MAX_CHALLENGE_LENGTH = 256;

/**
 * The WhatsApp webhook as a Fastify plugin. Register it without `fastify-plugin` so it stays in
 * its own encapsulated context: its raw-Buffer JSON parser does not affect the host app.
 *
 *   app.register(whatsappWebhookRoutes({ appSecret, verifyToken, onEvents }))
 */
export function whatsappWebhookRoutes(opts: WhatsAppWebhookRoutesOptions): FastifyPluginAsync {
  const path = opts.path ?? '/webhooks/whatsapp';
  const bodyLimit = opts.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const verifyToken = Buffer.from(opts.verifyToken, 'utf8');

  return async function whatsappWebhook(root: FastifyInstance) {
    const app = root.withTypeProvider<ZodTypeProvider>();
    // Keep the exact bytes: the signature is over them, not over any re-serialisation.
    app.setValidatorCompiler(validatorCompiler);
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
    app.setErrorHandler((err: { statusCode?: number; code?: string }, request, reply) => {
      if (err.statusCode === 413) {
        return sendError(reply, 413, 'WEBHOOK_BODY_TOO_LARGE', 'Webhook body is too large', request.id);
      }
      if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
        return sendError(reply, err.statusCode, 'WEBHOOK_BAD_REQUEST', 'Webhook request was not understood', request.id);
      }
      request.log.error({ err }, 'whatsapp webhook failed');
      return sendError(reply, 500, 'WEBHOOK_PROCESSING_FAILED', 'The delivery could not be stored; please retry', request.id);
    });

    app.get(path, { schema: { querystring: VerifyQuery } }, async (request, reply) => {
      const query = request.query;
      const mode = first(query['hub.mode']);
      const token = first(query['hub.verify_token']);
      const challenge = first(query['hub.challenge']);
      if (
        mode === 'subscribe' &&
        token !== undefined &&
        challenge !== undefined &&
        challenge.length <= MAX_CHALLENGE_LENGTH &&
        safeEqual(Buffer.from(token, 'utf8'), verifyToken)
      ) {
        return reply.code(200).type('text/plain; charset=utf-8').send(challenge);
      }
      request.log.warn('whatsapp webhook verification refused');
      return sendError(reply, 403, 'WEBHOOK_VERIFICATION_FAILED', 'Webhook verification failed', request.id);
    });

    app.post(path, { bodyLimit, config: { rawBody: 'signed' } }, async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signature = request.headers['x-hub-signature-256'];
      if (!verifyWebhookSignature(raw, typeof signature === 'string' ? signature : undefined, opts.appSecret)) {
        request.log.warn({ hasSignature: signature !== undefined }, 'whatsapp webhook signature rejected');
        return sendError(
          reply,
          401,
          'WEBHOOK_SIGNATURE_INVALID',
          signature === undefined ? 'Missing X-Hub-Signature-256 header' : 'X-Hub-Signature-256 does not match the body',
          request.id,
        );
      }

      let payload: unknown;
      try {
        payload = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendError(reply, 400, 'WEBHOOK_MALFORMED_JSON', 'Webhook body is not valid JSON', request.id);
      }

      let events: ChannelEvent[];
      try {
        const mapped = mapWebhookPayload(payload);
        events = mapped.events;
        if (mapped.problems.length > 0) {
          request.log.warn({ problems: mapped.problems }, 'whatsapp webhook items could not be read');
        }
      } catch (err) {
        if (err instanceof WebhookPayloadError) {
          request.log.warn({ path: err.path }, 'whatsapp webhook payload invalid');
          return sendError(reply, 400, err.code, err.message, request.id);
        }
        throw err;
      }

      // Nothing to store (an entry with no changes, a change with nothing in it): acknowledge.
      if (events.length === 0) return reply.code(200).send({ ok: true });
      const bodySha256 = createHash('sha256').update(raw).digest('hex');
      for (const e of events) {
        // A notice without ids of its own is named by its place in this delivery: Meta's retries send the
        // same bytes, so a retried delivery names it the same way and it is stored once.
        if (e.kind === 'notice' && e.dedupeKey.startsWith('delivery:')) {
          e.dedupeKey = `delivery:${createHash('sha256').update(`${bodySha256}|${e.dedupeKey}`).digest('hex')}`;
        }
      }
      try {
        await opts.onEvents(events, { deliveryId: request.id, bodySha256 });
      } catch (err) {
        request.log.error({ err }, 'whatsapp webhook events could not be stored');
        return sendError(reply, 500, 'WEBHOOK_PROCESSING_FAILED', 'The delivery could not be stored; please retry', request.id);
      }
      return reply.code(200).send({ ok: true });
    });
  };
}

function sendError(reply: FastifyReply, status: number, code: string, message: string, requestId: string) {
  return reply.code(status).send({ error: { code, message, requestId } });
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
