import { randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/db.client.js';
import type { RecordsService } from '../records/records.service.js';
import type { CaseService } from '../cases/case.service.js';
import type { RetentionService } from '../records/retention/retention.service.js';
import { authorize, can, teamScope } from '../access/authorize.js';
import type { Actor } from '../staff/staff.types.js';
import {
  citizenAgeRequired,
  citizenAlreadyMerged,
  citizenMergeChoose,
  citizenMergeSelf,
  citizenCaseRequired,
  citizenDobInvalid,
  citizenNameRequired,
  citizenNotFound,
  citizenNumberExists,
  citizenNoOfferedNumber,
  citizenNumberInvalid,
  citizenNumberLandline,
  citizenTeamRequired,
} from './citizen.errors.js';
import type { ConversationRepository } from '../conversations/conversation.repository.js';
import type { AgeBand, Citizen, CitizenRepository } from './citizen.repository.js';

/** Ofcom reserves 07700 900000–900999 for drama: never a real person's number, so safe for synthetic data. */
const FICTIONAL_UK_MOBILE = /^\+447700900\d{3}$/;

/**
 * Normalises a number typed by staff (UK numbers may omit +44) to E.164; null if it
 * is not a valid number. With `allowFictional` (simulator mode only) Ofcom's drama
 * range is accepted too, which libphonenumber rightly reports as not assignable.
 */
export function normaliseWhatsAppNumber(input: string, opts: { allowFictional?: boolean } = {}): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), 'GB');
  if (!parsed) return null;
  // A landline cannot have WhatsApp: a valid number that is fixed-line, freephone or premium-rate is refused.
  if (parsed.isValid()) return NOT_MOBILE.has(parsed.getType() ?? '') ? null : parsed.number;
  if (opts.allowFictional && parsed.isPossible() && FICTIONAL_UK_MOBILE.test(parsed.number)) return parsed.number;
  return null;
}

const NOT_MOBILE = new Set(['FIXED_LINE', 'TOLL_FREE', 'PREMIUM_RATE', 'SHARED_COST', 'UAN', 'VOICEMAIL']);

/** Whether the number is a valid landline (or other non-mobile line): the form says so rather than "not valid". */
export function isLandlineNumber(input: string): boolean {
  const parsed = parsePhoneNumberFromString(input.trim(), 'GB');
  return !!parsed && parsed.isValid() && NOT_MOBILE.has(parsed.getType() ?? '');
}

export interface AddCitizenInput {
  fullName: string;
  waNumber: string;
  dateOfBirth?: string | null;
  ageBand?: AgeBand | null;
  /** The case in the council's case system; null only through the API, when there is no case yet. */
  caseReference: string | null;
  /**
   * The type of the case a new case reference opens (an existing case keeps its own). `null`: the form asked
   * and nothing was chosen, so a new reference is refused; left out: a new reference opens a general enquiry.
   */
  caseType?: string | null;
  teamId?: string | null;
}

