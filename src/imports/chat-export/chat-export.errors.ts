import { AppError } from '../../platform/errors.js';

/** Stable codes for everything that can go wrong reading a WhatsApp "Export chat" file. */
export type ChatExportErrorCode =
  | 'CHAT_EXPORT_NOT_A_CHAT'
  | 'CHAT_EXPORT_AMBIGUOUS_DATE_ORDER'
  | 'CHAT_EXPORT_DATE_ORDER_MISMATCH'
  | 'CHAT_EXPORT_INVALID_TIME_ZONE'
  | 'CHAT_EXPORT_TOO_LARGE'
  | 'CHAT_EXPORT_READ_FAILED'
  | 'CHAT_EXPORT_ZIP_INVALID'
  | 'CHAT_EXPORT_ZIP_BOMB'
  | 'CHAT_EXPORT_ZIP_UNSAFE_PATH'
  | 'CHAT_EXPORT_ZIP_NO_CHAT'
  | 'CHAT_EXPORT_ZIP_MEDIA_NOT_FOUND';

/**
 * The one error the chat-export library throws. Messages are safe to show to staff:
 * they never contain message text, names or numbers from the export, only line
 * numbers, sizes and codes.
 */
export class ChatExportError extends AppError {
  declare readonly code: ChatExportErrorCode;

  constructor(code: ChatExportErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, code === 'CHAT_EXPORT_TOO_LARGE' || code === 'CHAT_EXPORT_ZIP_BOMB' ? 413 : 422, details);
    this.name = 'ChatExportError';
  }
}

export const isChatExportError = (e: unknown): e is ChatExportError => e instanceof ChatExportError;
