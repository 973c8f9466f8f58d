import { z } from 'zod';
import { parseLocatedYaml, yamlFieldName, type YamlProblem } from '../../platform/yaml/yaml-locate.js';

/**
 * The council's Record Retention Schedule as configuration: which class each
 * message falls in, what starts its clock, how long it is kept and what happens
 * at the end. Pure: text in, schedule or located problems out.
 */

export const RETENTION_TRIGGERS = [
  'message_date', // the message's own date
  'case_closed', // the date the case closed (a complaint's final decision closes it)
  'last_contact', // the latest message in the case
  'date_of_birth', // the citizen's date of birth
  'financial_year_end', // 31 March ending the financial year in which the case closed
  'case_end', // the end of the tenancy or of care, as the case records it
] as const;
export type RetentionTrigger = (typeof RETENTION_TRIGGERS)[number];

export const DISPOSAL_ACTIONS = ['destroy', 'review', 'transfer'] as const;
export type DisposalAction = (typeof DISPOSAL_ACTIONS)[number];

export type RetentionPeriod = { years: number; months: number } | { untilAge: number };

export interface RetentionClass {
  id: string;
  title: string;
  trigger: RetentionTrigger;
  period: RetentionPeriod;
  action: DisposalAction;
  legalBasis: string;
  sources: string[];
  /** Children's safeguarding records: never destroyed automatically, always reviewed. */
  childrenSafeguarding: boolean;
  /** Case types whose messages fall in this class. */
  caseTypes: string[];
}

export interface RetentionSchedule {
  version: string;
  owner: string;
  /** When the schedule is next due for review (YYYY-MM-DD). */
  reviewDate: string;
  /** The class for messages linked to no case. */
  transientClass: string;
  classes: RetentionClass[];
}

/** A schedule that cannot be used: every problem, each with its line and field. */
export class RetentionScheduleError extends Error {
  readonly code = 'RETENTION_SCHEDULE_INVALID';
  constructor(
    readonly sourceName: string,
    readonly problems: YamlProblem[],
  ) {
    super(problems.map((p) => `${sourceName}:${p.line ?? '?'}: ${p.field}: ${p.message}`).join('\n'));
    this.name = 'RetentionScheduleError';
  }
}

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine(
    (v) =>
      /^\d{4}-\d{2}-\d{2}$/.test(v) &&
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
      new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    'must be a date written YYYY-MM-DD',
  );
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens');
const text = z.string().trim().min(1, 'must not be empty');

const periodSchema = z.union(
  [
    z
      .strictObject({ years: z.number().int().min(0).max(200).optional(), months: z.number().int().min(0).max(2400).optional() })
      .refine((p) => (p.years ?? 0) + (p.months ?? 0) > 0, 'must give years and/or months above zero, or untilAge')
      .transform((p) => ({ years: p.years ?? 0, months: p.months ?? 0 })),
    z.strictObject({ untilAge: z.number().int().min(1).max(130) }),
  ],
  { error: 'must be { years: N, months: N } (above zero) or { untilAge: N }' },
);

const classSchema = z.strictObject({
  id: slug,
  title: text,
  trigger: z.enum(RETENTION_TRIGGERS, { error: `must be one of ${RETENTION_TRIGGERS.join(', ')}` }),
  period: periodSchema,
  action: z.enum(DISPOSAL_ACTIONS, { error: `must be one of ${DISPOSAL_ACTIONS.join(', ')}` }),
  legalBasis: text,
  sources: z.array(text).min(1, 'must cite at least one source'),
  childrenSafeguarding: z.boolean().default(false),
  caseTypes: z.array(slug).default([]),
});

const scheduleSchema = z.strictObject({
  version: z.union([text, z.number()]).transform(String),
  owner: text,
  reviewDate: isoDate,
  transientClass: slug,
  classes: z.array(classSchema).min(1, 'must list at least one class'),
});

// Words that mark a class as being about children's safeguarding, so that a schedule
// cannot make such a class destroyable just by leaving the flag out.
const CHILDRENS_CLASS = /\b(child|children|looked[- ]after|safeguarding|care[- ]leavers?|fostering|adoption)\b/i;

function crossChecks(s: z.infer<typeof scheduleSchema>): Array<{ path: PropertyKey[]; message: string }> {
  const out: Array<{ path: PropertyKey[]; message: string }> = [];
  const seen = new Map<string, number>();
  const caseTypes = new Map<string, string>();
  s.classes.forEach((c, i) => {
    if (seen.has(c.id)) out.push({ path: ['classes', i, 'id'], message: `duplicates class ${c.id} (classes[${seen.get(c.id)}])` });
    seen.set(c.id, i);
    if (c.childrenSafeguarding && c.action !== 'review') {
      out.push({
        path: ['classes', i, 'action'],
        message: "children's safeguarding records always end in review, never automatic destruction or transfer",
      });
    }
    if (!c.childrenSafeguarding && CHILDRENS_CLASS.test(`${c.id} ${c.title}`)) {
      out.push({
        path: ['classes', i, 'childrenSafeguarding'],
        message: 'a class about children must say childrenSafeguarding: true (it then always ends in review)',
      });
    }
    if ('untilAge' in c.period && c.trigger !== 'date_of_birth') {
      out.push({ path: ['classes', i, 'period', 'untilAge'], message: 'untilAge needs trigger date_of_birth' });
    }
    c.caseTypes.forEach((t, j) => {
      const other = caseTypes.get(t);
      if (other) out.push({ path: ['classes', i, 'caseTypes', j], message: `case type ${t} is already in class ${other}` });
      else caseTypes.set(t, c.id);
    });
  });
  const transient = s.classes.find((c) => c.id === s.transientClass);
  if (!transient) out.push({ path: ['transientClass'], message: `names no class in this schedule (${s.transientClass})` });
  else {
    if (transient.trigger !== 'message_date')
      out.push({ path: ['transientClass'], message: 'the class for messages with no case must use trigger message_date' });
    if (transient.caseTypes.length)
      out.push({ path: ['transientClass'], message: 'the class for messages with no case must list no case types' });
  }
  return out;
}

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  let v = root;
  for (const k of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/** Every problem in a schedule's text, each with its line and field; empty when it is valid. */
export function checkRetentionSchedule(source: string): { schedule: RetentionSchedule | null; problems: YamlProblem[] } {
  const doc = parseLocatedYaml(source);
  if (doc.syntaxProblems.length) return { schedule: null, problems: doc.syntaxProblems };
  const parsed = scheduleSchema.safeParse(doc.value ?? {});
  const located = (path: PropertyKey[], message: string): YamlProblem => ({ line: doc.lineOf(path), field: yamlFieldName(path), message });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      // An unknown key is reported on the object; point at the key itself.
      const keys = i.code === 'unrecognized_keys' ? i.keys : [];
      if (keys.length) return located([...i.path, keys[0]!], 'is not a known field');
      return located(i.path, valueAt(doc.value, i.path) === undefined ? 'is required' : i.message);
    });
    return { schedule: null, problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  }
  const problems = crossChecks(parsed.data).map((p) => located(p.path, p.message));
  if (problems.length) return { schedule: null, problems: problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)) };
  return { schedule: parsed.data, problems: [] };
}

/** Parses and validates a schedule; throws RetentionScheduleError listing every problem. */
export function parseRetentionSchedule(source: string, sourceName = 'retention schedule'): RetentionSchedule {
  const { schedule, problems } = checkRetentionSchedule(source);
  if (!schedule) throw new RetentionScheduleError(sourceName, problems);
  return schedule;
}
