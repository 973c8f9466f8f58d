import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { buildCitizen } from '../../test/factories.js';
import { createServiceTestContext, type ServiceTestContext } from '../../test/services.js';

/** Every table adding or changing a citizen writes. */
const CITIZEN_TABLES = ['citizen', 'case_file', 'audit_event', 'record', 'record_pending'];

describe.each(DB_KINDS)('citizen service (%s)', (kind) => {
  let t: ServiceTestContext;
  beforeAll(async () => {
    t = await createServiceTestContext(kind);
  }, 60_000);
  afterAll(async () => t?.close());

  it('adds a citizen only when every field is right; a refusal names its code and writes nothing', async () => {
    const before = await snapshotTables(t.db, CITIZEN_TABLES);
    for (const [input, code] of [
      [buildCitizen({ fullName: '  ' }), 'CITIZEN_NAME_REQUIRED'],
      [buildCitizen({ waNumber: '0113 496 0123' }), 'CITIZEN_NUMBER_LANDLINE'],
      [buildCitizen({ dateOfBirth: '2099-01-01' }), 'CITIZEN_DOB_INVALID'],
    ] as const) {
      await expect(t.services.citizens.addCitizen(t.caseworker, input), code).rejects.toMatchObject({ code });
    }
    expect(await snapshotTables(t.db, CITIZEN_TABLES)).toEqual(before);
    const added = await t.services.citizens.addCitizen(t.caseworker, buildCitizen({ waNumber: '07700 900321', dateOfBirth: '1990-02-01' }));
    expect(added).toMatchObject({ waNumber: '+447700900321', dateOfBirth: '1990-02-01', teamId: t.teamId });
    const after = await snapshotTables(t.db, CITIZEN_TABLES);
    expect(after['citizen']).toHaveLength(before['citizen']!.length + 1);
    // The citizen, and the case their new reference names.
    expect(after['audit_event']).toHaveLength(before['audit_event']!.length + 2);
    expect(after['case_file']).toHaveLength(before['case_file']!.length + 1);
  });

  it('changes a citizen’s details only when every field is right, audits the change by field name, and hides other teams’ citizens', async () => {
    const citizen = await t.addCitizen({ fullName: 'Pat Change', caseReference: 'HSG-CH-1' });
    const cw = t.caseworker;
    const base = {
      fullName: 'Pat Change',
      waNumber: citizen.waNumber,
      caseReference: 'HSG-CH-1',
      dateOfBirth: citizen.dateOfBirth,
      ageBand: citizen.ageBand,
    };
    const other = (await t.addStaff('caseworker', 'Adult social care')).actor;
    const before = await snapshotTables(t.db, CITIZEN_TABLES);
    await expect(t.services.citizens.updateCitizen(cw, citizen.id, { ...base, waNumber: '0113 496 0123' })).rejects.toMatchObject({
      code: 'CITIZEN_NUMBER_LANDLINE',
    });
    await expect(t.services.citizens.updateCitizen(cw, citizen.id, { ...base, fullName: '  ' })).rejects.toMatchObject({
      code: 'CITIZEN_NAME_REQUIRED',
    });
    await expect(t.services.citizens.updateCitizen(cw, citizen.id, { ...base, dateOfBirth: '2099-01-01' })).rejects.toMatchObject({
      code: 'CITIZEN_DOB_INVALID',
    });
    await expect(t.services.citizens.updateCitizen(other, citizen.id, { ...base, fullName: 'Someone Else' })).rejects.toMatchObject({
      status: 404,
    });
    expect((await t.services.citizens.getCitizen(cw, citizen.id)).fullName).toBe('Pat Change');
    expect(await snapshotTables(t.db, CITIZEN_TABLES)).toEqual(before);
    const updated = await t.services.citizens.updateCitizen(cw, citizen.id, {
      ...base,
      fullName: 'Pat Changed',
      caseReference: 'HSG-CH-2',
    });
    expect(updated).toMatchObject({ fullName: 'Pat Changed', caseReference: 'HSG-CH-2' });
    const audit = await t.db.query<{ details: { changed: string[] } }>(
      `SELECT details FROM audit_event WHERE action = 'citizen.updated' AND subject_id = $1`,
      [citizen.id],
    );
    expect(audit.rows.map((r) => r.details.changed)).toEqual([['fullName', 'caseReference']]);
    expect(JSON.stringify(audit.rows)).not.toContain('Pat');
  });
});
