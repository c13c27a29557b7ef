import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ demo: false });
});
afterAll(async () => {
  await t?.close();
});

describe(`first-run setup on ${dialectUnderTest}`, () => {
  const post = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/admin/setup',
      remoteAddress: '127.0.0.1',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        ...headers,
      },
      payload: formBody(form),
    });

  it('refuses other machines and requests relayed by a proxy', async () => {
    const remote = await t.app.inject({ method: 'GET', url: '/admin/setup', remoteAddress: '203.0.113.9' });
    expect(remote.statusCode).toBe(404);
    const relayed = await t.app.inject({
      method: 'GET',
      url: '/admin/setup',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(relayed.statusCode).toBe(404);
  });

  it('creates the first administrator once, keeping what was typed when something is wrong', async () => {
    const weak = await post({ name: 'Ana', email: 'ana@candle.test', password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.body).toContain('at least 12 characters');
    expect(weak.body).toContain('value="ana@candle.test"');
    const ok = await post({ name: 'Ana', email: 'ana@candle.test', password: 'a long enough password' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/admin');
    const again = await post({ name: 'Eve', email: 'eve@candle.test', password: 'another long password' });
    expect(again.statusCode).toBe(404);
    const users = await t.db.selectFrom('users').select(['email', 'role']).execute();
    expect(users).toEqual([{ email: 'ana@candle.test', role: 'admin' }]);
  });

  it('creates one administrator when several setups are sent at the same moment', async () => {
    const fresh = await testApp({ demo: false });
    try {
      const answers = await Promise.all(
        ['a', 'b', 'c', 'd', 'e', 'f'].map((x) =>
          fresh.app.inject({
            method: 'POST',
            url: '/admin/setup',
            remoteAddress: '127.0.0.1',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
            payload: formBody({ name: x, email: `${x}@candle.test`, password: 'a long enough password' }),
          }),
        ),
      );
      expect(answers.filter((a) => a.statusCode === 303)).toHaveLength(1);
      expect(await fresh.db.selectFrom('users').select('email').execute()).toHaveLength(1);
    } finally {
      await fresh.close();
    }
  });
});
