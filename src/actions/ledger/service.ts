import type { Kysely } from 'kysely';
import { type Actor, type AuditMessage, recordAudit } from '../../accounts/index.js';
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
 * show it and its webhook event (`change`: recorded, edited or deleted; the same kinds, so a tool
 * keeping a copy of the ledger hears of all three). The pages that show an entry all name the
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

/** What the audit log calls each kind of entry and each change of it. */
interface EntryKind {
  entityType: 'ua-reply' | 'ua-outcome';
  action: 'urgent-action.reply' | 'urgent-action.outcome';
  messages: Record<'create' | 'update' | 'delete', AuditMessage['key']>;
}

const REPLY: EntryKind = {
  entityType: 'ua-reply',
  action: 'urgent-action.reply',
  messages: {
    create: 'audit.ledger.replyRecorded',
    update: 'audit.ledger.replyUpdated',
    delete: 'audit.ledger.replyDeleted',
  },
};

const OUTCOME: EntryKind = {
  entityType: 'ua-outcome',
  action: 'urgent-action.outcome',
  messages: {
    create: 'audit.ledger.outcomeRecorded',
    update: 'audit.ledger.outcomeUpdated',
    delete: 'audit.ledger.outcomeDeleted',
  },
};

type ActionRow = NonNullable<Awaited<ReturnType<typeof findAction>>>;

/** The entry's own statements; `after` is what the audit log keeps (none for a deletion). */
type EntryWrite<Before> = (
  trx: Executor,
  found: { action: ActionRow; before: Before | undefined; now: Date; at: string },
) => Promise<{ ok: false; reason: 'not-a-target' } | { ok: true; id: number; after?: unknown }>;

/**
 * Every change of an entry, in one transaction: the urgent action and the entry (`id`, null for
 * a new one) found or `not-found`, the entry's own statements, its audit entry (create, update or
 * delete) and the purge of the pages that show it.
 */
async function changeEntry<Before>(
  deps: LedgerDeps,
  actor: Actor,
  articleId: number,
  id: number | null,
  entry: {
    kind: EntryKind;
    find: (trx: Executor, articleId: number, id: number) => Promise<Before | undefined>;
  },
  deleting: boolean,
  write: EntryWrite<Before>,
): Promise<LedgerOutcome> {
  const [article] = await deps.newsroom.articles([articleId]);
  if (!article) return { ok: false, reason: 'not-found' };
  const now = deps.now();
  return inTransaction(deps.db, async (trx): Promise<LedgerOutcome> => {
    const action = await findAction(trx, articleId);
    if (!action) return { ok: false, reason: 'not-found' };
    const before = id === null ? undefined : await entry.find(trx, articleId, id);
    if (id !== null && !before) return { ok: false, reason: 'not-found' };
    const done = await write(trx, { action, before, now, at: now.toISOString() });
    if (!done.ok) return done;
    const change = deleting ? 'delete' : before ? 'update' : 'create';
    await recordAudit(
      trx,
      actor,
      {
        action: `${entry.kind.action}.${change}`,
        entityType: entry.kind.entityType,
        entityId: done.id,
        message: { key: entry.kind.messages[change], params: { title: article.title } },
        before,
        after: done.after,
      },
      now,
    );
    await purgeAction(deps, trx, articleId, now);
    return { ok: true, id: done.id };
  });
}

const replies = { kind: REPLY, find: findReply, table: 'ua_replies' as const };
const outcomes = { kind: OUTCOME, find: findOutcome, table: 'ua_outcomes' as const };

/** The urgent action as a ledger event names it: its id and reference ("UA 58/20"), if numbered. */
const actionRef = (articleId: number, action: ActionRow) => ({
  urgentActionId: articleId,
  reference: numbering(action)?.reference ?? null,
});

