import { createHash } from 'node:crypto';
import {
  TEMPLATE_CATEGORIES,
  TEMPLATE_STATUSES,
  type ChannelClient,
  type ChannelTemplate,
  type DownloadedMedia,
  type NewChannelTemplate,
  type OutboundContent,
  type SendRequest,
  type SendResult,
  type StreamedMedia,
  type TemplateCategory,
  type TemplateChannel,
  type TemplateStatus,
} from '../channel.types.js';
import {
  messageTemplateListSchema,
  type CreateMessageTemplateBody,
  type CreateMessageTemplateResponse,
  type GraphErrorBody,
  type MediaInfoResponse,
  type SendMessageBody,
  type SendMessageResponse,
} from './cloud-api.types.js';
import { ChannelMediaError, ChannelTemplateError } from './channel.errors.js';

export interface CloudApiClientOptions {
  /** e.g. `https://graph.facebook.com` in production, the simulator's URL by default. */
  graphBase: string;
  /** e.g. `v21.0`. */
  apiVersion: string;
  phoneNumberId: string;
  /** The WhatsApp Business Account id, for its template endpoints; without it they are refused. */
  wabaId?: string | null;
  /** Templates asked for per page when listing (default 100, Meta's largest). */
  templatePageSize?: number;
  accessToken: string;
  /** Whole-request timeout for a send, including reading the response (default 15 s). */
  timeoutMs?: number;
  /** Timeout for each of the two media requests (default 60 s). */
  mediaTimeoutMs?: number;
  /** Largest media file accepted by `downloadMedia` (default 100 MB). */
  maxMediaBytes?: number;
  fetchImpl?: typeof fetch;
}

export interface DownloadMediaOptions {
  /**
   * The SHA-256 the webhook announced for this media (hex or base64), checked in addition to the
   * one in the media details response.
   */
  expectedSha256?: string | null;
}

/**
 * The Cloud API client: a `ChannelClient` whose `downloadMedia` also takes the webhook's SHA-256, with
 * `openMedia` to stream the same download, and the account's templates.
 */
export interface CloudApiClient extends ChannelClient, TemplateChannel {
  downloadMedia(mediaId: string, options?: DownloadMediaOptions): Promise<DownloadedMedia>;
  openMedia(mediaId: string, options?: DownloadMediaOptions): Promise<StreamedMedia>;
}

/** Meta error codes meaning "slow down": certainly not sent, try later. */
const RATE_LIMIT_CODES = new Set([4, 80007, 130429, 131048, 131056]);
/** Meta error codes returned when Meta certainly did not take the message but might later. */
const TRANSIENT_CODES = new Set([1, 2, 131000, 133004]);
/** Errors raised before any byte of the request can have reached the server. */
const NOT_SENT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

const KNOWN_REJECTIONS: Record<number, string> = {
  100: 'The request had an invalid parameter',
  190: 'The WhatsApp access token is invalid or has expired: an administrator must renew it',
  131026: 'The message could not be delivered to this number (not on WhatsApp, or cannot receive it)',
  131047: 'More than 24 hours have passed since the citizen last replied: only an approved template can be sent',
  131051: 'This message type is not supported',
  368: 'The WhatsApp account is temporarily blocked for policy violations',
};

