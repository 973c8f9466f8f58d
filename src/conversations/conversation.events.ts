import type { Notifier } from '../platform/db/notifier.js';

/** The notification channel that carries live-update hints to the staff pages. */
export const EVENTS_CHANNEL = 'liaise_events';

export interface LiveEvent {
  type: 'message.created' | 'message.status-changed' | 'conversation.changed';
  conversationId: string;
  teamId: string | null;
}

/** Live-update hints go out after commit (see platform/db/notifier.ts for why never inside the transaction). */
export function createLivePublisher(notifier: Notifier) {
  return (events: Iterable<LiveEvent>) => {
    for (const e of events) notifier.publish(EVENTS_CHANNEL, JSON.stringify(e));
  };
}

export type LivePublisher = ReturnType<typeof createLivePublisher>;
