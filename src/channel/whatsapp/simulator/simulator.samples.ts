/** Built-in sample attachments for the citizen-phone page, so a tester needs no files to hand. */

/** A 24×24 PNG (a blue and yellow check). */
export const SAMPLE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAIAAABvFaqvAAAALklEQVR42mP4f5cBDckW7EBDxKhhGDWIjgaRpw1TzahB9DRoNGWP5rVRg+hiEAC1jIVOQQgTUwAAAABJRU5ErkJggg==',
  'base64',
);

/** A one-page PDF saying "Sample document from the WhatsApp simulator". */
export const SAMPLE_PDF = buildSamplePdf('Sample document from the WhatsApp simulator');

function buildSamplePdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export const SAMPLES = {
  image: { bytes: SAMPLE_PNG, mimeType: 'image/png', fileName: 'sample.png' },
  pdf: { bytes: SAMPLE_PDF, mimeType: 'application/pdf', fileName: 'sample.pdf' },
} as const;
