import fs from 'node:fs';
import path from 'node:path';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { parseAst } from 'rolldown/parseAst';
import { describe, expect, it } from 'vitest';
import { catalogues, LANGUAGES, LOCALES } from '../../src/platform/i18n/index.js';

/**
 * Every language has every key of the English catalogue, each translation asks for the same
 * placeholders as the English (plurals, selects, numbers and dates included), every message is
 * valid ICU MessageFormat, and no view writes a string a person reads without t() (issue 15).
 */

const en = catalogues.en as Record<string, string>;

/** The names of the values a message asks for, at any depth of its plurals and selects. */
function placeholders(elements: readonly MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if (el.type === TYPE.tag) {
      placeholders(el.children, into);
      continue;
    }
    into.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      for (const option of Object.values(el.options)) placeholders(option.value, into);
    }
  }
  return into;
}

const sorted = (s: Set<string>) => [...s].sort();

describe('the catalogues', () => {
  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every English key and no other', (language) => {
    const catalogue = catalogues[language] as Record<string, string>;
    const missing = Object.keys(en).filter((k) => typeof catalogue[k] !== 'string');
    const unknown = Object.keys(catalogue).filter((k) => !(k in en));
    // Listed in full, so the keys a merge brought in can be translated from the failure alone.
    expect(
      missing,
      `keys missing in ${language}:\n${missing.map((k) => `  '${k}': ${JSON.stringify(en[k])}`).join('\n')}`,
    ).toEqual([]);
    expect(unknown, `keys in ${language} that English no longer has`).toEqual([]);
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s asks for the same placeholders as English', (language) => {
    const catalogue = catalogues[language] as Record<string, string>;
    const differing: string[] = [];
    for (const [key, english] of Object.entries(en)) {
      const translated = catalogue[key];
      if (typeof translated !== 'string') continue;
      const want = sorted(placeholders(parse(english)));
      const got = sorted(placeholders(parse(translated)));
      if (want.join() !== got.join()) differing.push(`${key}: English {${want}} but ${language} {${got}}`);
    }
    expect(differing).toEqual([]);
  });

  it.each(LANGUAGES)('every %s message is valid ICU MessageFormat that needs no quoting', (language) => {
    const problems: string[] = [];
    for (const [key, message] of Object.entries(catalogues[language] as Record<string, string>)) {
      try {
        new IntlMessageFormat(message, LOCALES[language]);
      } catch (error) {
        problems.push(`${key}: ${(error as Error).message}`);
      }
      // A straight apostrophe before a brace or another apostrophe quotes in ICU: write ’ instead.
      if (/'[{}']/.test(message)) problems.push(`${key}: a straight apostrophe that ICU reads as a quote`);
    }
    expect(problems).toEqual([]);
  });

  it('notices a translation whose placeholders differ (the check above can fail)', () => {
    const want = sorted(placeholders(parse('{count, plural, one {# letter} other {# letters}} to {name}')));
    expect(want).toEqual(['count', 'name']);
    expect(sorted(placeholders(parse('{count, plural, one {# lettre} other {# lettres}}')))).not.toEqual(
      want,
    );
    expect(sorted(placeholders(parse('{n, select, a {{x}} other {y}}')))).toEqual(['n', 'x']);
  });
});

/**
 * Text in a view: a JSX text node, or a string literal written as a child (`{'Hello'}`), with a
 * letter in it; and the attributes a person hears or reads (aria-label, title, alt, placeholder…)
 * given as a literal string with a letter. What is allowed is named here, with why.
 */
const READ_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-placeholder',
  'aria-valuetext',
  'title',
  'alt',
  'placeholder',
]);

const ALLOWED: ReadonlyArray<{ file: string; text: string; why: string }> = [
  {
    file: 'subscriptions/delivery/message.tsx',
    text: 'aria-roledescription="email"',
    why: 'the delivery room’s alert mail; to go through t() when that room is merged (reported to the lead)',
  },
];

type Node = { type?: string; [key: string]: unknown };

function untranslatedText(source: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown, parentIsElement: boolean): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child, parentIsElement);
      return;
    }
    const n = node as Node;
    if (n.type === 'JSXText' && /\p{L}/u.test(String(n.value))) found.push(String(n.value).trim());
    if (n.type === 'JSXExpressionContainer' && parentIsElement) {
      const e = n.expression as Node;
      if (e?.type === 'Literal' && typeof e.value === 'string' && /\p{L}/u.test(e.value)) found.push(e.value);
      if (e?.type === 'TemplateLiteral') {
        const quasis = e.quasis as Array<{ value: { cooked: string } }>;
        if (quasis.some((q) => /\p{L}/u.test(q.value.cooked)))
          found.push(quasis.map((q) => q.value.cooked).join('…'));
      }
    }
    if (n.type === 'JSXAttribute') {
      const name = (n.name as Node)?.name as string;
      const value = n.value as Node | null;
      if (READ_ATTRIBUTES.has(name) && value?.type === 'Literal' && /\p{L}/u.test(String(value.value)))
        found.push(`${name}="${value.value}"`);
      return;
    }
    const isElement = n.type === 'JSXElement' || n.type === 'JSXFragment';
    for (const [key, child] of Object.entries(n)) {
      if (key === 'openingElement' || key === 'closingElement') visit(child, false);
      else visit(child, isElement && key === 'children');
    }
  };
  visit(parseAst(source, { lang: 'tsx' }), false);
  return found;
}

const SRC = path.resolve(import.meta.dirname, '../../src');

function views(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return views(full);
    return entry.name.endsWith('.tsx') ? [full] : [];
  });
}

describe('the views', () => {
  it('write every string a person reads through t()', () => {
    const problems: string[] = [];
    for (const file of views(SRC)) {
      const rel = path.relative(SRC, file);
      for (const text of untranslatedText(fs.readFileSync(file, 'utf8'))) {
        if (!ALLOWED.some((a) => a.file === rel && a.text === text))
          problems.push(`${rel}: ${JSON.stringify(text)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('notices text outside t() (the check above can fail)', () => {
    const view = `export const V = () => (
      <p title="Read me" class="x">
        Hello {t('ok')} {'Goodbye'} {\`Page \${n}\`} {' · '} <b aria-label={t('fine')}>{name}</b>
      </p>);`;
    expect(untranslatedText(view)).toEqual(['title="Read me"', 'Hello', 'Goodbye', 'Page …']);
  });
});
