import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { whatsappWebhookRoutes } from './channel/whatsapp/webhook.routes.js';
import { EVENTS_CHANNEL } from './conversations/conversation.events.js';
import { pingDatabase } from './platform/db/db.client.js';
import { isAppError } from './platform/errors.js';
import { createLiveEventHub } from './platform/http/live-events.js';
import { createViewEnvironment, govukDist, mojRoot } from './platform/http/views.js';
import { toActor } from './staff/staff.service.js';
import { describeApi, type OpenApiDocument } from './api/api.docs.js';
import { SESSION_COOKIE, type AppContext, type AppOptions } from './app.context.js';
import { caseApi } from './cases/case.api.js';
import { caseRoutes } from './cases/case.routes.js';
import { citizenRoutes } from './citizens/citizen.routes.js';
import { citizenApi } from './citizens/citizen.api.js';
import { contactApi } from './contact/contact.api.js';
import { templateRoutes } from './contact/templates.routes.js';
import { conversationApi } from './conversations/conversation.api.js';
import { conversationRoutes } from './conversations/conversation.routes.js';
import { channelNoticeRoutes } from './conversations/inbound/channel-notice.routes.js';
import { chatImportRoutes } from './imports/chat-import.routes.js';
import { createKeptDrafts } from './platform/http/kept-drafts.js';
import { createPageHelpers } from './platform/http/pages.js';
import { routeSchemaGaps } from './platform/http/route-schemas.js';
import { createSessionStreams } from './platform/http/session-streams.js';
import { recordsApi } from './records/records.api.js';
import { recordsRoutes } from './records/records.routes.js';
import { caseExportApi } from './records/export/case-export.api.js';
import { caseExportRoutes } from './records/export/case-export.routes.js';
import { reviewRoutes } from './review/review.routes.js';
import { oversightApi } from './oversight/oversight.api.js';
import { oversightRoutes } from './oversight/oversight.routes.js';
import { holdRoutes } from './records/holds/hold.routes.js';
import { disposalRoutes } from './records/disposal/disposal.routes.js';
import { accountRoutes } from './staff/account.routes.js';
import { staffRoutes } from './staff/staff.routes.js';

export { SESSION_COOKIE, type AppContext, type AppOptions } from './app.context.js';

/**
 * GOV.UK Frontend's page template has one inline script (it marks the body as
 * JavaScript-enabled); allow exactly that script by its hash instead of 'unsafe-inline'.
 */
function govukInlineScriptHash(): string {
  const template = readFileSync(join(govukDist, 'govuk', 'template.njk'), 'utf8');
  const body = /<script[^>]*>([^<]+)<\/script>/.exec(template)?.[1] ?? '';
  return `'sha256-${createHash('sha256').update(body).digest('base64')}'`;
}

/** GOV.UK's wording for error pages (design-system.service.gov.uk/patterns/page-not-found-pages and friends). */
const ERROR_PAGES: Record<number, { title: string; message: string }> = {
  400: { title: 'There is a problem with your request', message: 'Go back and try again.' },
  401: { title: 'Sign in to continue', message: 'Your session has ended. Sign in again.' },
  403: { title: 'You do not have access to this page', message: 'Ask your manager or an admin if you need access.' },
  404: {
    title: 'Page not found',
    message:
      'If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address. If you followed a link, the page may be in another team’s area.',
  },
  409: { title: 'This has already been done', message: 'Go back and refresh the page.' },
  413: { title: 'The file is too large', message: 'Go back and choose a smaller file.' },
  415: { title: 'There is a problem with your request', message: 'Go back and try again.' },
  422: { title: 'There is a problem', message: 'Go back and try again.' },
  429: { title: 'Too many attempts', message: 'Wait a minute, then try again.' },
  500: { title: 'Sorry, there is a problem with the service', message: 'Try again later.' },
};

export const webAssetsDir = join(import.meta.dirname ?? '.', 'web', 'public');

