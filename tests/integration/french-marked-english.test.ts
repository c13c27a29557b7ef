import type { AnyNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNTRANSLATED } from '../../src/demo/french.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

/**
 * English inside a French page is marked `lang="en"` (WCAG 3.1.2, issue 15): the words of the
 * media library (alt text, captions, credits: a picture has no language of its own, its words are
 * in the language of the article that placed it), the cases (name, summary), and a translated
 * urgent action's parts that come from its English original (asks, letter, call script). A text
 * node holding one of them must sit under an element whose nearest `lang` is `en`; a name (short)
 * may also stand inside content an editor wrote in French (its `lang="fr"` element), never in the
 * page's own French (the `<html lang="fr">`).
 */

let t: TestApp;
/** Strings the demo stores in English: sentences (found inside any text) and names (whole texts). */
const english = { sentences: new Set<string>(), names: new Set<string>() };
let frenchAction = '';
let caseSlug = '';

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
const remember = (s: string, kind: 'sentences' | 'names' = 'sentences') => {
  const text = collapse(s);
  if (text) english[kind].add(text);
};

beforeAll(async () => {
  // While UA 87/20 is open (the demo is loaded on 1 July 2020), so that its channels show.
  t = await testApp({ now: () => new Date('2020-07-02T12:00:00Z') });
  for (const m of await t.db.selectFrom('media').select(['alt', 'caption', 'credit']).execute()) {
    for (const s of [m.alt, m.caption]) remember(s);
    remember(m.credit, 'names');
  }
  for (const c of await t.db.selectFrom('cases').select(['name', 'summary']).execute()) {
    remember(c.name, 'names');
    remember(c.summary);
  }
  // The demo's open urgent action (UA 87/20) in French: its details are its English original's.
  const ua = await t.db
    .selectFrom('articles as f')
    .innerJoin('articles as o', 'o.id', 'f.translation_of')
    .innerJoin('urgent_actions as u', 'u.article_id', 'o.id')
    .select(['f.slug', 'o.id', 'u.asks', 'u.background_md'])
    .where('f.language', '=', 'fr')
    .where('f.status', '=', 'published')
    .where('u.number', '=', 87)
    .where('u.update_ordinal', '=', 0)
    .executeTakeFirstOrThrow();
  frenchAction = ua.slug;
  for (const ask of JSON.parse(ua.asks) as string[]) remember(ask);
  remember(ua.background_md);
  const letter = await t.db
    .selectFrom('ua_letter_templates')
    .select(['subject', 'body'])
    .where('article_id', '=', ua.id)
    .where('language', '=', 'en')
    .executeTakeFirstOrThrow();
  remember(letter.subject);
  for (const p of letter.body.split(/\n\s*\n/)) remember(p);
  const linked = await t.db
    .selectFrom('article_cases as l')
    .innerJoin('articles as a', 'a.id', 'l.article_id')
    .innerJoin('cases as c', 'c.id', 'l.case_id')
    .select('c.slug')
    .where('a.slug', '=', frenchAction)
    .executeTakeFirstOrThrow();
  caseSlug = linked.slug;
  // The report left in English: its words, and a dateline and document title written in English.
  const report = await t.db
    .selectFrom('articles')
    .select(['id', 'title', 'summary'])
    .where('slug', '=', UNTRANSLATED)
    .executeTakeFirstOrThrow();
  await t.db.updateTable('articles').set({ location: 'Mexico City' }).where('id', '=', report.id).execute();
  const documents = await t.db
    .selectFrom('article_attachments')
    .select('media_id')
    .where('article_id', '=', report.id)
    .execute();
  expect(documents.length).toBeGreaterThan(0);
  await t.db
    .updateTable('media')
    .set({ document_title: 'When words are not enough: the full report' })
    .where(
      'id',
      'in',
      documents.map((d) => d.media_id),
    )
    .execute();
  for (const s of [report.title, report.summary, 'When words are not enough: the full report']) remember(s);
  remember('Mexico City', 'names');
  // A country and a topic with no French name: French pages show their English names.
  for (const [kind, table, slug] of [
    ['country', 'countries', 'hungary'],
    ['topic', 'topics', 'right-to-health'],
  ] as const) {
    const row = await t.db
      .selectFrom(table)
      .select(['id', 'name'])
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    await t.db
      .deleteFrom('taxonomy_names')
      .where('kind', '=', kind)
      .where('target_id', '=', row.id)
      .where('language', '=', 'fr')
      .execute();
    remember(row.name, 'names');
  }
});
afterAll(async () => {
  await t?.close();
});

interface Unmarked {
  text: string;
  lang: string | undefined;
}

/** The nearest `lang` of a node, and whether it is the document's own (the `<html>` element's). */
function langOf(node: AnyNode | null): { lang: string | undefined; root: boolean } {
  for (let n = node; n; n = n.parent as AnyNode | null) {
    const el = n as Element;
    if (el.attribs?.lang !== undefined) return { lang: el.attribs.lang, root: el.name === 'html' };
  }
  return { lang: undefined, root: true };
}

