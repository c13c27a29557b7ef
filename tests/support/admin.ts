import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createUser } from '../../src/accounts/index.js';
import type { Db, Role } from '../../src/platform/db/index.js';
import { TEST_PUBLIC_URL } from './app.js';

export const TEST_PASSWORD = 'correct horse battery staple';

/** A signed-in staff member in tests: sends the session cookie and the CSRF token of its forms. */
export interface Session {
  cookie: string;
  csrf: string;
  get: (url: string) => Promise<LightMyRequestResponse>;
  post: (url: string, form: Record<string, string | string[]>) => Promise<LightMyRequestResponse>;
}

export function formBody(form: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
  return params.toString();
}

export async function makeUser(db: Db, role: Role, email = `${role}@candle.test`) {
  const created = await createUser(
    { db, now: () => new Date(), publicUrl: TEST_PUBLIC_URL, siteName: 'Candle' },
    { email, name: `Test ${role}`, role, password: TEST_PASSWORD },
    { userId: null, label: 'test', ip: '' },
  );
  if (!created.ok) throw new Error(created.detail);
  return created.user;
}

export function sessionCookie(res: LightMyRequestResponse): string {
  const cookie = res.cookies.find((c) => c.name === 'candle_session');
  if (!cookie) throw new Error(`no session cookie (status ${res.statusCode})`);
  return `candle_session=${cookie.value}`;
}

export async function logIn(app: FastifyInstance, email: string, password = TEST_PASSWORD): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    payload: formBody({ email, password }),
  });
  const cookie = sessionCookie(res);
  const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  const page = await get('/admin/account');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return {
    cookie,
    csrf,
    get,
    post: (url, form) =>
      app.inject({
        method: 'POST',
        url,
        headers: {
          cookie,
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'same-origin',
        },
        payload: formBody({ _csrf: csrf, ...form }),
      }),
  };
}
