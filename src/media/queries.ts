import type { Kysely } from 'kysely';
import type { ArticleStatus, ArticleType, CaseStatus, Database, Db, MediaRow } from '../platform/db/index.js';

/** Images for pickers in the admin, newest first. */
/** Documents (PDFs) for the article editor's downloads, newest first. */
export async function listDocuments(db: Db, limit = 200): Promise<MediaRow[]> {
  return db
    .selectFrom('media')
    .selectAll()
    .where('kind', '=', 'document')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function listImages(db: Db, limit = 200): Promise<MediaRow[]> {
  return db
    .selectFrom('media')
    .selectAll()
    .where('kind', '=', 'image')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function findMedia(db: Db, id: number): Promise<MediaRow | undefined> {
  return db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Where a media item appears: the public pages that show it, what the delete warning lists, and
 * what decides who may change it (an article's type, status and author; see permissions.ts).
 * Article bodies are not searched: their Markdown cannot show an image, and a link to a document
 * names its storage key, which a replacement changes.
 */
export type MediaUse =
  | {
      kind: 'article';
      role: 'lead' | 'attachment';
      id: number;
      title: string;
      status: ArticleStatus;
      type: ArticleType;
      author_id: number | null;
    }
  | { kind: 'case'; role: 'portrait'; id: number; title: string; status: CaseStatus };

/** Every use of the given items, by media id; an item in no list is used nowhere. */
export async function mediaUses(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<Map<number, MediaUse[]>> {
  const out = new Map<number, MediaUse[]>();
  if (ids.length === 0) return out;
  const list = [...new Set(ids)];
  const [leads, attachments, portraits] = await Promise.all([
    db
      .selectFrom('articles')
      .select(['id', 'title', 'status', 'type', 'author_id', 'lead_image_id as media_id'])
      .where('lead_image_id', 'in', list)
      .execute(),
    db
      .selectFrom('article_attachments')
      .innerJoin('articles', 'articles.id', 'article_attachments.article_id')
      .select([
        'articles.id',
        'articles.title',
        'articles.status',
        'articles.type',
        'articles.author_id',
        'article_attachments.media_id',
      ])
      .where('article_attachments.media_id', 'in', list)
      .execute(),
    db
      .selectFrom('cases')
      .select(['id', 'name as title', 'status', 'portrait_id as media_id'])
      .where('portrait_id', 'in', list)
      .execute(),
  ]);
  const add = (mediaId: number | null, use: MediaUse) => {
    if (mediaId === null) return;
    const uses = out.get(mediaId) ?? [];
    uses.push(use);
    out.set(mediaId, uses);
  };
  const article = (r: (typeof leads)[number], role: 'lead' | 'attachment'): MediaUse => ({
    kind: 'article',
    role,
    id: r.id,
    title: r.title,
    status: r.status,
    type: r.type,
    author_id: r.author_id,
  });
  for (const r of leads) add(r.media_id, article(r, 'lead'));
  for (const r of attachments) add(r.media_id, article(r, 'attachment'));
  for (const r of portraits)
    add(r.media_id, { kind: 'case', role: 'portrait', id: r.id, title: r.title, status: r.status });
  return out;
}

export type MediaFilter = 'all' | 'image' | 'document' | 'no-alt';

function filtered(db: Kysely<Database>, filter: MediaFilter) {
  let q = db.selectFrom('media');
  if (filter === 'image' || filter === 'document') q = q.where('kind', '=', filter);
  // An image whose alt text is blank cannot go on a published page: staff look for these.
  if (filter === 'no-alt')
    q = q.where('kind', '=', 'image').where((eb) => eb(eb.fn('trim', ['alt']), '=', ''));
  return q;
}

export async function listMedia(
  db: Kysely<Database>,
  filter: MediaFilter,
  limit: number,
  offset: number,
): Promise<{ rows: MediaRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    filtered(db, filter).selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute(),
    filtered(db, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** The rows of the given ids that exist, in no particular order. */
export async function mediaByIds(db: Kysely<Database>, ids: readonly number[]): Promise<MediaRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('media')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
}
