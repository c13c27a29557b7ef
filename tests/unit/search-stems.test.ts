import { describe, expect, it } from 'vitest';
import { type GroupMember, MARK_END, MARK_START, shadowed } from '../../src/search/engine.js';
import { stemQueryText } from '../../src/search/postgres-engine.js';
import { parseQuery } from '../../src/search/query.js';
import { highlight } from '../../src/search/snippet.js';
import { ftsExpression } from '../../src/search/sqlite-engine.js';
import { frenchStem, frenchStems, itemStems, termStems } from '../../src/search/stems.js';

describe('French stems (Snowball French, @orama/stemmers)', () => {
  it('gives the forms of one word one stem, whatever their ending', () => {
    const same = (...words: string[]) => expect(new Set(words.map(frenchStem)).size, words.join(' ')).toBe(1);
    same('libération', 'libérés', 'libérée', 'libérées', 'libéré', 'libérer');
    same('détenu', 'détenus', 'détenue', 'détenues');
    same('disparu', 'disparus', 'disparue', 'disparues');
    same('élu', 'élus', 'élue');
    same('prisonnier', 'prisonniers', 'prisonnière', 'prisonnières');
    same('défenseur', 'défenseurs', 'défenseure', 'défenseures');
    same('journal', 'journaux');
    same('manifestation', 'manifestations', 'manifestants');
    same('arrêté', 'arrêtés', 'arrêtée');
  });

  it('keeps different words apart, where a shared start would not', () => {
    expect(frenchStem('libération')).not.toBe(frenchStem('liberté'));
    expect(frenchStem('détenus')).not.toBe(frenchStem('détention'));
    expect(frenchStem('police')).not.toBe(frenchStem('politique'));
  });

  it('reads accents before folding them, as Snowball’s rules need', () => {
    // Folded first, "libérée" would stem to "libere" and "prisonnière" to "prisonnier".
    expect(frenchStem('libérée')).toBe('liber');
    expect(frenchStem('prisonnière')).toBe('prisonni');
    expect(frenchStem('Sécurité')).toBe('secur');
    expect(frenchStem('2021')).toBe('2021');
  });

  it('stems a text in order, title and summary apart from the body', () => {
    expect(frenchStems('Les défenseures sont libérées, l’État cède.')).toBe(
      'le defenseur sont liber l etat ced',
    );
    expect(itemStems({ title: 'Détenus', summary: 'libérés', body: 'Journaux' })).toEqual({
      head: 'detenu liber',
      body: 'journal',
    });
    expect(itemStems({ title: '', summary: '', body: '' })).toEqual({ head: '', body: '' });
  });

  it('stems a query’s words only on a page in a stemmed language', () => {
    const [word, phrase] = parseQuery('détenus "femmes libérées"').terms;
    expect(termStems(word!, 'fr')).toEqual(['detenu']);
    expect(termStems(phrase!, 'fr')).toEqual(['femm', 'liber']);
    expect(termStems(word!, 'en')).toBeNull();
  });
});

describe('the engines’ French stem lookups', () => {
  it('SQLite: stems among the stems, every other word among the words as written', () => {
    expect(ftsExpression(parseQuery('libérées '), 'fr')).toBe(
      '({title names summary body} : ("libérées" OR "liber"*) OR {stems_head stems_body} : "liber")',
    );
    // An English page's query is what it was, confined to the words as written.
    expect(ftsExpression(parseQuery('libérées '), 'en')).toBe(
      '{title names summary body} : ("libérées" OR "liber"*)',
    );
    expect(ftsExpression(parseQuery('libération'), 'fr')).toBe(
      '({title names summary body} : "libération"* OR {stems_head stems_body} : "liber")',
    );
    expect(ftsExpression(parseQuery('"femmes libérées" -police'), 'fr')).toBe(
      '(({title names summary body} : "femmes libérées" OR {stems_head stems_body} : "femm liber")) NOT (({title names summary body} : ("police" OR "polic"*) OR {stems_head stems_body} : "polic"))',
    );
  });

  it('PostgreSQL: stems as marked lexemes, a phrase’s in a row', () => {
    expect(stemQueryText(['liber'])).toBe("'§liber'");
    expect(stemQueryText(['femm', 'liber'])).toBe("'§femm' <-> '§liber'");
  });
});

describe('one result per translation group', () => {
  const member = (id: number, grp: number, lang: string): GroupMember => ({ id, grp, lang });

  it('shows the member in the page’s language, else the source, else the first made', () => {
    const group = [member(1, 1, 'en'), member(2, 1, 'fr'), member(3, 1, 'es')];
    expect(shadowed(group, 'fr').sort()).toEqual([1, 3]);
    expect(shadowed(group, 'en').sort()).toEqual([2, 3]);
    // No member in the page's language: the source.
    expect(shadowed([member(2, 1, 'fr'), member(1, 1, 'en')], 'es')).toEqual([2]);
    // The source did not match: the first translation made.
    expect(shadowed([member(3, 1, 'es'), member(2, 1, 'fr')], 'de')).toEqual([3]);
  });

  it('leaves a group with one matching member, and other groups, alone', () => {
    expect(shadowed([member(2, 1, 'fr'), member(5, 5, 'en')], 'en')).toEqual([]);
    expect(shadowed([], 'fr')).toEqual([]);
  });
});

describe('snippets on a French page', () => {
  it('mark the forms a French stem found', () => {
    const text = 'Onze militants ont été libérés hier ; les détenues sont rentrées.';
    const marked = (s: string | null) => s?.replaceAll(MARK_START, '[').replaceAll(MARK_END, ']');
    expect(marked(highlight(text, parseQuery('libération détenu '), 28, 'fr'))).toBe(
      'Onze militants ont été [libérés] hier ; les [détenues] sont rentrées.',
    );
    // An English page's snippet marks what the words as written start like, as before.
    expect(highlight(text, parseQuery('libération '), 28, 'en')).toBeNull();
  });
});
