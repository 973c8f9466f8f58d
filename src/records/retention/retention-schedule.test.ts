import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCaseFacts, buildMessageFacts, retentionClassYaml } from '../../../test/factories.js';
import { addPeriod, computeDisposal, financialYearEnd, isDue } from './disposal-date.js';
import { DEFAULT_RETENTION_SCHEDULE_PATH, loadRetentionScheduleFile } from './retention-schedule.file.js';
import { checkRetentionSchedule, parseRetentionSchedule, RetentionScheduleError } from './retention-schedule.js';
import { checkScheduleFile } from './retention.command.js';

const schedule = loadRetentionScheduleFile();

/** A children's safeguarding class that would be destroyed: what the schedule check must refuse. */
const destroyedChildProtection = retentionClassYaml({
  id: 'kids',
  title: 'Child protection',
  trigger: 'case_closed',
  period: '{ years: 35 }',
  action: 'destroy',
  childrenSafeguarding: true,
  legalBasis: 'Children Act 1989',
  sources: '[IRMS]',
});

const minimal = (classes: string, extra = '') => `version: 1
owner: Records
reviewDate: 2027-01-01
transientClass: transient
${extra}classes:
  - id: transient
    title: Not linked
    trigger: message_date
    period: { months: 6 }
    action: destroy
    legalBasis: storage limitation
    sources: [IRMS]
${classes}`;

describe('the shipped schedule', () => {
  it('is valid, versioned, owned and has a review date', () => {
    expect(schedule.version).toBe('2026.1');
    expect(schedule.owner).toMatch(/Records/);
    expect(schedule.reviewDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(checkScheduleFile(DEFAULT_RETENTION_SCHEDULE_PATH).exitCode).toBe(0);
  });

  it.each([
    ['transient-unlinked', 'message_date', { years: 0, months: 6 }, 'destroy'],
    ['general-enquiry', 'financial_year_end', { years: 6, months: 0 }, 'destroy'],
    ['complaint', 'case_closed', { years: 6, months: 0 }, 'review'],
    ['tenancy', 'case_end', { years: 6, months: 0 }, 'destroy'],
    ['adult-social-care', 'case_end', { years: 8, months: 0 }, 'review'],
    ['child-protection', 'case_closed', { years: 35, months: 0 }, 'review'],
    ['looked-after-children', 'date_of_birth', { untilAge: 75 }, 'review'],
  ])('%s: %s + %o, then %s', (id, trigger, period, action) => {
    const c = schedule.classes.find((k) => k.id === id)!;
    expect(c).toMatchObject({ trigger, period, action });
    expect(c.sources.length).toBeGreaterThan(0);
    expect(c.legalBasis.length).toBeGreaterThan(10);
  });

  it("children's safeguarding classes end in review", () => {
    const kids = schedule.classes.filter((c) => c.childrenSafeguarding);
    expect(kids.map((c) => c.id).sort()).toEqual(['child-protection', 'looked-after-children']);
    for (const c of kids) expect(c.action).toBe('review');
  });
});

describe('a bad schedule fails with its line and field, every problem at once', () => {
  it('names each problem', () => {
    const odd = retentionClassYaml({
      id: 'odd',
      title: 'Odd',
      trigger: 'when_we_feel_like_it',
      period: '{ years: 0 }',
      action: 'destroy',
      legalBasis: 'none',
      sources: '[]',
    });
    const src = minimal(`${destroyedChildProtection}${odd}    colour: blue\n`);
    const { schedule: s, problems } = checkRetentionSchedule(src);
    expect(s).toBeNull();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 23, field: 'classes[2].trigger', message: expect.stringContaining('must be one of') }),
        expect.objectContaining({ line: 24, field: 'classes[2].period', message: expect.stringContaining('untilAge') }),
        expect.objectContaining({ line: 27, field: 'classes[2].sources' }),
        expect.objectContaining({ line: 28, field: 'classes[2].colour', message: 'is not a known field' }),
      ]),
    );
  });

  it('refuses a children’s safeguarding class that would be destroyed', () => {
    const src = minimal(destroyedChildProtection);
    const { problems } = checkRetentionSchedule(src);
    expect(problems).toEqual([
      expect.objectContaining({ line: 17, field: 'classes[1].action', message: expect.stringContaining('always end in review') }),
    ]);
  });

  it('refuses a class about children that leaves the flag out', () => {
    const src = minimal(
      retentionClassYaml({
        id: 'looked-after',
        title: 'Looked-after children',
        trigger: 'date_of_birth',
        period: '{ untilAge: 75 }',
        action: 'destroy',
        legalBasis: 'regulation 50',
        sources: '[IRMS]',
      }),
    );
    expect(checkRetentionSchedule(src).problems).toEqual([expect.objectContaining({ field: 'classes[1].childrenSafeguarding' })]);
  });

  it('cross-checks: duplicate ids, a missing transient class, untilAge without date of birth, a case type in two classes', () => {
    const src = `version: 1
owner: Records
reviewDate: 2027-02-30
transientClass: nowhere
classes:
  - id: a
    title: A
    trigger: case_closed
    period: { untilAge: 25 }
    action: destroy
    caseTypes: [x]
    legalBasis: b
    sources: [s]
  - id: a
    title: B
    trigger: case_closed
    period: { years: 1 }
    action: destroy
    caseTypes: [x]
    legalBasis: b
    sources: [s]
`;
    const first = checkRetentionSchedule(src).problems;
    expect(first).toEqual([expect.objectContaining({ line: 3, field: 'reviewDate', message: 'must be a date written YYYY-MM-DD' })]);
    const fixed = checkRetentionSchedule(src.replace('2027-02-30', '2027-02-28')).problems;
    expect(fixed.map((p) => [p.line, p.field])).toEqual([
      [4, 'transientClass'],
      [9, 'classes[0].period.untilAge'],
      [14, 'classes[1].id'],
      [19, 'classes[1].caseTypes[0]'],
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const { problems } = checkRetentionSchedule('version: 1\nclasses: [\n  - broken');
    expect(problems[0]).toMatchObject({ field: '(syntax)' });
    expect(problems[0]!.line).toBeGreaterThan(0);
  });

  it('parseRetentionSchedule throws one error listing every problem', () => {
    expect(() => parseRetentionSchedule('version: 1\n', 'x.yaml')).toThrow(RetentionScheduleError);
    try {
      parseRetentionSchedule('version: 1\n', 'x.yaml');
    } catch (err) {
      expect((err as RetentionScheduleError).message.split('\n')).toEqual(
        expect.arrayContaining(['x.yaml:1: owner: is required', 'x.yaml:1: classes: is required']),
      );
    }
  });

  it('the check command prints FILE:LINE: field: problem and exits 2; a missing file exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'liaise-retention-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, minimal('', '').replace('action: destroy', 'action: shred'));
    const out = checkScheduleFile(file, { json: true });
    expect(out.exitCode).toBe(2);
    expect(out.lines[0]).toBe(`${file}:10: classes[0].action: must be one of destroy, review, transfer`);
    expect(JSON.parse(out.lines.at(-1)!)).toMatchObject({ valid: false, problems: [{ line: 10, field: 'classes[0].action' }] });
    expect(checkScheduleFile(join(dir, 'missing.yaml')).exitCode).toBe(2);
  });
});

