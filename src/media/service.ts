import { type Actor, recordAudit } from '../accounts/index.js';
import type { PageCache } from '../platform/cache/page-cache.js';
import { recordPurge } from '../platform/cache/purge-bus.js';
import { inTransaction } from '../platform/db/errors.js';
import type { Db, MediaKind, MediaRow } from '../platform/db/index.js';
import { t } from '../platform/i18n/index.js';
import { enqueue } from '../platform/jobs/index.js';
import { mediaKey } from './content-key.js';
import { cannotSave } from './failures.js';
import { readPdfDetails } from './pdf.js';
import type { MediaRefusal } from './permissions.js';
import { findMedia, type MediaUse, mediaByIds, mediaUses } from './queries.js';
import { checkUpload, sniff, type UploadProblem, UploadRefused } from './sniff.js';
import { removeFiles, storeAvifVariants, storeDocument, storedFileNames, storeImage } from './storage.js';
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
  const pdf = readPdfDetails(input);
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
      page_count: pdf.pageCount,
      document_title: pdf.title,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// ——— The media library's use cases: upload, describe, replace, delete. ———
// Each writes its row, its audit entry and its cache purge in one transaction; files are written
// before the transaction (a row never points at a missing file) and removed after it commits (a
// failed transaction never loses the files the row still names).

export interface MediaAdminDeps extends MediaDeps {
  cache: PageCache;
}

export interface MediaDetails {
  alt: string;
  caption: string;
  credit: string;
}

export interface UploadInput extends MediaDetails {
  bytes: Buffer;
  originalName: string;
}

/**
 * Who may change an item, judged from its row and its uses inside the change's transaction (see
 * permissions.ts): the uses read there are the ones the change is committed against. Null allows.
 */
export type ChangeGuard = (row: MediaRow, uses: readonly MediaUse[]) => MediaRefusal | null;

export type DetailsProblem = 'alt-missing';

/**
 * The disk or the database is full (or the database cannot write for another reason of its own):
 * nothing was kept (files written so far are removed), and the person is asked to try again later.
 * `error` is for the server's log: someone must free space.
 */
export type OutOfSpace = { ok: false; reason: 'out-of-space'; error: unknown };

export type UploadOutcome =
  | { ok: true; id: number; kind: MediaKind }
  | { ok: false; reason: 'refused'; errors: { file?: UploadProblem | 'wrong-kind'; alt?: DetailsProblem } }
  | OutOfSpace;

/** Runs a step that writes; a full disk or database becomes an outcome, anything else is thrown. */
async function orOutOfSpace<T>(step: () => Promise<T>): Promise<{ ok: true; value: T } | OutOfSpace> {
  try {
    return { ok: true, value: await step() };
  } catch (error) {
    if (cannotSave(error)) return { ok: false, reason: 'out-of-space', error };
    throw error;
  }
}

type Stored = Pick<
  MediaRow,
  | 'kind'
  | 'storage_key'
  | 'mime'
  | 'bytes'
  | 'width'
  | 'height'
  | 'variant_widths'
  | 'page_count'
  | 'document_title'
>;

/** Sniffs, checks and stores a file; returns the columns that describe it, or why it was refused. */
async function storeUpload(
  deps: MediaDeps,
  bytes: Buffer,
): Promise<{ ok: true; stored: Stored } | { ok: false; problem: UploadProblem }> {
  try {
    const sniffed = checkUpload(bytes);
    if (sniffed.kind === 'document') {
      // Read before storing (it never throws: an unreadable PDF has an unknown page count); the
      // file itself is kept as uploaded and served only as a download.
      const pdf = readPdfDetails(bytes);
      const storageKey = await storeDocument(deps.dataDir, bytes, documentExtension(sniffed.mime));
      return {
        ok: true,
        stored: {
          kind: 'document',
          storage_key: storageKey,
          mime: sniffed.mime,
          bytes: bytes.length,
          width: null,
          height: null,
          variant_widths: '',
          page_count: pdf.pageCount,
          document_title: pdf.title,
        },
      };
    }
    const image = await storeImage(deps.dataDir, bytes, sniffed.format);
    return {
      ok: true,
      stored: {
        kind: 'image',
        storage_key: image.storageKey,
        mime: 'image/webp',
        bytes: image.bytes,
        width: image.width,
        height: image.height,
        variant_widths: image.variantWidths.join(','),
        page_count: null,
        document_title: '',
      },
    };
  } catch (err) {
    if (err instanceof UploadRefused) return { ok: false, problem: err.problem };
    throw err;
  }
}

