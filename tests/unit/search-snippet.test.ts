import { describe, expect, it } from 'vitest';
import { MARK_END, MARK_START } from '../../src/search/engine.js';
import { parseQuery } from '../../src/search/query.js';
import { highlight } from '../../src/search/snippet.js';

const marked = (s: string | null) =>
  s === null ? null : s.replaceAll(MARK_START, '[').replaceAll(MARK_END, ']');

describe('highlight', () => {
  it('marks a name with or without its accents, in any case', () => {
    const text = 'The court heard that Adrián Vásquez was moved to another prison.';
    expect(marked(highlight(text, parseQuery('vasquez')))).toContain('[Vásquez]');
    expect(marked(highlight(text, parseQuery('VÁSQUEZ adrian')))).toContain('[Adrián] [Vásquez]');
  });

  it('marks other forms of a word and the word being typed', () => {
    const text =
      'He was tortured in custody; torture is never lawful. Los desaparecidos y las desaparecidas.';
    const torture = marked(highlight(text, parseQuery('torture')));
    expect(torture).toContain('[tortured]');
    expect(torture).toContain('[torture]');
    expect(marked(highlight(text, parseQuery('desaparecidos')))).toContain('[desaparecidas]');
    expect(marked(highlight(text, parseQuery('cust')))).toContain('[custody]');
  });

  it('shows a window around the first match, with ellipses where text is left out', () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
    words[50] = 'Lemayian';
    const out = marked(highlight(words.join(' '), parseQuery('lemayian'), 10)) ?? '';
    expect(out.startsWith('…w46 ')).toBe(true);
    expect(out.endsWith('…')).toBe(true);
    expect(out).toContain('[Lemayian]');
    expect(out.split(' ')).toHaveLength(10);
  });

  it('finds nothing to mark when no word matches, and keeps the text as it was', () => {
    expect(highlight('Nothing to see here.', parseQuery('torture'))).toBeNull();
    expect(highlight('', parseQuery('torture'))).toBeNull();
    const out = marked(highlight('A <b>“quoted”</b> & torture.', parseQuery('torture')));
    expect(out).toBe('A <b>“quoted”</b> & [torture].');
  });

  it('starts at the first match whatever its accents, far into a long text too', () => {
    const filler = Array.from({ length: 400 }, (_, i) => `palabra${i}`).join(' ');
    const text = `${filler} Ibáñez Núñez fue detenido. ${filler} Nunez otra vez.`;
    const out = marked(highlight(text, parseQuery('nunez'), 10)) ?? '';
    expect(out.startsWith('…palabra397 palabra398 palabra399 Ibáñez [Núñez] ')).toBe(true);
    expect(out).not.toContain('[Nunez]');
    // A match only near the end still gets a full window, reaching back before it.
    const late = marked(highlight(`${filler} Lemayian.`, parseQuery('lemayian'), 10)) ?? '';
    expect(late).toBe(
      '…palabra391 palabra392 palabra393 palabra394 palabra395 palabra396 palabra397 palabra398 palabra399 [Lemayian].',
    );
  });

  it('reads text whose length changes when lower-cased from its start', () => {
    // "İ" lower-cases to two code units: positions in the lower-cased text would not carry over.
    const out = marked(highlight('İstanbul: the court heard Vásquez.', parseQuery('vasquez')));
    expect(out).toBe('İstanbul: the court heard [Vásquez].');
  });
});
