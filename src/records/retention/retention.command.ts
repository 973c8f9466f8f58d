import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
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
