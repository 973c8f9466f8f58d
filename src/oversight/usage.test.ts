import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessageEvent } from '../channel/channel.types.js';
import { createFakeClock } from '../platform/clock.js';
import type { Actor } from '../staff/staff.types.js';
import { DB_KINDS } from '../../test/db.js';
import { createStaff, TEST_PHONE_NUMBER_ID, firstContact } from '../../test/factories.js';
import { createServiceTestContext, type ServiceTestContext } from '../../test/services.js';
import { usageCharts } from './usage.charts.js';
import { csvCell, startOfLocalDay, usageCsv, type UsageFigures } from './usage.service.js';

let seq = 0;
const inbound = (from: string, text: string, at: Date): InboundMessageEvent => ({
  kind: 'message',
  phoneNumberId: TEST_PHONE_NUMBER_ID,
  providerMessageId: `wamid.usage-${++seq}-${Math.random().toString(36).slice(2)}`,
  from,
  profileName: null,
  sentAt: at,
  type: 'text',
  text,
  media: null,
  location: null,
  forwarded: false,
  frequentlyForwarded: false,
  replyToProviderMessageId: null,
});

const figures = (f: Partial<UsageFigures>): UsageFigures => ({
  messages: 0,
  firstContacts: 0,
  warnings: 0,
  blocks: 0,
  reports: 0,
  replies: 0,
  medianReplySeconds: null,
  ...f,
});

