import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { createServiceTestContext, type ServiceTestContext } from '../../test/services.js';

describe.each(DB_KINDS)('staff service (%s)', (kind) => {
  let t: ServiceTestContext;
  beforeAll(async () => {
    t = await createServiceTestContext(kind);
  }, 60_000);
  afterAll(async () => t?.close());

  it('admin account care refuses what it must: own reset, a caseworker without a team, a non-admin, and audits what it does', async () => {
    const admin = (await t.addStaff('admin', null)).actor;
    const cw = await t.addStaff('caseworker');
    // Every table a reset or a role change writes, row by row.
    const touched = ['staff', 'staff_session', 'team', 'audit_event'];
    const before = await snapshotTables(t.db, touched);
    await expect(t.services.staff.resetPassword(admin, admin.id)).rejects.toMatchObject({ code: 'STAFF_RESET_OWN' });
    await expect(t.services.staff.resetPassword(cw.actor, admin.id)).rejects.toMatchObject({ status: 403 });
    await expect(t.services.staff.changeRoleAndTeam(admin, cw.actor.id, { role: 'caseworker', teamId: null })).rejects.toMatchObject({
      code: 'STAFF_TEAM_REQUIRED',
    });
    await expect(
      t.services.staff.changeRoleAndTeam(admin, cw.actor.id, { role: 'caseworker', teamId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({ code: 'STAFF_TEAM_NOT_FOUND' });
    await expect(
      t.services.staff.changeRoleAndTeam(admin, admin.id, { role: 'caseworker', teamId: cw.actor.teamId }),
    ).rejects.toMatchObject({
      code: 'STAFF_CANNOT_DEMOTE_SELF',
    });
    // Nothing changed by the refusals: the same rows, with the same contents.
    expect((await t.services.staff.findStaffByEmail(cw.email))!.role).toBe('caseworker');
    expect(await snapshotTables(t.db, touched)).toEqual(before);
    const { oneTimePassword } = await t.services.staff.resetPassword(admin, cw.actor.id);
    await expect(t.services.staff.signIn(cw.email, cw.password)).rejects.toMatchObject({ status: 401 });
    const signed = await t.services.staff.signIn(cw.email, oneTimePassword);
    expect(signed.staff.mustChangePassword).toBe(true);
    await t.services.staff.changeRoleAndTeam(admin, cw.actor.id, { role: 'records_officer', teamId: null });
    expect(await t.services.staff.resolveSession(signed.sessionToken)).toBeNull();
    const audit = await t.db.query<{ action: string }>(`SELECT action FROM audit_event WHERE subject_id = $1 ORDER BY at`, [cw.actor.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['staff.password-reset', 'staff.role-changed']));
  });
});