/** Builds the HTTP application; `npm start` listens on it and tests drive it with `inject()`. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { services } = opts;
  const app = Fastify({
    // The assertion picks Fastify's logger type for the instance (pino's Logger type would
    // leak into every route's generics); typescript-eslint cannot see that it matters.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: services.logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    // One line per request at info level buried everything else (the first admin's
    // password included); requests are logged at debug, by route pattern, below.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('auth', null);
  app.addHook('onRoute', (route) => {
    const gaps = routeSchemaGaps(route);
    if (gaps.length) throw new Error(`${String(route.method)} ${route.url} declares no zod schema for its ${gaps.join(' and ')}`);
  });

  const live = createLiveEventHub({ db: services.db, channel: EVENTS_CHANNEL, logger: services.logger });
  await live.start();
  app.addHook('onClose', async () => live.stop());
  const views = createViewEnvironment({ timeZone: opts.timeZone });
  const pages = createPageHelpers({ views, simulatorPhoneUrl: opts.simulatorPhoneUrl });
  const streams = createSessionStreams({
    announce: (staffId) =>
      services.notifier.publish(EVENTS_CHANNEL, JSON.stringify({ type: 'session.revoked', staffId, conversationId: '', teamId: null })),
  });
  // Server-sent-event streams never end by themselves: close them when the server stops.
  app.addHook('preClose', async () => streams.closeAll());
  const ctx: AppContext = {
    ...opts,
    uploadsDir: opts.uploadsDir ?? join(tmpdir(), 'liaise-uploads'),
    views,
    live,
    secureCookies: opts.publicUrl.startsWith('https://'),
    pages,
    streams,
    drafts: createKeptDrafts(services.clock),
  };

  /** A staff page (not the API, the webhook, health checks or static files): its errors are GOV.UK error pages, not JSON. */
  const isPage = (req: FastifyRequest) => !/^\/(?:api|webhooks|healthz|readyz|static|assets)(?:\/|$|\?)/.test(req.url);
  const errorPage = (req: FastifyRequest, reply: FastifyReply, status: number, message?: string) => {
    const page = ERROR_PAGES[status] ?? (status >= 500 ? ERROR_PAGES[500]! : ERROR_PAGES[400]!);
    return pages.render(
      req,
      reply,
      'error.njk',
      { title: page.title, message: message ?? page.message, requestId: status >= 500 ? req.id : null },
      status,
    );
  };

  app.setErrorHandler((err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    if (isPage(req)) {
      // A malformed id in the address is a page that does not exist; any other bad input is a bad request.
      if (hasZodFastifySchemaValidationErrors(err)) return errorPage(req, reply, err.validationContext === 'params' ? 404 : 400);
      if (isAppError(err)) return errorPage(req, reply, err.status, err.status === 404 ? undefined : err.message);
      const e = err as { statusCode?: number };
      if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return errorPage(req, reply, e.statusCode);
      req.log.error({ err }, 'unhandled error');
      return errorPage(req, reply, 500);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0];
      const field =
        first?.instancePath?.replace(/^\//, '').replace(/\//g, '.') ||
        (first?.params as { missingProperty?: string } | undefined)?.missingProperty ||
        null;
      return reply.status(400).send({
        error: {
          code: 'REQUEST_INVALID',
          message: `${field ? `${field}: ` : ''}${first?.message ?? 'invalid request'}`,
          field,
          requestId: req.id,
        },
      });
    }
    if (isAppError(err)) {
      return reply
        .status(err.status)
        .send({ error: { code: err.code, message: err.message, requestId: req.id, ...(err.details ? { details: err.details } : {}) } });
    }
    const e = err as { statusCode?: number; code?: string; message?: string };
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      const code =
        e.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'REQUEST_TOO_LARGE'
          : e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'REQUEST_UNSUPPORTED_MEDIA_TYPE'
            : e.statusCode === 429
              ? 'RATE_LIMITED'
              : 'REQUEST_INVALID';
      return reply.status(e.statusCode).send({ error: { code, message: e.message ?? 'Bad request', requestId: req.id } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send({ error: { code: 'INTERNAL_ERROR', message: 'Something went wrong. Quote this request id to support.', requestId: req.id } });
  });

  // Unknown addresses: a GOV.UK "Page not found" for people, JSON for API clients. Set here, in the root
  // context, it covers every prefix; the staff session is resolved first, so the page keeps its navigation.
  app.setNotFoundHandler(
    {
      preHandler: async (req: FastifyRequest) => {
        const token = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(req.headers.cookie ?? '')?.[1];
        if (!token || !isPage(req)) return;
        const session = await services.staff.resolveSession(decodeURIComponent(token));
        if (session) req.auth = { ...session, actor: toActor(session.staff) };
      },
    },
    (req, reply) => {
      if (isPage(req)) return errorPage(req, reply, 404);
      return reply
        .status(404)
        .send({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}`, requestId: req.id } });
    },
  );

  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await pingDatabase(services.db);
      return { ok: true, database: services.db.kind };
    } catch {
      return reply.status(503).send({ ok: false });
    }
  });

  // A client that gives up mid-request does not stop its delivery being stored; close()
  // waits for those too, so a graceful shutdown seals everything that was stored.
  const inFlight = new Set<Promise<unknown>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled([...inFlight]);
  });
  await app.register(
    whatsappWebhookRoutes({
      appSecret: opts.whatsapp.appSecret,
      verifyToken: opts.whatsapp.verifyToken,
      onEvents: async (events) => {
        // Citizens' messages, statuses and notices; and Meta's template reviews (message_template_status_update).
        const p = Promise.all([services.inbound.receiveChannelEvents(events), services.templates.applyStatusEvents(events)]);
        inFlight.add(p);
        try {
          await p;
        } finally {
          inFlight.delete(p);
        }
      },
    }),
  );
  // The staff app and API in their own context: security headers, cookies, sessions,
  // forms and static files apply there, and the webhook (called by Meta, thousands of
  // times a second at peak) skips all of it.
  await app.register(async (web) => {
    await web.register(fastifyHelmet, {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", govukInlineScriptHash()],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      strictTransportSecurity: ctx.secureCookies,
    });
    await web.register(fastifyCookie);
    await web.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
    await web.register(fastifyRateLimit, { global: false });
    await web.register(fastifyMultipart);
    await web.register(fastifyStatic, { root: join(govukDist, 'govuk', 'assets'), prefix: '/assets/', decorateReply: false });
    await web.register(fastifyStatic, {
      root: join(govukDist, 'govuk'),
      prefix: '/static/govuk/',
      decorateReply: false,
      allowedPath: (p) => /^\/?[\w.-]+\.(css|js)$/.test(p),
    });
    await web.register(fastifyStatic, {
      root: join(mojRoot, 'moj'),
      prefix: '/static/moj/',
      decorateReply: false,
      allowedPath: (p) => /^\/?[\w.-]+\.(css|js)$/.test(p),
    });
    await web.register(fastifyStatic, { root: webAssetsDir, prefix: '/static/app/', decorateReply: false });

    await web.register(fastifySwagger, {
      openapi: {
        info: {
          title: 'Liaise API',
          version: '1',
          description:
            'Governed WhatsApp messaging for councils. Authenticate with an API token (`Authorization: Bearer lsk_…`, created with `npx liaise api-token create`) or a staff session cookie; with a cookie, send the session’s CSRF token in `X-CSRF-Token` on writes.',
        },
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
            apiToken: {
              type: 'http',
              scheme: 'bearer',
              description: 'An API token from `npx liaise api-token create` (for case-management integrations)',
            },
          },
        },
        security: [{ session: [] }, { apiToken: [] }],
      },
      // The document describes the JSON API only: the staff pages are not an API.
      transform: (doc) =>
        doc.url.startsWith('/api/v1') ? jsonSchemaTransform(doc) : { schema: { ...doc.schema, hide: true }, url: doc.url },
    });
    // The OpenAPI document for machines, and an accessible GOV.UK page of it for people (Swagger UI's page
    // failed axe on 120+ counts, needed inline styles the CSP forbids, and listed the staff pages too).
    web.get('/api/openapi.json', { schema: { hide: true } }, async () => web.swagger());
    web.get('/api/docs', { schema: { hide: true } }, async (req, reply) =>
      pages.render(req, reply, 'api-docs.njk', { api: describeApi(web.swagger() as OpenApiDocument) }),
    );

    // Resolve the staff session for every request (cheap: one indexed lookup).
    // Each staff-app and API request at debug, by route pattern. Not on the webhook: its
    // fast path stays free of per-request hooks (it logs its own refusals and failures).
    web.addHook('onResponse', (req, reply, done) => {
      req.log.debug({ req, res: reply, ms: Math.round(reply.elapsedTime) }, 'request completed');
      done();
    });
    web.addHook('onRequest', async (req) => {
      const bearer = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (bearer && req.url.startsWith('/api/')) {
        const staff = await services.staff.resolveApiToken(bearer);
        if (staff) req.auth = { staff, sessionId: '', csrfToken: '', actor: toActor(staff), viaToken: true };
        return;
      }
      const token = req.cookies[SESSION_COOKIE];
      if (!token) return;
      const session = await services.staff.resolveSession(token);
      if (session) req.auth = { ...session, actor: toActor(session.staff) };
    });
    // Each domain's JSON API and pages.
    for (const api of [conversationApi, recordsApi]) await web.register(api(ctx), { prefix: '/api/v1' });
    for (const routes of [
      accountRoutes,
      conversationRoutes,
      citizenRoutes,
      chatImportRoutes,
      staffRoutes,
      reviewRoutes,
      recordsRoutes,
      holdRoutes,
      disposalRoutes,
      channelNoticeRoutes,
    ])
      await web.register(routes(ctx));
    // Citizens and the contact rules (first contact, approval, release, opt-in).
    for (const api of [citizenApi, contactApi]) await web.register(api(ctx), { prefix: '/api/v1' });
    // WhatsApp templates: the admin page, and a caseworker's template send.
    await web.register(templateRoutes(ctx));
    // The manager's queue and usage, reports and sharing.
    await web.register(oversightApi(ctx), { prefix: '/api/v1' });
    await web.register(oversightRoutes(ctx));
    // Cases, and their exports for case systems that take files.
    await web.register(caseApi(ctx), { prefix: '/api/v1' });
    await web.register(caseRoutes(ctx));
    await web.register(caseExportApi(ctx), { prefix: '/api/v1' });
    await web.register(caseExportRoutes(ctx));
  });
  return app;
}