const filesOf = (row: Stored) => storedFileNames(row, documentExtension(row.mime));

/**
 * What to purge when an item's file, alt text, caption or credit changes: the pages that show it,
 * which hold its key. An item nothing uses is on no page, and its change purges nothing.
 */
function pagesShowing(id: number, uses: readonly MediaUse[]): string[] {
  return uses.length > 0 ? [mediaKey(id)] : [];
}

/** What the audit log keeps of a row: everything but the derived file list. */
const auditView = (row: MediaRow) => ({
  id: row.id,
  kind: row.kind,
  storage_key: row.storage_key,
  original_name: row.original_name,
  mime: row.mime,
  bytes: row.bytes,
  width: row.width,
  height: row.height,
  page_count: row.page_count,
  document_title: row.document_title,
  alt: row.alt,
  caption: row.caption,
  credit: row.credit,
});

export async function uploadMedia(
  deps: MediaAdminDeps,
  input: UploadInput,
  actor: Actor,
): Promise<UploadOutcome> {
  // Alt text can only be judged once the content says it is an image, so sniff first, cheaply.
  const sniffed = sniff(input.bytes);
  if (sniffed?.kind === 'image' && input.alt.trim() === '') {
    // Refused before decoding, so nothing is written; the cheap file checks still run, so both
    // problems are reported at once.
    try {
      checkUpload(input.bytes);
      return { ok: false, reason: 'refused', errors: { alt: 'alt-missing' } };
    } catch (err) {
      if (!(err instanceof UploadRefused)) throw err;
      return { ok: false, reason: 'refused', errors: { file: err.problem, alt: 'alt-missing' } };
    }
  }
  const written = await orOutOfSpace(() => storeUpload(deps, input.bytes));
  if (!written.ok) return written;
  const result = written.value;
  if (!result.ok) return { ok: false, reason: 'refused', errors: { file: result.problem } };
  const { stored } = result;
  const now = deps.now();
  try {
    const id = await inTransaction(deps.db, async (trx) => {
      const row = await trx
        .insertInto('media')
        .values({
          ...stored,
          original_name: input.originalName,
          alt: input.alt,
          caption: input.caption,
          credit: input.credit,
          created_at: now.toISOString(),
          uploaded_by: actor.userId,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordAudit(
        trx,
        actor,
        {
          action: 'media.upload',
          entityType: 'media',
          entityId: row.id,
          message: { key: 'audit.media.upload', params: { name: input.originalName } },
          after: auditView(row),
        },
        now,
      );
      if (row.kind === 'image') await enqueueAvif(trx, row, now);
      return row.id;
    });
    return { ok: true, id, kind: stored.kind };
  } catch (error) {
    await removeFiles(deps.dataDir, filesOf(stored));
    if (cannotSave(error)) return { ok: false, reason: 'out-of-space', error };
    throw error;
  }
}

export type ChangeOutcome =
  | { ok: true; changed: boolean }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'forbidden'; refusal: MediaRefusal }
  | { ok: false; reason: 'invalid'; errors: { alt?: DetailsProblem } }
  | OutOfSpace;

/** Changes alt text, caption and credit, and purges every page that shows them. */
export async function describeMedia(
  deps: MediaAdminDeps,
  id: number,
  details: MediaDetails,
  actor: Actor,
  guard?: ChangeGuard,
): Promise<ChangeOutcome> {
  const now = deps.now();
  let purged: string[] = [];
  const saved = await orOutOfSpace(() =>
    inTransaction(deps.db, async (trx): Promise<ChangeOutcome> => {
      const before = await trx.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) return { ok: false, reason: 'not-found' };
      const uses = (await mediaUses(trx, [id])).get(id) ?? [];
      const refusal = guard?.(before, uses) ?? null;
      if (refusal) return { ok: false, reason: 'forbidden', refusal };
      if (before.kind === 'image' && details.alt.trim() === '') {
        return { ok: false, reason: 'invalid', errors: { alt: 'alt-missing' } };
      }
      if (
        before.alt === details.alt &&
        before.caption === details.caption &&
        before.credit === details.credit
      ) {
        return { ok: true, changed: false };
      }
      await trx.updateTable('media').set(details).where('id', '=', id).execute();
      const after = { ...before, ...details };
      await recordAudit(
        trx,
        actor,
        {
          action: 'media.describe',
          entityType: 'media',
          entityId: id,
          message: { key: 'audit.media.details', params: { name: before.original_name } },
          before: auditView(before),
          after: auditView(after),
        },
        now,
      );
      purged = pagesShowing(id, uses);
      await recordPurge(trx, purged, now);
      return { ok: true, changed: true };
    }),
  );
  if (!saved.ok) return saved;
  // This instance forgets the pages at once; the others when they read the purge log.
  deps.cache.purge(purged);
  return saved.value;
}

