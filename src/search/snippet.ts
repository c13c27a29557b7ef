import { MARK_END, MARK_START } from './engine.js';
import { foldAccents, type ParsedQuery, romanceStem } from './query.js';
import { termStems } from './stems.js';

/**
 * The highlighted stretch of a text for a results page, made in JavaScript from the text itself.
 * FTS5's snippet() re-reads and re-tokenises each document and expands prefix terms again for
 * every result: 13–29 ms for a page of ten at 100,000 articles, more than the search. Both engines
 * use this, so a result reads the same on either database.
 */

/**
 * Words of the query, folded, each as the start that a word of the text must have to match; on a
 * page in a stemmed language (French) the words' stems too ("liber" marks "libérées").
 */
function matchers(q: ParsedQuery, language: string): string[] {
  const out = new Set<string>();
  for (const term of q.terms) {
    for (const stem of termStems(term, language) ?? []) out.add(stem);
    const words = term.kind === 'phrase' ? term.words : [term.text];
    for (const word of words) {
      const folded = foldAccents(word);
      // The stemmers match "tortured" for "torture" and "desaparecida" for "desaparecidos": a
      // shared start of the word stands in for them here.
      out.add(romanceStem(word) ?? (folded.length > 5 ? folded.slice(0, folded.length - 2) : folded));
    }
  }
  return [...out].filter((m) => m.length > 0);
}

const WORD = /[\p{L}\p{N}]+/gu;
const NON_ASCII = /[^\p{ASCII}]/u;

function matches(word: string, starts: string[]): boolean {
  // Unicode normalisation is the slow part, and most words do not need it.
  const folded = NON_ASCII.test(word) ? foldAccents(word) : word.toLowerCase();
  for (const start of starts) if (folded.startsWith(start)) return true;
  return false;
}

interface Token {
  start: number;
  end: number;
  match: boolean;
}

/**
 * For each letter, the letter and every Latin letter that folds to it ("a" → "aàáâãäå…"), built
 * from foldAccents itself so the two agree.
 */
const FOLDS_TO = (() => {
  const out = new Map<string, string>();
  for (const [lo, hi] of [
    [0xc0, 0x24f],
    [0x1e00, 0x1eff],
  ] as const) {
    for (let cp = lo; cp <= hi; cp++) {
      const ch = String.fromCodePoint(cp).toLowerCase();
      const base = foldAccents(ch);
      if (base.length === 1 && base !== ch && /[a-z]/.test(base)) out.set(base, (out.get(base) ?? base) + ch);
    }
  }
  return out;
})();

const escapeRegExp = (ch: string) => ch.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

const WORD_CHAR = /[\p{L}\p{N}]/u;
const patterns = new Map<string, RegExp>();

/** A pattern for the lower-cased text that finds a word starting with any of `starts`, accents or not. */
function startsPattern(starts: string[]): RegExp {
  const key = starts.join(' ');
  const known = patterns.get(key);
  if (known) return known;
  const alternatives = starts.map((start) =>
    [...start].map((ch) => (FOLDS_TO.has(ch) ? `[${FOLDS_TO.get(ch)}]` : escapeRegExp(ch))).join(''),
  );
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})`, 'u');
  // A handful of queries at a time: the cache only spares the ten results of one page.
  if (patterns.size > 100) patterns.clear();
  patterns.set(key, pattern);
  return pattern;
}

/** The start of the word `words` words before `at` in `text` (or 0): where reading may begin. */
function wordsBefore(text: string, at: number, words: number): number {
  let seen = 0;
  for (let i = at - 1; i > 0; i--) {
    if (WORD_CHAR.test(text[i] as string) && !WORD_CHAR.test(text[i - 1] as string)) {
      seen++;
      if (seen >= words) return i;
    }
  }
  return 0;
}

/** About `size` words of `text` around its first matches, matches marked; null if none match. */
export function highlight(text: string, q: ParsedQuery, size = 28, language = 'en'): string | null {
  const starts = matchers(q, language);
  if (starts.length === 0 || text.length === 0) return null;
  // Find the first match with one native search over the lower-cased text (letters with accents
  // in the pattern, built from foldAccents), then read words only from a little before it: reading
  // the whole text word by word, or folding it all, cost 0.1-0.2 ms per result. Lower-casing keeps
  // the length of ordinary text, so positions carry over; when it does not, read from the start.
  let begin = 0;
  const lower = text.toLowerCase();
  if (lower.length === text.length) {
    const found = startsPattern(starts).exec(lower);
    if (!found) return null;
    // Enough words before the match for the context and for a window that ends with the text.
    begin = wordsBefore(text, found.index, size + 4);
  }
  const tokens: Token[] = [];
  let first = -1;
  let readAll = true;
  const word = new RegExp(WORD.source, 'gu');
  word.lastIndex = begin;
  for (let m = word.exec(text); m !== null; m = word.exec(text)) {
    const match = matches(m[0], starts);
    if (match && first < 0) first = tokens.length;
    tokens.push({ start: m.index, end: m.index + m[0].length, match });
    // Nothing after the window is shown: stop reading there.
    if (first >= 0 && tokens.length >= first + size) {
      readAll = false;
      break;
    }
  }
  if (first < 0) return null;
  // A few words of context before the first match, then the rest of the window after it.
  const from = Math.max(0, Math.min(first - 4, tokens.length - size));
  const to = Math.min(tokens.length, from + size);
  let out = from > 0 || begin > 0 ? '…' : '';
  let cursor = (tokens[from] as Token).start;
  for (let i = from; i < to; i++) {
    const token = tokens[i] as Token;
    out += text.slice(cursor, token.start);
    const word = text.slice(token.start, token.end);
    out += token.match ? `${MARK_START}${word}${MARK_END}` : word;
    cursor = token.end;
  }
  const rest = text.slice(cursor);
  if (to < tokens.length || (!readAll && /[\p{L}\p{N}]/u.test(rest))) return `${out}…`;
  return out + rest;
}
