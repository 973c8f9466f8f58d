import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstContact } from '../../test/factories.js';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { createServiceTestContext, type ServiceTestContext } from '../../test/services.js';

/** Every table opening a conversation writes. */
const CONVERSATION_TABLES = ['conversation', 'record', 'record_pending', 'audit_event'];

describe.each(DB_KINDS)('opening a conversation (%s)', (kind) => {
  let t: ServiceTestContext;
  beforeAll(async () => {
    t = await createServiceTestContext(kind);
  }, 60_000);
  afterAll(async () => t?.close());

  it('refuses contact with a citizen under 13 or of unknown age', async () => {
    const child = await t.addCitizen({ dateOfBirth: '2020-01-01' });
    const band = await t.addCitizen({ dateOfBirth: null, ageBand: 'under_13' });
    const before = await snapshotTables(t.db, CONVERSATION_TABLES);
    await expect(
      t.services.conversations.openConversation(t.caseworker, child.id, firstContact('Tried phone and letter, no answer')),
    ).rejects.toMatchObject({
      code: 'CONTACT_UNDER_MINIMUM_AGE',
    });
    await expect(
      t.services.conversations.openConversation(t.caseworker, band.id, firstContact('Tried phone and letter, no answer')),
    ).rejects.toMatchObject({
      code: 'CONTACT_UNDER_MINIMUM_AGE',
    });
    expect(await snapshotTables(t.db, CONVERSATION_TABLES)).toEqual(before);
  });

  it('needs a justification for first contact', async () => {
    const citizen = await t.addCitizen();
    const before = await snapshotTables(t.db, CONVERSATION_TABLES);
    await expect(t.services.conversations.openConversation(t.caseworker, citizen.id, firstContact(' '))).rejects.toMatchObject({
      code: 'CONTACT_JUSTIFICATION_REQUIRED',
    });
    expect(await snapshotTables(t.db, CONVERSATION_TABLES)).toEqual(before);
  });

  it('opens a conversation with a justification in the citizen’s team, recorded, and hidden from other teams', async () => {
    const citizen = await t.addCitizen();
    const conv = await t.services.conversations.openConversation(
      t.caseworker,
      citizen.id,
      firstContact('Phoned twice and wrote a letter, no answer'),
    );
    expect(conv).toMatchObject({ citizenId: citizen.id, teamId: t.teamId });
    const records = await t.db.query<{ kind: string }>('SELECT kind FROM record WHERE conversation_id = $1', [conv.id]);
    expect(records.rows.map((r) => r.kind)).toContain('conversation.opened');
    const outsider = (await t.addStaff('caseworker', 'Adult social care')).actor;
    await expect(t.services.conversations.readConversation(outsider, conv.id)).rejects.toMatchObject({ code: 'CONVERSATION_NOT_FOUND' });
    expect((await t.services.conversations.listConversations(outsider)).some((c) => c.id === conv.id)).toBe(false);
  });
});