/**
 * Whether a node is in words an editor wrote in French: marked `lang="fr"`, or an article's text
 * in the page's own language (its `.prose`), which may name a person.
 */
function inFrenchWords(node: AnyNode, where: { lang: string | undefined; root: boolean }): boolean {
  if (!where.root) return where.lang === 'fr';
  for (let n = node.parent as Element | null; n; n = n.parent as Element | null)
    if (n.attribs?.class?.split(' ').includes('prose')) return true;
  return false;
}

/** English text in the body (text nodes and alt text) not under `lang="en"`. */
function unmarkedEnglish(html: string): Unmarked[] {
  const found: Unmarked[] = [];
  const check = (text: string, node: AnyNode) => {
    const where = langOf(node);
    if (where.lang === 'en') return;
    const sentence = [...english.sentences].find((s) => text.includes(s));
    const name = english.names.has(text) && !inFrenchWords(node, where);
    if (sentence || name) found.push({ text, lang: where.lang });
  };
  const walk = (node: AnyNode) => {
    if (node.type === 'text') {
      const text = collapse(node.data);
      if (text) check(text, node);
      return;
    }
    if (node.type !== 'tag') return;
    if (node.name === 'head' || node.name === 'script' || node.name === 'style') return;
    // A post to copy (French words around an English ask) cannot mark a part of a text box.
    if (node.name === 'textarea') return;
    if (node.name === 'img' && node.attribs.alt) check(collapse(node.attribs.alt), node);
    for (const child of node.children) walk(child);
  };
  for (const child of parseDocument(html).children) walk(child);
  return found;
}

describe(`English content on French pages is marked lang="en", on ${dialectUnderTest}`, () => {
  it('marks the media library’s words, the cases, the urgent action’s English parts and names with no French', async () => {
    const pages = [
      '/fr/',
      '/fr/personnes',
      `/fr/personnes/${caseSlug}`,
      `/fr/articles/${frenchAction}`,
      '/fr/pays/mexique',
      '/fr/pays',
      '/fr/regions',
      '/fr/pays/hungary',
      '/fr/sujets',
      '/fr/sujets/right-to-health',
      '/fr/abonnement',
      `/fr/articles/${UNTRANSLATED}`,
    ];
    for (const url of pages) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<html lang="fr"');
      expect({ url, unmarked: unmarkedEnglish(res.body) }).toEqual({ url, unmarked: [] });
    }
  });

  it('finds English when it is not marked (the check itself)', () => {
    const [sentence] = [...english.sentences];
    const html = `<html lang="fr"><body><p>${sentence}</p><p lang="en">${sentence}</p></body></html>`;
    expect(unmarkedEnglish(html)).toEqual([{ text: sentence, lang: 'fr' }]);
    const [name] = [...english.names];
    const names = `<html lang="fr"><body><p>${name}</p><div class="prose"><strong>${name}</strong></div></body></html>`;
    expect(unmarkedEnglish(names)).toEqual([{ text: name, lang: 'fr' }]);
  });

  it('marks the officials’ names, titles, offices and addresses with their office’s language', async () => {
    const officials = await t.db
      .selectFrom('ua_action_targets as at')
      .innerJoin('ua_targets as o', 'o.id', 'at.target_id')
      .innerJoin('articles as a', 'a.translation_of', 'at.article_id')
      .select(['o.name', 'o.title', 'o.body', 'o.postal_address', 'o.salutation', 'o.language'])
      .where('a.slug', '=', frenchAction)
      .execute();
    expect(officials.length).toBeGreaterThan(1);
    const words = officials.flatMap((o) =>
      [o.name, o.title, o.body, o.postal_address.split('\n')[0] ?? '', o.salutation]
        .filter(Boolean)
        .map((text) => ({ text, lang: o.language })),
    );
    expect(words.every((w) => w.lang === 'es')).toBe(true);
    const html = (await t.app.inject({ method: 'GET', url: `/fr/articles/${frenchAction}` })).body;
    const misplaced: Array<{ text: string; lang: string | undefined }> = [];
    let seen = 0;
    const walk = (node: AnyNode) => {
      if (node.type === 'text') {
        const text = collapse(node.data);
        for (const w of words.filter((x) => text.includes(x.text))) {
          const where = langOf(node);
          // An editor's French may name the governor, as the English check allows a case's name.
          if (inFrenchWords(node, where)) continue;
          seen++;
          if (where.lang !== w.lang) misplaced.push({ text, lang: where.lang });
        }
        return;
      }
      if (node.type !== 'tag' || node.name === 'head' || node.name === 'textarea') return;
      for (const child of node.children) walk(child);
    };
    for (const child of parseDocument(html).children) walk(child);
    // The targets and copies, the letter's recipients, the call's: each named several times.
    expect(seen).toBeGreaterThan(words.length);
    expect(misplaced).toEqual([]);
  });
});
