import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody, logIn, makeUser, sessionCookie, TEST_PASSWORD } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

/**
 * Every admin POST route of the app, taken from its own route table, is sent what no form of ours
 * sends (repeated fields, lists where one value is expected, letters and huge or negative numbers
 * for ids, 300,000 characters, CRLF text, JSON of every shape, no body, unknown fields) by a
 * signed-in administrator with a valid CSRF token. Input is never a server fault: no answer may be
 * 500 or above. Generated cases use a fixed seed, so a failure is the same on every run.
 */

let t: TestApp;
const ADMIN = 'fuzz-admin@candle.test';
let session = { cookie: '', csrf: '' };
let logins = 0;

/** Real rows for the routes' parameters, so requests reach the handlers' work and not a 404. */
const ids: Record<string, number> = {};
let revisionId = 0;

/** Field names of the forms that post to each address, read from the admin's own pages. */
const formFields = new Map<string, Set<string>>();
const allFields = new Set<string>();

/** Logs in again from an address of its own each time, so the login rate limit never interferes. */
async function signIn() {
  logins++;
  // Fuzzed "current password" fields count as wrong passwords and pause the account (as they
  // should); the pause is tested elsewhere, so it is lifted before signing in again.
  await t.db
    .updateTable('users')
    .set({ failed_logins: 0, failed_codes: 0, locked_until: null })
    .where('email', '=', ADMIN)
    .execute();
  const res = await t.app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      'x-forwarded-for': `10.77.${Math.floor(logins / 250)}.${(logins % 250) + 1}`,
    },
    payload: formBody({ email: ADMIN, password: TEST_PASSWORD }),
  });
  const cookie = sessionCookie(res);
  const page = await t.app.inject({ method: 'GET', url: '/admin/account', headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  session = { cookie, csrf };
}

async function stillSignedIn() {
  const res = await t.app.inject({
    method: 'GET',
    url: '/admin/account',
    headers: { cookie: session.cookie },
  });
  return res.statusCode === 200;
}

const TABLE_OF: Record<string, string> = {
  articles: 'articles',
  countries: 'countries',
  regions: 'regions',
  topics: 'topics',
  cases: 'cases',
  media: 'media',
  users: 'users',
};

/** A route's address with real ids for its parameters (or the given stand-in for :id). */
function concrete(url: string, id?: string): string {
  const table = TABLE_OF[url.split('/')[2] ?? ''] ?? '';
  return url
    .replace(':id', id ?? String(ids[table] ?? 1))
    .replace(':rev', String(revisionId))
    .replace(':token', 'x'.repeat(43));
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Records the names of every form's fields under the address it posts to (and its buttons' formaction). */
function readForms(html: string) {
  for (const form of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const action = decode(/\baction="([^"]*)"/.exec(form[1] ?? '')?.[1] ?? '');
    const inner = form[2] ?? '';
    const names = [...inner.matchAll(/\bname="([^"]+)"/g)]
      .map((m) => decode(m[1]!))
      .filter((n) => n !== '_csrf');
    const targets = [action, ...[...inner.matchAll(/\bformaction="([^"]+)"/g)].map((m) => decode(m[1]!))];
    for (const target of targets) {
      if (!target) continue;
      const set = formFields.get(target) ?? new Set<string>();
      for (const n of names) {
        set.add(n);
        allFields.add(n);
      }
      formFields.set(target, set);
    }
  }
}

beforeAll(async () => {
  t = await testApp();
  const admin = await makeUser(t.db, 'admin', ADMIN);
  await makeUser(t.db, 'editor', 'fuzz-editor@candle.test');
  await signIn();
  // An article saved through the editor, so it has a revision to restore.
  const editor = await logIn(t.app, ADMIN);
  const country = await t.db.selectFrom('countries').select('id').executeTakeFirstOrThrow();
  const created = await editor.post('/admin/articles/new', {
    title: 'Fuzzed statement',
    slug: 'fuzzed-statement',
    type: 'news',
    summary: 'A summary.',
    body: 'A body.',
    countries: [String(country.id)],
    version: '0',
    action: 'save',
  });
  ids.articles = Number(/\/admin\/articles\/(\d+)/.exec(String(created.headers.location))![1]);
  revisionId = (
    await t.db
      .selectFrom('article_revisions')
      .select('id')
      .where('article_id', '=', ids.articles)
      .executeTakeFirstOrThrow()
  ).id;
  for (const table of ['countries', 'regions', 'topics', 'cases', 'media'] as const) {
    const row = await t.db.selectFrom(table).select('id').orderBy('id').executeTakeFirst();
    ids[table] = row?.id ?? 1;
  }
  // Another person's account, so ending "their" sessions does not end this one every time.
  ids.users = (
    await t.db.selectFrom('users').select('id').where('id', '<>', admin.id).executeTakeFirstOrThrow()
  ).id;
  for (const route of t.routes.filter((r) => r.method === 'GET' && r.url.startsWith('/admin'))) {
    const res = await t.app.inject({
      method: 'GET',
      url: concrete(route.url),
      headers: { cookie: session.cookie },
    });
    readForms(res.body);
  }
}, 120_000);

afterAll(async () => {
  await t?.close();
});

type Scalar = string;
type FieldValue = Scalar | Scalar[];
type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

type Body =
  | { kind: 'form'; fields: Array<[string, FieldValue]> }
  | { kind: 'multipart'; fields: Array<[string, FieldValue]>; file?: string }
  | { kind: 'json'; value: JsonValue }
  | { kind: 'raw'; contentType?: string; payload: string };

const HUGE = 'x'.repeat(300_000);
const crlf = (lines: number) => Array.from({ length: lines }, (_, i) => `line ${i} of the text`).join('\r\n');

const WRONG_NUMBERS = [
  '',
  ' ',
  'abc',
  '-1',
  '0',
  '1.5',
  '1e9',
  '0x10',
  'NaN',
  'Infinity',
  '99999999999999999999',
  '2147483648',
  '9007199254740993',
  '١٢',
];

function encode(body: Body, csrf: string): { headers: Record<string, string>; payload?: string | Buffer } {
  switch (body.kind) {
    case 'form': {
      const params = new URLSearchParams();
      params.append('_csrf', csrf);
      for (const [k, v] of body.fields) for (const x of Array.isArray(v) ? v : [v]) params.append(k, x);
      return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: params.toString() };
    }
    case 'multipart': {
      const boundary = '----candlefuzz7MA4YWxkTrZu0gW';
      const parts: Buffer[] = [];
      const field = (name: string, value: string) =>
        parts.push(
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
        );
      for (const [k, v] of body.fields) for (const x of Array.isArray(v) ? v : [v]) field(k, x);
      if (body.file !== undefined) {
        for (const name of ['file', 'replacement']) {
          parts.push(
            Buffer.from(
              `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="x.jpg"\r\nContent-Type: image/jpeg\r\n\r\n${body.file}\r\n`,
            ),
          );
        }
      }
      parts.push(Buffer.from(`--${boundary}--\r\n`));
      return {
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat(parts),
      };
    }
    case 'json': {
      const value =
        body.value !== null && typeof body.value === 'object' && !Array.isArray(body.value)
          ? { _csrf: csrf, ...body.value }
          : body.value;
      return { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(value) };
    }
    case 'raw':
      return { headers: body.contentType ? { 'content-type': body.contentType } : {}, payload: body.payload };
  }
}