/** Deletes an entry, audited and purged, and tells the webhooks (`tell`) in the same transaction. */
function removeEntry<Before>(
  deps: LedgerDeps,
  actor: Actor,
  articleId: number,
  id: number,
  entry: {
    kind: EntryKind;
    find: (trx: Executor, articleId: number, id: number) => Promise<Before | undefined>;
    table: 'ua_replies' | 'ua_outcomes';
  },
  tell: (trx: Executor, ref: ReturnType<typeof actionRef>, before: Before, now: Date) => Promise<void>,
): Promise<LedgerOutcome> {
  return changeEntry(deps, actor, articleId, id, entry, true, async (trx, { action, before, now }) => {
    await trx.deleteFrom(entry.table).where('id', '=', id).execute();
    // `before` is always found here (changeEntry answers not-found otherwise).
    if (before) await tell(trx, actionRef(articleId, action), before, now);
    return { ok: true as const, id };
  });
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
  return changeEntry(deps, actor, articleId, id, replies, false, async (trx, { action, before, now, at }) => {
    if (!(await mayReplyFrom(trx, articleId, form.target_id)))
      return { ok: false as const, reason: 'not-a-target' as const };
    const values = {
      target_id: form.target_id,
      received_on: form.received_on,
      channel: form.channel,
      summary: form.summary,
      visibility: form.visibility,
      attachment_id: attachmentAfter(attachment, before?.attachment_id ?? null),
      updated_at: at,
    };
    const after = { ...values, article_id: articleId };
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
    }
    await deps.ledgerEvents.replyRecorded(
      trx,
      {
        ...actionRef(articleId, action),
        replyId,
        targetId: form.target_id,
        recordedAt: before?.created_at ?? at,
        change: before ? 'edited' : 'recorded',
      },
      now,
    );
    return { ok: true as const, id: replyId, after };
  });
}

export async function deleteReply(
  deps: LedgerDeps,
  actor: Actor,
  articleId: number,
  id: number,
): Promise<LedgerOutcome> {
  return removeEntry(deps, actor, articleId, id, replies, (trx, ref, before, now) =>
    deps.ledgerEvents.replyRecorded(
      trx,
      { ...ref, replyId: id, targetId: before.target_id, recordedAt: before.created_at, change: 'deleted' },
      now,
    ),
  );
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
  return changeEntry(
    deps,
    actor,
    articleId,
    id,
    outcomes,
    false,
    async (trx, { action, before, now, at }) => {
      const values = {
        kind: form.kind,
        occurred_on: form.occurred_on,
        source: form.source,
        summary: form.summary,
        visibility: form.visibility,
        attachment_id: attachmentAfter(attachment, before?.attachment_id ?? null),
        updated_at: at,
      };
      const after = { ...values, article_id: articleId };
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
      }
      await deps.ledgerEvents.outcomeRecorded(
        trx,
        {
          ...actionRef(articleId, action),
          outcomeId,
          outcome: form.kind,
          // An internal outcome's words stay inside: other tools get its kind and ids only (an
          // outcome made internal by an edit sends '' too, so a receiver's copy loses the words).
          note: form.visibility === 'public' ? form.summary : '',
          recordedAt: before?.created_at ?? at,
          change: before ? 'edited' : 'recorded',
        },
        now,
      );
      return { ok: true as const, id: outcomeId, after };
    },
  );
}

export async function deleteOutcome(
  deps: LedgerDeps,
  actor: Actor,
  articleId: number,
  id: number,
): Promise<LedgerOutcome> {
  return removeEntry(deps, actor, articleId, id, outcomes, (trx, ref, before, now) =>
    deps.ledgerEvents.outcomeRecorded(
      trx,
      {
        ...ref,
        outcomeId: id,
        outcome: before.kind,
        // The entry is gone: its words are not sent again, public or not (the receiver drops its
        // copy by `outcomeId`).
        note: '',
        recordedAt: before.created_at,
        change: 'deleted',
      },
      now,
    ),
  );
}

/** Remembers the good-news draft made from an outcome, so the button opens it next time. */
export async function linkGoodNews(deps: LedgerDeps, outcomeId: number, articleId: number): Promise<void> {
  await deps.db
    .updateTable('ua_outcomes')
    .set({ good_news_id: articleId, updated_at: deps.now().toISOString() })
    .where('id', '=', outcomeId)
    .execute();
}
