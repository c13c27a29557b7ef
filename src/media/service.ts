import type { Db } from '../platform/db/index.js';
import { storeDocument, storeImage } from './storage.js';
import { documentExtension } from './urls.js';

export interface MediaDeps {
  db: Db;
  dataDir: string;
  now: () => Date;
}

export interface ImageDetails {
  originalName: string;
  alt: string;
  caption: string;
  credit: string;
}

export async function addImage(deps: MediaDeps, input: Buffer, details: ImageDetails): Promise<number> {
  const stored = await storeImage(deps.dataDir, input);
  const row = await deps.db
    .insertInto('media')
    .values({
      kind: 'image',
      storage_key: stored.storageKey,
      original_name: details.originalName,
      mime: 'image/webp',
      bytes: stored.bytes,
      width: stored.width,
      height: stored.height,
      variant_widths: stored.variantWidths.join(','),
      alt: details.alt,
      caption: details.caption,
      credit: details.credit,
      created_at: deps.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addDocument(
  deps: MediaDeps,
  input: Buffer,
  details: { originalName: string; mime: 'application/pdf' },
): Promise<number> {
  const storageKey = await storeDocument(deps.dataDir, input, documentExtension(details.mime));
  const row = await deps.db
    .insertInto('media')
    .values({
      kind: 'document',
      storage_key: storageKey,
      original_name: details.originalName,
      mime: details.mime,
      bytes: input.length,
      width: null,
      height: null,
      variant_widths: '',
      alt: '',
      caption: '',
      credit: '',
      created_at: deps.now().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