export type ReplaceOutcome =
  | { ok: true }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'forbidden'; refusal: MediaRefusal }
  | { ok: false; reason: 'refused'; problem: UploadProblem | 'wrong-kind' }
  | OutOfSpace;

/**
 * Puts a new file behind an existing item: the id, alt text, caption and credit stay, so every page
 * using it shows the new file. The new file gets a new storage key (its URLs are cached for a year).
 */
export async function replaceMediaFile(
  deps: MediaAdminDeps,
  id: number,
  input: { bytes: Buffer; originalName: string },
  actor: Actor,
  guard?: ChangeGuard,
): Promise<ReplaceOutcome> {
  const current = await findMedia(deps.db, id);
  if (!current) return { ok: false, reason: 'not-found' };
  // Judged before the file is processed (no work for a refused change) and again in the transaction.
  const early = guard?.(current, (await mediaUses(deps.db, [id])).get(id) ?? []) ?? null;
  if (early) return { ok: false, reason: 'forbidden', refusal: early };
  const sniffed = sniff(input.bytes);
  if (sniffed && sniffed.kind !== current.kind)
    return { ok: false, reason: 'refused', problem: 'wrong-kind' };
  const written = await orOutOfSpace(() => storeUpload(deps, input.bytes));
  if (!written.ok) return written;
  const result = written.value;
  if (!result.ok) return { ok: false, reason: 'refused', problem: result.problem };
  const { stored } = result;
  const now = deps.now();
  let purged: string[] = [];
  let old: MediaRow | undefined;
  // Set inside the transaction; declared wide so the compiler does not narrow it to null.
  let refusal = null as MediaRefusal | null;
  try {
    old = await inTransaction(deps.db, async (trx) => {
      const before = await trx.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) return undefined;
      const uses = (await mediaUses(trx, [id])).get(id) ?? [];
      refusal = guard?.(before, uses) ?? null;
      if (refusal) return undefined;
      const after = { ...before, ...stored, avif_widths: '', original_name: input.originalName };
      await trx
        .updateTable('media')
        .set({ ...stored, avif_widths: '', original_name: input.originalName })
        .where('id', '=', id)
        .execute();
      await recordAudit(
        trx,
        actor,
        {
          action: 'media.replace',
          entityType: 'media',
          entityId: id,
          message: {
            key: 'audit.media.replace',
            params: { name: before.original_name, newName: input.originalName },
          },
          before: auditView(before),
          after: auditView(after),
        },
        now,
      );
      if (after.kind === 'image') await enqueueAvif(trx, after, now);
      purged = pagesShowing(id, uses);
      await recordPurge(trx, purged, now);
      return before;
    });
  } catch (error) {
    await removeFiles(deps.dataDir, filesOf(stored));
    if (cannotSave(error)) return { ok: false, reason: 'out-of-space', error };
    throw error;
  }
  if (!old) {
    // Deleted by someone else while the file was being processed, or put on a page this person
    // may not change: the new files go.
    await removeFiles(deps.dataDir, filesOf(stored));
    return refusal ? { ok: false, reason: 'forbidden', refusal } : { ok: false, reason: 'not-found' };
  }
  deps.cache.purge(purged);
  await removeFiles(deps.dataDir, filesOf(old));
  return { ok: true };
}

