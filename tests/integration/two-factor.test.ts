import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody, logIn, makeUser, sessionCookie, TEST_PASSWORD } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ demo: false });
  await makeUser(t.db, 'editor', 'totp@candle.test');
});
afterAll(async () => {
  await t?.close();
});

describe(`two-factor login on ${dialectUnderTest}`, () => {
  it('is turned on with a code from the app, then asked for at every login', async () => {
    const session = await logIn(t.app, 'totp@candle.test');
    const page = await session.get('/admin/account');
    const secret = /name="secret" value="([A-Z2-7]+)"/.exec(page.body)![1]!;
    const wrong = await session.post('/admin/account/2fa', {
      secret,
      code: '000000',
      on_password: TEST_PASSWORD,
    });
    expect(wrong.statusCode).toBe(400);
    // A stolen session alone, without the password, cannot put another phone on the account.
    const stolen = await session.post('/admin/account/2fa', {
      secret,
      code: await generate({ secret }),
      on_password: 'not the password',
    });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.body).toContain('Your current password is not right.');
    const on = await session.post('/admin/account/2fa', {
      secret,
      code: await generate({ secret }),
      on_password: TEST_PASSWORD,
    });
    expect(on.statusCode).toBe(303);

    const login = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: formBody({ email: 'totp@candle.test', password: TEST_PASSWORD }),
    });
    expect(login.headers.location).toBe('/admin/login/code');
    const cookie = sessionCookie(login);
    // Half-signed-in: the password alone opens nothing.
    const blocked = await t.app.inject({ method: 'GET', url: '/admin/articles', headers: { cookie } });
    expect(blocked.statusCode).toBe(303);
    expect(blocked.headers.location).toBe('/admin/login/code');

    const form = await t.app.inject({ method: 'GET', url: '/admin/login/code', headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const post = (code: string) =>
      t.app.inject({
        method: 'POST',
        url: '/admin/login/code',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody({ _csrf: csrf, code }),
      });
    expect((await post('123456')).statusCode).toBe(401);
    const ok = await post(await generate({ secret }));
    expect(ok.headers.location).toBe('/admin');
    expect(
      (await t.app.inject({ method: 'GET', url: '/admin/articles', headers: { cookie } })).statusCode,
    ).toBe(200);
  });

  it('is turned off only with the current password', async () => {
    await makeUser(t.db, 'editor', 'totp-off@candle.test');
    const session = await logIn(t.app, 'totp-off@candle.test');
    const page = await session.get('/admin/account');
    const secret = /name="secret" value="([A-Z2-7]+)"/.exec(page.body)![1]!;
    const on = await session.post('/admin/account/2fa', {
      secret,
      code: await generate({ secret }),
      on_password: TEST_PASSWORD,
    });
    expect(on.statusCode).toBe(303);
    const row = () =>
      t.db
        .selectFrom('users')
        .select('totp_secret')
        .where('email', '=', 'totp-off@candle.test')
        .executeTakeFirstOrThrow();
    expect((await session.post('/admin/account/2fa/off', {})).statusCode).toBe(400);
    expect((await session.post('/admin/account/2fa/off', { off_password: 'a guess' })).statusCode).toBe(400);
    expect((await row()).totp_secret).toBe(secret);
    expect((await session.post('/admin/account/2fa/off', { off_password: TEST_PASSWORD })).statusCode).toBe(
      303,
    );
    expect((await row()).totp_secret).toBeNull();
  });
});
