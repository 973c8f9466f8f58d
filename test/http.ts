import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** A cookie jar and CSRF-aware form poster over `app.inject()`, like a browser without JavaScript. */
export function createBrowserSession(app: FastifyInstance) {
  const cookies = new Map<string, string>();
  let csrf = '';

  function remember(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) cookies.delete(c.name);
      else cookies.set(c.name, c.value);
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (match) csrf = match[1]!;
    return res;
  }
  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');

  const session = {
    cookies,
    get csrf() {
      return csrf;
    },
    async get(url: string, headers: Record<string, string> = {}) {
      return remember(await app.inject({ method: 'GET', url, headers: { cookie: cookieHeader(), ...headers } }));
    },
    async post(url: string, form: Record<string, string>, opts: { withCsrf?: boolean } = {}) {
      const body = new URLSearchParams({ ...(opts.withCsrf === false ? {} : { _csrf: csrf }), ...form }).toString();
      return remember(
        await app.inject({
          method: 'POST',
          url,
          payload: body,
          headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        }),
      );
    },
    async postJson(url: string, json: unknown, headers: Record<string, string> = {}) {
      return remember(
        await app.inject({
          method: 'POST',
          url,
          payload: JSON.stringify(json),
          headers: { cookie: cookieHeader(), 'content-type': 'application/json', 'x-csrf-token': csrf, ...headers },
        }),
      );
    },
    /** Signs in; if the password is one-time, changes it to `newPassword`. */
    async signIn(email: string, password: string, newPassword = 'a-much-better-passphrase') {
      await session.get('/sign-in');
      let res = await session.post('/sign-in', { email, password });
      if (res.statusCode !== 303) return res;
      if (res.headers.location === '/account/password') {
        await session.get('/account/password');
        res = await session.post('/account/password', { currentPassword: password, newPassword, confirmPassword: newPassword });
      }
      return res;
    },
  };
  return session;
}
