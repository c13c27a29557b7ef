import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../accounts/index.js';
import { inTransaction, uniqueViolation } from '../platform/db/errors.js';
import type { Database, Db } from '../platform/db/index.js';
import { t } from '../platform/i18n/index.js';
import { type FileProblem, type ImportedSubscriber, type RowCheck, readImportFile } from './import-rules.js';
import * as q from './queries.js';
import type { FollowTarget } from './rules.js';
import { addressHash } from './suppression.js';

/**
 * Importing subscribers from a CSV file (issue 12, item 7): a preview that changes nothing, then
 * the import of exactly the previewed file, in one transaction. Each row is checked on its own
 * (`import-rules.ts`); here, what needs the database: an address already subscribed is skipped,
 * an address on the suppression list is refused whatever its reason (a person who unsubscribed or
 * erased their data comes back only by confirming themselves, never by someone's list).
 */

type Executor = Kysely<Database>;

/** A preview waits this long for its confirmation; then it is deleted with the addresses it holds. */
export const PREVIEW_MS = 60 * 60_000;
const BATCH = 500;

export interface RowNote {
  row: number;
  email: string;
  reason: string;
}

export interface ImportPlan {
  add: Array<{ row: number; subscriber: ImportedSubscriber }>;
  skipped: RowNote[];
  refused: RowNote[];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What importing the checked rows would do now: nothing is written. */
export async function planImport(db: Executor, salt: string, rows: readonly RowCheck[]): Promise<ImportPlan> {
  const plan: ImportPlan = { add: [], skipped: [], refused: [] };
  const good = rows.filter((r): r is Extract<RowCheck, { ok: true }> => r.ok);
  const existing = new Set<string>();
  const suppressed = new Set<string>();
  for (const batch of chunks(good, BATCH)) {
    const emails = batch.map((r) => r.subscriber.email);
    const found = await db.selectFrom('subscribers').select('email').where('email', 'in', emails).execute();
    for (const f of found) existing.add(f.email);
    const hashes = new Map(emails.map((e) => [addressHash(salt, e), e]));
    const held = await db
      .selectFrom('suppressions')
      .select('email_hash')
      .where('email_hash', 'in', [...hashes.keys()])
      .execute();
    for (const h of held) suppressed.add(hashes.get(h.email_hash) as string);
  }
  const firstRow = new Map<string, number>();
  for (const r of rows) {
    if (!r.ok) {
      plan.refused.push({ row: r.row, email: r.email, reason: r.reason });
      continue;
    }
    const email = r.subscriber.email;
    const note = (reason: string) => ({ row: r.row, email, reason });
    if (suppressed.has(email)) plan.refused.push(note(t('subscribers.import.row.suppressed')));
    else if (existing.has(email)) plan.skipped.push(note(t('subscribers.import.row.exists')));
    else if (firstRow.has(email))
      plan.skipped.push(note(t('subscribers.import.row.repeated', { row: firstRow.get(email) as number })));
    else {
      firstRow.set(email, r.row);
      plan.add.push({ row: r.row, subscriber: r.subscriber });
    }
  }
  return plan;
}

/** Writes a plan: each subscriber confirmed, their follows, and an 'imported' consent event. */
async function applyPlan(trx: Executor, plan: ImportPlan, importId: number, now: Date): Promise<void> {
  const at = now.toISOString();
  const wordings = new Map(
    plan.add.map((a) => [a.subscriber.consent.wording.hash, a.subscriber.consent.wording]),
  );
  for (const wording of wordings.values()) await q.keepWording(trx, wording, now);
  for (const batch of chunks(plan.add, BATCH)) {
    const inserted = await trx
      .insertInto('subscribers')
      .values(
        batch.map(({ subscriber: s }) => ({
          email: s.email,
          name: s.name,
          language: s.language,
          frequency: s.frequency,
          status: 'confirmed' as const,
          created_at: at,
          confirmed_at: at,
          updated_at: at,
        })),
      )
      .returning(['id', 'email'])
      .execute();
    const ids = new Map(inserted.map((r) => [r.email, r.id]));
    const follows = batch.flatMap(({ subscriber: s }) =>
      s.follows.map((f) => ({
        subscriber_id: ids.get(s.email) as number,
        kind: f.kind,
        target_id: f.targetId,
      })),
    );
    for (const part of chunks(follows, BATCH))
      await trx.insertInto('subscriber_follows').values(part).execute();
    await trx
      .insertInto('consent_events')
      .values(
        batch.map(({ subscriber: s }) => ({
          subscriber_id: ids.get(s.email) as number,
          kind: 'imported' as const,
          occurred_at: at,
          source_page: s.consent.source,
          source_form: 'import',
          wording_hash: s.consent.wording.hash,
          token_hash: null,
          ip: null,
          details: JSON.stringify({
            consent_date: s.consent.date,
            import: importId,
            name: s.name,
            language: s.language,
            frequency: s.frequency,
            follows: s.follows,
          }),
        })),
      )
      .execute();
  }
}

export type PreviewResult = { ok: true; id: number; plan: ImportPlan } | { ok: false; problem: FileProblem };

/**
 * Reads an uploaded file and keeps it for its confirmation, with what importing it would do. Old
 * previews (and their addresses) are deleted first: a file nobody confirmed within the hour goes.
 */
export async function previewImport(
  db: Db,
  salt: string,
  userId: number,
  bytes: Uint8Array,
  targets: readonly FollowTarget[],
  now: Date,
): Promise<PreviewResult> {
  await forgetOldImports(db, now);
  const read = readImportFile(bytes, targets, now);
  if (!read.ok) return read;
  const plan = await planImport(db, salt, read.rows);
  const row = await db
    .insertInto('subscriber_imports')
    .values({
      user_id: userId,
      status: 'previewed',
      content: new TextDecoder().decode(bytes),
      added: plan.add.length,
      skipped: plan.skipped.length,
      refused: plan.refused.length,
      created_at: now.toISOString(),
      imported_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ok: true, id: row.id, plan };
}

/** Previews never confirmed, and the counts of imports done, are kept a day at most. */
export async function forgetOldImports(db: Executor, now: Date): Promise<void> {
  await db
    .deleteFrom('subscriber_imports')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('status', '=', 'previewed'),
          eb('created_at', '<', new Date(now.getTime() - PREVIEW_MS).toISOString()),
        ]),
        eb('created_at', '<', new Date(now.getTime() - 24 * PREVIEW_MS).toISOString()),
      ]),
    )
    .execute();
}

