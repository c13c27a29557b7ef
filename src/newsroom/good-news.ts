import type { Actor, Staff } from '../accounts/index.js';
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
