import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** NCSC: length first; 12 characters lets three random words fit. */
export const MIN_PASSWORD_LENGTH = 12;
/** zxcvbn's score 3 is "safely unguessable" (about 10^8 guesses and up): enough behind rate-limited sign-in. */
const MIN_SCORE = 3;

const requireModule = createRequire(import.meta.url);

/**
 * zxcvbn-ts with its common-password and English dictionaries. Built, they hold some 60 MB of resident
 * memory, and a loaded module's memory is never given back: a server that once checked a password would
 * carry them for good, on top of everything an import needs. Passwords change rarely, so each check runs
 * in a worker thread that loads them, answers and exits, and that memory goes back with it. The worker is
 * plain CommonJS given the packages' resolved paths, so it runs the same from the build and from source.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { ZxcvbnFactory } = require(workerData.modules.core);
const common = require(workerData.modules.common);
const en = require(workerData.modules.en);
const zxcvbn = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...en.dictionary },
  graphs: common.adjacencyGraphs,
  translations: en.translations,
});
const r = zxcvbn.check(workerData.password, workerData.own);
parentPort.postMessage({ score: r.score, warning: r.feedback.warning || null });
`;

let modules: { core: string; common: string; en: string } | null = null;

/** zxcvbn's score (0–4) and its warning for `password`, with `own` as known words, from a worker thread. */
function estimate(password: string, own: string[]): Promise<{ score: number; warning: string | null }> {
  modules ??= {
    core: requireModule.resolve('@zxcvbn-ts/core'),
    common: requireModule.resolve('@zxcvbn-ts/language-common'),
    en: requireModule.resolve('@zxcvbn-ts/language-en'),
  };
  return new Promise((resolve, reject) => {
    let answered = false;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modules, password, own } });
    worker.once('message', (r: { score: number; warning: string | null }) => {
      answered = true;
      resolve(r);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`The password strength check stopped (exit ${code})`));
    });
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
