import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app.context.js';

/** The records page: the record chain checked end to end, for records officers and admins. */
export function recordsRoutes(ctx: AppContext) {
  const { services, pages } = ctx;
  return async (app: FastifyInstance) => {
    app.get('/records', { preHandler: pages.guard('records.verify') }, async (req, reply) => {
      const result = await services.records.verify();
      return pages.render(req, reply, 'records.njk', { result });
    });
  };
}
