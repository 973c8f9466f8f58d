import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

/** NCSC: length first; 12 characters lets three random words fit. */
export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's score 3 is "safely unguessable" (about 10^8 guesses and up): enough behind rate-limited sign-in. */
const MIN_SCORE = 3;

const requireModule = createRequire(import.meta.url);
/** How long a check may take (the dictionaries load in about 0.3 s). */
const CHECK_TIMEOUT_MS = 20_000;

/**
 * zxcvbn-ts with its common-password and English dictionaries. Built, they hold some 60 MB of resident
 * memory, and a loaded module's memory is never given back. Run in the server, even in a worker thread
 * (whose heap is the server process's), each check added some 75 MB to the server's peak, on top of
 * everything an import needs. Passwords change rarely, so each check runs in a short-lived node process of
 * its own that loads them, answers and exits. The password travels on its stdin, never its command line,
 * and the child gets an empty environment, so none of the server's secrets. The script is plain CommonJS
 * given the packages' resolved paths, so it runs the same from the build and from source.
 */
const CHECK_SOURCE = `
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  const { modules, password, own } = JSON.parse(input);
  const { ZxcvbnFactory } = require(modules.core);
  const common = require(modules.common);
  const en = require(modules.en);
  const zxcvbn = new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  const r = zxcvbn.check(password, own);
  process.stdout.write(JSON.stringify({ score: r.score, warning: r.feedback.warning || null }));
});
`;

let modules: { core: string; common: string; en: string } | null = null;

/** zxcvbn's score (0–4) and its warning for `password`, with `own` as known words, from a child process. */
function estimate(password: string, own: string[]): Promise<{ score: number; warning: string | null }> {
  modules ??= {
    core: requireModule.resolve('@zxcvbn-ts/core'),
    common: requireModule.resolve('@zxcvbn-ts/language-common'),
    en: requireModule.resolve('@zxcvbn-ts/language-en'),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHECK_SOURCE], { env: {}, stdio: ['pipe', 'pipe', 'ignore'], timeout: CHECK_TIMEOUT_MS });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.once('error', reject);
    child.stdin.on('error', () => undefined); // a child that died early: its exit reports it
    child.once('close', (code, signal) => {
      try {
        if (code !== 0) throw new Error(`The password strength check stopped (${signal ?? `exit ${code}`})`);
        resolve(JSON.parse(out) as { score: number; warning: string | null });
      } catch (err) {
        reject(err instanceof Error ? err : new Error('The password strength check gave no answer'));
      }
    });
    child.stdin.end(JSON.stringify({ modules, password, own }));
  });
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
  const r = await estimate(password, own);
  return r.score < MIN_SCORE ? { code: 'GUESSABLE', hint: r.warning } : null;
}
