import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody, logIn, makeUser, type Session, TEST_PASSWORD } from '../support/admin.js';
import { dialectUnderTest, TEST_PUBLIC_URL, type TestApp, testApp } from '../support/app.js';

/**
 * The pages that keep a person's text (log in to continue; please confirm) hand back a valid CSRF
 * token with the fields they carry. They must only ever carry what the person typed on this site:
 * a form on another site, or on a sibling subdomain, gets a plain refusal with none of its fields.
 */
let t: TestApp;
let editor: Session;

beforeAll(async () => {
  t = await testApp({ demo: false });
  await makeUser(t.db, 'editor');
  editor = await logIn(t.app, 'editor@candle.test');
});
afterAll(async () => {
  await t?.close();
});

const FORGED = { title: 'Forged headline 7731', body: 'Forged body text 7731', status: 'published' };
const form = 'application/x-www-form-urlencoded';

/** A POST to the article form, signed out or signed in with a token that is not the session's. */
function post(headers: Record<string, string>, signedIn: boolean, fields: Record<string, string> = FORGED) {
  return t.app.inject({
    method: 'POST',
    url: '/admin/articles/new',
    headers: { 'content-type': form, ...(signedIn ? { cookie: editor.cookie } : {}), ...headers },
    payload: formBody({ ...fields, _csrf: 'stale-or-forged' }),
  });
}

/** Nothing an attacker could use: none of the fields, no token, no login form that carries them on. */
function expectPlainRefusal(res: { statusCode: number; body: string }, what: string) {
  expect(res.statusCode, what).toBe(403);
  expect(res.body, what).not.toContain('7731');
  expect(res.body, what).not.toContain('_csrf');
  expect(res.body, what).not.toMatch(/name="resume/);
}

async function articleCount(): Promise<number> {
  const row = await t.db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe(`CSRF carry-over pages on ${dialectUnderTest}`, () => {
  const foreign: Array<[string, Record<string, string>]> = [
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
    ['Origin of another site, no Sec-Fetch-Site', { origin: 'http://evil.example' }],
    ['Origin "null" (a sandboxed frame)', { origin: 'null' }],
    [
      'Origin equal to the Host header when PUBLIC_URL differs',
      { host: 'candle-internal.example:8080', origin: 'http://candle-internal.example:8080' },
    ],
    ['Referer of another site, no Origin', { referer: 'http://evil.example/page.html' }],
  ];

  for (const [name, headers] of foreign) {
    it(`refuses a foreign POST outright, signed out: ${name}`, async () => {
      expectPlainRefusal(await post(headers, false), name);
    });
    it(`refuses a foreign POST outright, signed in with a bad token: ${name}`, async () => {
      expectPlainRefusal(await post(headers, true), name);
    });
  }

  it('refuses foreign POSTs to the public forms too (login, reset, setup)', async () => {
    for (const url of ['/admin/login', '/admin/reset', '/admin/setup', `/admin/reset/${'x'.repeat(43)}`]) {
      for (const [name, headers] of foreign) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          remoteAddress: '127.0.0.1',
          headers: { 'content-type': form, ...headers },
          payload: formBody({ email: 'editor@candle.test', password: TEST_PASSWORD, ...FORGED }),
        });
        expect(res.statusCode, `${url} ${name}`).toBe(403);
        expect(res.headers['set-cookie'], `${url} ${name}`).toBeUndefined();
        expect(res.body).not.toContain('7731');
      }
    }
  });

  it('keeps the text of a same-origin POST with a stale token, with a token to send it again', async () => {
    const own: Array<Record<string, string>> = [
      { 'sec-fetch-site': 'same-origin' },
      { origin: TEST_PUBLIC_URL },
    ];
    for (const headers of own) {
      const res = await post(headers, true, { title: 'My own words', body: 'Typed here for an hour' });
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('<form method="post" action="/admin/articles/new">');
      expect(res.body).toContain('value="Typed here for an hour"');
      expect(res.body).toMatch(/name="_csrf" value="[\w-]{20,}"/);
    }
    expect(await articleCount()).toBe(0);
  });

  it('keeps the text of a same-origin POST whose session ended, through the login', async () => {
    const res = await post({ 'sec-fetch-site': 'same-origin', cookie: 'candle_session=expired' }, false, {
      title: 'Late statement',
      body: 'Written before the session ended',
    });
    expect(res.statusCode).toBe(401);
    const resume = /name="resume" value="([^"]+)"/
      .exec(res.body)![1]!
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    const login = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { 'content-type': form, 'sec-fetch-site': 'same-origin' },
      payload: formBody({
        email: 'editor@candle.test',
        password: TEST_PASSWORD,
        resume,
        resume_to: '/admin/articles/new',
      }),
    });
    expect(login.statusCode).toBe(200);
    expect(login.body).toContain('<form method="post" action="/admin/articles/new">');
    expect(login.body).toContain('value="Written before the session ended"');
  });

  it('shows a POST of unknown origin its text to copy, but offers no token or login carrying it', async () => {
    // Neither Sec-Fetch-Site, Origin nor Referer: curl, or a browser too old to say where a form was.
    const signedIn = await post({}, true);
    expect(signedIn.statusCode).toBe(403);
    expect(signedIn.body).toContain('Forged body text 7731');
    expect(signedIn.body).not.toContain('_csrf');
    expect(signedIn.body).not.toContain('value="Forged body text 7731"');
    const signedOut = await post({}, false);
    expect(signedOut.statusCode).toBe(401);
    expect(signedOut.body).toContain('Forged body text 7731');
    expect(signedOut.body).not.toMatch(/name="resume/);
    expect(signedOut.body).not.toContain('value="Forged body text 7731"');
    // ... while a right token still saves: such a client is not refused, only not helped.
    const saved = await t.app.inject({
      method: 'POST',
      url: '/admin/logout',
      headers: { 'content-type': form, cookie: editor.cookie },
      payload: formBody({ _csrf: editor.csrf }),
    });
    expect(saved.statusCode).toBe(303);
    editor = await logIn(t.app, 'editor@candle.test');
  });

  it('does not turn a login of unknown origin that carries text into a page with a token', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/admin/login',
      headers: { 'content-type': form },
      payload: formBody({
        email: 'editor@candle.test',
        password: TEST_PASSWORD,
        resume: JSON.stringify(FORGED),
        resume_to: '/admin/articles/new',
      }),
    });
    expect(login.statusCode).toBe(303);
    expect(login.body).not.toContain('7731');
  });
});
