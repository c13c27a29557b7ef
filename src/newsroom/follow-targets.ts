import type { Db } from '../platform/db/index.js';
import { currentLanguage, langIfOther } from '../platform/i18n/index.js';
import { CONTENT_LANGUAGE } from './models.js';
import { allCases, allCountries, allRegions, allTopics } from './queries.js';
import { namesFor } from './taxonomy-names.js';

type Kind = 'country' | 'region' | 'topic' | 'case';

/**
 * What a supporter can follow by email, as the newsroom names it in the language being served
 * (the slug stays the English one: the subscriptions room keeps follows by it): the subscriptions
 * room receives this at composition (app.ts, as its `Followables`) and never imports the newsroom.
 */
export async function followTargets(
  db: Db,
): Promise<Array<{ kind: Kind; id: number; slug: string; name: string; lang?: string }>> {
  const [countries, regions, topics, cases, names] = await Promise.all([
    allCountries(db),
    allRegions(db),
    allTopics(db),
    allCases(db),
    namesFor(db, currentLanguage()),
  ]);
  const as = (kind: Kind) => (r: { id: number; slug: string; name: string }) => {
    // Cases are named in the site's first language; the others in the page's, when they can be.
    const shown = kind === 'case' ? { name: r.name, lang: langIfOther(CONTENT_LANGUAGE) } : names.of(kind, r);
    return { kind, id: r.id, slug: r.slug, name: shown.name, ...(shown.lang ? { lang: shown.lang } : {}) };
  };
  return [
    ...countries.map(as('country')),
    ...regions.map(as('region')),
    ...topics.map(as('topic')),
    ...cases.map(as('case')),
  ];
}
