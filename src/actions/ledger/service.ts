import type { Kysely } from 'kysely';
import { type Actor, recordAudit } from '../../accounts/index.js';
import { recordPurge } from '../../platform/cache/purge-bus.js';
import { inTransaction } from '../../platform/db/errors.js';
import type { Database } from '../../platform/db/index.js';
import { keys } from '../newsroom.js';
import { numbering } from '../rules.js';
import { findAction } from '../service.js';
import type { LedgerDeps } from './deps.js';
import type { OutcomeForm, ReplyForm } from './input.js';
import { findOutcome, findReply, repliersOf } from './store.js';

/*
 * The ledger's writes: each in one transaction with its audit entry, the purge of the pages that
 * show it and, for a new entry, its webhook event. The pages that show an entry all name the
 * content key of the urgent action it was recorded on (`ua:<id>`): its series' pages, the case
 * pages and country pages whose blocks count it. So that one key is purged.
 */

type Executor = Kysely<Database>;

/** What becomes of an entry's attachment: kept as it is, removed, or a new upload's media id. */
export type AttachmentChange = { kind: 'keep' } | { kind: 'remove' } | { kind: 'set'; id: number };

export type LedgerOutcome =
  | { ok: true; id: number }
  | { ok: false; reason: 'not-found' }
  /** The reply names an authority that is neither a target nor a copy of the urgent action. */
  | { ok: false; reason: 'not-a-target' };

async function purgeAction(deps: LedgerDeps, trx: Executor, articleId: number, now: Date) {
  const purged = [keys.action(articleId)];
  await recordPurge(trx, purged, now);
  deps.cache.purge(purged);
}

const attachmentAfter = (change: AttachmentChange, before: number | null) =>
  change.kind === 'keep' ? before : change.kind === 'remove' ? null : change.id;

/** Whether a reply may name this target: it is one of the urgent action's targets or copies. */
export async function mayReplyFrom(db: Executor, articleId: number, targetId: number): Promise<boolean> {
  return (await repliersOf(db, articleId)).some((r) => r.id === targetId);
}

