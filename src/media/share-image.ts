import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../platform/db/index.js';
import { SHARE_IMAGE_SIZE } from '../platform/views/share.js';
import { loadSharp, mediaDir, shareFileName, variantFileName } from './storage.js';

/**
 * Runs at most `max` pieces of work at once; the rest wait their turn, first come first served.
 * A piece that fails gives its turn up like one that succeeds.
 */
export function limiter(max: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (work) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      // The turn passes straight to the next in line, so `running` still counts it.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/**
 * Share images are made on a reader's (or a crawler's) request, so a burst of first shares must
 * not start a libvips job each: two at once (the core count of the machines Candle is measured
 * on; each takes some 50–100 ms), the rest wait.
 */
const inTurn = limiter(2);

/** Makes in this process, by target file: concurrent requests for one image share one job. */
const making = new Map<string, Promise<string | null>>();

const exists = (file: string) =>
  fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );

/**
 * The path of an image's share copy, made on first request: a 1200 × 630 JPEG (every crawler reads
 * JPEG, not all read WebP), cropped to fill from the largest stored variant (the original is not
 * kept), with libvips' `attention` strategy choosing the part to keep (faces and detail rather
 * than the middle of the sky). Null when the key names no image, or its files are gone: a 404.
 *
 * Kept beside the item's variants and removed with them; the file is written under a name of its
 * own and renamed into place, so a reader never sees half a file, and two processes making the same
 * copy at once each rename a whole one.
 */
export async function shareImageFile(db: Db, dataDir: string, storageKey: string): Promise<string | null> {
  const target = path.join(mediaDir(dataDir), shareFileName(storageKey));
  if (await exists(target)) return target;
  let pending = making.get(target);
  if (!pending) {
    pending = makeShareImage(db, dataDir, storageKey, target).finally(() => making.delete(target));
    making.set(target, pending);
  }
  return pending;
}

const imageRow = (db: Db, storageKey: string) =>
  db
    .selectFrom('media')
    .select('variant_widths')
    .where('storage_key', '=', storageKey)
    .where('kind', '=', 'image')
    .executeTakeFirst();

async function makeShareImage(
  db: Db,
  dataDir: string,
  storageKey: string,
  target: string,
): Promise<string | null> {
  const row = await imageRow(db, storageKey);
  const largest = row?.variant_widths.split(',').filter(Boolean).map(Number).pop();
  if (largest === undefined) return null;
  const source = path.join(mediaDir(dataDir), variantFileName(storageKey, largest));
  if (!(await exists(source))) return null;
  return inTurn(async () => {
    // Another process may have made it while this request waited for its turn.
    if (await exists(target)) return target;
    const sharp = await loadSharp();
    const jpeg = await sharp(source)
      .resize({ ...SHARE_IMAGE_SIZE, fit: 'cover', position: 'attention' })
      // A transparent PNG's variant keeps its alpha; JPEG has none, and black is the default.
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer();
    const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.writeFile(temp, jpeg);
      await fs.rename(temp, target);
    } catch (err) {
      await fs.rm(temp, { force: true });
      throw err;
    }
    // Deleted or replaced while this was made? A deletion removes the item's files after it
    // commits: if it committed before this look, the copy goes here; if after, it is already in
    // place for the deletion to remove. Either way no copy outlives its item.
    if (!(await imageRow(db, storageKey))) {
      await fs.rm(target, { force: true });
      return null;
    }
    return target;
  });
}
