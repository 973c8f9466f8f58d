import { can, teamScope } from '../access/authorize.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/db.client.js';
import type { Actor } from '../staff/staff.types.js';
import { reviewForbidden } from './review.errors.js';
import type { ReviewRepository, ReviewRow } from './review.repository.js';

export interface ReviewItem {
  kind: ReviewRow['kind'];
  at: Date;
  conversationId: string;
  citizenName: string | null;
  teamName: string | null;
  staffName: string | null;
  /** Finding types and guidance sections only: never the message text. */
  reasons: { findingType: string; guidanceSection: string }[];
  justification: string | null;
}

/**
 * What managers and records officers review: messages sent despite a warning
 * (with the caseworker's justification), blocked attempts, and flagged inbound
 * or imported messages. Managers see their team; records officers and admins all.
 * Lists carry finding types, not message text, so listing is not a content read.
 */
export function createReviewService(deps: { db: Db; review: ReviewRepository; clock: Clock }) {
  const { db, review, clock } = deps;
  return {
    async listForReview(actor: Actor, opts: { days?: number } = {}): Promise<ReviewItem[]> {
      if (!can(actor, 'review.read')) throw reviewForbidden();
      const since = new Date(clock.now().getTime() - (opts.days ?? 30) * 86_400_000);
      // Team-scoped roles always have a team (the staff service refuses one without), so null here means every team.
      const rows = await review.listForReview(db, { since, teamId: teamScope(actor) });
      return rows.map((row) => ({
        kind: row.kind,
        at: new Date(row.at),
        conversationId: row.conversation_id,
        citizenName: row.citizen_name,
        teamName: row.team_name,
        staffName: row.staff_name,
        reasons: (row.policy?.reasons ?? []).map((x) => ({ findingType: x.findingType, guidanceSection: x.guidanceSection })),
        justification: row.justification,
      }));
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
