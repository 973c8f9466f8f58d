import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../app.context.js';
import { isAppError, isNotFoundError } from '../platform/errors.js';
import { DoneQuery, formErrors, formFields, IdParams } from '../platform/http/forms.js';
import { staffNotFound } from './staff.errors.js';
import { ROLES, type Role } from './staff.types.js';

const CsrfOnly = formFields('_csrf');
const NewStaffForm = formFields('_csrf', 'email', 'displayName', 'role', 'teamId');
const RoleForm = formFields('_csrf', 'role', 'teamId');
const TeamForm = formFields('_csrf', 'name', 'requiresApproval');
const TeamApprovalForm = z.object({ _csrf: z.string().optional(), requiresApproval: z.enum(['yes', 'no']).catch('no') });
/** The team chosen for triage; none (or not an id) is the form's "Choose a team" error. */
const TriageForm = z.object({ _csrf: z.string().optional(), triageTeamId: z.guid().nullable().catch(null) });

/** A role as posted: one of ours, or null (the service answers "Choose a role"). */
const roleOf = (v: string | undefined): Role | null => ROLES.find((r) => r === v) ?? null;

/** Administration pages: staff accounts (admins manage, managers see their team) and teams. */
export function staffRoutes(ctx: AppContext) {
  const { services, pages, streams } = ctx;
  const { render, guard } = pages;

  async function staffPage(req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) {
    const [staff, teams] = await Promise.all([services.staff.listStaff(req.auth!.actor), services.staff.listTeams()]);
    return render(req, reply, 'staff.njk', { staff, teams, roles: ROLES, values: {}, ...extra }, status);
  }

  async function staffMemberPage(req: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}, status = 200) {
    const [staff, teams] = await Promise.all([services.staff.listStaff(req.auth!.actor), services.staff.listTeams()]);
    const member = staff.find((s) => s.id === id);
    if (!member) throw staffNotFound();
    return render(req, reply, 'staff-member.njk', { member, teams, roles: ROLES, ...extra }, status);
  }

  async function teamsPage(req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) {
    const [teams, triage] = await Promise.all([services.staff.listTeams(), services.conversations.getTriageTeam()]);
    return render(req, reply, 'teams.njk', { teams, triage, ...extra }, status);
  }

  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    app.get('/admin/staff', { schema: { querystring: DoneQuery }, preHandler: guard('staff.read') }, async (req, reply) =>
      staffPage(req, reply, { done: req.query.done ?? null }),
    );

    app.post('/admin/staff', { schema: { body: NewStaffForm }, preHandler: guard('staff.manage', { form: true }) }, async (req, reply) => {
      const b = req.body;
      try {
        const created = await services.staff.createStaff(req.auth!.actor, {
          email: b.email ?? '',
          displayName: b.displayName,
          role: roleOf(b.role),
          team: b.teamId || null,
        });
        return await staffPage(req, reply, { created: { email: created.staff.email, oneTimePassword: created.oneTimePassword } });
      } catch (err) {
        if (!isAppError(err)) throw err;
        return staffPage(req, reply, { values: b, errors: formErrors(err) }, err.status);
      }
    });

    app.get('/admin/staff/:id', { schema: { params: IdParams }, preHandler: guard('staff.manage') }, async (req, reply) =>
      staffMemberPage(req, reply, req.params.id),
    );

    app.post(
      '/admin/staff/:id',
      { schema: { params: IdParams, body: RoleForm }, preHandler: guard('staff.manage', { form: true }) },
      async (req, reply) => {
        const b = req.body;
        try {
          await services.staff.changeRoleAndTeam(req.auth!.actor, req.params.id, { role: roleOf(b.role), teamId: b.teamId || null });
          return reply.redirect('/admin/staff?done=role', 303);
        } catch (err) {
          if (!isAppError(err) || isNotFoundError(err)) throw err;
          return staffMemberPage(req, reply, req.params.id, { errors: formErrors(err), values: b }, err.status);
        }
      },
    );

    app.post(
      '/admin/staff/:id/reset-password',
      { schema: { params: IdParams, body: CsrfOnly }, preHandler: guard('staff.manage', { form: true }) },
      async (req, reply) => {
        const { id } = req.params;
        const { oneTimePassword } = await services.staff.resetPassword(req.auth!.actor, id);
        const member = await services.staff.getStaff(id);
        return staffPage(req, reply, { reset: { email: member?.email ?? '', oneTimePassword } });
      },
    );

    for (const action of ['disable', 'enable', 'sign-out-everywhere'] as const) {
      app.post(
        `/admin/staff/:id/${action}`,
        { schema: { params: IdParams, body: CsrfOnly }, preHandler: guard('staff.manage', { form: true }) },
        async (req, reply) => {
          const { id } = req.params;
          if (action === 'sign-out-everywhere') await services.staff.signOutEverywhere(req.auth!.actor, id);
          else await services.staff.setDisabled(req.auth!.actor, id, action === 'disable');
          if (action !== 'enable') await streams.sessionsEnded(id);
          return reply.redirect('/admin/staff', 303);
        },
      );
    }

    app.get('/admin/teams', { schema: { querystring: DoneQuery }, preHandler: guard('team.manage') }, async (req, reply) =>
      teamsPage(req, reply, { done: req.query.done ?? null }),
    );

    app.post('/admin/teams', { schema: { body: TeamForm }, preHandler: guard('team.manage', { form: true }) }, async (req, reply) => {
      const b = req.body;
      try {
        await services.staff.createTeam(req.auth!.actor, {
          name: b.name ?? '',
          requiresFirstContactApproval: b.requiresApproval === 'yes',
        });
        return reply.redirect('/admin/teams', 303);
      } catch (err) {
        if (!isAppError(err)) throw err;
        return teamsPage(req, reply, { errors: formErrors(err), values: b }, err.status);
      }
    });

    app.post(
      '/admin/teams/:id/approval',
      { schema: { params: IdParams, body: TeamApprovalForm }, preHandler: guard('team.manage', { form: true }) },
      async (req, reply) => {
        await services.staff.setTeamApproval(req.auth!.actor, req.params.id, req.body.requiresApproval === 'yes', { requestId: req.id });
        return reply.redirect('/admin/teams?done=approval', 303);
      },
    );

    app.post('/admin/triage', { schema: { body: TriageForm }, preHandler: guard('team.manage', { form: true }) }, async (req, reply) => {
      try {
        await services.conversations.setTriageTeam(req.auth!.actor, req.body.triageTeamId, { requestId: req.id });
        return reply.redirect('/admin/teams?done=triage', 303);
      } catch (err) {
        if (!isAppError(err)) throw err;
        return teamsPage(req, reply, { triageErrors: formErrors(err) }, err.status);
      }
    });
  };
}
