import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstContact } from '../../test/factories.js';
import { createTestContext, type TestContext } from '../../test/app.js';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { createBrowserSession } from '../../test/http.js';

/** Merging a duplicate citizen keeps both histories on the record kept. */
describe.each(DB_KINDS)('merging duplicate citizens (%s)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind);
  });
  afterAll(async () => t?.close());

  async function withConversation(fullName: string) {
    const citizen = await t.addCitizen({ fullName });
    const conv = await t.services.conversations.openConversation(
      t.caseworker,
      citizen.id,
      firstContact('Phoned twice and wrote a letter, no answer'),
    );
    await t.simulator.sim.sendInbound({ from: citizen.waNumber, text: `This is ${fullName}` });
    await t.settle();
    return { citizen, conv };
  }

  it('moves the duplicate’s conversations to the record kept, hides the duplicate, and routes its number there', async () => {
    const keep = await withConversation('Jo Example');
    const dup = await withConversation('Joanne Example');
    const merged = await t.services.citizens.mergeCitizens(t.caseworker, keep.citizen.id, dup.citizen.id);
    expect(merged.id).toBe(keep.citizen.id);

    const convs = (await t.services.conversations.listConversations(t.caseworker, { state: null })).filter(
      (c) => c.citizenId === keep.citizen.id,
    );
    expect(convs.map((c) => c.id).sort()).toEqual([keep.conv.id, dup.conv.id].sort());
    // Both histories are readable from the record kept.
    const read = await t.services.conversations.readConversation(t.caseworker, dup.conv.id);
    expect(read.conversation.citizenName).toBe('Jo Example');
    expect(read.messages.some((m) => m.body === 'This is Joanne Example')).toBe(true);

    const listed = await t.services.citizens.listCitizens(t.caseworker, 'Example');
    expect(listed.some((c) => c.id === dup.citizen.id)).toBe(false);
    expect((await t.services.citizens.getCitizen(t.caseworker, dup.citizen.id)).mergedInto).toBe(keep.citizen.id);

    // A new message from the duplicate's number lands with the citizen kept.
    await t.simulator.sim.sendInbound({ from: dup.citizen.waNumber, text: 'Still me, on my other phone' });
    await t.settle();
    const after = await t.services.conversations.readConversation(t.caseworker, dup.conv.id);
    expect(after.messages.some((m) => m.body === 'Still me, on my other phone')).toBe(true);
    expect(after.conversation.citizenId).toBe(keep.citizen.id);

    const kinds = await t.db.query<{ kind: string; payload: Record<string, unknown> }>(
      `SELECT kind, payload FROM record WHERE citizen_id = $1 AND kind = 'citizen.merged'`,
      [keep.citizen.id],
    );
    expect(kinds.rows).toHaveLength(1);
    expect(kinds.rows[0]!.payload).toMatchObject({ mergedCitizenId: dup.citizen.id, conversationsMoved: [dup.conv.id] });
    expect(JSON.stringify(kinds.rows[0]!.payload)).not.toContain('Joanne');
  });

  it('refuses a merge with itself, across teams, or of a record already merged, and changes nothing', async () => {
    const a = await withConversation('Ali Sample');
    const b = await t.addCitizen({ fullName: 'Alison Sample' });
    const elsewhere = await t.addCitizen({ fullName: 'Ali Sample' }, (await t.addStaff('caseworker', 'Adult social care')).actor);
    const officer = (await t.addStaff('records_officer', null)).actor;
    await t.services.citizens.mergeCitizens(t.caseworker, a.citizen.id, b.id);
    const tables = ['citizen', 'conversation', 'record', 'audit_event'];
    const before = await snapshotTables(t.db, tables);
    const attempts: Array<[() => Promise<unknown>, string]> = [
      [() => t.services.citizens.mergeCitizens(t.caseworker, a.citizen.id, a.citizen.id), 'CITIZEN_MERGE_SELF'],
      [() => t.services.citizens.mergeCitizens(t.caseworker, a.citizen.id, elsewhere.id), 'CITIZEN_MERGE_CHOOSE'],
      [() => t.services.citizens.mergeCitizens(t.caseworker, a.citizen.id, b.id), 'CITIZEN_ALREADY_MERGED'],
      [() => t.services.citizens.mergeCitizens(t.caseworker, b.id, a.citizen.id), 'CITIZEN_ALREADY_MERGED'],
      [() => t.services.citizens.mergeCitizens(officer, a.citizen.id, b.id), 'ACCESS_DENIED'],
    ];
    for (const [attempt, code] of attempts) await expect(attempt()).rejects.toMatchObject({ code });
    expect(await snapshotTables(t.db, tables)).toEqual(before);
  });

  it('the merge page lists the team’s other citizens and says what went wrong beside the choice', async () => {
    const keep = await t.addCitizen({ fullName: 'Sam Keep' });
    const dup = await t.addCitizen({ fullName: 'Samuel Keep' });
    const s = await t.addStaff('caseworker');
    const browser = createBrowserSession(t.app);
    await browser.signIn(s.email, s.password);
    const page = await browser.get(`/citizens/${keep.id}/merge`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Samuel Keep');
    const none = await browser.post(`/citizens/${keep.id}/merge`, {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('href="#duplicateId"');
    const ok = await browser.post(`/citizens/${keep.id}/merge`, { duplicateId: dup.id });
    expect(ok.headers.location).toBe(`/citizens/${keep.id}?done=merged`);
    expect((await browser.get(`/citizens/${dup.id}`)).body).toContain('This record is a duplicate');
  });
});