describe('disposal dates', () => {
  it('adds periods by the calendar, clamping to the month’s end', () => {
    expect(addPeriod('2024-02-29', 1, 0)).toBe('2025-02-28');
    expect(addPeriod('2026-08-31', 0, 6)).toBe('2027-02-28');
    expect(addPeriod('2026-01-15', 0, 6)).toBe('2026-07-15');
    expect(addPeriod('2026-11-30', 0, 3)).toBe('2027-02-28');
  });

  it('knows the UK financial year ends on 31 March', () => {
    expect(financialYearEnd('2026-03-31')).toBe('2026-03-31');
    expect(financialYearEnd('2026-04-01')).toBe('2027-03-31');
    expect(financialYearEnd('2026-01-10')).toBe('2026-03-31');
  });

  it('a message linked to no case is transient: six months, then destroyed; due on the day, not the day before', () => {
    const d = computeDisposal(schedule, buildMessageFacts());
    expect(d).toMatchObject({ classId: 'transient-unlinked', action: 'destroy', disposeOn: '2026-07-15', caseId: null });
    expect(isDue(d, '2026-07-14')).toBe(false);
    expect(isDue(d, '2026-07-15')).toBe(true);
    expect(d.reason).toContain('6 months from the message date');
  });

  it('an open case keeps its messages with no date yet; closing it sets one', () => {
    const open = computeDisposal(schedule, buildMessageFacts({ cases: [buildCaseFacts({ caseType: 'complaint' })] }));
    expect(open).toMatchObject({ classId: 'complaint', disposeOn: null, action: 'review' });
    expect(open.reason).toContain('still open');
    const closed = computeDisposal(
      schedule,
      buildMessageFacts({ cases: [buildCaseFacts({ caseType: 'complaint', closedOn: '2026-05-01' })] }),
    );
    expect(closed.disposeOn).toBe('2032-05-01');
  });

  it('general enquiries run six years from the end of the financial year the case closed in', () => {
    const d = computeDisposal(
      schedule,
      buildMessageFacts({ cases: [buildCaseFacts({ caseId: 'c', caseType: 'general-enquiry', closedOn: '2026-06-10' })] }),
    );
    expect(d.disposeOn).toBe('2033-03-31');
  });

  it('looked-after children: until age 75 from the date of birth; unknown date of birth keeps it', () => {
    const kase = buildCaseFacts({ caseId: 'c', caseType: 'looked-after-child' });
    expect(computeDisposal(schedule, buildMessageFacts({ citizenDateOfBirth: '2012-03-04', cases: [kase] })).disposeOn).toBe('2087-03-04');
    expect(computeDisposal(schedule, buildMessageFacts({ cases: [kase] })).disposeOn).toBeNull();
  });

  it('the longest of two cases wins, and an open case outlasts any date', () => {
    const tenancy = buildCaseFacts({ caseId: 't', caseType: 'housing-tenancy', closedOn: '2026-02-01', endedOn: '2026-02-01' });
    const care = buildCaseFacts({ caseId: 'a', caseType: 'adult-social-care', closedOn: '2026-03-01', endedOn: '2026-03-01' });
    expect(computeDisposal(schedule, buildMessageFacts({ cases: [tenancy, care] }))).toMatchObject({
      caseId: 'a',
      classId: 'adult-social-care',
      disposeOn: '2034-03-01',
    });
    expect(computeDisposal(schedule, buildMessageFacts({ cases: [care, tenancy] }))).toMatchObject({ caseId: 'a' });
    const openChild = buildCaseFacts({ caseId: 'k', caseType: 'child-protection' });
    expect(computeDisposal(schedule, buildMessageFacts({ cases: [tenancy, openChild] }))).toMatchObject({ caseId: 'k', disposeOn: null });
  });

  it('a case type the schedule does not know is kept for review, not guessed', () => {
    const d = computeDisposal(
      schedule,
      buildMessageFacts({ cases: [buildCaseFacts({ caseId: 'z', caseType: 'parking-appeal', closedOn: '2020-01-01' })] }),
    );
    expect(d).toMatchObject({ classId: 'unclassified', action: 'review', disposeOn: null });
  });
});
