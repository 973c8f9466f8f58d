import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.context.js';
import { formFields } from '../../platform/http/forms.js';
import { EXPORT_FORMATS } from './case-export.service.js';

const ExportParams = z.object({ id: z.guid(), format: z.enum(EXPORT_FORMATS) });
const DeliveryParams = z.object({ id: z.guid() });
const CsrfOnly = formFields('_csrf');
const DeliveryQuery = z.object({ done: z.enum(['retry']).optional() });

/**
 * Case files for download (`/cases/:id/export.json`, `.csv`, `.pdf`), linked from the case page, and the
 * case-system delivery log with its retry action, for records officers and admins.
 */
export function caseExportRoutes(ctx: AppContext) {
  const { services, pages } = ctx;
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/cases/:id/export.:format',
      { schema: { params: ExportParams }, preHandler: pages.guard('case.export') },
      async (req, reply) => {
        const file = await services.caseExport.exportCase(req.auth!.actor, req.params.id, req.params.format, req.id);
        return reply
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .header('cache-control', 'no-store')
          .send(file.body);
      },
    );

    app.get(
      '/records/case-system',
      { schema: { querystring: DeliveryQuery }, preHandler: pages.guard('records.push') },
      async (req, reply) => {
        const log = await services.casePush.listDeliveries(req.auth!.actor);
        return pages.render(req, reply, 'case-push-deliveries.njk', { ...log, done: req.query.done ?? null });
      },
    );

    app.post(
      '/records/case-system/:id/retry',
      { schema: { params: DeliveryParams, body: CsrfOnly }, preHandler: pages.guard('records.push', { form: true }) },
      async (req, reply) => {
        await services.casePush.retry(req.auth!.actor, req.params.id, req.id);
        return reply.redirect('/records/case-system?done=retry', 303);
      },
    );
  };
}
