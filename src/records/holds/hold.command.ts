import type { Command } from 'commander';
import { z } from 'zod';
import { exitTwoOnUsageError, reportFailure, usage, type DisposalCommandDeps } from '../retention/retention.command.js';
import { toActor } from '../../staff/staff.service.js';
import type { LegalHold } from './hold.repository.js';
import { isCalendarDate } from '../calendar-date.js';
import type { HoldScopeInput } from './hold.service.js';

const scopeText = (h: LegalHold) => {
  const s = h.scope;
  switch (s.kind) {
    case 'case':
      return `case ${h.caseReference ?? s.caseId}`;
    case 'citizen':
      return `citizen ${s.citizenId}`;
    case 'number':
      return `number ${s.number}`;
    case 'class':
      return `class ${s.classId}`;
    case 'dates':
      return `messages dated ${s.from} to ${s.to}`;
    case 'keyword':
      return `keyword "${s.word}"`;
  }
};

const holdJson = (h: LegalHold) => ({
  id: h.id,
  scope: h.scope,
  caseReference: h.caseReference,
  reason: h.reason,
  ownerStaffId: h.ownerStaffId,
  createdAt: h.createdAt.toISOString(),
  releasedAt: h.releasedAt?.toISOString() ?? null,
  releaseReason: h.releaseReason,
});

interface CreateOptions {
  reason?: string;
  case?: string;
  citizen?: string;
  number?: string;
  class?: string;
  from?: string;
  to?: string;
  keyword?: string;
  owner?: string;
  json?: boolean;
}

/** The one scope the options name, or the problem with them. */
function scopeFrom(o: CreateOptions): HoldScopeInput | string {
  const given = (['case', 'citizen', 'number', 'class', 'keyword'] as const).filter((k) => o[k] !== undefined);
  const dates = o.from !== undefined || o.to !== undefined;
  if (given.length + (dates ? 1 : 0) !== 1)
    return 'Give exactly one scope: --case REF, --citizen ID, --number E164, --class ID, --from DATE --to DATE or --keyword WORD';
  if (dates) {
    if (o.from === undefined || o.to === undefined) return 'A date-range hold needs both --from DATE and --to DATE';
    if (!isCalendarDate(o.from)) return `--from ${o.from}: must be a real date written YYYY-MM-DD`;
    if (!isCalendarDate(o.to)) return `--to ${o.to}: must be a real date written YYYY-MM-DD`;
    if (o.to < o.from) return '--to must be the same as or after --from';
    return { kind: 'dates', from: o.from, to: o.to };
  }
  switch (given[0]!) {
    case 'case':
      return { kind: 'case', caseReference: o.case! };
    case 'citizen':
      return z.guid().safeParse(o.citizen).success ? { kind: 'citizen', citizenId: o.citizen! } : '--citizen takes a citizen id (a UUID)';
    case 'number':
      return { kind: 'number', number: o.number! };
    case 'class':
      return { kind: 'class', classId: o.class! };
    case 'keyword':
      return { kind: 'keyword', word: o.keyword! };
  }
}

/** `liaise holds create|list|release`: legal holds from the command line (the operator, or `--as` a records officer). */
export function registerHoldCommands(program: Command, deps: DisposalCommandDeps): void {
  const holds = exitTwoOnUsageError(program.command('holds').description('Legal holds: keep records from disposal'));

  exitTwoOnUsageError(
    holds
      .command('create')
      .description('Place a legal hold on one scope; everything in it, including later messages, is kept')
      .option('--reason <text>', 'why the records must be kept (required)')
      .option('--case <ref>', 'a case reference')
      .option('--citizen <id>', 'a citizen id')
      .option('--number <e164>', 'a WhatsApp number')
      .option('--class <id>', 'a retention class id')
      .option('--from <date>', 'messages dated from YYYY-MM-DD (with --to)')
      .option('--to <date>', 'messages dated to YYYY-MM-DD (with --from)')
      .option('--keyword <word>', 'messages containing a word or phrase')
      .option('--owner <email>', 'the staff member who owns the hold')
      .option('--json', 'end with one JSON object on the last line'),
  ).action(async (o: CreateOptions) => {
    if (!o.reason?.trim()) return usage('--reason TEXT is required: say why the records must be kept');
    const scope = scopeFrom(o);
    if (typeof scope === 'string') return usage(scope);
    const { services, close } = await deps.open();
    try {
      const hold = await services.holds.createHold(null, { scope, reason: o.reason, ownerEmail: o.owner ?? null });
      process.stdout.write(`Legal hold ${hold.id} placed on ${scopeText(hold)}\n`);
      if (o.json) process.stdout.write(`${JSON.stringify(holdJson(hold))}\n`);
    } catch (err) {
      reportFailure(err);
    } finally {
      await close();
    }
  });

  exitTwoOnUsageError(
    holds
      .command('list')
      .description('Every legal hold, those in force first')
      .option('--json', 'end with one JSON object on the last line'),
  ).action(async (o: { json?: boolean }) => {
    const { services, close } = await deps.open();
    try {
      const all = await services.holds.listHolds(null);
      for (const h of all)
        process.stdout.write(
          `${h.id}  ${h.releasedAt ? `released ${h.releasedAt.toISOString().slice(0, 10)}` : 'in force'}  ${scopeText(h)}  placed ${h.createdAt.toISOString().slice(0, 10)}  reason: ${h.reason}\n`,
        );
      if (all.length === 0) process.stdout.write('No legal holds\n');
      if (o.json) process.stdout.write(`${JSON.stringify({ holds: all.map(holdJson) })}\n`);
    } finally {
      await close();
    }
  });

  exitTwoOnUsageError(
    holds
      .command('release')
      .description('Release a legal hold, with a reason (only a records officer, when --as is given)')
      .argument('<id>', 'the hold id')
      .option('--reason <text>', 'why the hold can be released (required)')
      .option('--as <email>', 'the records officer releasing it')
      .option('--json', 'end with one JSON object on the last line'),
  ).action(async (id: string, o: { reason?: string; as?: string; json?: boolean }) => {
    if (!z.guid().safeParse(id).success) return usage(`${id}: not a hold id (a UUID, as holds list shows)`);
    if (!o.reason?.trim()) return usage('--reason TEXT is required: say why the hold can be released');
    const { services, close } = await deps.open();
    try {
      let actor = null;
      if (o.as) {
        const member = await services.staff.findStaffByEmail(o.as);
        if (!member || member.disabledAt) return usage(`No active staff account ${o.as}`);
        actor = toActor(member);
      }
      const hold = await services.holds.releaseHold(actor, id, o.reason);
      process.stdout.write(`Legal hold ${hold.id} released\n`);
      if (o.json) process.stdout.write(`${JSON.stringify(holdJson(hold))}\n`);
    } catch (err) {
      reportFailure(err);
    } finally {
      await close();
    }
  });
}