interface Failure {
  route: string;
  url: string;
  status: number;
  body: string;
}
const failures: Failure[] = [];
let sent = 0;

async function send(route: string, url: string, body: Body): Promise<LightMyRequestResponse> {
  const { headers, payload } = encode(body, session.csrf);
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: {
      ...headers,
      cookie: session.cookie,
      'sec-fetch-site': 'same-origin',
      'x-csrf-token': session.csrf,
      'x-forwarded-for': '10.66.0.1',
    },
    ...(payload === undefined ? {} : { payload }),
  });
  sent++;
  if (res.statusCode >= 500) {
    const shown = JSON.stringify(body, (_k, v) =>
      typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…(${v.length})` : v,
    );
    failures.push({ route, url, status: res.statusCode, body: shown.slice(0, 400) });
  }
  // Logging out, ending sessions or a refused session: sign in again before the next request.
  if (
    res.statusCode === 401 ||
    String(res.headers.location ?? '').startsWith('/admin/login') ||
    /logout|sessions/.test(url)
  ) {
    if (!(await stillSignedIn())) await signIn();
  }
  return res;
}

let made = 0;

/** A value a real form could send for a field of this name; free text is `text`. */
function plausible(name: string, text: string): FieldValue {
  made++;
  if (name === 'email') return `fuzz-${made}@candle.test`;
  if (name === 'password' || name === 'current') return 'a long enough passphrase 123';
  if (name === 'role') return 'author';
  if (name === 'code') return 'QQ';
  if (name === 'slug') return `fuzz-slug-${made}`;
  if (name === 'secret') return 'JBSWY3DPEHPK3PXP';
  if (name === 'version') return '1';
  if (name === 'action') return 'save';
  if (name === 'type') return 'news';
  if (name === 'status') return 'ongoing';
  if (name === 'publish_at') return '2030-01-01T10:00';
  // Never "yes": deleting the media item would leave the later requests nothing to reach.
  if (name === 'confirm') return 'no';
  if (name === 'region_id') return String(ids.regions);
  if (name === 'country_id' || name === 'countries') return String(ids.countries);
  if (name === 'topics') return String(ids.topics);
  if (name === 'cases') return String(ids.cases);
  if (name === 'lead_image_id' || name === 'portrait_id') return String(ids.media);
  if (name === 'attachments' || name === 'featured') return '';
  return text;
}

/** The cases every route gets, whatever the generator draws. */
function namedCases(fields: string[]): Body[] {
  const each = (value: (name: string, i: number) => FieldValue) =>
    fields.map((name, i): [string, FieldValue] => [name, value(name, i)]);
  const cases: Body[] = [
    { kind: 'form', fields: each((n) => [`first ${n}`, `second ${n}`]) },
    { kind: 'form', fields: each(() => ['1', 'abc', '-1', '']) },
    // Each field a different wrong number, rotated so every field meets every one.
    ...[0, 1, 2, 3, 4].map(
      (turn): Body => ({
        kind: 'form',
        fields: each((_n, i) =>
          [
            WRONG_NUMBERS[(i + turn * 3) % WRONG_NUMBERS.length]!,
            WRONG_NUMBERS[(i + turn * 3 + 1) % WRONG_NUMBERS.length]!,
          ].slice(0, 1 + (turn % 2)),
        ),
      }),
    ),
    // A form that would pass, then the same with NUL, CR line ends and 300,000 characters in its text.
    { kind: 'form', fields: each((n) => plausible(n, 'Plausible text')) },
    { kind: 'form', fields: each((n) => plausible(n, 'Plausible\u0000text\r\nwith NUL')) },
    { kind: 'form', fields: each((n) => plausible(n, crlf(120))) },
    { kind: 'form', fields: each(() => crlf(300)) },
    { kind: 'form', fields: each(() => '\u0000\ud800 <script>\r') },
    { kind: 'form', fields: [] },
    {
      kind: 'form',
      fields: [
        ['__proto__', 'x'],
        ['constructor', 'y'],
        ['toString', 'z'],
        ['unknown[]', 'w'],
      ],
    },
    { kind: 'json', value: Object.fromEntries(fields.map((n) => [n, 42])) },
    { kind: 'json', value: Object.fromEntries(fields.map((n) => [n, { nested: [n] }])) },
    { kind: 'json', value: Object.fromEntries(fields.map((n) => [n, null])) },
    { kind: 'json', value: Object.fromEntries(fields.map((n) => [n, [1, 'two', null, { x: 3 }]])) },
    { kind: 'json', value: Object.fromEntries(fields.map((n) => [n, true])) },
    { kind: 'json', value: ['an', 'array'] },
    { kind: 'json', value: 'a string' },
    { kind: 'json', value: 12 },
    { kind: 'json', value: null },
    {
      kind: 'raw',
      contentType: 'application/json',
      payload: '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}',
    },
    { kind: 'raw', payload: '' },
    { kind: 'raw', contentType: 'application/x-www-form-urlencoded', payload: '' },
    { kind: 'raw', contentType: 'application/json', payload: '{"title": ' },
    { kind: 'raw', contentType: 'text/plain', payload: 'title=plain' },
    { kind: 'raw', contentType: 'application/x-www-form-urlencoded', payload: '%%%&&&==&a=%E0%A4%A&b' },
    { kind: 'multipart', fields: each((n) => [n, n]) },
    { kind: 'multipart', fields: each(() => crlf(50)), file: 'not a picture' },
  ];
  // 300,000 characters in three fields at a time (more would only meet the 1 MB body limit), the
  // other fields plausible so the handler gets past its first check.
  for (let at = 0; at < Math.min(fields.length, 24); at += 3) {
    const huge = new Set(fields.slice(at, at + 3));
    cases.push({
      kind: 'form',
      fields: fields.map((n): [string, FieldValue] => [
        n,
        huge.has(n) ? HUGE : plausible(n, 'Plausible text'),
      ]),
    });
  }
  cases.push({ kind: 'json', value: { [fields[0] ?? 'title']: HUGE } });
  return cases;
}

const scalar = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(...WRONG_NUMBERS),
  fc.integer().map(String),
  fc.array(fc.string({ maxLength: 20 }), { maxLength: 40 }).map((lines) => lines.join('\r\n')),
  fc.constantFrom(
    'draft',
    'publish',
    'schedule',
    'news',
    'urgent-action',
    'ongoing',
    '2030-01-01T10:00',
    'MX',
  ),
);
const fieldValue: fc.Arbitrary<FieldValue> = fc.oneof(
  { weight: 3, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { minLength: 2, maxLength: 4 }) },
);
const json: fc.Arbitrary<JsonValue> = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<JsonValue>;

function generated(fields: string[]): fc.Arbitrary<Body> {
  const names = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...(fields.length > 0 ? fields : ['title'])) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  );
  const pairs = fc.array(fc.tuple(names, fieldValue), { maxLength: 12 });
  return fc.oneof(
    { weight: 4, arbitrary: pairs.map((p): Body => ({ kind: 'form', fields: p })) },
    { weight: 1, arbitrary: pairs.map((p): Body => ({ kind: 'multipart', fields: p })) },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.tuple(names, json), { maxLength: 10 })
        .map((p): Body => ({ kind: 'json', value: Object.fromEntries(p) })),
    },
  );
}

describe(`every admin POST route on ${dialectUnderTest}`, () => {
  it('answers malformed, repeated, over-long and mistyped input without a server error', async () => {
    const routes = t.routes.filter((r) => r.method === 'POST' && r.url.startsWith('/admin'));
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const url = concrete(route.url);
      const fields = [...(formFields.get(url) ?? allFields)];
      for (const body of namedCases(fields)) await send(route.url, url, body);
      // Ids of the wrong kind in the address itself.
      if (route.url.includes(':id'))
        for (const id of ['abc', '-1', '0', '99999999999999999999', '1.5', '%00'])
          await send(route.url, concrete(route.url, id), { kind: 'form', fields: [] });
      await fc.assert(
        fc.asyncProperty(generated(fields), async (body) => {
          await send(route.url, url, body);
        }),
        { seed: 20_260_110, numRuns: 10, endOnFailure: true },
      );
    }
    expect(sent).toBeGreaterThan(routes.length * 40);
    // One line per route that failed, with its count and first example.
    const byRoute: Record<string, string> = {};
    for (const f of failures) {
      const count = failures.filter((g) => g.route === f.route).length;
      byRoute[f.route] ??= `${count}× ${f.status}, e.g. ${f.url} ${f.body}`;
    }
    expect(byRoute, `${failures.length} of ${sent} requests answered 5xx`).toEqual({});
  }, 180_000);
});