export type DeleteOutcome = { ok: true; uses: MediaUse[] } | { ok: false; reason: 'not-found' };

/**
 * Deletes an item and takes it off every page that used it (lead images and portraits become
 * empty, attachments are dropped), in one transaction with its audit entry and cache purge.
 */
export async function deleteMedia(deps: MediaAdminDeps, id: number, actor: Actor): Promise<DeleteOutcome> {
  const now = deps.now();
  let purged: string[] = [];
  let deleted: MediaRow | undefined;
  const uses = await deps.db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) return undefined;
    const found = (await mediaUses(trx, [id])).get(id) ?? [];
    // The foreign keys would do this too; doing it here keeps both dialects' behaviour in view.
    await trx.updateTable('articles').set({ lead_image_id: null }).where('lead_image_id', '=', id).execute();
    await trx.updateTable('cases').set({ portrait_id: null }).where('portrait_id', '=', id).execute();
    await trx.deleteFrom('article_attachments').where('media_id', '=', id).execute();
    await trx.deleteFrom('media').where('id', '=', id).execute();
    await recordAudit(
      trx,
      actor,
      {
        action: 'media.delete',
        entityType: 'media',
        entityId: id,
        message: found.length
          ? { key: 'audit.media.delete-used', params: { name: before.original_name, count: found.length } }
          : { key: 'audit.media.delete', params: { name: before.original_name } },
        before: { ...auditView(before), usedIn: found },
      },
      now,
    );
    purged = pagesShowing(id, found);
    await recordPurge(trx, purged, now);
    deleted = before;
    return found;
  });
  if (!uses || !deleted) return { ok: false, reason: 'not-found' };
  deps.cache.purge(purged);
  await removeFiles(deps.dataDir, filesOf(deleted));
  return { ok: true, uses };
}

/**
 * Why the given media cannot appear on a published page, in words for the editor: an image
 * without alt text (readers using screen readers would meet a silent picture), or an item that no
 * longer exists. An empty list means all is well. The article editor calls it before publishing.
 */
export async function mediaProblemsForPublishing(db: Db, mediaIds: number[]): Promise<string[]> {
  const wanted = [...new Set(mediaIds)];
  const rows = new Map((await mediaByIds(db, wanted)).map((r) => [r.id, r]));
  const problems: string[] = [];
  for (const id of wanted) {
    const row = rows.get(id);
    if (!row) problems.push(t('media.problem.missing', { id }));
    else if (row.kind === 'image' && row.alt.trim() === '')
      problems.push(t('media.problem.noAlt', { name: row.original_name }));
  }
  return problems;
}

// ——— AVIF variants, made in the background after an upload or a replacement. ———

export const AVIF_JOB = 'media.avif';

async function enqueueAvif(db: Db, row: Pick<MediaRow, 'id' | 'storage_key'>, now: Date): Promise<void> {
  await enqueue(
    db,
    {
      kind: AVIF_JOB,
      payload: { mediaId: row.id, storageKey: row.storage_key },
      idempotencyKey: `avif:${row.storage_key}`,
    },
    now,
  );
}

/**
 * The job: writes the AVIF variants of the file the row still names (a file replaced since is
 * skipped: its own job follows), records them, and purges the pages that show the image.
 */
export async function makeAvifVariants(
  deps: MediaDeps & { cache: PageCache },
  payload: { mediaId: number; storageKey: string },
): Promise<void> {
  const row = await findMedia(deps.db, payload.mediaId);
  if (row?.kind !== 'image' || row.storage_key !== payload.storageKey || row.avif_widths) return;
  const widths = row.variant_widths.split(',').filter(Boolean).map(Number);
  const made = await storeAvifVariants(deps.dataDir, row.storage_key, widths);
  const now = deps.now();
  let purged: string[] = [];
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('media')
      .set({ avif_widths: made.join(',') })
      .where('id', '=', row.id)
      .where('storage_key', '=', payload.storageKey)
      .execute();
    purged = pagesShowing(row.id, (await mediaUses(trx, [row.id])).get(row.id) ?? []);
    await recordPurge(trx, purged, now);
  });
  deps.cache.purge(purged);
}
