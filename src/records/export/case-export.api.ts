import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiAuth, uuidParam } from '../../api/api.js';
import type { AppContext } from '../../app.context.js';
import { EXPORT_FORMATS } from './case-export.service.js';

/** Case exports in the JSON API (under /api/v1), for case systems that take files. */
export function caseExportApi(ctx: AppContext) {
  const { services } = ctx;
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/cases/:id/export',
      {
        schema: {
          tags: ['cases'],
          summary: 'Export a case as JSON, CSV or a PDF transcript',
          description:
            'Every message linked to the case (one by one, or through its conversation), oldest first. Destroyed messages appear as tombstones without content. Each export is audited.',
          params: uuidParam,
          querystring: z.object({ format: z.enum(EXPORT_FORMATS) }),
        },
      },
      async (req, reply) => {
        const auth = apiAuth(req, 'case.export');
        const file = await services.caseExport.exportCase(auth.actor, req.params.id, req.query.format, req.id);
        return reply
          .type(file.contentType)
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .header('cache-control', 'no-store')
          .send(file.body);
      },
    );
  };
}
