import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstContact } from '../../test/factories.js';
import { createTestContext, type TestContext } from '../../test/app.js';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { createBrowserSession } from '../../test/http.js';

/** The inbox: assignment, close/reopen/archive, unread and awaiting-reply markers, the window's time left, and alerts. */
describe.each(DB_KINDS)('the inbox (%s)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind);
  });
  afterAll(async () => t?.close());

  async function conversationWithReply(text = 'Call me after 5pm please') {
    const citizen = await t.addCitizen();
    const conv = await t.services.conversations.openConversation(
      t.caseworker,
      citizen.id,
      firstContact('Phoned twice and wrote a letter, no answer'),
    );
    await t.simulator.sim.sendInbound({ from: citizen.waNumber, text });
    await t.settle();
    return { citizen, conv };
  }
  const recordKinds = async (id: string) =>
    (await t.db.query<{ kind: string }>('SELECT kind FROM record WHERE conversation_id = $1 ORDER BY seq', [id])).rows.map((r) => r.kind);
  const find = async (
    actor: TestContext['caseworker'],
    id: string,
    opts: Parameters<TestContext['services']['conversations']['listConversations']>[1] = {},
  ) => (await t.services.conversations.listConversations(actor, opts)).find((c) => c.id === id);

  it('a reply is new and awaiting a reply until read and answered; the window shows its time left', async () => {
    const { conv } = await conversationWithReply();
    let c = await find(t.caseworker, conv.id);
    expect(c).toMatchObject({ unread: true, state: 'open', assignedTo: null });
    expect(c!.lastInboundAt!.getTime()).toBeGreaterThan((c!.lastOutboundAt ?? new Date(0)).getTime());
    // Another caseworker's marker is their own.
    const colleague = (await t.addStaff('caseworker')).actor;
    await t.services.conversations.readConversation(t.caseworker, conv.id);
    c = await find(t.caseworker, conv.id);
    expect(c!.unread).toBe(false);
    expect((await find(colleague, conv.id))!.unread).toBe(true);

    const browser = createBrowserSession(t.app);
    const s = await t.addStaff('caseworker');
    await browser.signIn(s.email, s.password);
    const page = await browser.get('/conversations');
    const row = new RegExp(`data-conversation-id="${conv.id}"[\\s\\S]*?</tr>`).exec(page.body)![0];
    expect(row).toContain('New message');
    expect(row).toContain('Awaiting reply');
    expect(row).toMatch(/2[0-3] hours \d+ min left/);
    expect(page.body).toContain('id="alert-unread"');
  });

  it('assigns to a team member who can message, reassigns, and refuses anyone else, changing nothing', async () => {
    const { conv } = await conversationWithReply();
    const colleague = await t.addStaff('caseworker');
    await t.services.conversations.assignConversation(t.caseworker, conv.id, t.caseworker.id);
    expect((await find(t.caseworker, conv.id, { mine: true }))?.assignedTo).toBe(t.caseworker.id);
    await t.services.conversations.assignConversation(t.caseworker, conv.id, colleague.actor.id);
    expect(await find(t.caseworker, conv.id, { mine: true })).toBeUndefined();
    expect((await find(colleague.actor, conv.id, { mine: true }))?.assignedToName).toBe(colleague.actor.displayName);
    expect((await recordKinds(conv.id)).filter((k) => k === 'conversation.assigned')).toHaveLength(2);

    const otherTeam = await t.addStaff('caseworker', 'Adult social care');
    const officer = await t.addStaff('records_officer', null);
    const before = await snapshotTables(t.db, ['conversation', 'record', 'audit_event']);
    for (const who of [otherTeam.actor.id, officer.actor.id]) {
      await expect(t.services.conversations.assignConversation(t.caseworker, conv.id, who)).rejects.toMatchObject({
        code: 'CONVERSATION_ASSIGNEE_INVALID',
      });
    }
    await expect(t.services.conversations.assignConversation(otherTeam.actor, conv.id, otherTeam.actor.id)).rejects.toMatchObject({
      code: 'CONVERSATION_NOT_FOUND',
    });
    expect(await snapshotTables(t.db, ['conversation', 'record', 'audit_event'])).toEqual(before);
  });

  it('closes and archives out of the open inbox; a new message from the citizen reopens it', async () => {
    const { citizen, conv } = await conversationWithReply();
    await t.services.conversations.setConversationState(t.caseworker, conv.id, 'closed');
    expect(await find(t.caseworker, conv.id)).toBeUndefined();
    expect((await find(t.caseworker, conv.id, { state: 'closed' }))?.state).toBe('closed');
    await t.services.conversations.setConversationState(t.caseworker, conv.id, 'archived');
    expect((await find(t.caseworker, conv.id, { state: 'archived' }))?.state).toBe('archived');
    await t.simulator.sim.sendInbound({ from: citizen.waNumber, text: 'Sorry, one more question' });
    await t.settle();
    expect((await find(t.caseworker, conv.id))?.state).toBe('open');
    await t.services.conversations.setConversationState(t.caseworker, conv.id, 'closed');
    await t.services.conversations.setConversationState(t.caseworker, conv.id, 'open');
    expect((await find(t.caseworker, conv.id))?.state).toBe('open');
    expect(await recordKinds(conv.id)).toEqual(
      expect.arrayContaining(['conversation.closed', 'conversation.archived', 'conversation.reopened']),
    );
    const officer = (await t.addStaff('records_officer', null)).actor;
    await expect(t.services.conversations.setConversationState(officer, conv.id, 'closed')).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
  });

  it('the API lists every state, saying which', async () => {
    const { conv } = await conversationWithReply();
    await t.services.conversations.setConversationState(t.caseworker, conv.id, 'closed');
    const s = await t.addStaff('caseworker');
    const browser = createBrowserSession(t.app);
    await browser.signIn(s.email, s.password);
    const res = await browser.get('/api/v1/conversations');
    const listed = (JSON.parse(res.body) as { conversations: Array<{ id: string; state: string }> }).conversations;
    expect(listed.find((c) => c.id === conv.id)?.state).toBe('closed');
  });
});
