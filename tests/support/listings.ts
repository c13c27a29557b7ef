import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Db } from '../../src/platform/db/index.js';

const LINKS = [
  ['country', 'article_countries', 'country_id'],
  ['topic', 'article_topics', 'topic_id'],
  ['case', 'article_cases', 'case_id'],
] as const;

/**
 * The listing index holds, for every country, topic and case, exactly the published items that
 * the links and the articles say, in the same order.
 */
export async function expectListingsTrue(db: Db): Promise<void> {
  for (const [kind, link, column] of LINKS) {
    const { rows: expected } = await sql<{ scope: number; id: number }>`
      select l.${sql.ref(column)} as scope, a.id from ${sql.table(link)} l join articles a on a.id = l.article_id
      where a.status = 'published'
      order by l.${sql.ref(column)}, a.published_at desc, a.id desc`.execute(db);
    const { rows: indexed } = await sql<{ scope: number; id: number }>`
      select scope_id as scope, article_id as id from article_listings where kind = ${kind}
      order by scope_id, published_at desc, article_id desc`.execute(db);
    expect(
      indexed.map((r) => [Number(r.scope), Number(r.id)]),
      kind,
    ).toEqual(expected.map((r) => [Number(r.scope), Number(r.id)]));
  }
  // A region: each published item linked to any of its countries, once.
  const { rows: expected } = await sql<{ scope: number; id: number }>`
    select distinct c.region_id as scope, a.id, a.published_at from article_countries l
    join countries c on c.id = l.country_id join articles a on a.id = l.article_id
    where a.status = 'published'
    order by c.region_id, a.published_at desc, a.id desc`.execute(db);
  const { rows: indexed } = await sql<{ scope: number; id: number }>`
    select scope_id as scope, article_id as id from article_listings where kind = 'region'
    order by scope_id, published_at desc, article_id desc`.execute(db);
  expect(
    indexed.map((r) => [Number(r.scope), Number(r.id)]),
    'region',
  ).toEqual(expected.map((r) => [Number(r.scope), Number(r.id)]));
}