describe('CSV cells are safe against formula injection', () => {
  it.each([
    ['=SUM(A1:A2)', `"'=SUM(A1:A2)"`],
    ['+44 7700', `"'+44 7700"`],
    ['-1', `"'-1"`],
    ['@cmd', `"'@cmd"`],
    ['\tTab', `"'\tTab"`],
    ['Sam "Sammy" Example', '"Sam ""Sammy"" Example"'],
    ['Housing', '"Housing"'],
  ])('%j → %s', (input, out) => expect(csvCell(input)).toBe(out));
  it('leaves numbers and empty cells alone', () => {
    expect(csvCell(12)).toBe('12');
    expect(csvCell(null)).toBe('');
  });
  it('finds local midnight across the clock change', () => {
    expect(startOfLocalDay('2026-03-02', 'Europe/London').toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(startOfLocalDay('2026-04-06', 'Europe/London').toISOString()).toBe('2026-04-05T23:00:00.000Z');
  });
});

describe.each(DB_KINDS)('team usage on known synthetic data (%s)', (kind) => {
  let t: ServiceTestContext;
  const clock = createFakeClock('2026-02-03T10:00:00Z');
  let a: Actor;
  let b: Actor;
  let manager: Actor;
  let admin: Actor;
  let other: Actor;
  const min = 60_000;

  /** Opens a conversation as `actor` at the clock's time; the citizen writes at once. */
  async function start(actor: Actor, team?: string) {
    const citizen = await t.addCitizen(team ? { teamId: team } : {}, actor);
    const conv = await t.services.conversations.openConversation(
      actor,
      citizen.id,
      firstContact('Phoned twice and wrote a letter, no answer'),
    );
    return { citizen, conv };
  }
  const say = (waNumber: string, text = 'Can you call me?') =>
    t.services.inbound.receiveChannelEvents([inbound(waNumber, text, clock.now())]);
  const reply = (actor: Actor, conversationId: string, text = 'I can call you at 2pm', justification?: string) =>
    t.services.outbound.sendMessage(actor, conversationId, { text, justification });

  beforeAll(async () => {
    t = await createServiceTestContext(kind, { clock });
    a = t.caseworker;
    b = (await createStaff(t.services, null, { role: 'caseworker', team: 'Housing', displayName: '=SUM(1,2)' })).actor;
    manager = (await t.addStaff('manager')).actor;
    admin = (await t.addStaff('admin', null)).actor;
    other = (await t.addStaff('caseworker', 'Adult social care')).actor;

    // 3 February: before the four weeks shown.
    const old = await start(a);
    await say(old.citizen.waNumber);
    clock.advance(5 * min);
    await reply(a, old.conv.id);

    // Week of 2 March (Tuesday 3rd): A's first contact, two replies (10 and 30 minutes), a warned send, a block.
    clock.set('2026-03-03T10:00:00Z');
    const one = await start(a);
    await say(one.citizen.waNumber);
    clock.set('2026-03-03T10:10:00Z');
    await reply(a, one.conv.id);
    clock.set('2026-03-03T11:00:00Z');
    await say(one.citizen.waNumber);
    clock.set('2026-03-03T11:05:00Z');
    await say(one.citizen.waNumber, 'Or tomorrow?');
    clock.set('2026-03-03T11:30:00Z');
    await reply(a, one.conv.id, 'Tomorrow at 2pm then');
    clock.set('2026-03-03T11:31:00Z');
    await reply(a, one.conv.id, 'Or email me at alex@example.com', 'The citizen asked for an email address');
    clock.set('2026-03-03T11:40:00Z');
    await expect(reply(a, one.conv.id, 'nhs num 5232792822 for the referral pls')).rejects.toMatchObject({ code: 'POLICY_BLOCKED' });

    // Week of 9 March (Tuesday 10th): B's first contact and a 5-minute reply, B's report, an automatic report.
    clock.set('2026-03-10T09:00:00Z');
    const two = await start(b);
    await say(two.citizen.waNumber);
    clock.set('2026-03-10T09:05:00Z');
    await reply(b, two.conv.id);
    const { messages } = await t.services.conversations.readConversation(b, two.conv.id);
    await t.services.reports.reportMessage(b, messages[0]!.id, { category: 'other' });
    clock.set('2026-03-10T09:30:00Z');
    await say(two.citizen.waNumber, 'You are a useless idiot and I hate you');

    // Another team's work, the same week: the Housing manager does not see it.
    const theirs = await start(other);
    await say(theirs.citizen.waNumber);
    clock.set('2026-03-10T10:30:00Z');
    await reply(other, theirs.conv.id);

    clock.set('2026-03-11T12:00:00Z');
  }, 120_000);
  afterAll(async () => t?.close());

  it('counts each member of staff’s messages, first contacts, warnings, blocks, reports and reply times by week', async () => {
    const u = await t.services.usage.usage(manager, { weeks: 4 });
    expect(u.weeks).toEqual(['2026-02-16', '2026-02-23', '2026-03-02', '2026-03-09']);
    expect([u.firstDay, u.lastDay]).toEqual(['2026-02-16', '2026-03-15']);
    const byName = Object.fromEntries(u.people.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual([a.displayName, b.displayName, 'Liaise (automatic reports)'].sort());
    expect(byName[a.displayName]!.total).toEqual(
      figures({ messages: 3, firstContacts: 1, warnings: 1, blocks: 1, replies: 2, medianReplySeconds: 1200 }),
    );
    expect(byName[a.displayName]!.byWeek['2026-03-02']).toEqual(byName[a.displayName]!.total);
    expect(byName[a.displayName]!.byWeek['2026-03-09']).toEqual(figures({}));
    expect(byName[b.displayName]!.total).toEqual(
      figures({ messages: 1, firstContacts: 1, reports: 1, replies: 1, medianReplySeconds: 300 }),
    );
    expect(byName['Liaise (automatic reports)']!.total).toEqual(figures({ reports: 1 }));
    expect(u.weekTotals['2026-03-02']).toEqual(
      figures({ messages: 3, firstContacts: 1, warnings: 1, blocks: 1, replies: 2, medianReplySeconds: 1200 }),
    );
    expect(u.weekTotals['2026-03-09']).toEqual(figures({ messages: 1, firstContacts: 1, reports: 2, replies: 1, medianReplySeconds: 300 }));
    expect(u.weekTotals['2026-02-16']).toEqual(figures({}));
    // The median of 10, 30 and 5 minutes.
    expect(u.total).toEqual(
      figures({ messages: 4, firstContacts: 2, warnings: 1, blocks: 1, reports: 2, replies: 3, medianReplySeconds: 600 }),
    );
  });

  it('a longer range takes in earlier weeks; admins see every team; caseworkers see none; an odd range is refused', async () => {
    const longer = await t.services.usage.usage(manager, { weeks: 8 });
    expect(longer.weeks[0]).toBe('2026-01-19');
    expect(longer.total).toMatchObject({ messages: 5, firstContacts: 3, replies: 4 });
    expect(longer.weekTotals['2026-02-02']).toMatchObject({ messages: 1, replies: 1, medianReplySeconds: 300 });
    const all = await t.services.usage.usage(admin, { weeks: 4 });
    expect(all.total).toMatchObject({ messages: 5, firstContacts: 3, replies: 4, reports: 2 });
    expect(all.people.find((p) => p.staffId === other.id)?.total).toMatchObject({ messages: 1, replies: 1, medianReplySeconds: 3600 });
    await expect(t.services.usage.usage(a, { weeks: 4 })).rejects.toMatchObject({ code: 'OVERSIGHT_FORBIDDEN' });
    await expect(t.services.usage.usage(manager, { weeks: 5 })).rejects.toMatchObject({ code: 'USAGE_RANGE_INVALID' });
  });

  it('exports one CSV row per member of staff and week, with names made safe for spreadsheets', async () => {
    const u = await t.services.usage.usage(manager, { weeks: 4 });
    const lines = usageCsv(u).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'week_starting,staff,team,messages_sent,first_contacts,warnings_overridden,blocked_attempts,reports,replies,median_reply_minutes',
    );
    expect(lines.slice(1).sort()).toEqual(
      [
        `"2026-03-02","${a.displayName}","Housing",3,1,1,1,0,2,20`,
        `"2026-03-09","'=SUM(1,2)","Housing",1,1,0,0,1,1,5`,
        `"2026-03-09","Liaise (automatic reports)",,0,0,0,0,1,0,`,
      ].sort(),
    );
  });

  it('draws the charts as SVG with ECharts', async () => {
    const charts = await usageCharts(await t.services.usage.usage(manager, { weeks: 4 }));
    for (const svg of Object.values(charts)) expect(svg).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(charts.messages).toContain('2 Mar');
    expect(charts.activity).toContain('Blocked attempts');
  });
});
