import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, type Permission } from '../../src/accounts/index.js';
import { ROLES } from '../../src/platform/db/index.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

let t: TestApp;
const sessions = new Map<string, Session>();

beforeAll(async () => {
  t = await testApp({ demo: false });
  for (const role of ROLES) {
    await makeUser(t.db, role);
    sessions.set(role, await logIn(t.app, `${role}@candle.test`));
  }
});
afterAll(async () => {
  await t?.close();
});

const concrete = (url: string) =>
  url.replace(':id', '1').replace(':rev', '1').replace(':token', 'x'.repeat(43));

describe(`every admin route on ${dialectUnderTest}`, () => {
  it('declares a permission', () => {
    const admin = t.routes.filter((r) => r.url.startsWith('/admin'));
    expect(admin.length).toBeGreaterThan(15);
    expect(admin.filter((r) => r.permission === undefined)).toEqual([]);
  });

  it('refuses an anonymous visitor', async () => {
    for (const route of t.routes.filter((r) => r.url.startsWith('/admin') && r.permission !== 'public')) {
      const res = await t.app.inject({
        method: route.method as 'GET' | 'POST',
        url: concrete(route.url),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        payload: route.method === 'GET' ? undefined : 'title=x',
      });
      if (route.method === 'GET') {
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(303);
        expect(res.headers.location, route.url).toMatch(/^\/admin\/login\?next=/);
      } else {
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
      }
    }
  });

  it('cannot be reached around the guard by encoding the path', async () => {
    for (const route of t.routes.filter(
      (r) => r.url.startsWith('/admin') && r.permission !== 'public' && r.method === 'GET',
    )) {
      const url = concrete(route.url).replace('/admin', '/%61dmin');
      const res = await t.app.inject({ method: 'GET', url });
      expect([303, 404], `${url} → ${res.statusCode}`).toContain(res.statusCode);
      expect(res.body).not.toContain('@candle.test');
    }
  });

  it('refuses every role that lacks the permission', async () => {
    let checked = 0;
    for (const route of t.routes.filter((r) => r.url.startsWith('/admin'))) {
      if (route.permission === 'public' || route.permission === 'signed-in') continue;
      for (const role of ROLES) {
        if (can(role, route.permission as Permission)) continue;
        const session = sessions.get(role)!;
        const res =
          route.method === 'GET'
            ? await session.get(concrete(route.url))
            : await session.post(concrete(route.url), { title: 'x' });
        expect(res.statusCode, `${role} ${route.method} ${route.url}`).toBe(403);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('refuses a change without the session’s CSRF token, and keeps the text', async () => {
    const editor = sessions.get('editor')!;
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/articles/new',
      headers: {
        cookie: editor.cookie,
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
      },
      payload: 'title=Unsaved+words&body=Every+word+matters&_csrf=forged',
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('value="Every word matters"');
    const count = await t.db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('offers unsaved text back after the session ends and the writer logs in again', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/articles/new',
      headers: {
        cookie: 'candle_session=expired',
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
      },
      payload: 'title=Late+night+statement&body=Long+text+typed+for+an+hour&_csrf=old',
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Long text typed for an hour');
    const resume = /name="resume" value="([^"]+)"/
      .exec(res.body)![1]!
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    const login = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: new URLSearchParams({
        email: 'editor@candle.test',
        password: 'correct horse battery staple',
        resume,
        resume_to: '/admin/articles/new',
      }).toString(),
    });
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('<form method="post" action="/admin/articles/new">');
    expect(login.body).toContain('value="Long text typed for an hour"');
    expect(login.body).toMatch(/name="_csrf" value="[\w-]{20,}"/);
  });

  it('pauses logins after five wrong passwords, and only for a while', async () => {
    await makeUser(t.db, 'author', 'target@candle.test');
    const attempt = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: '/admin/login',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'same-origin',
          'x-forwarded-for': `10.0.0.${password.length}`,
        },
        payload: new URLSearchParams({ email: 'target@candle.test', password }).toString(),
      });
    for (let i = 0; i < 4; i++) expect((await attempt('wrong password!')).statusCode).toBe(401);
    // The same answer as a wrong password or an unknown address: it must not reveal the account.
    const locked = await attempt('wrong password!');
    expect(locked.statusCode).toBe(401);
    expect(locked.body).toContain('paused for up to 15 minutes');
    expect((await attempt('correct horse battery staple')).statusCode).toBe(401);
    const user = await t.db
      .selectFrom('users')
      .select('locked_until')
      .where('email', '=', 'target@candle.test')
      .executeTakeFirstOrThrow();
    expect(Date.parse(user.locked_until!) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
  });

  it('refuses a cross-site login post', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      payload: 'email=editor%40candle.test&password=correct+horse+battery+staple',
    });
    expect(res.statusCode).toBe(403);
  });

  it('lets an administrator end every session of a colleague', async () => {
    const author = await logIn(t.app, 'author@candle.test');
    expect((await author.get('/admin')).statusCode).toBe(200);
    const admin = sessions.get('admin')!;
    const user = await t.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'author@candle.test')
      .executeTakeFirstOrThrow();
    const ended = await admin.post(`/admin/users/${user.id}/sessions/end`, {});
    expect(ended.statusCode).toBe(303);
    expect((await author.get('/admin')).statusCode).toBe(303);
    expect((await admin.get('/admin')).statusCode).toBe(200);
  });

  it('keeps the session cookie away from public pages', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: 'email=admin%40candle.test&password=correct+horse+battery+staple',
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain('Path=/admin');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });
});
