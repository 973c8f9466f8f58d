import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';

/** One entry of a transcript, already decided: who, when, and either the text or the tombstone's words. */
export interface TranscriptEntry {
  when: string;
  who: string;
  text: string | null;
  note: string | null;
}

export interface Transcript {
  title: string;
  details: [string, string][];
  entries: TranscriptEntry[];
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const BODY = 10.5;
const LEADING = 14;

/**
 * Renders a case transcript as an A4 PDF with pdf-lib's standard Helvetica. Those fonts carry the
 * Windows-1252 characters only, so anything else (emoji, most non-Latin scripts) prints as "?"; the
 * JSON and CSV exports keep the exact text.
 */
export async function renderTranscriptPdf(t: Transcript, meta: { producedAt: Date }): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(t.title);
  doc.setProducer('Liaise');
  doc.setCreationDate(meta.producedAt);
  doc.setModificationDate(meta.producedAt);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const encodable = new Set(regular.getCharacterSet());
  const clean = (s: string) =>
    Array.from(s.replace(/\r\n?/g, '\n'), (ch) => (ch === '\n' || encodable.has(ch.codePointAt(0)!) ? ch : '?')).join('');

  let page: PDFPage = doc.addPage(A4);
  let y = A4[1] - MARGIN;
  const width = A4[0] - 2 * MARGIN;
  const newPage = () => {
    page = doc.addPage(A4);
    y = A4[1] - MARGIN;
  };
  const line = (text: string, font: PDFFont, size: number, indent = 0, colour = rgb(0.04, 0.05, 0.05)) => {
    if (y < MARGIN + size) newPage();
    page.drawText(text, { x: MARGIN + indent, y, size, font, color: colour });
    y -= Math.max(LEADING, size * 1.35);
  };
  /** Wraps at spaces to the column width; a word longer than a line is cut. */
  const wrapped = (text: string, font: PDFFont, size: number, indent = 0, colour?: ReturnType<typeof rgb>) => {
    for (const para of clean(text).split('\n')) {
      let current = '';
      for (const word of para.split(/ +/)) {
        const candidate = current ? `${current} ${word}` : word;
        if (font.widthOfTextAtSize(candidate, size) <= width - indent) {
          current = candidate;
          continue;
        }
        if (current) line(current, font, size, indent, colour);
        let rest = word;
        while (font.widthOfTextAtSize(rest, size) > width - indent) {
          let cut = rest.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width - indent) cut -= 1;
          line(rest.slice(0, cut), font, size, indent, colour);
          rest = rest.slice(cut);
        }
        current = rest;
      }
      line(current, font, size, indent, colour);
    }
  };

  wrapped(t.title, bold, 18);
  y -= 6;
  for (const [k, v] of t.details) wrapped(`${k}: ${v}`, regular, BODY);
  y -= 10;
  if (t.entries.length === 0) wrapped('No messages are linked to this case.', regular, BODY);
  for (const e of t.entries) {
    if (y < MARGIN + 3 * LEADING) newPage();
    wrapped(`${e.when} - ${e.who}`, bold, BODY);
    if (e.text !== null) wrapped(e.text, regular, BODY, 12);
    if (e.note !== null) wrapped(e.note, regular, BODY, 12, rgb(0.31, 0.35, 0.38));
    y -= 6;
  }
  const pages = doc.getPages();
  pages.forEach((p, i) =>
    p.drawText(clean(`${t.title} - page ${i + 1} of ${pages.length}`), { x: MARGIN, y: MARGIN / 2, size: 8, font: regular }),
  );
  return Buffer.from(await doc.save());
}
