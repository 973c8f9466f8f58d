import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiAuth } from '../api/api.js';
import type { AppContext } from '../app.context.js';

/** The JSON API for the record chain (under /api/v1). */
export function recordsApi(ctx: AppContext) {
  const { services } = ctx;
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/records/verify',
      {
        schema: {
          tags: ['records'],
          summary: 'Verify the record hash chain',
          response: {
            200: z.object({
              ok: z.boolean(),
              records: z.number(),
              sealed: z.number(),
              pending: z.number(),
              firstProblem: z.object({ chainIndex: z.number().nullable(), recordId: z.string(), problem: z.string() }).nullable(),
            }),
          },
        },
      },
      async (req) => {
        apiAuth(req, 'records.verify');
        return services.records.verify();
      },
    );
  };
}
