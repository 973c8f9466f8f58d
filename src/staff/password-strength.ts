import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/** NCSC: length first; 12 characters lets three random words fit. */
export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's score 3 is "safely unguessable" (about 10^8 guesses and up): enough behind rate-limited sign-in. */
const MIN_SCORE = 3;

let estimator: Promise<ZxcvbnFactory> | null = null;
/**
 * zxcvbn-ts with its common-password and English dictionaries, loaded on the first password change: they are
 * several MB of strings, which every process (the worker, imports, the CLI) would otherwise carry in its heap.
 */
function zxcvbn(): Promise<ZxcvbnFactory> {
  estimator ??= (async () => {
    const [{ ZxcvbnFactory }, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    return new ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      translations: en.translations,
    });
  })();
  return estimator;
}

export type PasswordProblem = { code: 'TOO_SHORT' } | { code: 'PERSONAL' } | { code: 'GUESSABLE'; hint: string | null };

/**
 * What is wrong with a new password, or null. Besides its length, it is scored by zxcvbn-ts (common
 * passwords, dictionary words, keyboard runs, repeats, dates, l33t), with the person's own email and
 * name as known words, and refused outright when it contains them.
 */
export async function passwordProblem(password: string, person: { email: string; displayName: string }): Promise<PasswordProblem | null> {
  if (password.length < MIN_PASSWORD_LENGTH) return { code: 'TOO_SHORT' };
  const own = [
    person.email,
    person.email.split('@')[0]!,
    ...person.email.split('@')[0]!.split(/[._+-]+/),
    ...person.displayName.split(/\s+/),
  ]
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length >= 4);
  const squashed = password.toLowerCase().replace(/[^a-z0-9@.]/g, '');
  if (own.some((w) => squashed.includes(w.replace(/[^a-z0-9@.]/g, '')))) return { code: 'PERSONAL' };
  const r = (await zxcvbn()).check(password, own);
  return r.score < MIN_SCORE ? { code: 'GUESSABLE', hint: r.feedback.warning ?? null } : null;
}
