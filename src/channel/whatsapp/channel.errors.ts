import { AppError } from '../../platform/errors.js';

/**
 * A webhook body that parsed as JSON but is not the shape Meta sends.
 * The message names the path of the bad field and never echoes its content.
 */
export class WebhookPayloadError extends AppError {
  readonly path: string;

  constructor(path: string, problem: string) {
    super('WEBHOOK_PAYLOAD_INVALID', `Invalid webhook payload at ${path || '(root)'}: ${problem}`, 400, {
      path,
    });
    this.name = 'WebhookPayloadError';
    this.path = path;
  }
}

export type ChannelMediaErrorCode =
  | 'CHANNEL_MEDIA_NOT_FOUND'
  | 'CHANNEL_MEDIA_TOO_LARGE'
  | 'CHANNEL_MEDIA_CHECKSUM_MISMATCH'
  | 'CHANNEL_MEDIA_FETCH_FAILED'
  | 'CHANNEL_MEDIA_UNAUTHORIZED';

/** A media download that failed; `code` says why. Thrown by `ChannelClient.downloadMedia`. */
export class ChannelMediaError extends AppError {
  declare readonly code: ChannelMediaErrorCode;

  constructor(code: ChannelMediaErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, code === 'CHANNEL_MEDIA_NOT_FOUND' ? 404 : 502, details);
    this.name = 'ChannelMediaError';
  }
}

export type ChannelTemplateErrorCode = 'CHANNEL_TEMPLATES_UNAVAILABLE' | 'CHANNEL_TEMPLATE_REFUSED' | 'CHANNEL_TEMPLATES_NOT_CONFIGURED';

/**
 * A template request the Cloud API did not carry out: unreachable or failing (`UNAVAILABLE`), refused
 * with Meta's error (`REFUSED`, its code and message in `details`), or no business account id set.
 */
export class ChannelTemplateError extends AppError {
  declare readonly code: ChannelTemplateErrorCode;

  constructor(code: ChannelTemplateErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, code === 'CHANNEL_TEMPLATE_REFUSED' ? 422 : 502, details);
    this.name = 'ChannelTemplateError';
  }
}
