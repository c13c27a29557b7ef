import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { type Actor, recordAudit } from '../accounts/index.js';
import { recordPurge } from '../platform/cache/purge-bus.js';
import { inTransaction } from '../platform/db/errors.js';
import { type Database, type Db, preparedQuery, type Slots, type UaEventKind } from '../platform/db/index.js';
import { cancelQueued, enqueue } from '../platform/jobs/index.js';
import { renderMarkdown } from '../platform/text/markdown.js';
import { type DetailsForm, languagesOf, lettersOf, peopleOf, type TargetForm } from './input.js';
import { keys, type Newsroom } from './newsroom.js';
import { deadlineOf, formatReference, lines, mayFollow, stateOf } from './rules.js';

export interface ActionsDeps {
  db: Db;
  now: () => Date;
  newsroom: Newsroom;
  /** This instance's page cache: forgets at once what the purge log tells the others. */
  cache: { purge(keys: readonly string[]): unknown };
}

/** The job that purges an urgent action's page when its "take action before" date arrives. */
export const DEADLINE_JOB = 'actions.deadline';

type Executor = Kysely<Database>;

const actionById = preparedQuery((db: Executor, v: Slots<{ articleId: number }>) =>
  db.selectFrom('urgent_actions').selectAll().where('article_id', '=', v.articleId),
);

export async function findAction(db: Executor, articleId: number) {
  return (await actionById(db, { articleId }))[0];
}

export type ActionRow = NonNullable<Awaited<ReturnType<typeof findAction>>>;

/** An urgent action's sample letters, one per language (by language: the table keeps no order). */
export async function lettersOfAction(db: Executor, articleId: number) {
  return lettersById(db, { articleId });
}

const lettersById = preparedQuery((db: Executor, v: Slots<{ articleId: number }>) =>
  db
    .selectFrom('ua_letter_templates')
    .select(['language', 'subject', 'body'])
    .where('article_id', '=', v.articleId)
    .orderBy('language'),
);

export async function eventsOf(db: Executor, articleIds: readonly number[]) {
  if (articleIds.length === 0) return [];
  return eventsByIds(db, { ids: [...articleIds] });
}

const eventsByIds = preparedQuery((db: Executor, v: Slots<{ ids: number[] }>) =>
  db.selectFrom('ua_events').selectAll().where('article_id', 'in', v.ids).orderBy('id'),
);

export type EventRow = Awaited<ReturnType<typeof eventsOf>>[number];

/** The members of a series, the latest first. */
export async function seriesOf(db: Executor, seriesId: number) {
  return seriesById(db, { seriesId });
}

const seriesById = preparedQuery((db: Executor, v: Slots<{ seriesId: number }>) =>
  db
    .selectFrom('urgent_actions')
    .selectAll()
    .where('series_id', '=', v.seriesId)
    .orderBy('update_ordinal', 'desc'),
);

