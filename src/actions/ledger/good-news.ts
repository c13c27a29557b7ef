import { t } from '../../platform/i18n/index.js';
import type { ArticleRef } from '../newsroom.js';
import { numbering } from '../rules.js';
import type { ActionsDeps } from '../service.js';
import { findAction } from '../service.js';
import type { OutcomeRow } from './store.js';

/**
 * The draft a good-news item starts from: a title naming the people at risk and what changed, the
 * outcome's summary, and a body that links the urgent action and names the source. The editor
 * rewrites it; nothing here is published.
 */
export async function goodNewsDraft(deps: Pick<ActionsDeps, 'db'>, article: ArticleRef, outcome: OutcomeRow) {
  const [people, row] = await Promise.all([
    deps.db
      .selectFrom('ua_people')
      .select(['name', 'case_id'])
      .where('article_id', '=', article.id)
      .orderBy('position')
      .execute(),
    findAction(deps.db, article.id),
  ]);
  const names = people.map((p) => p.name).join(t('ledger.goodNews.and'));
  const who = names || article.title;
  const reference = row ? (numbering(row)?.reference ?? '') : '';
  const summary = outcome.summary.slice(0, 1000);
  const body = [
    outcome.summary,
    t('ledger.goodNews.follows', {
      action: reference ? `${reference}, ${article.title}` : article.title,
      path: article.path,
    }),
    outcome.source ? t('ledger.sourceLine', { source: outcome.source }) : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    title: t(`ledger.goodNews.title.${outcome.kind}`, { people: who }).slice(0, 300),
    summary,
    body,
    fromArticleId: article.id,
    caseIds: people.flatMap((p) => (p.case_id === null ? [] : [p.case_id])),
  };
}
