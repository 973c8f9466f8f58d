import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Services } from '../../composition.js';
import { isAppError } from '../../platform/errors.js';
import { isCalendarDate } from '../calendar-date.js';
import { checkRetentionSchedule } from './retention-schedule.js';

export interface CheckOutcome {
  exitCode: 0 | 2;
  lines: string[];
}

/**
 * `retention check FILE`: every problem as `FILE:LINE: field: problem`, exit 2;
 * or a summary and exit 0. With `json`, the last line is one JSON object.
 */
export function checkScheduleFile(file: string, opts: { json?: boolean } = {}): CheckOutcome {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'cannot be read';
    const lines = [`${file}: ${reason}`];
    if (opts.json) lines.push(JSON.stringify({ file, valid: false, problems: [{ line: null, field: '(file)', message: reason }] }));
    return { exitCode: 2, lines };
  }
  const { schedule, problems } = checkRetentionSchedule(source);
  if (!schedule) {
    const lines = problems.map((p) => `${file}:${p.line ?? '?'}: ${p.field}: ${p.message}`);
    if (opts.json) lines.push(JSON.stringify({ file, valid: false, problems }));
    return { exitCode: 2, lines };
  }
  const lines = [
    `${file}: valid, version ${schedule.version}, ${schedule.classes.length} classes, owner ${schedule.owner}, review by ${schedule.reviewDate}`,
  ];
  if (opts.json)
    lines.push(
      JSON.stringify({
        file,
        valid: true,
        version: schedule.version,
        owner: schedule.owner,
        reviewDate: schedule.reviewDate,
        classes: schedule.classes.map((c) => c.id),
      }),
    );
  return { exitCode: 0, lines };
}

export function registerRetentionCommand(program: Command): Command {
  const retention = program.command('retention').description('The Record Retention Schedule');
  retention
    .command('check')
    .description('Validate a retention schedule file: prints FILE:LINE: field: problem for every problem and exits 2, or exits 0')
    .argument('<file>', 'schedule YAML')
    .option('--json', 'end with one JSON object on the last line')
    .action((file: string, opts: { json?: boolean }) => {
      const out = checkScheduleFile(file, opts);
      const stream = out.exitCode === 0 ? process.stdout : process.stderr;
      for (const l of out.lines.slice(0, opts.json ? -1 : undefined)) stream.write(`${l}\n`);
      if (opts.json) process.stdout.write(`${out.lines.at(-1)}\n`);
      process.exitCode = out.exitCode;
    });
  return retention;
}

/** What the disposal commands open: the services on the server's configuration, and whether this is simulator mode. */
export interface DisposalCommandDeps {
  open: () => Promise<{ services: Services; close: () => Promise<void> }>;
  isSimulator: () => boolean;
}

/** Commander's own usage errors (unknown option, missing value) exit 2 like ours; help still exits 0. */
export function exitTwoOnUsageError(cmd: Command): Command {
  return cmd.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
}

/** A bad argument: a clear message on stderr, exit 2, nothing opened or changed. */
export function usage(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 2;
}

/** An error from a service: the safe message; 2 for bad input, 1 otherwise. */
export function reportFailure(err: unknown): void {
  if (isAppError(err)) {
    process.stderr.write(`${err.message} (${err.code})\n`);
    process.exitCode = err.status === 400 ? 2 : 1;
    return;
  }
  throw err;
}

/**
 * `retention run` and `retention certificates`: the disposal job on demand (or its dry run as of a
 * date), and the destruction certificates written so far.
 */
export function registerRetentionRunCommands(retention: Command, deps: DisposalCommandDeps): void {
  exitTwoOnUsageError(
    retention
      .command('run')
      .description('Dispose of records past their date: destroy, queue for review, keep what is held; prints progress')
      .option('--dry-run', 'count what would happen, change nothing')
      .option('--as-of <date>', 'as if today were YYYY-MM-DD (in production only with --dry-run)')
      .option('--json', 'end with one JSON object on the last line'),
  ).action(async (o: { dryRun?: boolean; asOf?: string; json?: boolean }) => {
    if (o.asOf !== undefined && !isCalendarDate(o.asOf)) return usage(`--as-of ${o.asOf}: must be a real date written YYYY-MM-DD`);
    if (o.asOf !== undefined && !o.dryRun && !deps.isSimulator())
      return usage('--as-of only shows what would go on that date in production: add --dry-run (a real run always uses today)');
    const { services, close } = await deps.open();
    try {
      const result = await services.disposal.run({
        asOf: o.asOf,
        dryRun: o.dryRun ?? false,
        onProgress: (p) =>
          process.stderr.write(
            `${p.runId ? `run ${p.runId}: ` : 'dry run: '}${p.scanned} past their date so far: ${p.destroyed} ${o.dryRun ? 'to destroy' : 'destroyed'}, ${p.queuedForReview} ${o.dryRun ? 'to review' : 'queued for review'}, ${p.held} held\n`,
          ),
      });
      process.stdout.write(
        `${result.dryRun ? 'Dry run, nothing changed' : `Run ${result.runId}`} as of ${result.asOf}: ${result.destroyed} ${result.dryRun ? 'would be destroyed' : 'destroyed'}, ${result.queuedForReview} ${result.dryRun ? 'would be queued' : 'queued'} for review, ${result.held} held, ${result.notDue} not yet due${result.certificateId ? `; certificate ${result.certificateId}` : ''}\n`,
      );
      if (o.json) {
        const { asOf, dryRun, destroyed, queuedForReview, held, notDue, certificateId } = result;
        process.stdout.write(`${JSON.stringify({ asOf, dryRun, destroyed, queuedForReview, held, notDue, certificateId })}\n`);
      }
    } catch (err) {
      reportFailure(err);
    } finally {
      await close();
    }
  });

  exitTwoOnUsageError(
    retention
      .command('certificates')
      .description('Destruction certificates, newest first: one line each')
      .option('--json', 'end with one JSON object on the last line'),
  ).action(async (o: { json?: boolean }) => {
    const { services, close } = await deps.open();
    try {
      const certificates = await services.disposal.listCertificates(null);
      for (const c of certificates)
        process.stdout.write(
          `${c.id}  ${c.issuedAt.toISOString()}  ${c.action}  ${c.total} record${c.total === 1 ? '' : 's'}  approver ${c.approver}  run ${c.runOutcome ?? 'completed'}  schedule ${c.scheduleVersion}  ${c.classes.map((k) => `${k.classId} ${k.from}..${k.to} (${k.count})`).join(', ')}\n`,
        );
      if (certificates.length === 0) process.stdout.write('No destruction certificates yet\n');
      if (o.json)
        process.stdout.write(
          `${JSON.stringify({
            certificates: certificates.map((c) => ({
              id: c.id,
              issuedAt: c.issuedAt.toISOString(),
              action: c.action,
              approver: c.approver,
              method: c.method,
              scheduleVersion: c.scheduleVersion,
              total: c.total,
              classes: c.classes,
              archiveFile: c.archiveFile,
              runOutcome: c.runOutcome,
            })),
          })}\n`,
        );
    } finally {
      await close();
    }
  });
}
