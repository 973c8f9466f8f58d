import { ChatExportError } from './chat-export.errors.js';
import type { ChatExportStream } from './chat-export.types.js';

type Chunk = Buffer | string | Uint8Array;

function toAsyncIterable(stream: ChatExportStream): AsyncIterable<Chunk> | Iterable<Chunk> {
  if (typeof stream === 'string') return [stream];
  if (stream && typeof (stream as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    return stream as AsyncIterable<Chunk>;
  }
  if (stream && typeof (stream as Iterable<unknown>)[Symbol.iterator] === 'function') return stream as Iterable<Chunk>;
  throw new ChatExportError('IMPORT_INVALID_OPTION', 'The chat export source is not a readable stream', { field: 'source' });
}

/**
 * Split a byte or text stream into lines, a batch per chunk, holding at most one partial line.
 * Decodes UTF-8 (or UTF-16 with a byte-order mark), drops a leading byte-order mark and the
 * `\r` of CRLF endings. A line longer than `maxLineLength` stops the read.
 */
export async function* readLineBatches(stream: ChatExportStream, maxLineLength: number): AsyncGenerator<string[]> {
  let decoder: TextDecoder | null = null;
  let carry = '';
  let first = true;
  let lines = 0;
  try {
    for await (const chunk of toAsyncIterable(stream)) {
      let text: string;
      if (typeof chunk === 'string') {
        text = chunk;
      } else {
        if (!decoder) {
          const b0 = chunk[0];
          const b1 = chunk[1];
          const enc = b0 === 0xff && b1 === 0xfe ? 'utf-16le' : b0 === 0xfe && b1 === 0xff ? 'utf-16be' : 'utf-8';
          decoder = new TextDecoder(enc);
        }
        text = decoder.decode(chunk, { stream: true });
      }
      if (first && text.length > 0) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      const batch = splitInto(carry + text, maxLineLength);
      carry = batch === null ? '' : batch.pop()!;
      if (batch === null || carry.length > maxLineLength) {
        throw new ChatExportError('IMPORT_UNSUPPORTED_FORMAT', 'This file is not a WhatsApp chat export: a line is too long', {
          reason: 'line-too-long',
          maxLineLength,
        });
      }
      // A NUL never occurs in a phone's text export: the file is binary, or damaged, anywhere
      // in it (the layout check only sees the first lines). One indexOf per chunk.
      if (text.indexOf('\u0000') !== -1) throw binaryAt(lines, batch);
      lines += batch.length;
      if (batch.length > 0) yield batch;
    }
  } catch (e) {
    if (e instanceof ChatExportError) throw e;
    throw new ChatExportError('IMPORT_READ_FAILED', 'The chat export could not be read', { cause: (e as NodeJS.ErrnoException)?.code });
  }
  if (decoder) carry += decoder.decode();
  if (carry.length > maxLineLength) {
    throw new ChatExportError('IMPORT_UNSUPPORTED_FORMAT', 'This file is not a WhatsApp chat export: a line is too long', {
      reason: 'line-too-long',
      maxLineLength,
    });
  }
  if (carry.length > 0) yield [carry.endsWith('\r') ? carry.slice(0, -1) : carry];
}

/** The error for a NUL in this batch (or in the unfinished line after it), with its line number. */
function binaryAt(before: number, batch: string[]): ChatExportError {
  const i = batch.findIndex((l) => l.indexOf('\u0000') !== -1);
  const line = before + 1 + (i === -1 ? batch.length : i);
  return new ChatExportError(
    'IMPORT_UNSUPPORTED_FORMAT',
    `This file is not a WhatsApp chat export: it contains binary data (line ${line})`,
    { reason: 'binary', line },
  );
}

/** Lines of `s`; the last element is the unterminated rest (possibly ''). null if a line is too long. */
function splitInto(s: string, max: number): string[] | null {
  const out: string[] = [];
  let start = 0;
  for (;;) {
    const nl = s.indexOf('\n', start);
    if (nl === -1) break;
    if (nl - start > max) return null;
    const end = nl > start && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    out.push(s.slice(start, end));
    start = nl + 1;
  }
  out.push(start === 0 ? s : s.slice(start));
  return out;
}
