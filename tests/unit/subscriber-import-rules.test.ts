import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/platform/text/csv.js';
import {
  checkRow,
  followSlug,
  followsOf,
  MAX_IMPORT_ROWS,
  parseCsv,
  readImportFile,
} from '../../src/subscriptions/import-rules.js';
import type { FollowTarget } from '../../src/subscriptions/rules.js';

const TARGETS: FollowTarget[] = [
  { kind: 'country', id: 1, slug: 'mexico', name: 'Mexico' },
  { kind: 'topic', id: 7, slug: 'human-rights-defenders', name: 'Defenders' },
];
const NOW = new Date('2026-12-01T10:00:00Z');

const good: Record<string, string> = {
  email: ' Ana@Example.ORG ',
  name: 'Ana',
  language: '',
  frequency: '',
  follows: 'country:mexico topic:human-rights-defenders',
  consent_source: 'Petition, March 2024',
  consent_date: '2024-03-05',
  consent_wording: 'Yes, email me.',
};
const check = (changes: Record<string, string> = {}) =>
  checkRow(2, (name) => ({ ...good, ...changes })[name] ?? '', TARGETS, NOW);

const reasonOf = (changes: Record<string, string>) => {
  const r = check(changes);
  return r.ok ? null : r.reason;
};

describe('one row of an import', () => {
  it('takes a good row: the address normalised, defaults filled, follows by slug, the wording hashed', () => {
    const r = check();
    if (!r.ok) throw new Error(r.reason);
    expect(r.subscriber.email).toBe('ana@example.org');
    expect(r.subscriber.language).toBe('en');
    expect(r.subscriber.frequency).toBe('each');
    expect(r.subscriber.follows).toEqual([
      { kind: 'country', targetId: 1 },
      { kind: 'topic', targetId: 7 },
    ]);
    expect(r.subscriber.consent.date).toBe('2024-03-05T00:00:00.000Z');
    expect(r.subscriber.consent.wording.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a row without each part of its consent', () => {
    expect(reasonOf({ consent_source: ' ' })).toMatch(/No consent_source/);
    expect(reasonOf({ consent_date: '' })).toMatch(/No consent_date/);
    expect(reasonOf({ consent_wording: '' })).toMatch(/No consent_wording/);
  });

  it('refuses dates that are not dates, or in the future', () => {
    for (const date of [
      '05/03/2024',
      '2024-02-30',
      '2027-01-01',
      '1900-01-01',
      'yesterday',
      '2024-03-05T10:00',
    ])
      expect(reasonOf({ consent_date: date }), date).toMatch(/consent_date is not a date/);
    expect(check({ consent_date: '2024-03-05T10:00:00+02:00' }).ok).toBe(true);
  });

  it('refuses malformed, overlong and header-injecting addresses', () => {
    for (const email of [
      '',
      'not an address',
      'a@b@example.org',
      `${'a'.repeat(250)}@example.org`,
      'ana@example.org\r\nBcc: everyone@example.org',
      'ana@example.org\nX: y',
    ])
      expect(reasonOf({ email }), JSON.stringify(email)).toMatch(/Not a valid email address/);
  });

  it('refuses an unknown follow, an empty one, a bad frequency or language, a name with a line break', () => {
    expect(reasonOf({ follows: 'country:atlantis' })).toMatch(/Unknown follow: country:atlantis/);
    expect(reasonOf({ follows: 'planet:mars' })).toMatch(/Unknown follow/);
    expect(reasonOf({ follows: '' })).toMatch(/No follows/);
    expect(reasonOf({ frequency: 'hourly' })).toMatch(/Frequency/);
    expect(reasonOf({ language: 'xx' })).toMatch(/Unknown language/);
    expect(reasonOf({ name: 'Ana\r\nBcc: x' })).toMatch(/name/);
  });

  it('reads follows separated by spaces or semicolons, everything included, each once', () => {
    expect(followsOf('everything; country:mexico  country:mexico', TARGETS)).toEqual({
      ok: true,
      follows: [
        { kind: 'everything', targetId: 0 },
        { kind: 'country', targetId: 1 },
      ],
    });
    expect(followSlug({ kind: 'country', targetId: 1 }, TARGETS)).toBe('country:mexico');
  });
});

describe('the file', () => {
  const file = (text: string) => readImportFile(Buffer.from(text, 'utf8'), TARGETS, NOW);
  const header = Object.keys(good).join(',');
  const line = Object.values(good)
    .map((v) => csvCell(v))
    .join(',');

  it('reads quoted cells with commas, quotes and line breaks, CRLF or LF, a BOM, and blank last lines', () => {
    expect(parseCsv('a,"b,c","d""e"\r\n"f\ng",h\n\n', 10)).toEqual({
      ok: true,
      records: [
        ['a', 'b,c', 'd"e'],
        ['f\ng', 'h'],
      ],
    });
    expect(parseCsv('""\r\n\r\n', 10)).toEqual({ ok: true, records: [['']] });
    expect(parseCsv('a,\r\nb,c,', 10)).toEqual({
      ok: true,
      records: [
        ['a', ''],
        ['b', 'c', ''],
      ],
    });
    expect(parseCsv('"a"b', 10)).toEqual({ ok: false, problem: { kind: 'malformed', row: 1 } });
    const read = file(`\uFEFF${header}\n${line}\n`);
    expect(read.ok && read.rows.map((r) => r.ok)).toEqual([true]);
  });

  it('counts rows as a spreadsheet does, the header being row 1', () => {
    const read = file(`${header}\r\n${line}\r\nbad,,,,,,,\r\n`);
    expect(read.ok && read.rows.map((r) => [r.row, r.ok])).toEqual([
      [2, true],
      [3, false],
    ]);
  });

  it('refuses what is not a CSV file, a wrong header, a stray quote, too many rows', () => {
    expect(readImportFile(Buffer.from([0xff, 0xfe, 0x00]), TARGETS, NOW)).toMatchObject({
      ok: false,
      problem: { kind: 'not-text' },
    });
    expect(file('email,name\r\nana@example.org,Ana')).toMatchObject({
      ok: false,
      problem: { kind: 'header', missing: ['consent_source', 'consent_date', 'consent_wording'] },
    });
    expect(file(`${header}\r\n"open`)).toMatchObject({ ok: false, problem: { kind: 'malformed', row: 2 } });
    expect(file(header)).toMatchObject({ ok: false, problem: { kind: 'empty' } });
    expect(file(`${header}\n${`${line}\n`.repeat(MAX_IMPORT_ROWS + 1)}`)).toMatchObject({
      ok: false,
      problem: { kind: 'too-many-rows' },
    });
  });

  it('reads back what Candle’s CSV writer wrote, a formula guard included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), { maxLength: 5 }),
        (rows) => {
          const width = Math.max(1, ...rows.map((r) => r.length));
          const padded = rows.map((r) => [...r, ...Array(width - r.length).fill('')]);
          const header = Array.from({ length: width }, (_, i) => `c${i}`);
          const parsed = parseCsv(toCsv(header, padded), 100);
          expect(parsed.ok).toBe(true);
          if (parsed.ok) expect(parsed.records.length).toBe(1 + padded.length);
        },
      ),
    );
    const guarded = file(`${header}\r\n${line.replace(csvCell('Ana'), csvCell('=Ana'))}`);
    expect(guarded.ok && guarded.rows[0]?.ok && guarded.rows[0].subscriber.name).toBe('=Ana');
  });
});
