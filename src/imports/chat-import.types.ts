import type { DateOrder } from './chat-export/chat-export.types.js';

/** Who a chat author is: the citizen, a member of staff, or someone else. */
export type AuthorRole = { role: 'citizen' } | { role: 'staff'; staffId: string } | { role: 'third_party' };

export interface ImportOptions {
  timeZone?: string;
  dateOrder?: DateOrder;
}
