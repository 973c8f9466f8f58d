import type { AttachmentFacts, EmailFileRule, Finding } from '../policy.types.js';

/** Email files (.eml, .msg …) attached to a message: the guidance forbids storing email in WhatsApp. */
export function detectEmailFiles(attachments: readonly AttachmentFacts[] | undefined, rule: EmailFileRule): Finding[] {
  if (!attachments || attachments.length === 0) return [];
  const out: Finding[] = [];
  for (const a of attachments) {
    const name = (a.fileName ?? '').trim().toLowerCase();
    const mime = (a.mimeType ?? '').trim().toLowerCase().split(';')[0] ?? '';
    const byExtension = rule.extensions.some((ext) => name.endsWith(ext));
    const byMime = mime !== '' && rule.mimeTypes.includes(mime);
    if (byExtension || byMime) {
      out.push({
        type: 'EMAIL_FILE',
        start: 0,
        end: 0,
        rule: byExtension ? 'email-file.extension' : 'email-file.mime-type',
        confidence: 0.99,
      });
    }
  }
  return out;
}