export function createCitizenService(deps: {
  db: Db;
  citizens: CitizenRepository;
  audit: AuditService;
  records: RecordsService;
  clock: Clock;
  allowFictionalNumbers?: boolean;
  onCitizensChanged?: () => void;
  /** The conversations a merge moves (their repository stays their only writer). */
  conversations: Pick<ConversationRepository, 'relinkCitizen' | 'findConversation' | 'clearOfferedNumber'>;
  /** A citizen's case reference names a case: found in the team, or created (the case service writes it). */
  cases: Pick<CaseService, 'ensureCaseByReference'>;
  /** Disposal dates that count from a date of birth move when it is corrected. */
  retention?: Pick<RetentionService, 'recomputeForCitizen'>;
}) {
  const { db, citizens, audit, records, clock } = deps;

  /** The checks adding and changing a citizen share: each field, in the form's order, the first problem thrown. */
  function checkFields(input: Omit<AddCitizenInput, 'teamId'>) {
    const fullName = input.fullName.trim();
    if (!fullName) throw citizenNameRequired();
    const waNumber = normaliseWhatsAppNumber(input.waNumber, { allowFictional: deps.allowFictionalNumbers ?? false });
    if (!waNumber) throw isLandlineNumber(input.waNumber) ? citizenNumberLandline() : citizenNumberInvalid();
    const caseReference = input.caseReference === null ? null : input.caseReference.trim();
    if (caseReference === '') throw citizenCaseRequired();
    let dateOfBirth: string | null = null;
    if (input.dateOfBirth) {
      if (
        !/^\d{4}-\d{2}-\d{2}$/.test(input.dateOfBirth) ||
        Number.isNaN(Date.parse(`${input.dateOfBirth}T00:00:00Z`)) ||
        new Date(`${input.dateOfBirth}T00:00:00Z`).toISOString().slice(0, 10) !== input.dateOfBirth
      ) {
        throw citizenDobInvalid('Date of birth must be a real date');
      }
      if (new Date(`${input.dateOfBirth}T00:00:00Z`) > clock.now()) throw citizenDobInvalid('Date of birth must be in the past');
      dateOfBirth = input.dateOfBirth;
    }
    const ageBand = dateOfBirth ? null : (input.ageBand ?? null);
    if (!dateOfBirth && !ageBand) throw citizenAgeRequired();
    return { fullName, waNumber, caseReference, dateOfBirth, ageBand };
  }

  /**
   * Staff change a citizen's details: the same checks as adding one. What changed is audited and recorded by
   * field name (never the values); inbound routing sees a new number at once.
   */
  async function updateCitizen(actor: Actor, id: string, input: Omit<AddCitizenInput, 'teamId'>): Promise<Citizen> {
    authorize(actor, 'citizen.update');
    const existing = await citizens.findById(db, id);
    if (!existing || !can(actor, 'citizen.read', existing)) throw citizenNotFound();
    authorize(actor, 'citizen.update', existing);
    const v = checkFields(input);
    await db.transaction(async (tx) => {
      if (v.waNumber !== existing.waNumber && (await citizens.findByNumber(tx, existing.teamId, v.waNumber))) {
        throw citizenNumberExists();
      }
      const caseId = v.caseReference
        ? await deps.cases.ensureCaseByReference(tx, actor, existing.teamId, v.caseReference, input.caseType)
        : null;
      const changed = [
        v.fullName !== existing.fullName && 'fullName',
        v.waNumber !== existing.waNumber && 'waNumber',
        caseId !== existing.caseId && 'caseReference',
        v.dateOfBirth !== existing.dateOfBirth && 'dateOfBirth',
        v.ageBand !== existing.ageBand && 'ageBand',
      ].filter((f): f is string => typeof f === 'string');
      if (changed.length === 0) return;
      await citizens.update(tx, id, { ...v, caseId });
      await records.append(tx, { kind: 'citizen.updated', citizenId: id, caseId, staffId: actor.id, payload: { changed } });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'citizen.updated',
        subjectType: 'citizen',
        subjectId: id,
        details: { changed },
      });
      // A corrected date of birth moves the disposal date of classes kept from it (looked-after children).
      if (changed.includes('dateOfBirth')) await deps.retention?.recomputeForCitizen(id, tx);
    });
    deps.onCitizensChanged?.();
    return (await citizens.findById(db, id))!;
  }

  /**
   * The citizen told WhatsApp they changed their number (or shared it on request): staff confirm, and the
   * citizen moves to it, so new messages from it route to them. Audited and recorded without the numbers.
   */
  async function moveToOfferedNumber(actor: Actor, conversationId: string, meta: { requestId?: string } = {}): Promise<Citizen> {
    authorize(actor, 'citizen.update');
    const conv = await deps.conversations.findConversation(db, conversationId);
    if (!conv || !can(actor, 'conversation.read', conv)) throw citizenNotFound();
    if (!conv.citizenId || !conv.offeredNumber) throw citizenNoOfferedNumber();
    const existing = await citizens.findById(db, conv.citizenId);
    if (!existing || !can(actor, 'citizen.read', existing)) throw citizenNotFound();
    authorize(actor, 'citizen.update', existing);
    const waNumber = normaliseWhatsAppNumber(conv.offeredNumber, { allowFictional: deps.allowFictionalNumbers ?? false });
    if (!waNumber) throw citizenNumberInvalid();
    const reason = conv.offeredNumberReason;
    await db.transaction(async (tx) => {
      if (waNumber !== existing.waNumber && (await citizens.findByNumber(tx, existing.teamId, waNumber))) throw citizenNumberExists();
      await citizens.changeNumber(tx, existing.id, waNumber, conv.waUserId);
      await deps.conversations.clearOfferedNumber(tx, conv.id);
      await records.append(tx, {
        kind: 'citizen.updated',
        citizenId: existing.id,
        caseId: existing.caseId,
        staffId: actor.id,
        payload: { changed: ['waNumber'], reason },
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'citizen.number-moved',
        subjectType: 'citizen',
        subjectId: existing.id,
        details: { conversationId: conv.id, reason },
        requestId: meta.requestId,
      });
    });
    deps.onCitizensChanged?.();
    return (await citizens.findById(db, existing.id))!;
  }

  async function addCitizen(actor: Actor, input: AddCitizenInput): Promise<Citizen> {
    const teamId = input.teamId ?? actor.teamId;
    if (!teamId) throw citizenTeamRequired();
    authorize(actor, 'citizen.create', { teamId });
    const { fullName, waNumber, caseReference, dateOfBirth, ageBand } = checkFields(input);
    const id = randomUUID();
    await db.transaction(async (tx) => {
      if (await citizens.findByNumber(tx, teamId, waNumber)) {
        throw citizenNumberExists();
      }
      const caseId = caseReference ? await deps.cases.ensureCaseByReference(tx, actor, teamId, caseReference, input.caseType) : null;
      await citizens.insert(tx, { id, teamId, fullName, waNumber, dateOfBirth, ageBand, caseId, createdBy: actor.id });
      await records.append(tx, {
        kind: 'citizen.added',
        citizenId: id,
        caseId,
        staffId: actor.id,
        payload: { teamId, ageKnownBy: dateOfBirth ? 'date_of_birth' : 'age_band' },
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'citizen.added',
        subjectType: 'citizen',
        subjectId: id,
        details: { caseId },
      });
    });
    deps.onCitizensChanged?.();
    return (await citizens.findById(db, id))!;
  }

  /**
   * Merges a duplicate record into the one kept: the duplicate's conversations (and so its messages and
   * imports) move to the kept citizen, and the duplicate drops out of lists but stays, pointing to the kept
   * one, because records already sealed name it. Messages from the duplicate's number reach the kept citizen.
   * Both must be in the same team and neither already merged. Recorded and audited by ids only.
   */
  async function mergeCitizens(actor: Actor, keepId: string, duplicateId: string, meta: { requestId?: string } = {}): Promise<Citizen> {
    authorize(actor, 'citizen.update');
    const [keep, duplicate] = await Promise.all([citizens.findById(db, keepId), citizens.findById(db, duplicateId)]);
    if (!keep || !can(actor, 'citizen.read', keep)) throw citizenNotFound();
    if (!duplicate || !can(actor, 'citizen.read', duplicate) || duplicate.teamId !== keep.teamId) throw citizenMergeChoose();
    if (duplicate.id === keep.id) throw citizenMergeSelf();
    if (keep.mergedInto || duplicate.mergedInto) throw citizenAlreadyMerged();
    authorize(actor, 'citizen.update', keep);
    await db.transaction(async (tx) => {
      if (!(await citizens.markMerged(tx, duplicate.id, keep.id, clock.now()))) throw citizenAlreadyMerged();
      const moved = await deps.conversations.relinkCitizen(tx, duplicate.id, keep.id, keep.caseId);
      const payload = { mergedCitizenId: duplicate.id, keptCitizenId: keep.id, conversationsMoved: moved };
      await records.append(tx, { kind: 'citizen.merged', citizenId: keep.id, caseId: keep.caseId, staffId: actor.id, payload });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'citizen.merged',
        subjectType: 'citizen',
        subjectId: keep.id,
        details: payload,
        requestId: meta.requestId,
      });
      // The moved messages now have the kept citizen's date of birth.
      await deps.retention?.recomputeForCitizen(keep.id, tx);
    });
    deps.onCitizensChanged?.();
    return (await citizens.findById(db, keep.id))!;
  }

  async function getCitizen(actor: Actor, id: string): Promise<Citizen> {
    const c = await citizens.findById(db, id);
    if (!c || !can(actor, 'citizen.read', c)) throw citizenNotFound();
    return c;
  }

  return {
    addCitizen,
    updateCitizen,
    mergeCitizens,
    moveToOfferedNumber,
    getCitizen,
    /** Search by name, case reference, or number in any format ("07700 900123", "+44 7700 900123"). */
    listCitizens: async (actor: Actor, search: string | null = null) => {
      const looksLikeNumber = search !== null && /^[\d\s()+.-]{6,}$/.test(search.trim());
      const number = looksLikeNumber ? normaliseWhatsAppNumber(search, { allowFictional: deps.allowFictionalNumbers ?? false }) : null;
      authorize(actor, 'citizen.read');
      return citizens.list(db, teamScope(actor), search, number);
    },
  };
}

export type CitizenService = ReturnType<typeof createCitizenService>;
