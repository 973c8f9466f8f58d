import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ChatExportError } from './chat-export.errors.js';

export interface ChatExportZipLimits {
  /** Most entries accepted (default 20,000: a chat with years of media). */
  maxEntries?: number;
  /** Most bytes all entries may expand to (default 4 GiB). */
  maxUncompressedBytes?: number;
  /** Highest expansion ratio for an entry over 1 MiB (default 200; deflate bombs reach 1,000+). */
  maxCompressionRatio?: number;
}

export interface ChatExportZip {
  /** Name of the chat text inside the zip (`_chat.txt` on iOS, `WhatsApp Chat with ….txt` on Android). */
  chatFileName: string;
  /** Every other file, by the name the chat's attachments refer to. */
  mediaFileNames: string[];
  /** What all the entries expand to, in bytes (from the central directory, already checked against the limits). */
  totalBytes: number;
  /** A fresh stream of the chat text (can be called again for a second pass). */
  openChat(): Promise<Readable>;
  /** A stream of one media file; IMPORT_ZIP_MEDIA_NOT_FOUND if the zip does not hold it. */
  openMedia(fileName: string): Promise<Readable>;
  /** The size a media file declares (uncompressed), or null if the zip does not hold it. */
  mediaSize(fileName: string): number | null;
  close(): void;
}

const RATIO_FLOOR = 1_048_576;

const invalid = (reason: string): ChatExportError =>
  new ChatExportError('IMPORT_ZIP_INVALID', 'This zip file is damaged or incomplete', { reason });

const baseName = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

/**
 * Open a WhatsApp export `.zip`. Only the central directory is read here; entries are streamed
 * on demand. Refuses zip bombs before expanding anything (entry count, declared sizes, ratio)
 * and again while streaming (yauzl checks the declared size), and reports truncated or
 * damaged zips as IMPORT_ZIP_INVALID.
 */
export async function openChatExportZip(path: string, limits: ChatExportZipLimits = {}): Promise<ChatExportZip> {
  const maxEntries = limits.maxEntries ?? 20_000;
  const maxTotal = limits.maxUncompressedBytes ?? 4 * 1024 ** 3;
  const maxRatio = limits.maxCompressionRatio ?? 200;
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, z) => {
      if (err || !z) {
        const code = err && 'code' in err ? String(err.code) : undefined;
        reject(
          code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR'
            ? new ChatExportError('IMPORT_READ_FAILED', 'The chat export file could not be opened', { cause: code })
            : invalid('central-directory'),
        );
      } else resolve(z);
    });
  });
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    zip.close();
  };
  const bomb = (reason: string, details: Record<string, unknown> = {}): ChatExportError => {
    close();
    return new ChatExportError('IMPORT_ZIP_BOMB', 'This zip file expands too much to be a chat export', { reason, ...details });
  };
  if (zip.entryCount > maxEntries) throw bomb('too-many-entries', { entries: zip.entryCount, maxEntries });

  const entries = new Map<string, yauzl.Entry>();
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) {
        total += entry.uncompressedSize;
        if (total > maxTotal) return reject(bomb('too-large', { maxUncompressedBytes: maxTotal }));
        if (entry.uncompressedSize > RATIO_FLOOR && entry.uncompressedSize > maxRatio * Math.max(1, entry.compressedSize)) {
          return reject(bomb('compression-ratio', { maxCompressionRatio: maxRatio }));
        }
        entries.set(entry.fileName, entry);
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', () => {
      close();
      reject(invalid('entries'));
    });
    zip.readEntry();
  });

  const texts = [...entries.keys()].filter((n) => /\.txt$/i.test(n) && !n.startsWith('__MACOSX/'));
  const chatFileName =
    texts.find((n) => baseName(n) === '_chat.txt') ??
    texts.find((n) => /^WhatsApp Chat/i.test(baseName(n))) ??
    (texts.length === 1 ? texts[0] : undefined);
  if (!chatFileName) {
    close();
    throw new ChatExportError('IMPORT_ZIP_NO_CHAT', 'This zip file holds no WhatsApp chat text', { textFiles: texts.length });
  }
  const byBase = new Map<string, string>();
  for (const n of entries.keys()) if (n !== chatFileName) byBase.set(baseName(n), n);

  const stream = (entry: yauzl.Entry): Promise<Readable> =>
    new Promise((resolve, reject) => {
      if (entry.isEncrypted()) return reject(invalid('encrypted'));
      zip.openReadStream(entry, (err, src) => {
        if (err || !src) return reject(invalid('entry'));
        const out = new PassThrough({ highWaterMark: 256 * 1024 });
        src.on('error', (e: Error) => {
          out.destroy(
            /too many bytes|uncompressed size/i.test(e.message)
              ? new ChatExportError('IMPORT_ZIP_BOMB', 'This zip file expands beyond its declared size', { reason: 'size-mismatch' })
              : invalid('entry-data'),
          );
        });
        // Whoever stops reading early (a first pass that has seen enough) frees the entry too.
        out.on('close', () => src.destroy());
        // An entry can fail before its reader starts (an import first writes a row, a database round trip
        // away): the error stays on the stream (`errored`) and its reader's iterator or pipeline throws it
        // when it starts. Without a listener until then, it would be an unhandled 'error' ending the process.
        out.on('error', () => undefined);
        src.pipe(out);
        resolve(out);
      });
    });

  const mediaEntry = (fileName: string): yauzl.Entry | undefined => {
    const full = byBase.get(fileName) ?? (entries.has(fileName) && fileName !== chatFileName ? fileName : undefined);
    return full === undefined ? undefined : entries.get(full);
  };

  return {
    chatFileName,
    mediaFileNames: [...byBase.keys()],
    totalBytes: total,
    openChat: () => stream(entries.get(chatFileName)!),
    openMedia: (fileName: string) => {
      const full = mediaEntry(fileName);
      if (!full) return Promise.reject(new ChatExportError('IMPORT_ZIP_MEDIA_NOT_FOUND', 'The zip file does not hold that attachment'));
      return stream(full);
    },
    mediaSize: (fileName: string) => mediaEntry(fileName)?.uncompressedSize ?? null,
    close,
  };
}