async function ensureRow(trx: Executor, articleId: number, now: Date): Promise<ActionRow> {
  const at = now.toISOString();
  await trx
    .insertInto('urgent_actions')
    .values({ article_id: articleId, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('article_id').doNothing())
    .execute();
  return (await findAction(trx, articleId)) as ActionRow;
}

/** The next number of a year: one upsert, so two publications at once never share one. */
async function nextNumber(trx: Executor, year: number): Promise<number> {
  const row = await trx
    .insertInto('ua_numbers')
    .values({ year, last_number: 1 })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet({ last_number: sql<number>`ua_numbers.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return Number(row.last_number);
}

/** The next update ordinal of a series, taken from its first: never given twice. */
async function nextOrdinal(trx: Executor, seriesId: number): Promise<number> {
  const row = await trx
    .updateTable('urgent_actions')
    .set({ updates_given: sql<number>`updates_given + 1` })
    .where('article_id', '=', seriesId)
    .returning('updates_given')
    .executeTakeFirstOrThrow();
  return Number(row.updates_given);
}

/**
 * Called inside the publishing transaction (the newsroom's hook, composed in app.ts): the first
 * publication of an urgent action gives it its number (or, for an update, its series' number and
 * the next ordinal) and opens it; an update marks the earlier open ones of its series updated.
 * A later publication (after unpublishing) changes nothing: the number stays. Returns the
 * reference to show on the article ("UA 58/20"), or null for other types.
 */
export async function numberOnPublish(
  deps: Pick<ActionsDeps, 'cache' | 'newsroom'>,
  trx: Executor,
  item: { articleId: number; type: string; publishedAt: string; translationOf?: number | null },
  now: Date,
): Promise<string | null> {
  if (item.type !== 'urgent-action') return null;
  // A translation is its original in another language: no number, no series, no event of its own;
  // it shows its original's reference (given now, or when the original is first published).
  if (item.translationOf != null) {
    const original = await findAction(trx, item.translationOf);
    if (original?.year == null || original.number == null) return null;
    const reference = formatReference(original.year, original.number);
    await deps.newsroom.setReference(trx, item.translationOf, reference);
    return reference;
  }
  const row = await ensureRow(trx, item.articleId, now);
  // Published again after being withdrawn: the number it was given stays.
  if (row.year !== null && row.number !== null) return formatReference(row.year, row.number);

  const followed = row.follows_id === null ? undefined : await findAction(trx, row.follows_id);
  const root = followed?.series_id != null ? await findAction(trx, followed.series_id) : undefined;
  let numbered: { year: number; number: number; series: number; ordinal: number };
  if (root && root.year !== null && root.number !== null) {
    numbered = {
      year: root.year,
      number: root.number,
      series: root.article_id,
      ordinal: await nextOrdinal(trx, root.article_id),
    };
  } else {
    // The year of publication, as the number is shown ("/20").
    const year = new Date(item.publishedAt).getUTCFullYear();
    numbered = { year, number: await nextNumber(trx, year), series: item.articleId, ordinal: 0 };
  }
  const at = now.toISOString();
  await trx
    .updateTable('urgent_actions')
    .set({
      year: numbered.year,
      number: numbered.number,
      series_id: numbered.series,
      update_ordinal: numbered.ordinal,
      updated_at: at,
    })
    .where('article_id', '=', item.articleId)
    .execute();
  const publishing = { user_id: null, actor: 'publication', occurred_at: at };
  await trx
    .insertInto('ua_events')
    .values({ article_id: item.articleId, kind: 'opened', related_article_id: null, ...publishing })
    .execute();

  const members = await seriesOf(trx, numbered.series);
  if (numbered.ordinal > 0) {
    const earlier = members.filter((m) => m.article_id !== item.articleId);
    const events = await eventsOf(
      trx,
      earlier.map((m) => m.article_id),
    );
    for (const m of earlier) {
      const state = stateOf(events.filter((e) => e.article_id === m.article_id));
      if (!mayFollow(state, 'updated') || state === 'draft') continue;
      await trx
        .insertInto('ua_events')
        .values({
          article_id: m.article_id,
          kind: 'updated',
          related_article_id: item.articleId,
          ...publishing,
        })
        .execute();
    }
  }
  const purged = members.map((m) => keys.action(m.article_id));
  await recordPurge(trx, purged, now);
  deps.cache.purge(purged);
  const reference = formatReference(numbered.year, numbered.number);
  // Lists and search show the article's reference: the number is written there once, here.
  await deps.newsroom.setReference(trx, item.articleId, reference);
  return reference;
}

/** Queues the purge of the page at its deadline, replacing one queued for an earlier date. */
async function scheduleDeadline(trx: Executor, articleId: number, actBefore: string | null, now: Date) {
  await cancelQueued(trx, DEADLINE_JOB, `ua-deadline:${articleId}:`, now);
  const at = deadlineOf(actBefore);
  if (!at || at.getTime() <= now.getTime()) return;
  await enqueue(
    trx,
    {
      kind: DEADLINE_JOB,
      payload: { articleId },
      runAt: at,
      idempotencyKey: `ua-deadline:${articleId}:${actBefore}`,
    },
    now,
  );
}

/** The deadline job: the page said "open" until now, so it is purged to say otherwise. */
export async function deadlineReached(deps: ActionsDeps, articleId: number): Promise<void> {
  const now = deps.now();
  const purged = [keys.action(articleId)];
  await deps.db.transaction().execute((trx) => recordPurge(trx, purged, now));
  deps.cache.purge(purged);
}

export type SaveOutcome =
  | { ok: true }
  | { ok: false; reason: 'not-found' | 'not-urgent' }
  | { ok: false; reason: 'invalid'; field: keyof DetailsForm };

/** Saves an urgent action's details, its people and its targets, audited, its pages purged. */
export async function saveDetails(
  deps: ActionsDeps,
  actor: Actor,
  articleId: number,
  form: DetailsForm,
): Promise<SaveOutcome> {
  const [article] = await deps.newsroom.articles([articleId]);
  if (!article) return { ok: false, reason: 'not-found' };
  if (article.type !== 'urgent-action') return { ok: false, reason: 'not-urgent' };
  const now = deps.now();
  const at = now.toISOString();
  const allTargets = [...form.targets, ...form.copies];
  const outcome = await inTransaction(deps.db, async (trx): Promise<SaveOutcome> => {
    const row = await ensureRow(trx, articleId, now);
    // The series is fixed once numbered: the number was given for it.
    let followsId = row.follows_id;
    if (row.number === null) {
      followsId = form.follows_id === '' ? null : form.follows_id;
      if (followsId !== null) {
        const followed = await findAction(trx, followsId);
        if (followsId === articleId || !followed || followed.number === null) {
          return { ok: false, reason: 'invalid', field: 'follows_id' };
        }
      }
    }
    if (allTargets.length > 0) {
      const found = await trx.selectFrom('ua_targets').select('id').where('id', 'in', allTargets).execute();
      if (found.length !== new Set(allTargets).size)
        return { ok: false, reason: 'invalid', field: 'targets' };
    }
    const previousTargets = await trx
      .selectFrom('ua_action_targets')
      .select('target_id')
      .where('article_id', '=', articleId)
      .execute();
    const previousLetters = await lettersOfAction(trx, articleId);
    const letters = lettersOf(form);
    await trx
      .updateTable('urgent_actions')
      .set({
        follows_id: followsId,
        document_index: form.document_index,
        issued_on: form.issued_on || null,
        act_before: form.act_before || null,
        languages: JSON.stringify(languagesOf(form.languages)),
        asks: JSON.stringify(lines(form.asks)),
        background_md: form.background,
        background_html: renderMarkdown(form.background),
        goal: form.goal,
        hourly_cap: form.hourly_cap,
        updated_at: at,
      })
      .where('article_id', '=', articleId)
      .execute();
    await trx.deleteFrom('ua_letter_templates').where('article_id', '=', articleId).execute();
    if (letters.length > 0) {
      await trx
        .insertInto('ua_letter_templates')
        .values(letters.map((l) => ({ article_id: articleId, ...l })))
        .execute();
    }
    await trx.deleteFrom('ua_people').where('article_id', '=', articleId).execute();
    const people = peopleOf(form);
    if (people.length > 0) {
      await trx
        .insertInto('ua_people')
        .values(
          people.map((p, position) => ({
            article_id: articleId,
            position,
            name: p.name,
            pronouns: p.pronouns,
            case_id: p.caseId,
          })),
        )
        .execute();
    }
    await trx.deleteFrom('ua_action_targets').where('article_id', '=', articleId).execute();
    if (allTargets.length > 0) {
      await trx
        .insertInto('ua_action_targets')
        .values([
          ...form.targets.map((target_id, position) => ({
            article_id: articleId,
            target_id,
            role: 'target' as const,
            position,
          })),
          ...form.copies.map((target_id, position) => ({
            article_id: articleId,
            target_id,
            role: 'copy' as const,
            position,
          })),
        ])
        .execute();
    }
    await scheduleDeadline(trx, articleId, form.act_before || null, now);
    await recordAudit(
      trx,
      actor,
      {
        action: 'urgent-action.details',
        entityType: 'article',
        entityId: articleId,
        message: { key: 'audit.ua.details', params: { title: article.title } },
        before: {
          targets: previousTargets.map((t) => t.target_id),
          act_before: row.act_before,
          follows_id: row.follows_id,
          goal: row.goal,
          hourly_cap: row.hourly_cap,
          letters: previousLetters,
        },
        after: {
          targets: allTargets,
          act_before: form.act_before || null,
          follows_id: followsId,
          goal: form.goal,
          hourly_cap: form.hourly_cap,
          letters,
        },
      },
      now,
    );
    const purged = await seriesKeys(trx, articleId);
    await recordPurge(trx, purged, now);
    deps.cache.purge(purged);
    return { ok: true };
  });
  return outcome;
}

/** The content keys of every member of an urgent action's series (or its own alone). */
async function seriesKeys(trx: Executor, articleId: number): Promise<string[]> {
  const row = await findAction(trx, articleId);
  if (row?.series_id == null) return [keys.action(articleId)];
  const members = await seriesOf(trx, row.series_id);
  return [...new Set([keys.action(articleId), ...members.map((m) => keys.action(m.article_id))])];
}

export type EventOutcome = { ok: true } | { ok: false; reason: 'not-found' | 'not-allowed' };

/** Records a status event a campaigner chose (closed, success), if the present status allows it. */
export async function recordEvent(
  deps: ActionsDeps,
  actor: Actor,
  articleId: number,
  kind: Extract<UaEventKind, 'closed' | 'success'>,
  note: string,
): Promise<EventOutcome> {
  const [article] = await deps.newsroom.articles([articleId]);
  if (!article) return { ok: false, reason: 'not-found' };
  const now = deps.now();
  return inTransaction(deps.db, async (trx): Promise<EventOutcome> => {
    const row = await findAction(trx, articleId);
    if (!row) return { ok: false, reason: 'not-found' };
    const state = stateOf(await eventsOf(trx, [articleId]));
    if (!mayFollow(state, kind)) return { ok: false, reason: 'not-allowed' };
    await trx
      .insertInto('ua_events')
      .values({
        article_id: articleId,
        kind,
        note,
        related_article_id: null,
        user_id: actor.userId,
        actor: actor.label,
        occurred_at: now.toISOString(),
      })
      .execute();
    await recordAudit(
      trx,
      actor,
      {
        action: `urgent-action.${kind}`,
        entityType: 'article',
        entityId: articleId,
        message: { key: 'audit.ua.event', params: { title: article.title, kind } },
        before: { state },
        after: { state: kind, note },
      },
      now,
    );
    const purged = await seriesKeys(trx, articleId);
    await recordPurge(trx, purged, now);
    deps.cache.purge(purged);
    return { ok: true };
  });
}

// ---------------------------------------------------------------------------------------------
// The targets directory.

export async function listTargets(db: Executor) {
  return db
    .selectFrom('ua_targets')
    .selectAll()
    .orderBy('country_code')
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export type TargetRow = Awaited<ReturnType<typeof listTargets>>[number];

export async function findTarget(db: Executor, id: number) {
  return db.selectFrom('ua_targets').selectAll().where('id', '=', id).executeTakeFirst();
}

function targetValues(form: TargetForm) {
  return {
    honorific: form.honorific,
    name: form.name,
    title: form.title,
    body: form.body,
    country_code: form.country_code,
    state: form.state,
    postal_address: form.postal_address,
    email: form.email,
    phone: form.phone,
    social: JSON.stringify(lines(form.social)),
    salutation: form.salutation,
    language: form.language,
    time_zone: form.time_zone,
    office_hours: lines(form.office_hours).join('\n'),
  };
}

/** Creates (id null) or changes a target, audited; a change purges every page that names it. */
export async function saveTarget(
  deps: ActionsDeps,
  actor: Actor,
  id: number | null,
  form: TargetForm,
): Promise<{ ok: true; id: number } | { ok: false; reason: 'not-found' }> {
  const now = deps.now();
  const at = now.toISOString();
  return inTransaction(deps.db, async (trx) => {
    let targetId: number;
    let before: TargetRow | undefined;
    if (id === null) {
      const row = await trx
        .insertInto('ua_targets')
        .values({ ...targetValues(form), created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      targetId = Number(row.id);
    } else {
      before = await findTarget(trx, id);
      if (!before) return { ok: false as const, reason: 'not-found' as const };
      await trx
        .updateTable('ua_targets')
        .set({ ...targetValues(form), updated_at: at })
        .where('id', '=', id)
        .execute();
      targetId = id;
    }
    await recordAudit(
      trx,
      actor,
      {
        action: id === null ? 'target.create' : 'target.update',
        entityType: 'ua-target',
        entityId: targetId,
        message: {
          key: id === null ? 'audit.target.created' : 'audit.target.updated',
          params: { name: form.name },
        },
        before,
        after: targetValues(form),
      },
      now,
    );
    if (id !== null) {
      const purged = [keys.target(targetId)];
      await recordPurge(trx, purged, now);
      deps.cache.purge(purged);
    }
    return { ok: true as const, id: targetId };
  });
}
