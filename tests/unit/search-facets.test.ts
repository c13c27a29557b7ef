import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/search/query.js';
import { countFacets, exactExpression, type WindowEntry } from '../../src/search/sqlite-engine.js';

const entry = (id: number, facets: string, type = 'news', at = '2020-05-01T00:00:00.000Z'): WindowEntry => ({
  id,
  type,
  published_at: at,
  facets,
  r: 0,
});

const count = (rows: ReturnType<typeof countFacets>, facet: string, value: string) =>
  rows.find((r) => r.facet === facet && r.value === value)?.count;

describe('counts per filter value from the links each match carries', () => {
  // Countries 1 and 2 are in region 10, country 3 in region 20.
  const regionOf = new Map([
    [1, 10],
    [2, 10],
    [3, 20],
  ]);

  it('counts types, years, countries, topics and cases', () => {
    const rows = countFacets(
      [
        entry(1, 'c1 t5 k7', 'news', '2019-01-02T00:00:00.000Z'),
        entry(2, 'c3 t5', 'report', '2020-01-02T00:00:00.000Z'),
        entry(3, '', 'news', '2020-03-02T00:00:00.000Z'),
      ],
      regionOf,
    );
    expect(count(rows, 'type', 'news')).toBe(2);
    expect(count(rows, 'type', 'report')).toBe(1);
    expect(count(rows, 'year', '2020')).toBe(2);
    expect(count(rows, 'year', '2019')).toBe(1);
    expect(count(rows, 'country', '1')).toBe(1);
    expect(count(rows, 'country', '3')).toBe(1);
    expect(count(rows, 'topic', '5')).toBe(2);
    expect(count(rows, 'case', '7')).toBe(1);
    expect(count(rows, 'case', '5')).toBeUndefined();
  });

  it('counts an item in two countries of one region once for the region', () => {
    const rows = countFacets([entry(1, 'c1 c2'), entry(2, 'c1 c3')], regionOf);
    expect(count(rows, 'country', '1')).toBe(2);
    expect(count(rows, 'region', '10')).toBe(2);
    expect(count(rows, 'region', '20')).toBe(1);
  });

  it('ignores a country no longer known', () => {
    const rows = countFacets([entry(1, 'c99')], regionOf);
    expect(count(rows, 'country', '99')).toBe(1);
    expect(rows.some((r) => r.facet === 'region')).toBe(false);
  });
});

describe('the expression a full window is ranked with', () => {
  it('is the words and phrases as typed, with no prefix, stem or exclusion', () => {
    // Among the words as written: a French item's stems (migration 038) never rank it.
    expect(exactExpression(parseQuery('police violenc'))).toBe(
      '{title names summary body} : ("police" AND "violenc")',
    );
    expect(exactExpression(parseQuery('"ciudad juárez" desaparecidos -mexico'))).toBe(
      '{title names summary body} : ("ciudad juárez" AND "desaparecidos")',
    );
  });
});
