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

  it('opens a new case reference as the type chosen; asks for one when the form gave none; an existing case keeps its own', async () => {
    const typeOf = async (reference: string) =>
      (await t.db.query<{ case_type: string }>('SELECT case_type FROM case_file WHERE reference = $1', [reference])).rows.map(
        (r) => r.case_type,
      );
    const before = await snapshotTables(t.db, CITIZEN_TABLES);
    for (const [caseType, code] of [
      [null, 'CASE_TYPE_REQUIRED'],
      ['', 'CASE_TYPE_REQUIRED'],
      ['not-a-type', 'CASE_TYPE_UNKNOWN'],
    ] as const) {
      const input = buildCitizen({ waNumber: '07700 900331', caseReference: 'CSC-TYPE-1', caseType });
      await expect(t.services.citizens.addCitizen(t.caseworker, input), String(caseType)).rejects.toMatchObject({
        code,
        details: { field: 'caseType' },
      });
    }
    expect(await snapshotTables(t.db, CITIZEN_TABLES)).toEqual(before);

    await t.services.citizens.addCitizen(
      t.caseworker,
      buildCitizen({ waNumber: '07700 900331', caseReference: 'CSC-TYPE-1', caseType: 'child-protection' }),
    );
    expect(await typeOf('CSC-TYPE-1')).toEqual(['child-protection']);
    const created = await t.db.query<{ payload: { caseType: string; from: string } }>(
      `SELECT r.payload FROM record r JOIN case_file cf ON cf.id = r.case_id WHERE cf.reference = 'CSC-TYPE-1' AND r.kind = 'case.created'`,
    );
    expect(created.rows.map((r) => r.payload)).toEqual([expect.objectContaining({ caseType: 'child-protection', from: 'citizen' })]);
    // A second citizen on the same reference joins that case, whatever type the form was left at.
    await t.services.citizens.addCitizen(
      t.caseworker,
      buildCitizen({ waNumber: '07700 900332', caseReference: 'CSC-TYPE-1', caseType: null }),
    );
    await t.services.citizens.addCitizen(
      t.caseworker,
      buildCitizen({ waNumber: '07700 900333', caseReference: 'CSC-TYPE-1', caseType: 'general-enquiry' }),
    );
    expect(await typeOf('CSC-TYPE-1')).toEqual(['child-protection']);
    // A caller that does not ask (the JSON API without caseType) opens a general enquiry.
    await t.services.citizens.addCitizen(t.caseworker, buildCitizen({ waNumber: '07700 900334', caseReference: 'GEN-TYPE-1' }));
    expect(await typeOf('GEN-TYPE-1')).toEqual(['general-enquiry']);
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