/** A `ChannelClient` speaking Meta's WhatsApp Cloud API (or the simulator, which speaks the same). */
export function createCloudApiClient(opts: CloudApiClientOptions): CloudApiClient {
  const fetchFn = opts.fetchImpl ?? fetch;
  const base = opts.graphBase.replace(/\/+$/, '');
  const messagesUrl = `${base}/${opts.apiVersion}/${encodeURIComponent(opts.phoneNumberId)}/messages`;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const mediaTimeoutMs = opts.mediaTimeoutMs ?? 60_000;
  const maxMediaBytes = opts.maxMediaBytes ?? 100 * 1024 * 1024;
  const auth = { authorization: `Bearer ${opts.accessToken}` };

  async function send(request: SendRequest): Promise<SendResult> {
    const to = request.to.startsWith('+') ? request.to.slice(1) : request.to;
    if (!/^\d{6,15}$/.test(to)) {
      return { outcome: 'rejected', code: null, reason: 'The recipient is not a valid international phone number' };
    }
    const body: SendMessageBody = {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      ...contentFields(request.content),
      biz_opaque_callback_data: request.clientReference,
    };

    let response: Response;
    let text: string;
    try {
      response = await fetchFn(messagesUrl, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      return classifyTransportError(err);
    }
    return classifyResponse(response.status, response.headers.get('retry-after'), text);
  }

  /**
   * Media by id, as a stream: the media-id → URL request, then the file's body, read a piece at a time
   * (so a 100 MB video is never held whole). The size limit is enforced as it arrives, and once the last
   * piece is read the SHA-256 is checked against Meta's and the webhook's: a mismatch fails the stream at
   * its end, so a caller writing it inside a transaction keeps nothing.
   */
  async function openMedia(mediaId: string, options: DownloadMediaOptions = {}): Promise<StreamedMedia> {
    if (!/^[A-Za-z0-9_.-]{1,128}$/.test(mediaId)) {
      throw new ChannelMediaError('CHANNEL_MEDIA_NOT_FOUND', 'The media id is not in the expected form');
    }
    const infoUrl = `${base}/${opts.apiVersion}/${encodeURIComponent(mediaId)}`;
    let info: MediaInfoResponse;
    try {
      const res = await fetchFn(infoUrl, { headers: auth, signal: AbortSignal.timeout(mediaTimeoutMs) });
      const text = await res.text();
      if (!res.ok) throw mediaHttpError(res.status, text, 'media details');
      info = JSON.parse(text) as MediaInfoResponse;
    } catch (err) {
      throw asMediaError(err, 'Could not fetch the media details');
    }
    if (typeof info?.url !== 'string' || typeof info.mime_type !== 'string') {
      throw new ChannelMediaError('CHANNEL_MEDIA_FETCH_FAILED', 'Media details response was not understood');
    }
    const declaredSize = Number(info.file_size);
    if (Number.isFinite(declaredSize) && declaredSize > maxMediaBytes) {
      throw new ChannelMediaError('CHANNEL_MEDIA_TOO_LARGE', `Media is larger than the ${maxMediaBytes} byte limit`, {
        size: declaredSize,
      });
    }

    // The download URL comes from the response; the bearer token is only ever sent over HTTPS
    // (Meta's lookaside host) or back to the configured Graph base (the simulator over HTTP).
    if (!isTrustedMediaUrl(info.url, base)) {
      throw new ChannelMediaError('CHANNEL_MEDIA_FETCH_FAILED', 'Media URL is not HTTPS or the configured Graph host');
    }

    let res: Response;
    try {
      res = await fetchFn(info.url, { headers: auth, signal: AbortSignal.timeout(mediaTimeoutMs) });
      if (!res.ok) throw mediaHttpError(res.status, await res.text(), 'media file');
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxMediaBytes) {
        await res.body?.cancel();
        throw new ChannelMediaError('CHANNEL_MEDIA_TOO_LARGE', `Media is larger than the ${maxMediaBytes} byte limit`);
      }
    } catch (err) {
      throw asMediaError(err, 'Could not download the media file');
    }
    const expected = [info.sha256, options.expectedSha256].filter((v): v is string => typeof v === 'string' && v.length > 0);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    let sha256: string | null = null;
    const body = res.body;
    async function* chunks(): AsyncGenerator<Buffer> {
      if (body) {
        const reader = body.getReader();
        let finished = false;
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) {
              finished = true;
              break;
            }
            sizeBytes += value.byteLength;
            if (sizeBytes > maxMediaBytes) {
              throw new ChannelMediaError('CHANNEL_MEDIA_TOO_LARGE', `Media is larger than the ${maxMediaBytes} byte limit`);
            }
            const b = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
            hash.update(b);
            yield b;
          }
        } catch (err) {
          throw asMediaError(err, 'Could not download the media file');
        } finally {
          // Stopped early (too large, or the reader gave up): the rest of the body is not wanted.
          if (!finished) await reader.cancel().catch(() => undefined);
          reader.releaseLock();
        }
      }
      const digest = hash.digest();
      if (expected.some((given) => !sha256Matches(digest, given))) {
        throw new ChannelMediaError('CHANNEL_MEDIA_CHECKSUM_MISMATCH', 'Downloaded media does not match its SHA-256', { mediaId });
      }
      sha256 = digest.toString('hex');
    }
    return {
      mimeType: info.mime_type,
      body: chunks(),
      get sha256() {
        return sha256;
      },
      get sizeBytes() {
        return sizeBytes;
      },
    };
  }

  async function downloadMedia(mediaId: string, options: DownloadMediaOptions = {}): Promise<DownloadedMedia> {
    const media = await openMedia(mediaId, options);
    const parts: Buffer[] = [];
    for await (const chunk of media.body) parts.push(chunk);
    return { bytes: Buffer.concat(parts), mimeType: media.mimeType, sha256: media.sha256!, fileName: null };
  }

  function templatesUrl(query = ''): string {
    if (!opts.wabaId) {
      throw new ChannelTemplateError(
        'CHANNEL_TEMPLATES_NOT_CONFIGURED',
        'No WhatsApp Business Account id is configured (WHATSAPP_WABA_ID)',
      );
    }
    return `${base}/${opts.apiVersion}/${encodeURIComponent(opts.wabaId)}/message_templates${query}`;
  }

  /** One template request: the parsed JSON answer, or a ChannelTemplateError saying why not. */
  async function templateRequest(url: string, init: RequestInit = {}): Promise<unknown> {
    let response: Response;
    let text: string;
    try {
      response = await fetchFn(url, {
        ...init,
        headers: { ...auth, accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (err) {
      const name = (err as { name?: string })?.name;
      throw new ChannelTemplateError('CHANNEL_TEMPLATES_UNAVAILABLE', `WhatsApp could not be reached${name ? ` (${name})` : ''}`);
    }
    const json = tryParse(text);
    if (response.ok) return json;
    const error = (json as GraphErrorBody | undefined)?.error;
    if (response.status >= 400 && response.status < 500 && error && response.status !== 429) {
      throw new ChannelTemplateError(
        'CHANNEL_TEMPLATE_REFUSED',
        `WhatsApp refused the template: ${describe(error.code, error.error_data?.details ?? error.message, response.status)}`,
        {
          providerCode: error.code,
        },
      );
    }
    throw new ChannelTemplateError('CHANNEL_TEMPLATES_UNAVAILABLE', `WhatsApp answered HTTP ${response.status}`);
  }

  /** Every template on the account, page by page (Meta pages with `after` cursors). */
  async function listTemplates(): Promise<ChannelTemplate[]> {
    const out: ChannelTemplate[] = [];
    let after: string | undefined;
    // At most 50 pages (of 100 by default): far beyond the 250 templates Meta allows an unverified account.
    for (let page = 0; page < 50; page++) {
      const query = `?fields=id,name,language,status,category,components,rejected_reason&limit=${opts.templatePageSize ?? 100}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
      const parsed = messageTemplateListSchema.safeParse(await templateRequest(templatesUrl(query)));
      if (!parsed.success) throw new ChannelTemplateError('CHANNEL_TEMPLATES_UNAVAILABLE', 'The template list was not understood');
      for (const t of parsed.data.data) {
        out.push({
          providerTemplateId: t.id,
          name: t.name,
          language: t.language,
          category: asCategory(t.category),
          status: asStatus(t.status),
          body: t.components?.find((c) => c.type === 'BODY')?.text ?? null,
          rejectedReason: t.rejected_reason && t.rejected_reason !== 'NONE' ? t.rejected_reason : null,
        });
      }
      after = parsed.data.paging?.next ? parsed.data.paging.cursors?.after : undefined;
      if (!after) break;
    }
    return out;
  }

  async function createTemplate(t: NewChannelTemplate): Promise<{ providerTemplateId: string; status: TemplateStatus }> {
    const body: CreateMessageTemplateBody = {
      name: t.name,
      language: t.language,
      category: t.category,
      components: [
        { type: 'BODY', text: t.body, ...(t.exampleParameters.length ? { example: { body_text: [t.exampleParameters] } } : {}) },
      ],
    };
    const answer = (await templateRequest(templatesUrl(), { method: 'POST', body: JSON.stringify(body) })) as
      CreateMessageTemplateResponse | undefined;
    if (typeof answer?.id !== 'string') throw new ChannelTemplateError('CHANNEL_TEMPLATES_UNAVAILABLE', 'WhatsApp gave no template id');
    return { providerTemplateId: answer.id, status: asStatus(answer.status) ?? 'PENDING' };
  }

  return { send, downloadMedia, openMedia, listTemplates, createTemplate };
}

const asStatus = (s: string): TemplateStatus | null =>
  (TEMPLATE_STATUSES as readonly string[]).includes(s) ? (s as TemplateStatus) : null;
// Meta has reclassified old categories (TRANSACTIONAL, OTP …) into these three; anything else is read as UTILITY.
const asCategory = (c: string): TemplateCategory =>
  (TEMPLATE_CATEGORIES as readonly string[]).includes(c) ? (c as TemplateCategory) : c === 'OTP' ? 'AUTHENTICATION' : 'UTILITY';

function contentFields(content: OutboundContent): Pick<SendMessageBody, 'type' | 'text' | 'template'> {
  if (content.type === 'text') {
    return { type: 'text', text: { body: content.body, preview_url: false } };
  }
  return {
    type: 'template',
    template: {
      name: content.name,
      language: { code: content.language },
      components: content.bodyParameters.length
        ? [{ type: 'body', parameters: content.bodyParameters.map((text) => ({ type: 'text', text })) }]
        : [],
    },
  };
}

/** Classify an HTTP answer from the Graph API into a SendResult. Exported for tests. */
export function classifyResponse(status: number, retryAfter: string | null, text: string): SendResult {
  const json = tryParse(text);
  if (status >= 200 && status < 300) {
    const id = (json as SendMessageResponse | undefined)?.messages?.[0]?.id;
    if (typeof id === 'string' && id.length > 0) return { outcome: 'accepted', providerMessageId: id };
    return { outcome: 'uncertain', reason: `HTTP ${status} without a message id` };
  }

  const error = (json as GraphErrorBody | undefined)?.error;
  const code = typeof error?.code === 'number' ? error.code : null;
  const retryAfterMs = parseRetryAfter(retryAfter);

  if (status === 429 || (code !== null && RATE_LIMIT_CODES.has(code))) {
    return { outcome: 'retryable', code, reason: `Rate limited by WhatsApp${code ? ` (${code})` : ''}`, retryAfterMs };
  }
  if (status >= 500) {
    if (!error) return { outcome: 'uncertain', reason: `HTTP ${status} without an error body` };
    return { outcome: 'retryable', code, reason: describe(code, error.message, status), retryAfterMs };
  }
  if (code !== null && TRANSIENT_CODES.has(code)) {
    return { outcome: 'retryable', code, reason: describe(code, error?.message, status), retryAfterMs };
  }
  if (status >= 400) {
    return { outcome: 'rejected', code, reason: describe(code, error?.message, status) };
  }
  return { outcome: 'uncertain', reason: `Unexpected HTTP ${status}` };
}

function describe(code: number | null, message: string | undefined, status: number): string {
  if (code !== null && KNOWN_REJECTIONS[code]) return `${KNOWN_REJECTIONS[code]} (${code})`;
  if (code !== null && code >= 132000 && code < 133000) {
    return `The template was refused: ${message ?? 'template error'} (${code})`;
  }
  const m = message ? message.slice(0, 200) : `HTTP ${status}`;
  return code !== null ? `${m} (${code})` : m;
}

/** Classify a thrown fetch error: was the request certainly not sent, or might it have arrived? */
export function classifyTransportError(err: unknown): SendResult {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return { outcome: 'uncertain', reason: 'Timed out waiting for WhatsApp: the message may have been sent' };
  }
  const code = e?.cause?.code ?? e?.code;
  if (code && NOT_SENT_ERRORS.has(code)) {
    return { outcome: 'retryable', code: null, reason: `Could not connect to WhatsApp (${code})`, retryAfterMs: null };
  }
  return {
    outcome: 'uncertain',
    reason: `Connection to WhatsApp failed after sending (${code ?? e?.name ?? 'unknown'}): the message may have been sent`,
  };
}

function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function tryParse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isTrustedMediaUrl(url: string, graphBase: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.origin === new URL(graphBase).origin;
  } catch {
    return false;
  }
}

function sha256Matches(digest: Buffer, given: string): boolean {
  const g = given.trim();
  return g.toLowerCase() === digest.toString('hex') || g === digest.toString('base64');
}

function mediaHttpError(status: number, text: string, what: string): ChannelMediaError {
  const code = (tryParse(text) as GraphErrorBody | undefined)?.error?.code;
  if (status === 401 || code === 190) {
    return new ChannelMediaError('CHANNEL_MEDIA_UNAUTHORIZED', `Not authorised to fetch the ${what}`);
  }
  if (status === 404 || code === 100) {
    return new ChannelMediaError('CHANNEL_MEDIA_NOT_FOUND', `The ${what} was not found (expired or unknown id)`);
  }
  return new ChannelMediaError('CHANNEL_MEDIA_FETCH_FAILED', `Fetching the ${what} failed with HTTP ${status}`);
}

function asMediaError(err: unknown, message: string): ChannelMediaError {
  if (err instanceof ChannelMediaError) return err;
  const name = (err as { name?: string })?.name;
  return new ChannelMediaError('CHANNEL_MEDIA_FETCH_FAILED', `${message}${name ? ` (${name})` : ''}`);
}
