import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app.context.js';

/** The review page: what managers and records officers look over (warned sends, blocked attempts, flagged inbound). */
export function reviewRoutes(ctx: AppContext) {
  const { services, pages } = ctx;
  return async (app: FastifyInstance) => {
    app.get('/review', { preHandler: pages.guard('review.read') }, async (req, reply) => {
      const items = await services.review.listForReview(req.auth!.actor);
      return pages.render(req, reply, 'review.njk', { items });
    });
  };
}
