import { type Actor, type AuditMessage, recordAudit, type Staff, systemActor } from '../../accounts/index.js';
import { findMedia, imageView, type PageRules } from '../../media/index.js';
import type { PageCache } from '../../platform/cache/page-cache.js';
import { recordPurge } from '../../platform/cache/purge-bus.js';
import { cannotWrite, inTransaction, uniqueViolation } from '../../platform/db/errors.js';
import type { ArticleRow, ArticleStatus, Db } from '../../platform/db/index.js';
import { t } from '../../platform/i18n/index.js';
import { cancelQueued, enqueue } from '../../platform/jobs/index.js';
import { renderMarkdown } from '../../platform/text/markdown.js';
import { newsroomAccess } from '../access.js';
import { type ArticleView, keys } from '../models.js';
import { paths } from '../paths.js';
import { type PublishedHook, publishedItem } from '../published.js';
import * as q from '../queries.js';
import { markTranslationsOutdated } from '../translations.js';
import type { ArticleForm, ArticleSnapshot, EditorAction } from './input.js';
import { CONTENT_LANGUAGES, parsePublishAt, slugify } from './input.js';

/** The audit sentence for each thing an editor can do to an existing article. */
const ARTICLE_AUDIT = {
  save: 'audit.article.saved',
  publish: 'audit.article.published',
  schedule: 'audit.article.scheduled',
  unpublish: 'audit.article.unpublished',
  archive: 'audit.article.archived',
} as const satisfies Record<EditorAction, AuditMessage['key']>;

export interface EditorDeps {
  db: Db;
  now: () => Date;
  cache: PageCache;
  /** Told of every article that goes public, in the publishing transaction (app.ts: alerts). */
  onPublished?: PublishedHook;
}

/**
 * Tells the hook, inside the publishing transaction, when an article has just become public, so a
 * publish that rolls back announces nothing. An item dated in the future is not public yet.
 */
async function announce(deps: EditorDeps, trx: Db, articleId: number, now: Date): Promise<void> {
  if (!deps.onPublished) return;
  const item = await publishedItem(trx, articleId, now);
  if (item) await deps.onPublished(trx, item, now);
}

export const PUBLISH_JOB = 'article.publish';

export type FieldErrors = Partial<Record<keyof ArticleForm, string>>;

export type SaveOutcome =
  | { ok: true; id: number; version: number; status: ArticleStatus }
  | { ok: false; reason: 'invalid'; errors: FieldErrors }
  | { ok: false; reason: 'forbidden'; message: string }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'conflict'; current: EditableArticle }
  /** The database could not write (full, read-only, gone): nothing was saved; try again later. */
  | { ok: false; reason: 'unavailable' };

export interface EditableArticle extends ArticleSnapshot {
  id: number;
  /** The source this article translates, if it is a translation. */
  translation_of: number | null;
  /** A translation whose source's words changed since it was last brought up to date. */
  translation_outdated: boolean;
  status: ArticleStatus;
  version: number;
  published_at: string | null;
  updated_at: string;
  author_id: number | null;
}

export function snapshotOf(form: ArticleForm): ArticleSnapshot {
  return {
    type: form.type,
    language: form.language,
    slug: form.slug.trim() || slugify(form.title),
    title: form.title.trim(),
    summary: form.summary.trim(),
    body: form.body,
    location: form.location.trim(),
    reference: form.reference.trim(),
    lead_image_id: form.lead_image_id,
    countries: form.countries,
    topics: form.topics,
    cases: form.cases,
    attachments: form.attachments,
  };
}

