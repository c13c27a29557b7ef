import type { Db } from '../platform/db/index.js';
import { allCases, allCountries, allRegions, allTopics } from './queries.js';

type Kind = 'country' | 'region' | 'topic' | 'case';

/**
 * What a supporter can follow by email, as the newsroom names it: the subscriptions room receives
 * this at composition (app.ts, as its `Followables`) and never imports the newsroom.
 */
export async function followTargets(
  db: Db,
): Promise<Array<{ kind: Kind; id: number; slug: string; name: string }>> {
  const [countries, regions, topics, cases] = await Promise.all([
    allCountries(db),
    allRegions(db),
    allTopics(db),
    allCases(db),
  ]);
  const as = (kind: Kind) => (r: { id: number; slug: string; name: string }) => ({
    kind,
    id: r.id,
    slug: r.slug,
    name: r.name,
  });
  return [
    ...countries.map(as('country')),
    ...regions.map(as('region')),
    ...topics.map(as('topic')),
    ...cases.map(as('case')),
  ];
}
