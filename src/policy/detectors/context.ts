/**
 * Context helpers in the manner of Presidio's context enhancer: a bare pattern
 * is weak evidence; words just before (or after) it raise or establish it.
 */

/** Does `re` match within `window` characters before `start`? `re` must not be global. */
export function hasContextBefore(text: string, start: number, re: RegExp, window = 40): boolean {
  return re.test(text.slice(Math.max(0, start - window), start));
}

/** Does `re` match within `window` characters after `end`? */
export function hasContextAfter(text: string, end: number, re: RegExp, window = 30): boolean {
  return re.test(text.slice(end, end + window));
}

/** Does `re` match near the span, either side? */
export function hasContextAround(text: string, start: number, end: number, re: RegExp, before = 40, after = 30): boolean {
  return hasContextBefore(text, start, re, before) || hasContextAfter(text, end, re, after);
}

/** Digits of a string, separators dropped. */
export function digitsOf(s: string): string {
  return s.replace(/\D/g, '');
}

/** Start and end of the sentence (or line) that contains index `i`. */
export function sentenceAround(text: string, from: number, to = from): { start: number; end: number } {
  let start = from;
  while (start > 0) {
    const c = text.charCodeAt(start - 1);
    // . ! ? newline end a sentence
    if (c === 46 || c === 33 || c === 63 || c === 10) break;
    start--;
  }
  while (start < from && /\s/.test(text[start] ?? '')) start++;
  let end = to;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === 46 || c === 33 || c === 63 || c === 10) break;
    end++;
  }
  while (end > to && /\s/.test(text[end - 1] ?? '')) end--;
  return { start, end };
}

/** Lower-case with the same length and indices as `text` (ASCII-only fallback when Unicode case mapping changes length). */
export function lowerSameLength(text: string): string {
  // Several detectors ask for the same message in turn: remember the last one.
  if (text === lastText) return lastLower;
  let lower = text.toLowerCase();
  if (lower.length !== text.length) lower = text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
  lastText = text;
  lastLower = lower;
  return lower;
}
let lastText = '';
let lastLower = '';

/**
 * All matches of a global regex, without String.prototype.matchAll (which
 * clones the RegExp on every call; measurable at 1 KB per message).
 */
export function execAll(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}
