import type { Kysely } from 'kysely';
import { type ArticleStatus, type Database, preparedQuery, type Slots } from '../platform/db/index.js';

/*
 * An article and its translations are a **translation group**: the **source** (the article first
 * written, `translation_of` null) and the articles that translate it (`translation_of` = the
 * source's id; one per language). A translation is **outdated** when its source's words changed
 * after the translation was last brought up to date.
 */

type Executor = Kysely<Database>;

export interface GroupMember {
  id: number;
  title: string;
  slug: string;
  /** '' when not stated. */
  language: string;
  status: ArticleStatus;
  /** Null for the source. */
  translationOf: number | null;
  outdated: boolean;
}

/** One statement (every article page asks): the group's source found from the article itself. */
const groupOf = preparedQuery((db: Executor, v: Slots<{ articleId: number }>) => {
  const source = db
    .selectFrom('articles as o')
    .select((eb) => eb.fn.coalesce('o.translation_of', 'o.id').as('source'))
    .where('o.id', '=', v.articleId);
  return db
    .selectFrom('articles')
    .select(['id', 'title', 'slug', 'language', 'status', 'translation_of', 'translation_outdated'])
    .where((eb) => eb.or([eb('id', '=', source), eb('translation_of', '=', source)]))
    .orderBy('id');
});

/** Every member of the group an article belongs to, the source first; [] for an unknown id. */
export async function translationGroup(db: Executor, articleId: number): Promise<GroupMember[]> {
  const rows = await groupOf(db, { articleId });
  return rows
    .map((r) => ({
      id: r.id,
      title: r.title,
      slug: r.slug,
      language: r.language ?? '',
      status: r.status,
      translationOf: r.translation_of,
      outdated: r.translation_outdated === 1,
    }))
    .sort((a, b) => Number(a.translationOf !== null) - Number(b.translationOf !== null));
}

/** Marks a source's translations outdated, in the caller's transaction; their ids, to purge. */
export async function markTranslationsOutdated(trx: Executor, sourceId: number): Promise<number[]> {
  const rows = await trx
    .updateTable('articles')
    .set({ translation_outdated: 1 })
    .where('translation_of', '=', sourceId)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
