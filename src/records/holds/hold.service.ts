import { randomUUID } from 'node:crypto';
import { can } from '../../access/authorize.js';
import { isCalendarDate } from '../calendar-date.js';
import { normaliseWhatsAppNumber } from '../../citizens/citizen.service.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Queryable } from '../../platform/db/db.client.js';
import type { Staff, Actor } from '../../staff/staff.types.js';
import type { RetentionSchedule } from '../retention/retention-schedule.js';
import {
  holdAlreadyReleased,
  holdCaseAmbiguous,
  holdCaseNotFound,
  holdCitizenNotFound,
  holdClassUnknown,
  holdDatesInvalid,
  holdForbidden,
  holdKeywordInvalid,
  holdNotFound,
  holdNumberInvalid,
  holdOwnerNotFound,
  holdReasonRequired,
  holdReleaseForbidden,
  holdReleaseReasonRequired,
} from './hold.errors.js';
import type { HoldRepository, LegalHold } from './hold.repository.js';
import type { ActiveHold, HoldScope } from './hold-scope.js';

/** What a hold covers, as a person names it: a case by its reference, the rest as they are. */
export type HoldScopeInput =
  | { kind: 'case'; caseReference: string }
  | { kind: 'citizen'; citizenId: string }
  | { kind: 'number'; number: string }
  | { kind: 'class'; classId: string }
  | { kind: 'dates'; from: string; to: string }
  | { kind: 'keyword'; word: string };

export const HOLD_SCOPE_KINDS = ['case', 'citizen', 'number', 'class', 'dates', 'keyword'] as const;

const MAX_REASON = 2000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who acts: a signed-in member of staff, or `null` for the operator at the command line
 * (who has the server's configuration and database, like `staff create`).
 */
export type HoldActor = Actor | null;

/**
 * Legal holds: placed by records officers and managers (a manager is often first to hear of a
 * claim or complaint that must be preserved), listed for records officers, managers and admins,
 * and released only by a records officer, with a reason. Every change is audited.
 */
export function createHoldService(deps: {
  db: Db;
  holds: HoldRepository;
  audit: AuditService;
  clock: Clock;
  schedule: RetentionSchedule;
  staff: { findStaffByEmail(email: string): Promise<Staff | null> };
  allowFictionalNumbers: boolean;
}) {
  const { db, holds, audit, clock, schedule } = deps;

  async function resolveScope(q: Queryable, input: HoldScopeInput): Promise<HoldScope> {
    switch (input.kind) {
      case 'case': {
        const ids = await holds.findCaseIdsByReference(q, input.caseReference.trim());
        if (ids.length === 0) throw holdCaseNotFound();
        if (ids.length > 1) throw holdCaseAmbiguous();
        return { kind: 'case', caseId: ids[0]! };
      }
      case 'citizen':
        if (!UUID.test(input.citizenId.trim()) || !(await holds.citizenExists(q, input.citizenId.trim()))) throw holdCitizenNotFound();
        return { kind: 'citizen', citizenId: input.citizenId.trim().toLowerCase() };
      case 'number': {
        const n = normaliseWhatsAppNumber(input.number, { allowFictional: deps.allowFictionalNumbers });
        if (!n) throw holdNumberInvalid();
        return { kind: 'number', number: n };
      }
      case 'class':
        if (!schedule.classes.some((c) => c.id === input.classId.trim())) throw holdClassUnknown();
        return { kind: 'class', classId: input.classId.trim() };
      case 'dates': {
        if (!isCalendarDate(input.from)) throw holdDatesInvalid('from', 'The start date must be a real date written YYYY-MM-DD');
        if (!isCalendarDate(input.to)) throw holdDatesInvalid('to', 'The end date must be a real date written YYYY-MM-DD');
        if (input.to < input.from) throw holdDatesInvalid('to', 'The end date must be the same as or after the start date');
        return { kind: 'dates', from: input.from, to: input.to };
      }
      case 'keyword': {
        const word = input.word.trim().replace(/\s+/g, ' ');
        if (word.length < 2 || word.length > 100 || !/[\p{L}\p{N}]/u.test(word)) throw holdKeywordInvalid();
        return { kind: 'keyword', word };
      }
    }
  }

  return {
    /** Places a hold; the owner defaults to whoever places it. Returns the hold. */
    async createHold(
      actor: HoldActor,
      input: { scope: HoldScopeInput; reason: string; ownerEmail?: string | null },
      meta: { requestId?: string } = {},
    ): Promise<LegalHold> {
      if (actor && !can(actor, 'hold.create')) throw holdForbidden();
      const reason = input.reason.trim();
      if (!reason || reason.length > MAX_REASON) throw holdReasonRequired();
      let ownerStaffId = actor?.id ?? null;
      if (input.ownerEmail) {
        const owner = await deps.staff.findStaffByEmail(input.ownerEmail.trim());
        if (!owner || owner.disabledAt) throw holdOwnerNotFound();
        ownerStaffId = owner.id;
      }
      const id = randomUUID();
      await db.transaction(async (tx) => {
        const scope = await resolveScope(tx, input.scope);
        await holds.insert(tx, { id, scope, reason, ownerStaffId, createdBy: actor?.id ?? null, createdAt: clock.now() });
        await audit.write(tx, {
          actorStaffId: actor?.id ?? null,
          action: 'hold.created',
          subjectType: 'legal_hold',
          subjectId: id,
          // The scope's kind only: a number or keyword is not copied into the audit trail.
          details: { scopeKind: scope.kind, ownerStaffId, via: actor ? 'web' : 'cli' },
          requestId: meta.requestId,
        });
      });
      return (await holds.find(db, id))!;
    },

    async listHolds(actor: HoldActor): Promise<LegalHold[]> {
      if (actor && !can(actor, 'hold.read')) throw holdForbidden();
      return holds.list(db);
    },

    async getHold(actor: HoldActor, id: string): Promise<LegalHold> {
      if (actor && !can(actor, 'hold.read')) throw holdForbidden();
      const hold = UUID.test(id) ? await holds.find(db, id) : null;
      if (!hold) throw holdNotFound();
      return hold;
    },

    /** Releases a hold: only a records officer (or the operator at the command line), with a reason. */
    async releaseHold(actor: HoldActor, id: string, reasonInput: string, meta: { requestId?: string } = {}): Promise<LegalHold> {
      if (actor && !can(actor, 'hold.release')) throw holdReleaseForbidden();
      if (!UUID.test(id)) throw holdNotFound();
      const reason = reasonInput.trim();
      await db.transaction(async (tx) => {
        const hold = await holds.find(tx, id, { forUpdate: true });
        if (!hold) throw holdNotFound();
        if (hold.releasedAt) throw holdAlreadyReleased();
        if (!reason || reason.length > MAX_REASON) throw holdReleaseReasonRequired();
        await holds.release(tx, id, actor?.id ?? null, clock.now(), reason);
        await audit.write(tx, {
          actorStaffId: actor?.id ?? null,
          action: 'hold.released',
          subjectType: 'legal_hold',
          subjectId: id,
          details: { scopeKind: hold.scope.kind, via: actor ? 'web' : 'cli' },
          requestId: meta.requestId,
        });
      });
      return (await holds.find(db, id))!;
    },

    /** The holds in force, for the disposal job. */
    activeHolds: (q: Queryable = db): Promise<ActiveHold[]> => holds.listActive(q),
  };
}

export type HoldService = ReturnType<typeof createHoldService>;