export type ImportResult =
  | { ok: true; added: number; skipped: number; refused: number; already: boolean }
  | { ok: false; reason: 'gone' };

/**
 * Imports a previewed file, all of it or nothing: the preview is claimed (previewed → imported)
 * in the same transaction that adds its subscribers and records the audit, so a crash adds nobody
 * and a second press finds it already imported. The rows are checked again inside the transaction:
 * an address that subscribed or was suppressed since the preview is skipped or refused.
 */
export async function confirmImport(
  db: Db,
  salt: string,
  importId: number,
  actor: Actor,
  targets: readonly FollowTarget[],
  now: Date,
): Promise<ImportResult> {
  try {
    return await confirmOnce(db, salt, importId, actor, targets, now);
  } catch (err) {
    // Someone signed up with one of the addresses at that very moment: checked again, then skipped.
    if (uniqueViolation(err)) return confirmOnce(db, salt, importId, actor, targets, now);
    throw err;
  }
}

async function confirmOnce(
  db: Db,
  salt: string,
  importId: number,
  actor: Actor,
  targets: readonly FollowTarget[],
  now: Date,
): Promise<ImportResult> {
  const cutoff = new Date(now.getTime() - PREVIEW_MS).toISOString();
  return inTransaction(db, async (trx) => {
    const stored = await trx
      .selectFrom('subscriber_imports')
      .selectAll()
      .where('id', '=', importId)
      .where('user_id', '=', actor.userId ?? 0)
      .executeTakeFirst();
    if (!stored) return { ok: false as const, reason: 'gone' as const };
    const counts = { added: stored.added, skipped: stored.skipped, refused: stored.refused };
    if (stored.status === 'imported') return { ok: true as const, ...counts, already: true };
    if (stored.created_at < cutoff) return { ok: false as const, reason: 'gone' as const };
    const claimed = await trx
      .updateTable('subscriber_imports')
      .set({ status: 'imported', imported_at: now.toISOString() })
      .where('id', '=', importId)
      .where('status', '=', 'previewed')
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return { ok: true as const, ...counts, already: true };
    const read = readImportFile(new TextEncoder().encode(stored.content), targets, now);
    if (!read.ok) return { ok: false as const, reason: 'gone' as const };
    const plan = await planImport(trx, salt, read.rows);
    await applyPlan(trx, plan, importId, now);
    const done = { added: plan.add.length, skipped: plan.skipped.length, refused: plan.refused.length };
    // The file's addresses are not kept once imported: only what it did.
    await trx
      .updateTable('subscriber_imports')
      .set({ content: '', ...done })
      .where('id', '=', importId)
      .execute();
    // Counts only: the audit log outlives erasures, and must name nobody.
    await recordAudit(
      trx,
      actor,
      {
        action: 'subscriber.imported',
        entityType: 'subscriber_import',
        entityId: importId,
        message: { key: 'audit.subscribers.imported', params: done },
      },
      now,
    );
    return { ok: true as const, ...done, already: false };
  });
}
