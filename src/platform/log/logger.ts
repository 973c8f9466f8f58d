import pino from 'pino';

/**
 * JSON logs. Log ids, never message content, names or phone numbers; the redact
 * list is a safety net for fields that might slip into a logged object.
 */
export function createLogger(level = 'info') {
  return pino({
    level,
    base: { service: 'liaise' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-hub-signature-256"]',
        '*.body',
        '*.text',
        '*.password',
        '*.phone',
        '*.waNumber',
        '*.wa_number',
        '*.to',
        '*.from',
      ],
      censor: '[redacted]',
    },
  });
}

export type Logger = pino.Logger;
