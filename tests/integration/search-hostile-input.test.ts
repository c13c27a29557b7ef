import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t?.close();
});

/** Words of the engines' own languages, SQL and database error texts a response must never carry. */
const LEAKS =
  /sqlite|fts5|tsquery|syntax error|SQLSTATE|relation "|at character|unterminated|stack|\bat .*\.ts:\d/i;

const fragments = [
  '"',
  '""',
  "'",
  '*',
  '-',
  '+',
  '^',
  ':',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ';',
  '--',
  '/*',
  '*/',
  '\\',
  '%',
  '_',
  'NEAR',
  'NEAR(',
  'AND',
  'OR',
  'NOT',
  'MATCH',
  '&',
  '|',
  '!',
  '<->',
  ':*',
  '&&',
  '||',
  '!!',
  "'; drop table articles; --",
  '" OR 1=1 --',
  'title:',
  'rank',
  'bm25(',
  'select * from',
  'union select',
  ' ',
  '\t',
  '\n',
  '\u0000',
  '\u0007',
  '\u001b[31m',
  '\u007f',
  '\u200b',
  '\ufeff',
  '\ud83d\ude00',
  '👩🏽‍⚖️',
  'é',
  'Vásquez',
  'torture',
  'Ayotzinapa',
  'désaparecidos',
  '中文',
  'עברית',
  'ﬁ',
  'Ⅻ',
  '𝔘',
  '\ud800',
];

const hostile = fc.oneof(
  fc.array(fc.constantFrom(...fragments), { maxLength: 25 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('x'.repeat(10_000), `${'Vasquez '.repeat(60)}`, `${'"'.repeat(499)}`, '-'.repeat(500)),
);

/** Raw percent-encodings, valid and not: invalid UTF-8, truncated escapes, encoded NUL. */
const rawEncoded = fc
  .array(
    fc.constantFrom(
      '%FF',
      '%ED%A0%80',
      '%C3',
      '%C3%A9',
      '%00',
      '%',
      '%2',
      '%ZZ',
      '%22',
      '%2A',
      '+',
      'a',
      '%E2%82',
      '%F0%9F%98%80',
      '&q=',
      '&page=',
      '#',
    ),
    { maxLength: 20 },
  )
  .map((parts) => parts.join(''));

/** Percent-encodes every byte (a lone surrogate becomes U+FFFD, as a browser would send it). */
const encode = (s: string) =>
  [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

function check(url: string, status: number, body: string) {
  expect([200, 302, 400], `${url} answered ${status}`).toContain(status);
  expect(body, url).not.toMatch(LEAKS);
}

describe('hostile queries get a results page or a clear 400, never a 500 or a database error', () => {
  it('through the JSON API', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (q) => {
        const url = `/api/search?q=${encode(q)}`;
        const res = await t.app.inject({ url });
        check(url, res.statusCode, res.body);
        if (res.statusCode === 400) expect(res.json()).toMatchObject({ error: 'bad-request' });
      }),
      { numRuns: 1200 },
    );
  });

  it('through the search page, with filters, sort and page', async () => {
    const params = fc.record({
      q: hostile,
      country: fc.constantFrom(undefined, 'mexico', 'MEXICO', '../etc', "'; --"),
      sort: fc.constantFrom(undefined, 'newest', 'relevance', 'rank desc'),
      page: fc.constantFrom(undefined, '1', '2', '-1', '1e9', '0x10', '99999'),
      from: fc.constantFrom(undefined, '2019-01-01', '2019-13-01', "2019'"),
    });
    await fc.assert(
      fc.asyncProperty(params, async (p) => {
        const query = new URLSearchParams();
        for (const [k, v] of Object.entries(p)) if (v !== undefined) query.set(k, v);
        const url = `/search?${query}`;
        const res = await t.app.inject({ url });
        check(url, res.statusCode, res.body);
      }),
      { numRuns: 600 },
    );
  });

  it('with raw, invalid percent-encodings in the address', async () => {
    await fc.assert(
      fc.asyncProperty(rawEncoded, async (raw) => {
        for (const url of [`/search?q=${raw}`, `/api/search?q=${raw}`]) {
          const res = await t.app.inject({ url });
          check(url, res.statusCode, res.body);
        }
      }),
      { numRuns: 300 },
    );
  });
});
