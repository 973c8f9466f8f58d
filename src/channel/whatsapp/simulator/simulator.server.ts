/**
 * The WhatsApp Cloud API simulator as a real HTTP server: Meta's Graph routes for sending and media,
 * signed webhooks back to Liaise, fault injection, and a citizen-phone page for manual testing.
 *
 *   const { url, sim, close } = await startWhatsAppSimulator({ appSecret, accessToken, phoneNumberId,
 *     webhookUrl: 'http://127.0.0.1:3000/webhooks/whatsapp' });
 *   // point the Cloud API client's graphBase at `url`
 */
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createSimulatorCore, graphError, toWaId, type SendDirective, type SimulatorCore } from './simulator.core.js';
import { META_SHAPES } from './meta-shapes.js';
import { SimulatorInputError } from './simulator.errors.js';
import { renderError, renderPhoneIndex, renderThread } from './simulator.phone.js';
import {
  FAULT_KINDS,
  type RunningSimulator,
  type SimInboundInput,
  type SimulatorControl,
  type SimulatorOptions,
} from './simulator.types.js';

const VERSION = /^v\d{1,3}\.\d{1,2}$/;

/** Start the simulator on its own port. `port: 0` (the default) picks a free one. */
export async function startWhatsAppSimulator(opts: SimulatorOptions): Promise<RunningSimulator> {
  const core = createSimulatorCore(opts);
  const hung = new Set<Socket>();
  const app = buildSimulatorApp(core, hung);
  const host = opts.host ?? '127.0.0.1';
  await app.listen({ port: opts.port ?? 0, host });
  const address = app.server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;

  const sim: SimulatorControl = {
    sendInbound: core.sendInbound,
    outbox: core.outbox,
    inbox: core.inbox,
    markRead: core.markRead,
    injectFault: core.injectFault,
    clearFaults: core.clearFaults,
    faults: core.faults,
    deliverRaw: core.deliverRaw,
    sendShape: core.sendShape,
    setWebhookUrl: core.setWebhookUrl,
    webhookDeliveries: core.webhookDeliveries,
    templates: core.templates,
    reviewTemplate: core.reviewTemplate,
    idle: core.idle,
    reset: core.reset,
  };

  let closing: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${address.port}`,
    sim,
    close() {
      closing ??= (async () => {
        core.close();
        for (const s of hung) s.destroy();
        await app.close();
      })();
      return closing;
    },
  };
}

/** The simulator's Fastify app (not listening). Exported for `inject()` tests of the phone page. */
export function buildSimulatorApp(core: SimulatorCore, hung: Set<Socket> = new Set()): FastifyInstance {
  const o = core.options;
  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 1024 * 1024 });
  void app.register(formbody);
  void app.register(multipart, { limits: { fileSize: o.maxUploadBytes, files: 1, fields: 10 } });

  app.setErrorHandler((err: { statusCode?: number; message?: string }, request, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (request.url.startsWith('/phone')) {
      return reply
        .code(status)
        .type('text/html; charset=utf-8')
        .send(
          renderError('Something went wrong', status === 413 ? 'The file is too large.' : 'The simulator could not do that.', '/phone'),
        );
    }
    if (request.url.startsWith('/_sim')) {
      return reply.code(status).send({ error: { code: 'SIMULATOR_BAD_REQUEST', message: 'Request not understood' } });
    }
    return reply.code(status).send(graphError(100, 'Invalid parameter', 'The request body could not be parsed.'));
  });

  // ---------------------------------------------------------------- Meta's Graph API routes

  const sendDirective = (request: FastifyRequest, reply: FastifyReply, d: SendDirective) => {
    if (d.kind === 'respond') {
      if (d.headers) reply.headers(d.headers);
      if (d.body === '') return reply.code(d.status).type('text/html').send('');
      return reply.code(d.status).send(d.body);
    }
    reply.hijack();
    const socket = request.raw.socket;
    if (d.kind === 'reset') {
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      return reply;
    }
    // 'hang': never answer; drop the connection after the hold time (or when the simulator closes).
    hung.add(socket);
    const timer = setTimeout(() => socket.destroy(), o.faultHoldMs);
    socket.once('close', () => {
      clearTimeout(timer);
      hung.delete(socket);
    });
    return reply;
  };

  app.post<{ Params: { version: string; phoneNumberId: string } }>('/:version/:phoneNumberId/messages', async (request, reply) => {
    if (!VERSION.test(request.params.version)) {
      return reply.code(400).send(graphError(2500, 'Unknown path components', 'Unsupported API version.'));
    }
    const denied = core.checkAuth(request.headers.authorization);
    if (denied) return sendDirective(request, reply, denied);
    return sendDirective(request, reply, core.handleSend(request.params.phoneNumberId, request.body));
  });

  // The business account's templates: Meta's list (paged) and create; a new one is reviewed after a delay.
  const TemplateListQuery = z.object({ limit: z.coerce.number().int().optional().catch(undefined), after: z.string().max(200).optional() });
  app.get<{ Params: { version: string; wabaId: string } }>('/:version/:wabaId/message_templates', async (request, reply) => {
    if (!VERSION.test(request.params.version)) return reply.code(404).send(graphError(2500, 'Unknown path components'));
    const denied = core.checkAuth(request.headers.authorization);
    if (denied) return sendDirective(request, reply, denied);
    const query = TemplateListQuery.safeParse(request.query).data ?? {};
    return sendDirective(request, reply, core.listTemplates(request.params.wabaId, query));
  });
  app.post<{ Params: { version: string; wabaId: string } }>('/:version/:wabaId/message_templates', async (request, reply) => {
    if (!VERSION.test(request.params.version)) return reply.code(404).send(graphError(2500, 'Unknown path components'));
    const denied = core.checkAuth(request.headers.authorization);
    if (denied) return sendDirective(request, reply, denied);
    return sendDirective(request, reply, core.createTemplate(request.params.wabaId, request.body));
  });

  app.get<{ Params: { version: string; mediaId: string } }>('/:version/:mediaId', async (request, reply) => {
    if (!VERSION.test(request.params.version)) return reply.code(404).send(graphError(2500, 'Unknown path components'));
    const denied = core.checkAuth(request.headers.authorization);
    if (denied) return sendDirective(request, reply, denied);
    const info = core.mediaInfo(request.params.mediaId, `${request.protocol}://${request.host}`);
    if (!info) {
      return reply.code(400).send(
        graphError(100, `Unsupported get request. Object with ID '${request.params.mediaId.slice(0, 40)}' does not exist.`, undefined, {
          error_subcode: 33,
        }),
      );
    }
    return info;
  });

  app.get<{ Querystring: { mid?: string; hash?: string } }>('/whatsapp_business/attachments/', async (request, reply) => {
    const denied = core.checkAuth(request.headers.authorization);
    if (denied) return sendDirective(request, reply, denied);
    const m = core.mediaBytes(request.query.mid ?? '', request.query.hash ?? '');
    if (!m) return reply.code(404).send(graphError(100, 'Media not found'));
    return reply.type(m.mimeType).header('content-length', m.bytes.length).send(m.bytes);
  });

  // ---------------------------------------------------------------- control API for tests and bench

  const faultBody = z.object({
    kind: z.enum(FAULT_KINDS as [string, ...string[]]),
    count: z.number().int().positive().max(10_000).optional(),
    accepted: z.boolean().optional(),
  });
  app.post('/_sim/faults', async (request, reply) => {
    const parsed = faultBody.safeParse(request.body);
    if (!parsed.success) return simError(reply, 'kind must be one of ' + FAULT_KINDS.join(', '));
    core.injectFault(parsed.data as Parameters<SimulatorControl['injectFault']>[0]);
    return reply.code(201).send({ faults: core.faults() });
  });
  app.get('/_sim/faults', async () => ({ faults: core.faults() }));

  // Meta's documented webhook shapes: list them, and deliver one (signed, retried like any delivery).
  app.get('/_sim/shapes', async () => ({
    shapes: META_SHAPES.map((s) => ({ name: s.name, description: s.description, needsKnownMessage: s.needsKnownMessage === true })),
  }));
  const shapeBody = z.object({
    waId: z.string().max(32).optional(),
    userId: z.string().max(80).optional(),
    knownMessageId: z.string().max(200).optional(),
  });
  app.post<{ Params: { name: string } }>('/_sim/shapes/:name', async (request, reply) => {
    const parsed = shapeBody.safeParse(request.body ?? {});
    if (!parsed.success) return simError(reply, `invalid ${parsed.error.issues[0]?.path.join('.') || 'body'}`);
    try {
      const sent = await core.sendShape(request.params.name, parsed.data);
      return reply.code(201).send(sent);
    } catch (err) {
      if (err instanceof SimulatorInputError) return simError(reply, err.message);
      throw err;
    }
  });
  app.delete('/_sim/faults', async (_req, reply) => {
    core.clearFaults();
    return reply.code(204).send();
  });

  const mediaBody = z.object({
    sample: z.enum(['image', 'pdf']).optional(),
    base64: z
      .string()
      .max(o.maxUploadBytes * 2)
      .optional(),
    mimeType: z.string().max(100).optional(),
    fileName: z.string().max(200).optional(),
    caption: z.string().max(1024).optional(),
  });
  const inboundBody = z.object({
    from: z.string().min(1).max(30),
    text: z.string().min(1).max(4096).optional(),
    image: mediaBody.optional(),
    document: mediaBody.optional(),
    location: z
      .object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() })
      .optional(),
    profileName: z.string().max(100).optional(),
    replyTo: z.string().max(200).optional(),
    /** Answer only after the first webhook attempt (default true). */
    wait: z.boolean().optional(),
  });
  app.post('/_sim/inbound', async (request, reply) => {
    const parsed = inboundBody.safeParse(request.body);
    if (!parsed.success) return simError(reply, `invalid ${parsed.error.issues[0]?.path.join('.') || 'body'}`);
    const { wait, image, document, ...rest } = parsed.data;
    const toMedia = (m: z.infer<typeof mediaBody>) => ({
      ...(m.base64 ? { bytes: Buffer.from(m.base64, 'base64') } : {}),
      ...(m.sample ? { sample: m.sample } : {}),
      ...(m.mimeType ? { mimeType: m.mimeType } : {}),
      ...(m.fileName ? { fileName: m.fileName } : {}),
      ...(m.caption ? { caption: m.caption } : {}),
    });
    const input: SimInboundInput = {
      ...rest,
      ...(image ? { image: toMedia(image) } : {}),
      ...(document ? { document: toMedia(document) } : {}),
    };
    let queued: ReturnType<SimulatorCore['queueInbound']>;
    try {
      queued = core.queueInbound(input);
    } catch (err) {
      if (err instanceof SimulatorInputError) return simError(reply, err.message);
      throw err;
    }
    if (wait !== false) await queued.firstAttempt;
    return reply.code(201).send({ id: queued.id });
  });
  app.get('/_sim/templates', async () => ({ templates: core.templates() }));
  // Meta's review now: as given, or by the simulated rules when no status is given.
  const reviewBody = z.object({
    status: z.enum(['APPROVED', 'REJECTED', 'PAUSED', 'DISABLED']).optional(),
    reason: z.string().max(100).optional(),
  });
  app.post<{ Params: { id: string } }>('/_sim/templates/:id/review', async (request, reply) => {
    const parsed = reviewBody.safeParse(request.body ?? {});
    if (!parsed.success) return simError(reply, 'status must be APPROVED, REJECTED, PAUSED or DISABLED');
    try {
      const { status, reason } = parsed.data;
      const t = await core.reviewTemplate(request.params.id, status ? { status, ...(reason ? { reason } : {}) } : undefined);
      return reply.code(200).send({ template: t });
    } catch (err) {
      if (err instanceof SimulatorInputError) return reply.code(404).send({ error: { code: 'SIMULATOR_NOT_FOUND', message: err.message } });
      throw err;
    }
  });
  app.get('/_sim/outbox', async () => ({ messages: core.outbox() }));
  app.get('/_sim/inbox', async () => ({ messages: core.inbox() }));
  app.get('/_sim/deliveries', async () => ({ deliveries: core.webhookDeliveries() }));
  app.post('/_sim/read', async (request, reply) => {
    const id = z.object({ id: z.string() }).safeParse(request.body).data?.id;
    if (id === undefined) return simError(reply, 'id is required');
    try {
      await core.markRead(id);
    } catch {
      return reply.code(404).send({ error: { code: 'SIMULATOR_NOT_FOUND', message: 'No such message' } });
    }
    return reply.code(204).send();
  });
  app.post('/_sim/reset', async (_req, reply) => {
    core.reset();
    return reply.code(204).send();
  });
  app.get('/_sim/health', async () => ({ ok: true }));

  // ---------------------------------------------------------------- the citizen's phone

  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);

  app.get('/', async (_req, reply) => reply.redirect('/phone', 303));

  app.get<{ Querystring: { number?: string } }>('/phone', async (request, reply) => {
    const number = request.query.number;
    if (number !== undefined) {
      const waId = toWaId(number);
      if (waId) return reply.redirect(`/phone/${waId}`, 303);
      return html(
        reply,
        renderPhoneIndex({
          businessName: o.businessName,
          numbers: core.knownNumbers(),
          error: 'Enter a phone number in international format, like +44 7700 900123',
        }),
        400,
      );
    }
    return html(reply, renderPhoneIndex({ businessName: o.businessName, numbers: core.knownNumbers() }));
  });

  app.get<{ Params: { waId: string }; Querystring: { sent?: string } }>('/phone/:waId', async (request, reply) => {
    const waId = toWaId(request.params.waId);
    if (!waId) return html(reply, renderError('Not a phone number', 'That is not a phone number.', '/phone'), 404);
    // Opening the chat is the citizen reading it: delivered messages become read.
    core.viewThread(waId);
    return html(
      reply,
      renderThread({
        businessName: o.businessName,
        waId,
        profileName: core.profileNameOf(waId) ?? 'Test Citizen',
        outbound: core.outbox().filter((m) => m.to === waId),
        inbound: core.inbox().filter((m) => m.from === waId),
        deliveries: core.webhookDeliveries().slice(-50),
        ...(request.query.sent ? { notice: 'Sent.' } : {}),
      }),
    );
  });

  const queueFromPhone = (reply: FastifyReply, waId: string, input: Omit<SimInboundInput, 'from'>) => {
    try {
      core.queueInbound({ from: waId, ...input });
    } catch (err) {
      if (!(err instanceof SimulatorInputError)) throw err;
      return html(reply, renderError('Could not send', err.message.replace(/^sendInbound: /, ''), `/phone/${waId}`), 400);
    }
    return reply.redirect(`/phone/${waId}?sent=1`, 303);
  };

  // Any of Meta's documented shapes, from this phone (those about a message the business sent need the API).
  app.post<{ Params: { waId: string }; Body: { shape?: string } }>('/phone/:waId/shape', async (request, reply) => {
    const waId = toWaId(request.params.waId);
    const shape = META_SHAPES.find((x) => x.name === request.body?.shape && !x.needsKnownMessage);
    if (!waId || !shape)
      return html(reply, renderError('Could not send', 'Choose a kind of delivery.', `/phone/${request.params.waId}`), 400);
    await core.sendShape(shape.name, { waId });
    return reply.redirect(`/phone/${waId}?sent=1`, 303);
  });

  app.post<{ Params: { waId: string }; Body: { text?: string } }>('/phone/:waId/text', async (request, reply) => {
    const waId = toWaId(request.params.waId);
    const text = (request.body?.text ?? '').trim();
    if (!waId || !text) return html(reply, renderError('Could not send', 'Write a message first.', `/phone/${request.params.waId}`), 400);
    return queueFromPhone(reply, waId, { text });
  });

  app.post<{ Params: { waId: string }; Body: Record<string, string | undefined> }>('/phone/:waId/location', async (request, reply) => {
    const waId = toWaId(request.params.waId);
    const b = request.body ?? {};
    const latitude = Number(b.latitude);
    const longitude = Number(b.longitude);
    if (!waId || b.latitude === undefined || b.longitude === undefined || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
      return html(
        reply,
        renderError('Could not send', 'Enter a latitude and a longitude as numbers.', `/phone/${request.params.waId}`),
        400,
      );
    }
    return queueFromPhone(reply, waId, {
      location: {
        latitude,
        longitude,
        ...(b.name?.trim() ? { name: b.name.trim() } : {}),
        ...(b.address?.trim() ? { address: b.address.trim() } : {}),
      },
    });
  });

  app.post<{ Params: { waId: string }; Body: { profileName?: string } }>('/phone/:waId/profile', async (request, reply) => {
    const waId = toWaId(request.params.waId);
    const name = (request.body?.profileName ?? '').trim().slice(0, 100);
    if (!waId || !name) return html(reply, renderError('Could not save', 'Enter a name.', `/phone/${request.params.waId}`), 400);
    core.setProfileName(waId, name);
    return reply.redirect(`/phone/${waId}`, 303);
  });

  app.post<{ Params: { waId: string } }>('/phone/:waId/media', async (request, reply) => {
    const waId = toWaId(request.params.waId);
    if (!waId || !request.isMultipart()) {
      return html(reply, renderError('Could not send', 'Choose a file or a sample.', `/phone/${request.params.waId}`), 400);
    }
    let file: { bytes: Buffer; mimeType: string; fileName: string } | null = null;
    const fields: Record<string, string> = {};
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.filename && bytes.length > 0) file = { bytes, mimeType: part.mimetype, fileName: part.filename };
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
    const caption = fields.caption?.trim() || undefined;
    const sample = fields.sample === 'image' || fields.sample === 'pdf' ? fields.sample : undefined;
    if (file) {
      // WhatsApp sends JPEG and PNG as images; anything else travels as a document.
      const isImage = file.mimeType === 'image/jpeg' || file.mimeType === 'image/png';
      const m = { bytes: file.bytes, mimeType: file.mimeType, fileName: file.fileName, ...(caption ? { caption } : {}) };
      return queueFromPhone(reply, waId, isImage ? { image: m } : { document: m });
    }
    if (sample === 'image') return queueFromPhone(reply, waId, { image: { sample, ...(caption ? { caption } : {}) } });
    if (sample === 'pdf') return queueFromPhone(reply, waId, { document: { sample, ...(caption ? { caption } : {}) } });
    return html(reply, renderError('Could not send', 'Choose a file or a sample.', `/phone/${waId}`), 400);
  });

  // The citizen's own copy of what they sent (no bearer token: it is on their phone).
  app.get<{ Params: { mediaId: string } }>('/phone/media/:mediaId', async (request, reply) => {
    const m = core.mediaBytes(request.params.mediaId);
    if (!m) return html(reply, renderError('Not found', 'No such attachment.', '/phone'), 404);
    const disposition = m.mimeType.startsWith('image/') ? 'inline' : 'attachment';
    return reply
      .type(m.mimeType)
      .header('content-disposition', `${disposition}; filename="${(m.fileName ?? 'file').replace(/[^\w.-]/g, '_')}"`)
      .header('x-content-type-options', 'nosniff')
      .send(m.bytes);
  });

  return app;
}

function simError(reply: FastifyReply, message: string) {
  return reply.code(400).send({ error: { code: 'SIMULATOR_BAD_REQUEST', message } });
}
