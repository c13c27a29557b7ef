import { sql } from 'kysely';
import type { Db } from './connect.js';
import { dialectOf } from './dialect.js';

/**
 * The listing index's entries of one kind, as articles, links and regions say they are: an entry
 * exactly for each published article and each country, topic, case or region it is filed under
 * (a region once, however many of its countries the article names). The same rules as the
 * triggers of migrations 008 and 010, written once more from the definition rather than from them,
 * so a rebuild repairs an index that a faulty trigger got wrong.
 */
const ENTRIES = {
  country: sql`select 'country', l.country_id, a.id, a.published_at
    from article_countries l join articles a on a.id = l.article_id where a.status = 'published'`,
  topic: sql`select 'topic', l.topic_id, a.id, a.published_at
    from article_topics l join articles a on a.id = l.article_id where a.status = 'published'`,
  case: sql`select 'case', l.case_id, a.id, a.published_at
    from article_cases l join articles a on a.id = l.article_id where a.status = 'published'`,
  region: sql`select distinct 'region', c.region_id, a.id, a.published_at
    from article_countries l join countries c on c.id = l.country_id join articles a on a.id = l.article_id
    where a.status = 'published'`,
} as const;

export type ListingKind = keyof typeof ENTRIES;

/**
 * Rebuilds `article_listings` from articles, their links and countries' regions, in one
 * transaction: readers see the old index until it commits, never a half-built one.
 * Returns how many entries of each kind it holds now.
 */
export async function rebuildListings(db: Db): Promise<Record<ListingKind, number>> {
  return db.transaction().execute(async (trx) => {
    // PostgreSQL: a write that commits between the delete and the inserts below would have its
    // trigger's changes overwritten by entries read from an older snapshot. Taken first, this lock
    // makes such writes wait for the rebuild (readers are not held up) and lets those already
    // running finish before it. SQLite has one writer at a time: the delete holds it.
    if (dialectOf(trx) === 'postgres') await sql`lock table article_listings in exclusive mode`.execute(trx);
    await trx.deleteFrom('article_listings').execute();
    const counts = { country: 0, topic: 0, case: 0, region: 0 };
    for (const kind of Object.keys(ENTRIES) as ListingKind[]) {
      const result = await sql`insert into article_listings (kind, scope_id, article_id, published_at)
        ${ENTRIES[kind]}`.execute(trx);
      counts[kind] = Number(result.numAffectedRows ?? 0);
    }
    return counts;
  });
}
