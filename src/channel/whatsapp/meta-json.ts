/**
 * Serialise JSON the way Meta's webhook sender does: every non-ASCII UTF-16 code unit is
 * written as a lowercase `\uXXXX` escape (so an emoji becomes a surrogate pair such as
 * `\ud83d\ude00`) and `/` is written as `\/`. Meta signs these exact bytes, which is why the
 * receiver must verify the raw body and never a re-serialised object.
 */
export function stringifyLikeMeta(value: unknown): string {
  const json = JSON.stringify(value);
  // Non-ASCII characters and '/' can only occur inside JSON strings, so a global replace is safe.
  return json.replace(/[\u007f-\uffff/]/g, (ch) => (ch === '/' ? '\\/' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
