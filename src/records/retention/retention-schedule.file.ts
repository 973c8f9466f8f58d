import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseRetentionSchedule, type RetentionSchedule } from './retention-schedule.js';

/** The schedule shipped with Liaise, used when LIAISE_RETENTION_SCHEDULE is not set. */
export const DEFAULT_RETENTION_SCHEDULE_PATH = fileURLToPath(new URL('./schedules/default.yaml', import.meta.url));

/** Reads and validates a schedule file; throws RetentionScheduleError listing every problem with its line. */
export function loadRetentionScheduleFile(path = DEFAULT_RETENTION_SCHEDULE_PATH): RetentionSchedule {
  return parseRetentionSchedule(readFileSync(path, 'utf8'), path);
}
