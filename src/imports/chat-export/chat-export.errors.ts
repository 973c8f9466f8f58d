import { AppError } from '../../platform/errors.js';

/** Stable codes for everything that can go wrong reading a WhatsApp "Export chat" file. */
export type ChatExportErrorCode =
  /** Not a chat export at all: binary junk, another text file, an over-long line. */
  | 'IMPORT_UNSUPPORTED_FORMAT'
  /** Day-first and month-first both fit the whole file; the caller must say which. */
  | 'IMPORT_DATE_ORDER_AMBIGUOUS'
  /** The date order given does not fit the file (a 13th month under it). */
  | 'IMPORT_DATE_ORDER_MISMATCH'
  | 'IMPORT_INVALID_OPTION'
  | 'IMPORT_TOO_LARGE'
  | 'IMPORT_READ_FAILED'
  | 'IMPORT_ZIP_INVALID'
  | 'IMPORT_ZIP_BOMB'
  | 'IMPORT_ZIP_NO_CHAT'
  | 'IMPORT_ZIP_MEDIA_NOT_FOUND';

/**
 * The one error the chat-export library throws. Messages are safe to show to staff:
 * they never contain message text, names or numbers from the export, only line
 * numbers, sizes and codes.
 */
export class ChatExportError extends AppError {
  declare readonly code: ChatExportErrorCode;

  constructor(code: ChatExportErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, code === 'IMPORT_TOO_LARGE' || code === 'IMPORT_ZIP_BOMB' ? 413 : 422, details);
    this.name = 'ChatExportError';
  }
}

export const isChatExportError = (e: unknown): e is ChatExportError => e instanceof ChatExportError;
