import { randomUUID } from 'node:crypto';
import type { Queryable } from '../src/platform/db/db.client.js';
import { computeDisposal, type CaseFacts } from '../src/records/retention/disposal-date.js';
import type { RetentionSchedule } from '../src/records/retention/retention-schedule.js';

/**
 * Test only, until the retention service assigns them: gives every message without one its class and
 * disposal date in `message_retention`, computed by the pure `computeDisposal` from the message's date,
 * its citizen's date of birth and the cases it (or its conversation) is linked to.
 */
export async function seedMessageRetention(
  db: Queryable,
  schedule: RetentionSchedule,
  now: Date,
  timeZone = 'Europe/London',
): Promise<number> {
  const r = await db.query<{ id: string; message_date: string; dob: string | null; cases: CaseFacts[] }>(
    `SELECT m.id, to_char(coalesce(m.sent_at, m.created_at) AT TIME ZONE $1, 'YYYY-MM-DD') AS message_date,
            to_char(c.date_of_birth, 'YYYY-MM-DD') AS dob,
            coalesce(json_agg(json_build_object('caseId', cf.id, 'caseType', cf.case_type,
                       'closedOn', to_char(cf.closed_on, 'YYYY-MM-DD'), 'endedOn', to_char(cf.ended_on, 'YYYY-MM-DD'), 'lastContactOn', NULL))
                     FILTER (WHERE cf.id IS NOT NULL), '[]'::json) AS cases
       FROM message m JOIN conversation cv ON cv.id = m.conversation_id
       LEFT JOIN citizen c ON c.id = cv.citizen_id
       LEFT JOIN case_link cl ON cl.message_id = m.id OR cl.conversation_id = m.conversation_id
       LEFT JOIN case_file cf ON cf.id = cl.case_id
      WHERE NOT EXISTS (SELECT 1 FROM message_retention mr WHERE mr.message_id = m.id)
      GROUP BY m.id, m.sent_at, m.created_at, c.date_of_birth`,
    [timeZone],
  );
  for (const row of r.rows) {
    const d = computeDisposal(schedule, { messageDate: row.message_date, citizenDateOfBirth: row.dob, cases: row.cases });
    await db.query(
      `INSERT INTO message_retention (message_id, class_id, action, disposal_due, deciding_case_id, reason, schedule_version, computed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [row.id, d.classId, d.action, d.disposeOn, d.caseId, d.reason, schedule.version, now],
    );
  }
  return r.rows.length;
}

/** Test only, until the cases service lands: a case of `caseType` linked to a conversation. */
export async function linkConversationToCase(
  db: Queryable,
  c: { teamId: string; conversationId: string; caseType: string; reference?: string; closedOn?: string | null },
): Promise<string> {
  const id = randomUUID();
  await db.query(`INSERT INTO case_file (id, team_id, reference, case_type, closed_on) VALUES ($1, $2, $3, $4, $5)`, [
    id,
    c.teamId,
    c.reference ?? `REF-${id.slice(0, 8)}`,
    c.caseType,
    c.closedOn ?? null,
  ]);
  await db.query('INSERT INTO case_link (id, case_id, conversation_id, linked_at) VALUES ($1, $2, $3, now())', [
    randomUUID(),
    id,
    c.conversationId,
  ]);
  return id;
}