/** Records a new reply (id null) or changes one. */
export async function saveReply(
  deps: LedgerDeps,
  actor: Actor,
  articleId: number,
  id: number | null,
  form: ReplyForm,
  attachment: AttachmentChange,
): Promise<LedgerOutcome> {
  const [article] = await deps.newsroom.articles([articleId]);
  if (!article) return { ok: false, reason: 'not-found' };
  const now = deps.now();
  const at = now.toISOString();
  return inTransaction(deps.db, async (trx): Promise<LedgerOutcome> => {
    const action = await findAction(trx, articleId);
    if (!action) return { ok: false, reason: 'not-found' };
    const before = id === null ? undefined : await findReply(trx, articleId, id);
    if (id !== null && !before) return { ok: false, reason: 'not-found' };
    if (!(await mayReplyFrom(trx, articleId, form.target_id))) return { ok: false, reason: 'not-a-target' };
    const values = {
      target_id: form.target_id,
      received_on: form.received_on,
      channel: form.channel,
      summary: form.summary,
      visibility: form.visibility,
      attachment_id: attachmentAfter(attachment, before?.attachment_id ?? null),
      updated_at: at,
    };
    let replyId: number;
    if (before) {
      await trx.updateTable('ua_replies').set(values).where('id', '=', before.id).execute();
      replyId = before.id;
    } else {
      const row = await trx
        .insertInto('ua_replies')
        .values({ ...values, article_id: articleId, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      replyId = Number(row.id);
      await deps.ledgerEvents.replyRecorded(
        trx,
        {
          urgentActionId: articleId,
          reference: numbering(action)?.reference ?? null,
          replyId,
          targetId: form.target_id,
          recordedAt: at,
        },
        now,
      );
    }
    await recordAudit(
      trx,
      actor,
      {
        action: before ? 'urgent-action.reply.update' : 'urgent-action.reply.create',
        entityType: 'ua-reply',
        entityId: replyId,
        message: {
          key: before ? 'audit.ledger.replyUpdated' : 'audit.ledger.replyRecorded',
          params: { title: article.title },
        },
        before,
        after: { ...values, article_id: articleId },
      },
      now,
    );
    await purgeAction(deps, trx, articleId, now);
    return { ok: true, id: replyId };
  });
}

export async function deleteReply(
  deps: LedgerDeps,
  actor: Actor,
  articleId: number,
  id: number,
): Promise<LedgerOutcome> {
  const [article] = await deps.newsroom.articles([articleId]);
  if (!article) return { ok: false, reason: 'not-found' };
  const now = deps.now();
  return inTransaction(deps.db, async (trx): Promise<LedgerOutcome> => {
    const before = await findReply(trx, articleId, id);
    if (!before) return { ok: false, reason: 'not-found' };
    await trx.deleteFrom('ua_replies').where('id', '=', id).execute();
    await recordAudit(
      trx,
      actor,
      {
        action: 'urgent-action.reply.delete',
        entityType: 'ua-reply',
        entityId: id,
        message: { key: 'audit.ledger.replyDeleted', params: { title: article.title } },
        before,
      },
      now,
    );
    await purgeAction(deps, trx, articleId, now);
    return { ok: true, id };
  });
}

/** Records a new outcome (id null) or changes one. */
export async function saveOutcome(
  deps: LedgerDeps,
  actor: Actor,
  articleId: number,
  id: number | null,
  form: OutcomeForm,
  attachment: AttachmentChange,
): Promise<LedgerOutcome> {
  const [article] = await deps.newsroom.articles([articleId]);
  if (!article) return { ok: false, reason: 'not-found' };
  const now = deps.now();
  const at = now.toISOString();
  return inTransaction(deps.db, async (trx): Promise<LedgerOutcome> => {
    const action = await findAction(trx, articleId);
    if (!action) return { ok: false, reason: 'not-found' };
    const before = id === null ? undefined : await findOutcome(trx, articleId, id);
    if (id !== null && !before) return { ok: false, reason: 'not-found' };
    const values = {
      kind: form.kind,
      occurred_on: form.occurred_on,
      source: form.source,
      summary: form.summary,
      visibility: form.visibility,
      attachment_id: attachmentAfter(attachment, before?.attachment_id ?? null),
      updated_at: at,
    };
    let outcomeId: number;
    if (before) {
      await trx.updateTable('ua_outcomes').set(values).where('id', '=', before.id).execute();
      outcomeId = before.id;
    } else {
      const row = await trx
        .insertInto('ua_outcomes')
        .values({ ...values, article_id: articleId, good_news_id: null, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      outcomeId = Number(row.id);
      await deps.ledgerEvents.outcomeRecorded(
        trx,
        {
          urgentActionId: articleId,
          reference: numbering(action)?.reference ?? null,
          outcome: form.kind,
          // An internal outcome's words stay inside: other tools get its kind and ids only.
          note: form.visibility === 'public' ? form.summary : '',
          recordedAt: at,
        },
        now,
      );
    }
    await recordAudit(
      trx,
      actor,
      {
        action: before ? 'urgent-action.outcome.update' : 'urgent-action.outcome.create',
        entityType: 'ua-outcome',
        entityId: outcomeId,
        message: {
          key: before ? 'audit.ledger.outcomeUpdated' : 'audit.ledger.outcomeRecorded',
          params: { title: article.title },
        },
        before,
        after: { ...values, article_id: articleId },
      },
      now,
    );
    await purgeAction(deps, trx, articleId, now);
    return { ok: true, id: outcomeId };
  });
}

export async function deleteOutcome(
  deps: LedgerDeps,
  actor: Actor,
  articleId: number,
  id: number,
): Promise<LedgerOutcome> {
  const [article] = await deps.newsroom.articles([articleId]);
  if (!article) return { ok: false, reason: 'not-found' };
  const now = deps.now();
  return inTransaction(deps.db, async (trx): Promise<LedgerOutcome> => {
    const before = await findOutcome(trx, articleId, id);
    if (!before) return { ok: false, reason: 'not-found' };
    await trx.deleteFrom('ua_outcomes').where('id', '=', id).execute();
    await recordAudit(
      trx,
      actor,
      {
        action: 'urgent-action.outcome.delete',
        entityType: 'ua-outcome',
        entityId: id,
        message: { key: 'audit.ledger.outcomeDeleted', params: { title: article.title } },
        before,
      },
      now,
    );
    await purgeAction(deps, trx, articleId, now);
    return { ok: true, id };
  });
}

/** Remembers the good-news draft made from an outcome, so the button opens it next time. */
export async function linkGoodNews(deps: LedgerDeps, outcomeId: number, articleId: number): Promise<void> {
  await deps.db
    .updateTable('ua_outcomes')
    .set({ good_news_id: articleId, updated_at: deps.now().toISOString() })
    .where('id', '=', outcomeId)
    .execute();
}
