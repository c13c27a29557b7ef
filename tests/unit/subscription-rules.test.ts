import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/platform/text/csv.js';
import { readForm } from '../../src/platform/views/forms.js';
import {
  consentWording,
  FORM_LISTS,
  type FollowTarget,
  followValue,
  knownFollows,
  normaliseEmail,
  openedOn,
  parseFollowValue,
  prefilledFollows,
  sourcePage,
  subscribeFormSchema,
} from '../../src/subscriptions/rules.js';

const TARGETS: FollowTarget[] = [
  { kind: 'country', id: 1, slug: 'mexico', name: 'Mexico' },
  { kind: 'country', id: 2, slug: 'peru', name: 'Peru' },
  { kind: 'topic', id: 7, slug: 'torture', name: 'Torture' },
  { kind: 'case', id: 3, slug: 'ayotzinapa', name: 'The 43' },
];

const valid = {
  email: 'ana@example.org',
  name: '',
  language: 'en',
  frequency: 'weekly',
  follow: ['country:1'],
  consent: 'yes',
  wording: 'a'.repeat(64),
  source_page: '/subscribe',
  source_form: 'subscribe-page',
};

const read = (body: Record<string, unknown>) =>
  readForm(subscribeFormSchema(), { ...valid, ...body }, { lists: FORM_LISTS });

describe('an address', () => {
  it('is one spelling per person: trimmed, composed and lower case', () => {
    expect(normaliseEmail('  Ana.Lopez@Example.ORG ')).toBe('ana.lopez@example.org');
    // "é" typed as e + combining accent and as one character is the same address.
    expect(normaliseEmail('Jose\u0301@example.org')).toBe(normaliseEmail('josé@example.org'));
  });

  it('is normalised idempotently', () => {
    fc.assert(fc.property(fc.string(), (s) => normaliseEmail(normaliseEmail(s)) === normaliseEmail(s)));
  });

  it('refuses what could write a mail header, and what is too long', () => {
    expect(read({ email: 'ana@example.org\r\nBcc: x@example.org' }).errors.email).toBeDefined();
    expect(read({ email: 'ana@example.org\nBcc: x@example.org' }).errors.email).toBeDefined();
    expect(read({ email: `${'a'.repeat(250)}@example.org` }).errors.email).toMatch(/at most 254/);
    expect(read({ email: 'not an address' }).errors.email).toBeDefined();
    expect(read({ name: 'Ana\r\nBcc: x@example.org' }).errors.name).toBeDefined();
    expect(read({ name: 'x'.repeat(101) }).errors.name).toMatch(/at most 100/);
  });

  it('is read trimmed and lower-cased; an empty name is no name', () => {
    const { data } = read({ email: ' Ana@Example.org ', name: '  ' });
    expect(data).toMatchObject({ email: 'ana@example.org', name: null });
  });
});

describe('the subscribe form', () => {
  it('needs consent ticked, a known frequency and language, and at least one follow', () => {
    const { errors } = read({ consent: '', frequency: 'hourly', language: 'xx', follow: [] });
    expect(Object.keys(errors).sort()).toEqual(['consent', 'follow', 'frequency', 'language']);
  });

  it('reads follows, dropping unreadable ones and repeats', () => {
    const { data } = read({
      follow: ['country:1', 'country:1', 'everything', 'country:x', 'planet:3', 'topic:0'],
    });
    expect(data?.follow).toEqual([
      { kind: 'country', targetId: 1 },
      { kind: 'everything', targetId: 0 },
    ]);
  });

  it('records where it was opened without what tracked the person there', () => {
    expect(openedOn('/subscribe?utm_source=x&country=mexico&gclid=y&topic=torture')).toBe(
      '/subscribe?country=mexico&topic=torture',
    );
    expect(openedOn('/subscribe')).toBe('/subscribe');
    expect(openedOn('//evil.example/x')).toBe('/x');
  });

  it('records only a path of this site as the page the form was on', () => {
    expect(sourcePage('/countries/mexico?page=2')).toBe('/countries/mexico?page=2');
    expect(sourcePage('//evil.example/')).toBe('');
    expect(sourcePage('https://evil.example/')).toBe('');
    expect(sourcePage('/a b')).toBe('');
    expect(read({ source_form: 'somewhere' }).data?.source_form).toBe('subscribe-page');
  });

  it('never throws, whatever the body', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(valid)), fc.anything()), (body) => {
        const result = readForm(subscribeFormSchema(), body, { lists: FORM_LISTS });
        return result.data !== null || Object.keys(result.errors).length > 0;
      }),
    );
  });
});

describe('follows', () => {
  it('round-trip through their form value', () => {
    for (const f of [
      { kind: 'everything', targetId: 0 },
      { kind: 'country', targetId: 12 },
      { kind: 'case', targetId: 3 },
    ] as const)
      expect(parseFollowValue(followValue(f))).toEqual(f);
  });

  it('are pre-selected from a link by slug, several of a kind, unknown slugs ignored', () => {
    expect(
      prefilledFollows({ country: ['mexico', 'peru', 'atlantis'], case: 'ayotzinapa' }, TARGETS),
    ).toEqual([
      { kind: 'country', targetId: 1 },
      { kind: 'country', targetId: 2 },
      { kind: 'case', targetId: 3 },
    ]);
    expect(prefilledFollows({ topic: { nested: 'x' }, region: 'americas' }, TARGETS)).toEqual([]);
    expect(prefilledFollows({ everything: '' }, TARGETS)).toEqual([{ kind: 'everything', targetId: 0 }]);
  });

  it('that name something deleted are dropped', () => {
    expect(
      knownFollows(
        [
          { kind: 'country', targetId: 1 },
          { kind: 'topic', targetId: 99 },
          { kind: 'everything', targetId: 0 },
        ],
        TARGETS,
      ),
    ).toEqual([
      { kind: 'country', targetId: 1 },
      { kind: 'everything', targetId: 0 },
    ]);
  });
});

describe('the consent wording', () => {
  it('is referred to by the SHA-256 of its exact text, which names the site', () => {
    const wording = consentWording('Amnistía', 'en');
    expect(wording.text).toContain('Amnistía may email me');
    expect(wording.hash).toBe(createHash('sha256').update(wording.text, 'utf8').digest('hex'));
    expect(consentWording('Other', 'en').hash).not.toBe(wording.hash);
  });
});

describe('CSV cells', () => {
  it('are quoted, with quotes doubled', () => {
    expect(csvCell('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvCell(null)).toBe('""');
    expect(toCsv(['a', 'b'], [[1, 'x\ny']])).toBe('"a","b"\r\n"1","x\ny"\r\n');
  });

  it('never start a spreadsheet formula', () => {
    for (const evil of ['=HYPERLINK("x")', '+1', '-1', '@SUM(A1)', '\tx'])
      expect(csvCell(evil).startsWith(`"'`)).toBe(true);
  });
});
