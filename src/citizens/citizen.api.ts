import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiAuth, apiWrite, errorBody, uuidParam } from '../api/api.js';
import type { AppContext } from '../app.context.js';
import { isoDate } from '../contact/contact.schemas.js';
import type { Citizen } from './citizen.repository.js';

const AGE_BANDS = ['under_13', '13_to_17', '18_or_over'] as const;

const citizenSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  caseReference: z.string().nullable(),
  ageKnownBy: z.enum(['date_of_birth', 'age_band']).nullable(),
  contact: z
    .object({ allowed: z.boolean(), code: z.string().nullable(), message: z.string().nullable() })
    .describe('Whether the contact rules allow WhatsApp contact at all (age); the citizen page offers none otherwise'),
  optInMethod: z.string().nullable(),
  optedInAt: z.string().nullable(),
  optedOutAt: z.string().nullable().describe('Set while the citizen has replied STOP and not START'),
});

/** The JSON API for citizens (under /api/v1): add one, see whether they may be contacted, record their opt-in. */
export function citizenApi(ctx: AppContext) {
  const { services } = ctx;
  const view = (c: Citizen) => {
    const e = services.conversations.contactEligibility(c);
    return {
      id: c.id,
      teamId: c.teamId,
      caseReference: c.caseReference,
      ageKnownBy: c.dateOfBirth ? ('date_of_birth' as const) : c.ageBand ? ('age_band' as const) : null,
      contact: e.eligible ? { allowed: true, code: null, message: null } : { allowed: false, code: e.code, message: e.message },
      optInMethod: c.optInMethod,
      optedInAt: c.optedInAt?.toISOString() ?? null,
      optedOutAt: c.optedOutAt?.toISOString() ?? null,
    };
  };
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.post(
      '/citizens',
      {
        schema: {
          tags: ['citizens'],
          summary: 'Add a citizen (a date of birth or a confirmed age band is required)',
          body: z
            .object({
              fullName: z.string().min(1).max(200),
              whatsappNumber: z.string().min(6).max(40),
              dateOfBirth: isoDate.optional(),
              ageBand: z.enum(AGE_BANDS).optional(),
              caseReference: z.string().min(1).max(100).optional(),
              caseType: z
                .string()
                .min(1)
                .max(100)
                .optional()
                .describe('The type of the case a new caseReference opens (an existing case keeps its own); general-enquiry if left out'),
              teamId: z.guid().optional().describe('Only for roles that oversee every team'),
            })
            .strict()
            .refine((b) => b.dateOfBirth !== undefined || b.ageBand !== undefined, {
              message: 'Give a dateOfBirth or a confirmed ageBand',
              path: ['dateOfBirth'],
            }),
          response: { 201: citizenSchema, 400: errorBody, 409: errorBody },
        },
      },
      async (req, reply) => {
        const auth = apiWrite(req, 'citizen.create');
        const b = req.body;
        const c = await services.citizens.addCitizen(auth.actor, {
          fullName: b.fullName,
          waNumber: b.whatsappNumber,
          dateOfBirth: b.dateOfBirth ?? null,
          ageBand: b.ageBand ?? null,
          caseReference: b.caseReference ?? null,
          caseType: b.caseType,
          teamId: b.teamId ?? null,
        });
        return reply.status(201).send(view(c));
      },
    );

    app.get(
      '/citizens/:id',
      {
        schema: {
          tags: ['citizens'],
          summary: 'A citizen’s contact state: age known, contact allowed, opt-in and STOP',
          params: uuidParam,
          response: { 200: citizenSchema, 404: errorBody },
        },
      },
      async (req) => {
        const auth = apiAuth(req, 'citizen.read');
        return view(await services.citizens.getCitizen(auth.actor, req.params.id));
      },
    );
  };
}
