import type { Actor, Staff } from '../accounts/index.js';
import { type ArticleType, type Db, preparedQuery, type Slots } from '../platform/db/index.js';
import { articleForm, slugify } from './admin/input.js';
import { type EditorDeps, loadArticle, saveArticle } from './admin/service.js';

/*
 * What the actions room asks of the newsroom for its ledger (handed over in app.ts, through the
 * actions room's `Newsroom`): a good-news draft made from an outcome, and the urgent actions filed
 * under a country (its public impact block).
 */

export interface GoodNewsDraft {
  title: string;
  summary: string;
  /** Markdown. */
  body: string;
  /** The urgent action it follows: its countries, topics, cases and lead picture are copied. */
  fromArticleId: number;
  /** Cases to link besides the urgent action's own (its people at risk). */
  caseIds: readonly number[];
}

export type GoodNewsOutcome =
  | { ok: true; id: number; editPath: string }
  | { ok: false; reason: 'not-found' | 'forbidden' | 'unavailable' | 'invalid' };

/**
 * Saves a draft article of type good news through the editor's own use case (revision, audit,
 * permissions): nothing is published, an editor reviews it. A title already used as an address
 * gets a number after it.
 */
export async function draftGoodNews(
  deps: Pick<EditorDeps, 'db' | 'now' | 'cache'>,
  staff: Staff,
  actor: Actor,
  draft: GoodNewsDraft,
): Promise<GoodNewsOutcome> {
  const from = await loadArticle(deps.db, draft.fromArticleId);
  if (!from) return { ok: false, reason: 'not-found' };
  const cases = [...new Set([...from.cases, ...draft.caseIds])];
  for (let attempt = 1; attempt <= 20; attempt++) {
    // Read through the editor's own form schema, so every field the editor has takes its default.
    const form = articleForm.parse({
      title: draft.title,
      slug: attempt === 1 ? '' : `${slugify(draft.title) || 'good-news'}-${attempt}`,
      type: 'good-news',
      summary: draft.summary,
      body: draft.body,
      location: from.location,
      lead_image_id: from.lead_image_id === null ? '' : String(from.lead_image_id),
      countries: from.countries.map(String),
      topics: from.topics.map(String),
      cases: cases.map(String),
      version: '0',
      action: 'save',
    });
    const outcome = await saveArticle(deps, staff, actor, null, form);
    if (outcome.ok) return { ok: true, id: outcome.id, editPath: `/admin/articles/${outcome.id}` };
    if (outcome.reason === 'invalid' && outcome.errors.slug) continue;
    if (outcome.reason === 'forbidden' || outcome.reason === 'unavailable' || outcome.reason === 'not-found')
      return { ok: false, reason: outcome.reason };
    return { ok: false, reason: 'invalid' };
  }
  return { ok: false, reason: 'invalid' };
}

/** The articles of a type filed under a country (any state: the caller judges what is public). */
export async function articleIdsOfCountry(
  db: Db,
  countryId: number,
  type: 'urgent-action',
): Promise<number[]> {
  const rows = await idsOfCountry(db, { countryId, type });
  return rows.map((r) => r.id);
}

const idsOfCountry = preparedQuery((db: Db, v: Slots<{ countryId: number; type: ArticleType }>) =>
  db
    .selectFrom('article_countries as ac')
    .innerJoin('articles as a', 'a.id', 'ac.article_id')
    .select('ac.article_id as id')
    .where('ac.country_id', '=', v.countryId)
    .where('a.type', '=', v.type)
    // The index's own order (country, article): no sort.
    .orderBy('ac.article_id')
    .limit(1000),
);
