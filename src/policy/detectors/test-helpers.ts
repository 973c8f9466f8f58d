import type { Finding } from '../policy.types.js';

/** [type, matched text] pairs, for readable table-driven tests. */
export function spansOf(detect: (text: string) => Finding[], text: string): Array<[string, string]> {
  return detect(text).map((f) => [f.type, text.slice(f.start, f.end)]);
}