async function linksOf(db: Db, articleId: number) {
  const [countries, topics, cases, attachments] = await Promise.all([
    db
      .selectFrom('article_countries')
      .select('country_id')
      .where('article_id', '=', articleId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('article_topics')
      .select('topic_id')
      .where('article_id', '=', articleId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('article_cases')
      .select('case_id')
      .where('article_id', '=', articleId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('article_attachments')
      .select('media_id')
      .where('article_id', '=', articleId)
      .orderBy('position')
      .execute(),
  ]);
  return {
    countries: countries.map((r) => r.country_id),
    topics: topics.map((r) => r.topic_id),
    cases: cases.map((r) => r.case_id),
    attachments: attachments.map((r) => r.media_id),
  };
}

function editable(row: ArticleRow, links: Awaited<ReturnType<typeof linksOf>>): EditableArticle {
  return {
    id: row.id,
    type: row.type,
    language: (CONTENT_LANGUAGES as readonly string[]).includes(row.language ?? '')
      ? (row.language as ArticleSnapshot['language'])
      : '',
    translation_of: row.translation_of,
    translation_outdated: row.translation_outdated === 1,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    body: row.body_md,
    location: row.location,
    reference: row.reference,
    lead_image_id: row.lead_image_id,
    status: row.status,
    version: row.version,
    published_at: row.published_at,
    updated_at: row.updated_at,
    author_id: row.author_id,
    ...links,
  };
}

export async function loadArticle(db: Db, id: number): Promise<EditableArticle | null> {
  const row = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? editable(row, await linksOf(db, id)) : null;
}

/** May this person change this article at all (before any publishing question)? */
export function mayEdit(
  staff: Staff,
  article: { author_id: number | null; status: ArticleStatus } | null,
): boolean {
  const role = staff.user.role;
  if (!newsroomAccess.can(role, 'article.write')) return false;
  if (!article) return true;
  if (newsroomAccess.can(role, 'article.editOthers')) return true;
  if (article.author_id !== staff.user.id) return false;
  // Changing a live article is publishing: only those who may publish may do it.
  return article.status === 'draft' || newsroomAccess.can(role, 'article.publish');
}

/** Campaigners publish urgent actions; editors and administrators publish everything. */
export function mayPublish(staff: Staff, type: ArticleSnapshot['type']): boolean {
  const role = staff.user.role;
  if (!newsroomAccess.can(role, 'article.publish')) return false;
  return role !== 'campaigner' || type === 'urgent-action';
}

/** What the newsroom tells media about who may change what its pages show (see app.ts). */
export const pageRules = {
  mayEditArticle: mayEdit,
  mayPublishArticle: mayPublish,
  mayManageCases: (staff: Staff) => newsroomAccess.can(staff.user.role, 'case.manage'),
} satisfies PageRules;

async function codesOf(db: Db, countryIds: number[]): Promise<string[]> {
  if (countryIds.length === 0) return [];
  const rows = await db.selectFrom('countries').select('code').where('id', 'in', countryIds).execute();
  return rows.map((r) => r.code);
}

/** Each kind of link an article has, the table that holds it and its field in a snapshot. */
const LINK_TABLES = [
  ['article_countries', 'country_id', 'countries'],
  ['article_topics', 'topic_id', 'topics'],
  ['article_cases', 'case_id', 'cases'],
  ['article_attachments', 'media_id', 'attachments'],
] as const;

/** Replaces an article's links with those of the snapshot, keeping the order they were chosen in. */
export async function writeLinks(db: Db, articleId: number, snapshot: ArticleSnapshot): Promise<void> {
  for (const [table, column, field] of LINK_TABLES) {
    await db.deleteFrom(table).where('article_id', '=', articleId).execute();
    const rows = snapshot[field].map((id, position) => ({ article_id: articleId, [column]: id, position }));
    // The computed column name is one of this table's own; Kysely cannot follow it through the loop.
    if (rows.length > 0)
      await db
        .insertInto(table)
        .values(rows as never)
        .execute();
  }
}

/** The content keys of every page that could show this article, before or after the change. */
async function keysFor(db: Db, id: number, states: Array<ArticleSnapshot | null>): Promise<string[]> {
  const countryIds = states.flatMap((s) => s?.countries ?? []);
  const codes = await codesOf(db, [...new Set(countryIds)]);
  return [
    keys.article(id),
    keys.latest(),
    ...codes.map(keys.country),
    ...states.flatMap((s) => s?.topics ?? []).map(keys.topic),
    ...states.flatMap((s) => s?.cases ?? []).map(keys.case),
  ];
}

async function validate(
  deps: EditorDeps,
  snapshot: ArticleSnapshot,
  id: number | null,
  action: EditorAction,
  publishAt: Date | null,
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  if (!snapshot.title) errors.title = 'Enter a title.';
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(snapshot.slug)) {
    errors.slug = 'Use lower-case letters, numbers and single hyphens, like "mexico-ua-58-20".';
  } else {
    const clash = await deps.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', snapshot.slug)
      .executeTakeFirst();
    if (clash && clash.id !== id) errors.slug = t('editor.slugTaken');
  }
  if (action === 'schedule') {
    if (!publishAt) errors.publish_at = 'Enter the date and time to publish, in UTC.';
    else if (publishAt.getTime() <= deps.now().getTime()) errors.publish_at = 'Choose a time in the future.';
  }
  if (snapshot.lead_image_id) {
    const image = await findMedia(deps.db, snapshot.lead_image_id);
    if (image?.kind !== 'image') errors.lead_image_id = 'That image no longer exists: choose another.';
    else if ((action === 'publish' || action === 'schedule') && !image.alt.trim())
      errors.lead_image_id = 'Describe the image (alt text) in the media library before publishing.';
  }
  // A forged or stale form may name links that no longer exist; refuse them instead of failing.
  const missing = async (table: 'countries' | 'topics' | 'cases', ids: number[]) => {
    if (ids.length === 0) return false;
    const found = await deps.db.selectFrom(table).select('id').where('id', 'in', ids).execute();
    return found.length !== ids.length;
  };
  if (await missing('countries', snapshot.countries)) errors.countries = 'A chosen country no longer exists.';
  if (await missing('topics', snapshot.topics)) errors.topics = 'A chosen topic no longer exists.';
  if (await missing('cases', snapshot.cases)) errors.cases = 'A chosen case no longer exists.';
  if (snapshot.attachments.length > 0) {
    const documents = await deps.db
      .selectFrom('media')
      .select('id')
      .where('id', 'in', snapshot.attachments)
      .where('kind', '=', 'document')
      .execute();
    if (documents.length !== snapshot.attachments.length)
      errors.attachments = 'A chosen download no longer exists.';
  }
  return errors;
}

function nextState(action: EditorAction, current: EditableArticle | null, publishAt: Date | null, now: Date) {
  const status: ArticleStatus =
    action === 'publish'
      ? 'published'
      : action === 'schedule'
        ? 'scheduled'
        : action === 'unpublish'
          ? 'draft'
          : action === 'archive'
            ? 'archived'
            : (current?.status ?? 'draft');
  let publishedAt = current?.published_at ?? null;
  if (action === 'publish' && (!publishedAt || current?.status === 'scheduled'))
    publishedAt = now.toISOString();
  if (action === 'schedule' && publishAt) publishedAt = publishAt.toISOString();
  if (status === 'scheduled' && action === 'save' && current?.published_at)
    publishedAt = current.published_at;
  return { status, publishedAt };
}

/**
 * Creates or updates an article in one transaction: the row, its links, a revision, a redirect
 * from a changed address, the publish job of a scheduled article and the audit entry. A save
 * based on an older version is refused and kept as a refused revision, so both texts survive.
 * An address taken by another save since the check, or a database that cannot write, is an
 * outcome like the others, so the editor is shown the form with the text rather than a 500.
 */
export async function saveArticle(
  deps: EditorDeps,
  staff: Staff,
  actor: Actor,
  id: number | null,
  form: ArticleForm,
): Promise<SaveOutcome> {
  try {
    return await writeArticle(deps, staff, actor, id, form);
  } catch (err) {
    const clash = uniqueViolation(err);
    if (clash?.table === 'articles' && clash.column === 'slug')
      return { ok: false, reason: 'invalid', errors: { slug: t('editor.slugTaken') } };
    if (cannotWrite(err)) return { ok: false, reason: 'unavailable' };
    throw err;
  }
}

async function writeArticle(
  deps: EditorDeps,
  staff: Staff,
  actor: Actor,
  id: number | null,
  form: ArticleForm,
): Promise<SaveOutcome> {
  const snapshot = snapshotOf(form);
  const action = form.action;
  const publishAt = parsePublishAt(form.publish_at);
  const current = id === null ? null : await loadArticle(deps.db, id);
  if (id !== null && !current) return { ok: false, reason: 'not-found' };
  if (!mayEdit(staff, current))
    return { ok: false, reason: 'forbidden', message: 'You may not edit this article.' };
  const changesStatus =
    action !== 'save' || current?.status === 'published' || current?.status === 'scheduled';
  if (changesStatus && !mayPublish(staff, snapshot.type)) {
    return {
      ok: false,
      reason: 'forbidden',
      message: 'Your role may save drafts but not publish this article.',
    };
  }
  const errors = await validate(deps, snapshot, id, action, publishAt);
  if (Object.keys(errors).length > 0) return { ok: false, reason: 'invalid', errors };

  const now = deps.now();
  const at = now.toISOString();
  const { status, publishedAt } = nextState(action, current, publishAt, now);
  const bodyHtml = renderMarkdown(snapshot.body);

  let purged: string[] = [];
  const outcome = await inTransaction(deps.db, async (trx): Promise<SaveOutcome> => {
    let articleId: number;
    let version: number;
    if (current) {
      const updated = await trx
        .updateTable('articles')
        .set({
          type: snapshot.type,
          slug: snapshot.slug,
          title: snapshot.title,
          summary: snapshot.summary,
          body_md: snapshot.body,
          body_html: bodyHtml,
          location: snapshot.location,
          reference: snapshot.reference,
          lead_image_id: snapshot.lead_image_id,
          language: snapshot.language || null,
          status,
          published_at: publishedAt,
          updated_at: at,
          version: current.version + 1,
          ...(current.translation_of !== null && form.up_to_date ? { translation_outdated: 0 } : {}),
        })
        .where('id', '=', current.id)
        .where('version', '=', form.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) {
        await trx
          .insertInto('article_revisions')
          .values({
            article_id: current.id,
            version: form.version,
            kind: 'refused',
            snapshot: JSON.stringify(snapshot),
            user_id: staff.user.id,
            created_at: at,
          })
          .execute();
        const latest = await trx
          .selectFrom('articles')
          .selectAll()
          .where('id', '=', current.id)
          .executeTakeFirstOrThrow();
        return { ok: false, reason: 'conflict', current: editable(latest, await linksOf(trx, current.id)) };
      }
      articleId = current.id;
      version = current.version + 1;
      if (current.slug !== snapshot.slug) {
        await trx.deleteFrom('slug_redirects').where('old_slug', '=', current.slug).execute();
        await trx
          .insertInto('slug_redirects')
          .values({ old_slug: current.slug, article_id: articleId, created_at: at })
          .execute();
      }
    } else {
      const row = await trx
        .insertInto('articles')
        .values({
          type: snapshot.type,
          slug: snapshot.slug,
          title: snapshot.title,
          summary: snapshot.summary,
          body_md: snapshot.body,
          body_html: bodyHtml,
          status,
          location: snapshot.location,
          reference: snapshot.reference,
          lead_image_id: snapshot.lead_image_id,
          language: snapshot.language || null,
          published_at: publishedAt,
          created_at: at,
          updated_at: at,
          version: 1,
          author_id: staff.user.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      articleId = row.id;
      version = 1;
    }
    // The new address is this article's now, whatever pointed it elsewhere before.
    await trx.deleteFrom('slug_redirects').where('old_slug', '=', snapshot.slug).execute();
    await writeLinks(trx, articleId, snapshot);
    await trx
      .insertInto('article_revisions')
      .values({
        article_id: articleId,
        version,
        kind: 'saved',
        snapshot: JSON.stringify(snapshot),
        user_id: staff.user.id,
        created_at: at,
      })
      .execute();
    await cancelQueued(trx, PUBLISH_JOB, `publish:${articleId}:`, now);
    if (status === 'scheduled' && publishedAt) {
      await enqueue(
        trx,
        {
          kind: PUBLISH_JOB,
          payload: { articleId, version },
          runAt: new Date(publishedAt),
          idempotencyKey: `publish:${articleId}:${version}`,
        },
        now,
      );
    }
    await recordAudit(
      trx,
      actor,
      {
        action: current ? `article.${action === 'save' ? 'update' : action}` : `article.create`,
        entityType: 'article',
        entityId: articleId,
        message: {
          key: current ? ARTICLE_AUDIT[action] : 'audit.article.created',
          params: { title: snapshot.title, status },
        },
        before: current ? { ...current, body: undefined } : undefined,
        after: { ...snapshot, body: undefined, status, published_at: publishedAt, version },
      },
      now,
    );
    if (status === 'published' && current?.status !== 'published') await announce(deps, trx, articleId, now);
    purged = await keysFor(trx, articleId, [current, snapshot]);
    // A source whose words changed: its translations now say they may be out of date.
    if (current && current.translation_of === null && wordsChanged(current, snapshot))
      purged.push(...(await markTranslationsOutdated(trx, articleId)).map(keys.article));
    await recordPurge(trx, purged, now);
    return { ok: true, id: articleId, version, status };
  });

  // This instance forgets the pages at once; the others when they read the purge log.
  if (outcome.ok) deps.cache.purge(purged);
  return outcome;
}

/** Whether a save changes what a translation is made from (not its links, picture or status). */
function wordsChanged(before: ArticleSnapshot, after: ArticleSnapshot): boolean {
  return before.title !== after.title || before.summary !== after.summary || before.body !== after.body;
}

/** The scheduled publisher: publishes the article if it is still scheduled at the same version. */
export async function publishDue(
  deps: EditorDeps,
  payload: { articleId: number; version: number },
): Promise<void> {
  const now = deps.now();
  const article = await loadArticle(deps.db, payload.articleId);
  if (article?.status !== 'scheduled' || article.version !== payload.version) return;
  if (article.published_at && article.published_at > now.toISOString()) {
    throw new Error('publish job ran before its time');
  }
  let purged: string[] = [];
  await deps.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('articles')
      .set({ status: 'published', version: article.version + 1, updated_at: now.toISOString() })
      .where('id', '=', article.id)
      .where('version', '=', article.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return;
    const {
      id: _id,
      status: _s,
      version: _v,
      published_at: _p,
      updated_at: _u,
      author_id: _a,
      ...snapshot
    } = article;
    await trx
      .insertInto('article_revisions')
      .values({
        article_id: article.id,
        version: article.version + 1,
        kind: 'saved',
        snapshot: JSON.stringify(snapshot),
        user_id: null,
        created_at: now.toISOString(),
      })
      .execute();
    await recordAudit(
      trx,
      systemActor,
      {
        action: 'article.publish',
        entityType: 'article',
        entityId: article.id,
        message: { key: 'audit.article.published-on-schedule', params: { title: article.title } },
        before: { status: 'scheduled' },
        after: { status: 'published' },
      },
      now,
    );
    await announce(deps, trx, article.id, now);
    purged = await keysFor(trx, article.id, [article]);
    await recordPurge(trx, purged, now);
  });
  deps.cache.purge(purged);
}

/**
 * What the public page of an article would show with the editor's unsaved values: its links as
 * they are named now, its body rendered as publishing would. Downloads are not shown.
 */
export async function previewOf(
  db: Db,
  article: EditableArticle,
  snap: ArticleSnapshot,
  now: Date,
): Promise<ArticleView> {
  const [countries, topics, cases, images] = await Promise.all([
    q.allCountries(db),
    q.allTopics(db),
    q.allCases(db),
    q.mediaByIds(db, snap.lead_image_id ? [snap.lead_image_id] : []),
  ]);
  const image = snap.lead_image_id ? images.get(snap.lead_image_id) : undefined;
  const at = now.toISOString();
  return {
    id: article.id,
    type: snap.type,
    href: paths.article(snap.slug),
    title: snap.title,
    summary: snap.summary,
    location: snap.location,
    reference: snap.reference,
    publishedAt: article.published_at ?? at,
    updatedAt: at,
    image: image ? imageView(image) : null,
    countries: countries
      .filter((c) => snap.countries.includes(c.id))
      .map((c) => ({ href: paths.country(c.slug), name: c.name })),
    bodyHtml: renderMarkdown(snap.body),
    topics: topics
      .filter((x) => snap.topics.includes(x.id))
      .map((x) => ({ href: paths.topic(x.slug), name: x.name })),
    cases: cases
      .filter((c) => snap.cases.includes(c.id))
      .map((c) => ({ href: paths.case(c.slug), name: c.name })),
    attachments: [],
    countryCodes: [],
    language: snap.language || null,
    // A preview shows the article as written, not its neighbours in other languages.
    translations: [],
    outdated: false,
  };
}

/** A revision of an article with its snapshot, or null if the article has no such revision. */
export async function findRevision(db: Db, articleId: number, revisionId: number) {
  const rev = await db
    .selectFrom('article_revisions')
    .selectAll()
    .where('id', '=', revisionId)
    .where('article_id', '=', articleId)
    .executeTakeFirst();
  return rev ? { rev, snapshot: JSON.parse(rev.snapshot) as ArticleSnapshot } : null;
}

export async function listRevisions(db: Db, articleId: number) {
  return db
    .selectFrom('article_revisions')
    .leftJoin('users', 'users.id', 'article_revisions.user_id')
    .select([
      'article_revisions.id',
      'article_revisions.version',
      'article_revisions.kind',
      'article_revisions.snapshot',
      'article_revisions.created_at',
      'users.name as user_name',
    ])
    .where('article_revisions.article_id', '=', articleId)
    .orderBy('article_revisions.id', 'desc')
    .execute();
}

/**
 * Whose unpublished articles this person may see listed: everyone's for those who may edit others'
 * (editors, administrators), otherwise only their own. A draft's or a scheduled item's title can be
 * embargoed news; published items are public anyway.
 */
export function ownUnpublishedOnly(staff: Staff): number | null {
  return newsroomAccess.can(staff.user.role, 'article.editOthers') ? null : staff.user.id;
}

export async function listArticles(
  db: Db,
  filter: { status?: ArticleStatus; authorId?: number | null },
  limit: number,
  offset: number,
) {
  let q = db.selectFrom('articles').leftJoin('users', 'users.id', 'articles.author_id');
  if (filter.status) q = q.where('articles.status', '=', filter.status);
  const authorId = filter.authorId;
  if (typeof authorId === 'number')
    q = q.where((eb) =>
      eb.or([eb('articles.status', '=', 'published'), eb('articles.author_id', '=', authorId)]),
    );
  const [rows, count] = await Promise.all([
    q
      .select([
        'articles.id',
        'articles.title',
        'articles.type',
        'articles.status',
        'articles.published_at',
        'articles.updated_at',
        'users.name as author_name',
      ])
      .orderBy('articles.updated_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
