import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/app.js';
import { DB_KINDS } from '../../test/db.js';
import { createBrowserSession } from '../../test/http.js';
import { passwordProblem } from './password-strength.js';

const person = { email: 'sam.okafor@council.example', displayName: 'Sam Okafor' };

describe('passwordProblem', () => {
  it.each([
    ['short', 'TOO_SHORT'],
    ['password1234', 'GUESSABLE'],
    ['aaaaaaaaaaaa', 'GUESSABLE'],
    ['123456789012', 'GUESSABLE'],
    ['qwertyuiop12', 'GUESSABLE'],
    ['Password2026', 'GUESSABLE'],
    ['sam.okafor2026', 'PERSONAL'],
    ['OkaforOkafor!!', 'PERSONAL'],
    ['Sam-Okafor-rules', 'PERSONAL'],
  ])('refuses %s (%s)', async (password, code) => {
    expect((await passwordProblem(password, person))?.code).toBe(code);
  });

  it.each(['a-much-better-passphrase', 'correct horse battery staple', 'lantern velvet orbit 7', 'second passphrase for today'])(
    'accepts %s',
    async (password) => {
      expect(await passwordProblem(password, person)).toBeNull();
    },
  );
});

describe.each(DB_KINDS)('changing a password to a weak one (%s)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind);
  });
  afterAll(async () => t?.close());

  it('is refused with the reason beside the field, and the old password still signs in', async () => {
    const s = await t.addStaff('caseworker');
    const browser = createBrowserSession(t.app);
    await browser.get('/sign-in');
    expect((await browser.post('/sign-in', { email: s.email, password: s.password })).headers.location).toBe('/account/password');
    await browser.get('/account/password');
    const hashBefore = await t.db.query('SELECT password_hash FROM staff WHERE id = $1', [s.actor.id]);
    for (const [weak, message] of [
      ['password1234', 'Your new password is too easy to guess.'],
      ['123456789012', 'Your new password is too easy to guess.'],
      [s.email.split('@')[0]!, 'must not contain your name or email address'],
    ] as const) {
      const res = await browser.post('/account/password', { currentPassword: s.password, newPassword: weak, confirmPassword: weak });
      expect(res.statusCode, weak).toBe(400);
      expect(res.body, weak).toContain(message);
      expect(res.body, weak).toContain('href="#newPassword"');
    }
    expect(await t.db.query('SELECT password_hash FROM staff WHERE id = $1', [s.actor.id])).toEqual(hashBefore);
    const again = createBrowserSession(t.app);
    expect((await again.signIn(s.email, s.password)).statusCode).toBe(303);
  });
});
