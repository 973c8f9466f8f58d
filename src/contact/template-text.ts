/**
 * WhatsApp template bodies with numbered parameters ({{1}}, {{2}} …): checking a
 * body an admin writes, checking the parameters a caseworker fills, and rendering
 * exactly the text WhatsApp shows, so the record holds what the citizen receives.
 */

/** The parameter numbers a body uses, in order of number. Meta requires them to run 1..n with no gaps. */
export function templateParameters(body: string): number[] {
  return [...new Set([...body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

export type TemplateBodyProblem = 'empty' | 'too_long' | 'parameters_not_sequential' | 'starts_or_ends_with_parameter';

/** Meta's rules for a template body (1,024 characters; parameters 1..n; not at the very start or end). */
export function checkTemplateBody(body: string): TemplateBodyProblem[] {
  const problems: TemplateBodyProblem[] = [];
  const t = body.trim();
  if (!t) return ['empty'];
  if (t.length > 1024) problems.push('too_long');
  const ps = templateParameters(t);
  if (ps.some((p, i) => p !== i + 1)) problems.push('parameters_not_sequential');
  if (/^\{\{\s*\d+\s*\}\}/.test(t) || /\{\{\s*\d+\s*\}\}[.!?]?$/.test(t)) problems.push('starts_or_ends_with_parameter');
  return problems;
}

export type ParameterProblem =
  | { index: number; problem: 'missing' | 'empty' | 'has_line_breaks' | 'too_many_spaces' | 'too_long' }
  | { index: null; problem: 'too_many' };

/** What WhatsApp refuses in a filled parameter: new lines, tabs, more than four spaces in a row. */
export function checkTemplateParameters(body: string, params: readonly string[]): ParameterProblem[] {
  const count = templateParameters(body).length;
  const out: ParameterProblem[] = [];
  for (let i = 0; i < count; i++) {
    const p = params[i];
    if (p === undefined) out.push({ index: i + 1, problem: 'missing' });
    else if (!p.trim()) out.push({ index: i + 1, problem: 'empty' });
    else if (/[\n\r\t]/.test(p)) out.push({ index: i + 1, problem: 'has_line_breaks' });
    else if (/ {5,}/.test(p)) out.push({ index: i + 1, problem: 'too_many_spaces' });
    else if (p.length > 1024) out.push({ index: i + 1, problem: 'too_long' });
  }
  if (params.length > count) out.push({ index: null, problem: 'too_many' });
  return out;
}

/** The text as WhatsApp renders it. Throws if the parameters are not valid for the body. */
export function renderTemplateText(body: string, params: readonly string[]): string {
  const problems = checkTemplateParameters(body, params);
  if (problems.length)
    throw new Error(`template parameters invalid: ${problems.map((p) => `${p.index ?? ''} ${p.problem}`.trim()).join(', ')}`);
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (_, n: string) => params[Number(n) - 1]!);
}
