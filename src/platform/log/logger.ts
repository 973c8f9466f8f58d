import pino from 'pino';

/**
 * JSON logs. Log ids and route patterns, never message content, names, phone
 * numbers, search terms or secrets:
 * - a request is logged by its route pattern (`/citizens/:id`), never its URL,
 *   whose query string can carry a citizen search or the webhook verify token;
 * - an error is logged by its type, code and stack frames; values quoted in its
 *   message are masked, and its own fields (a database error's SQL parameters,
 *   for one) are not logged at all;
 * - the redact list is a safety net for fields that might slip into a logged object.
 */
export function createLogger(level = 'info', destination?: pino.DestinationStream) {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'liaise' },
    serializers: { req: serializeRequest, res: serializeReply, err: serializeError },
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
        '*.params',
        '*.query',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type Logger = pino.Logger;

interface RequestLike {
  id?: unknown;
  method?: unknown;
  routeOptions?: { url?: unknown };
}

/** A request as its id, method and route pattern; the URL itself is never logged. */
export function serializeRequest(req: RequestLike): Record<string, unknown> {
  const route = typeof req.routeOptions?.url === 'string' ? req.routeOptions.url : '(no route)';
  return { id: req.id, method: req.method, route };
}

function serializeReply(res: { statusCode?: unknown }): Record<string, unknown> {
  return { statusCode: res.statusCode };
}

/** Quoted values ("07700 900456", 'Alex') and long digit runs in an error message. */
const QUOTED = /"[^"]*"|'[^']*'|\d{5,}/g;

/**
 * An error as its type, code, masked message and stack frames. Enumerable fields are
 * dropped on purpose: a PGlite or pg error carries the statement's parameters and a
 * `detail` such as `Key (wa_number)=(+447700900456) already exists`.
 */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const code = (err as { code?: unknown }).code;
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  return {
    type: err.constructor.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: err.message.replace(QUOTED, '[…]'),
    stack: frames,
    ...(err.cause instanceof Error ? { cause: serializeError(err.cause) } : {}),
  };
}
