/**
 * What a reader typed, turned into a small, safe structure that both engines render into their own
 * query language. Nothing the reader types reaches a database as syntax: words are letters and
 * digits only, and every operator character is a separator.
 */

export interface WordTerm {
  kind: 'word';
  /** Lower-case, as typed (accents kept: the engines fold them). */
  text: string;
  /** The last word typed, still being written: matches every word that starts with it. */
  prefix: boolean;
}

export interface PhraseTerm {
  kind: 'phrase';
  words: string[];
}

export type Term = WordTerm | PhraseTerm;

export interface ParsedQuery {
  /** Terms every result must match. */
  terms: Term[];
  /** Terms no result may match (`-word`). */
  excluded: Term[];
  /** The query as it will be shown back to the reader (cleaned). */
  display: string;
}

/** Longest query the address may carry; longer ones are refused with a 400 at the edge. */
export const MAX_QUERY_LENGTH = 500;
/** Terms beyond this many are ignored: no one types more, and each costs the engine work. */
const MAX_TERMS = 12;
const MAX_WORD_LENGTH = 60;

/** Words so common in English, Spanish and French that requiring them only loses results. */
const STOPWORDS = new Set(
  (
    'a an and are as at be by for from has have in into is it its of on or that the their this to was were ' +
    'will with al con de del el en es la las los lo por para que se su un una y ' +
    'au aux ce ces dans des du et est il ils le les leur ne ou par pas pour qui sur une'
  ).split(' '),
);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(foldAccents(word));
}

/** Lower case without diacritics: "Vásquez" → "vasquez". */
export function foldAccents(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Removes what must never reach a database: NUL and other control characters, lone surrogates. */
export function cleanText(raw: string): string {
  return (
    raw
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
      .normalize('NFC')
  );
}

const WORD = /[\p{L}\p{N}]+/gu;

function wordsOf(text: string): string[] {
  return (text.match(WORD) ?? []).map((w) => w.toLowerCase().slice(0, MAX_WORD_LENGTH));
}

/** Parses a reader's query: words, "quoted phrases", -excluded words; everything else separates. */
export function parseQuery(raw: string): ParsedQuery {
  const text = cleanText(raw).slice(0, MAX_QUERY_LENGTH);
  const terms: Term[] = [];
  const excluded: Term[] = [];
  // Split into quoted and unquoted stretches; an unbalanced quote runs to the end.
  const parts = text.split('"');
  parts.forEach((part, i) => {
    const quoted = i % 2 === 1;
    if (quoted) {
      const words = wordsOf(part);
      const negated = /(^|\s)-$/.test(parts[i - 1] ?? '');
      if (words.length === 1)
        (negated ? excluded : terms).push({ kind: 'word', text: words[0]!, prefix: false });
      else if (words.length > 1) (negated ? excluded : terms).push({ kind: 'phrase', words });
      return;
    }
    for (const match of part.matchAll(/(-?)([^\s]+)/g)) {
      const negated = match[1] === '-' && (match.index === 0 || /\s/.test(part[match.index - 1] ?? ''));
      for (const word of wordsOf(match[2] ?? '')) {
        (negated ? excluded : terms).push({ kind: 'word', text: word, prefix: false });
      }
    }
  });

  // The last word is still being typed unless the reader ended with a space or a closing quote.
  const last = terms[terms.length - 1];
  const endsOpen = /[\p{L}\p{N}]$/u.test(text) && parts.length % 2 === 1;
  if (last?.kind === 'word' && endsOpen && last.text.length >= 2) last.prefix = true;

  // Drop stopwords unless nothing else is left, so "the disappeared" still finds "disappeared".
  const meaningful = terms.filter((t) => t.kind === 'phrase' || !isStopword(t.text) || t.prefix);
  const kept = (meaningful.length > 0 ? meaningful : terms).slice(0, MAX_TERMS);
  return {
    terms: kept,
    excluded: kept.length > 0 ? excluded.slice(0, MAX_TERMS) : [],
    display: text.replace(/\s+/g, ' ').trim(),
  };
}

export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.terms.length === 0;
}

/**
 * A light Spanish/French stem for SQLite, whose only stemmer (Porter) is English: "desaparecidas",
 * "desaparecidos" and "desaparecido" all become "desaparecid", matched as a prefix.
 * Returns null when the word is too short to stem safely.
 */
export function romanceStem(word: string): string | null {
  const w = foldAccents(word);
  if (w.length < 6 || /\d/.test(w)) return null;
  let stem = w.replace(/(es|s|x)$/, '');
  stem = stem.replace(/[aoe]$/, '');
  if (stem === w || stem.length < 5) return null;
  return stem;
}

/** Trigrams as pg_trgm makes them: the word padded with two spaces before and one after. */
export function trigrams(word: string): Set<string> {
  const padded = `  ${foldAccents(word)} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}

/** Share of trigrams two words have in common (0…1), as pg_trgm's similarity(). */
export function similarity(a: string, b: string): number {
  return shared(trigrams(a), trigrams(b));
}

/** Share of two trigram sets in common; a query word's set is made once for every candidate. */
function shared(ta: Set<string>, tb: Set<string>): number {
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  const union = ta.size + tb.size - common;
  return union === 0 ? 0 : common / union;
}

/** The words of a query that a typo-tolerant search should try to correct. */
export function correctableWords(q: ParsedQuery): string[] {
  const words = q.terms.flatMap((t) => (t.kind === 'word' ? [t.text] : t.words));
  return [...new Set(words.filter((w) => w.length >= 4 && !/^\d+$/.test(w)))];
}

/**
 * Picks, for each query word, the closest word found in the candidate texts. Returns the corrected
 * query, or null when no word needed correcting.
 */
export function suggestCorrection(
  q: ParsedQuery,
  candidateTexts: string[],
  minSimilarity = 0.4,
): string | null {
  const vocabulary = new Map<string, string>();
  for (const text of candidateTexts) {
    for (const word of text.match(WORD) ?? []) {
      const folded = foldAccents(word);
      if (folded.length >= 3 && !vocabulary.has(folded)) vocabulary.set(folded, word.toLowerCase());
    }
  }
  const replacements = new Map<string, string>();
  for (const word of correctableWords(q)) {
    const folded = foldAccents(word);
    if (vocabulary.has(folded)) continue;
    const grams = trigrams(folded);
    let best: { word: string; score: number } | null = null;
    for (const [candidate, shown] of vocabulary) {
      // A prefix of a known word is not a typo: it is still being typed.
      const score = candidate.startsWith(folded) ? 0 : shared(grams, trigrams(candidate));
      if (score >= minSimilarity && (!best || score > best.score)) best = { word: shown, score };
    }
    if (best) replacements.set(word, best.word);
  }
  if (replacements.size === 0) return null;
  const source = q.display.toLowerCase();
  return source.replace(/[\p{L}\p{N}]+/gu, (w) => replacements.get(w) ?? w);
}
