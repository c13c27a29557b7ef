import fc from 'fast-check';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import { tsqueryExpression } from '../../src/search/postgres-engine.js';
import {
  cleanText,
  foldAccents,
  parseQuery,
  romanceStem,
  similarity,
  suggestCorrection,
} from '../../src/search/query.js';
import { segments } from '../../src/search/service.js';
import { ftsExpression } from '../../src/search/sqlite-engine.js';

/** Our own column filters (the words as written, French stems), which the checks below allow. */
const withoutColumns = (expr: string) =>
  expr.replaceAll('{title names summary body} :', '').replaceAll('{stems_head stems_body} :', '');

describe('parseQuery', () => {
  it('reads words, the last one as a prefix', () => {
    const q = parseQuery('Vasquez tortur');
    expect(q.terms).toEqual([
      { kind: 'word', text: 'vasquez', prefix: false },
      { kind: 'word', text: 'tortur', prefix: true },
    ]);
  });

  it('does not treat the last word as a prefix after a space or a closing quote', () => {
    expect(parseQuery('torture ').terms).toEqual([{ kind: 'word', text: 'torture', prefix: false }]);
    expect(parseQuery('"national guard"').terms).toEqual([{ kind: 'phrase', words: ['national', 'guard'] }]);
  });

  it('reads quoted phrases, unbalanced quotes and excluded words', () => {
    expect(parseQuery('"national guard" -mexico police').terms).toEqual([
      { kind: 'phrase', words: ['national', 'guard'] },
      { kind: 'word', text: 'police', prefix: true },
    ]);
    expect(parseQuery('"national guard" -mexico police').excluded).toEqual([
      { kind: 'word', text: 'mexico', prefix: false },
    ]);
    expect(parseQuery('"national guard').terms).toEqual([{ kind: 'phrase', words: ['national', 'guard'] }]);
  });

  it('keeps hyphenated words and drops stopwords unless nothing else is left', () => {
    expect(parseQuery('COVID-19 ').terms.map((t) => t.kind === 'word' && t.text)).toEqual(['covid', '19']);
    expect(parseQuery('the disappeared ').terms).toEqual([
      { kind: 'word', text: 'disappeared', prefix: false },
    ]);
    expect(parseQuery('the ').terms).toEqual([{ kind: 'word', text: 'the', prefix: false }]);
  });

  it('treats operators and SQL as separators', () => {
    const q = parseQuery(`NEAR(a b) OR x* ^title:y'; drop table articles; --`);
    for (const language of ['en', 'fr']) {
      const outside = withoutColumns(ftsExpression(q, language)).replace(/"[\p{L}\p{N} ]*"/gu, '');
      expect(outside).not.toMatch(/[;:^'-]|NEAR/);
    }
    expect(q.excluded).toEqual([]);
  });

  it('excluded words alone search for nothing', () => {
    expect(parseQuery('-mexico').terms).toEqual([]);
    expect(parseQuery('-mexico').excluded).toEqual([]);
  });
});

describe('text helpers', () => {
  it('folds accents and case', () => {
    expect(foldAccents('Vásquez Cerón Yucatán ÉTÉ')).toBe('vasquez ceron yucatan ete');
  });

  it('removes control characters and lone surrogates', () => {
    expect(cleanText('a\u0000b\u001fc\ud800d')).toBe('a b cd');
  });

  it('stems Spanish and French plurals and genders to a shared prefix', () => {
    expect(romanceStem('desaparecidos')).toBe('desaparecid');
    expect(romanceStem('desaparecidas')).toBe('desaparecid');
    expect(romanceStem('détenues')).toBe('detenu');
    expect(romanceStem('casa')).toBeNull();
  });

  it('measures trigram similarity as pg_trgm does', () => {
    expect(similarity('ayotzinapa', 'ayotzinapa')).toBe(1);
    expect(similarity('ayotzinpa', 'ayotzinapa')).toBeGreaterThan(0.5);
    expect(similarity('salaz', 'mexico')).toBe(0);
  });

  it('suggests the closest known word for a misspelling', () => {
    const q = parseQuery('Ayotzinpa ');
    expect(suggestCorrection(q, ['Ayotzinapa, five years on', 'The 43 students of Ayotzinapa'])).toBe(
      'ayotzinapa',
    );
    expect(suggestCorrection(parseQuery('mexico '), ['Mexico: news'])).toBeNull();
  });

  it('splits a snippet into marked and plain segments', () => {
    expect(segments('a \ue000b\ue001 c')).toEqual([
      { text: 'a ', match: false },
      { text: 'b', match: true },
      { text: ' c', match: false },
    ]);
  });
});

const pg = new Kysely<unknown>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('whatever a reader types', () => {
  const hostile = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 100 }),
    fc
      .array(
        fc.constantFrom(
          '"',
          '*',
          '-',
          'NEAR',
          'AND',
          'OR',
          'NOT',
          '(',
          ')',
          ':',
          '^',
          "'",
          ';',
          '--',
          ' ',
          'é',
          '😀',
          'a',
          'torture',
        ),
        { maxLength: 30 },
      )
      .map((parts) => parts.join('')),
  );

  it('becomes an FTS5 expression with every word quoted and nothing else but operators', () => {
    fc.assert(
      fc.property(hostile, (raw) => {
        const q = parseQuery(raw);
        if (q.terms.length === 0) return;
        for (const language of ['en', 'fr']) {
          const expr = withoutColumns(ftsExpression(q, language));
          // Remove the quoted strings: what is left may only be our own operators.
          const outside = expr.replace(/"[\p{L}\p{N} ]*"/gu, '');
          expect(outside).toMatch(/^[() *]*(?:(?:AND|OR|NOT)[() *]*)*$/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('becomes a tsquery whose user text is only ever a bound parameter', () => {
    fc.assert(
      fc.property(hostile, (raw) => {
        const q = parseQuery(raw);
        if (q.terms.length === 0) return;
        for (const language of ['en', 'fr']) {
          const compiled = sql`select ${tsqueryExpression(q, language)}`.compile(pg);
          // The statement is made of our own fixed text only; the reader's words are all parameters.
          expect(compiled.sql).toMatch(/^select [\s\w(),'|&!:$]*$/);
          expect(compiled.parameters.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
