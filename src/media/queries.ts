import type { Db, MediaRow } from '../platform/db/index.js';

/** Images for pickers in the admin, newest first. */
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
