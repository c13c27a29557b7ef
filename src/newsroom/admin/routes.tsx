import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AdminLayout,
  actorOf,
  auditText,
  forbiddenPage,
  formToken,
  recordAudit,
  type Staff,
  sendAdminHtml,
} from '../../accounts/index.js';
import { listDocuments, listImages } from '../../media/index.js';
import type { PageCache } from '../../platform/cache/page-cache.js';
import { cannotWrite } from '../../platform/db/errors.js';
import { ARTICLE_STATUSES } from '../../platform/db/index.js';
import { formatUtcMinute, t } from '../../platform/i18n/index.js';
import { diffLines } from '../../platform/text/diff.js';
import { renderMarkdown } from '../../platform/text/markdown.js';
import { type FormRead, readForm } from '../../platform/views/forms.js';
import { renderDocument, renderFragment } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import { paths } from '../paths.js';
import * as q from '../queries.js';
import { articlePage } from '../views/pages.js';
import { type ArticleForm, type ArticleSnapshot, readArticleForm } from './input.js';
import * as editor from './service.js';
import * as views from './views.js';

type Deps = editor.EditorDeps & { site: Site; cache: PageCache };

const idParam = z.object({
  id: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
});
const revisionParams = idParam.extend({
  rev: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
});

async function choices(deps: Deps): Promise<views.EditorChoices> {
  const [countries, topics, cases, images, documents] = await Promise.all([
    q.allCountries(deps.db),
    q.allTopics(deps.db),
    q.allCases(deps.db),
    listImages(deps.db),
    listDocuments(deps.db),
  ]);
  return {
    countries: countries.map((c) => ({ id: c.id, name: c.name })),
    topics: topics.map((x) => ({ id: x.id, name: x.name })),
    cases: cases.map((c) => ({ id: c.id, name: c.name })),
    images,
    documents: documents.map((d) => ({ id: d.id, name: d.original_name })),
  };
}

const emptySnapshot: ArticleSnapshot = {
  type: 'news',
  slug: '',
  title: '',
  summary: '',
  body: '',
  location: '',
  reference: '',
  lead_image_id: null,
  countries: [],
  topics: [],
  cases: [],
  attachments: [],
};

/** The text fields of the editor, which come back exactly as sent when they are wrong. */
const TEXT_FIELDS = ['title', 'slug', 'summary', 'body', 'location', 'reference', 'publish_at'] as const;

/**
 * The editor's values for a submission: parsed where they could be (ids, numbers), and each wrong
 * text field exactly as sent, so an over-long summary is shown in full, not cut.
 */
function typedValues(read: FormRead<ArticleForm>): views.EditorView['values'] {
  const form = read.withoutErrors;
  const values: views.EditorView['values'] = form
    ? { ...editor.snapshotOf(form), slug: form.slug, publish_at: form.publish_at, version: form.version }
    : { ...emptySnapshot, publish_at: '', version: 0 };
  for (const key of TEXT_FIELDS) {
    const sent = read.fields[key];
    if (read.errors[key] !== undefined && typeof sent === 'string') values[key] = sent;
  }
  return values;
}

/** The live preview's one field, as long as a saved body may be. */
const previewForm = z.object({ body: z.string().max(200_000) });

const restoreForm = z.object({
  version: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .catch(0),
});

function publishAtValue(article: editor.EditableArticle | null): string {
  return article?.status === 'scheduled' && article.published_at ? article.published_at.slice(0, 16) : '';
}

export function newsroomAdminRoutes(app: FastifyInstance, deps: Deps) {
  const { site } = deps;

  const showEditor = async (
    request: FastifyRequest,
    reply: FastifyReply,
    article: editor.EditableArticle | null,
    extra: Partial<views.EditorView> = {},
    status = 200,
  ) => {
    const staff = request.staff as Staff;
    const values = extra.values ?? {
      ...(article ?? emptySnapshot),
      publish_at: publishAtValue(article),
      version: article?.version ?? 0,
    };
    const html = views.editorPage(site, staff, await choices(deps), {
      article,
      values,
      errors: {},
      canPublish: editor.mayPublish(staff, values.type),
      csrf: formToken(request),
      publicHref: article?.status === 'published' ? paths.article(article.slug) : undefined,
      ...extra,
    });
    return sendAdminHtml(reply, html, status);
  };

  app.get('/admin', { config: { permission: 'dashboard.view' } }, async (request, reply) => {
    // Those who may not edit others' articles see only their own unpublished ones, and only their
    // own recent changes: an audit summary names the title of the draft it changed.
    const ownOnly = editor.ownUnpublishedOnly(request.staff as Staff);
    let scheduled = deps.db
      .selectFrom('articles')
      .select(['id', 'title', 'published_at'])
      .where('status', '=', 'scheduled');
    let drafts = deps.db
      .selectFrom('articles')
      .select(['id', 'title', 'updated_at'])
      .where('status', '=', 'draft');
    let changes = deps.db.selectFrom('audit_log').select(['id', 'actor', 'summary', 'message', 'created_at']);
    if (ownOnly !== null) {
      scheduled = scheduled.where('author_id', '=', ownOnly);
      drafts = drafts.where('author_id', '=', ownOnly);
      changes = changes.where('user_id', '=', ownOnly);
    }
    const [scheduledRows, draftRows, changeRows, mail, dead] = await Promise.all([
      scheduled.orderBy('published_at').limit(20).execute(),
      drafts.orderBy('updated_at', 'desc').limit(10).execute(),
      changes.orderBy('id', 'desc').limit(10).execute(),
      deps.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('kind', '=', 'mail.send')
        .where('status', '=', 'queued')
        .executeTakeFirstOrThrow(),
      deps.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'dead')
        .executeTakeFirstOrThrow(),
    ]);
    const when = (iso: string | null) => (iso ? formatUtcMinute(iso) : '');
    return sendAdminHtml(
      reply,
      renderDocument(
        <AdminLayout site={site} staff={request.staff} title={t('dashboard.title')} current="/admin">
          <h1>{t('dashboard.title')}</h1>
          {Number(dead.n) > 0 ? (
            <p class="notice notice--warning">{t('dashboard.jobsDead', { count: Number(dead.n) })}</p>
          ) : null}
          {Number(mail.n) > 0 ? (
            <p class="notice">{t('dashboard.mailQueued', { count: Number(mail.n) })}</p>
          ) : null}
          <section aria-labelledby="scheduled-heading">
            <h2 id="scheduled-heading">{t('dashboard.scheduled')}</h2>
            {scheduledRows.length === 0 ? <p>{t('dashboard.none')}</p> : null}
            <ul>
              {scheduledRows.map((a) => (
                <li key={a.id}>
                  <a href={`/admin/articles/${a.id}`}>{a.title}</a> — {when(a.published_at)}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="drafts-heading">
            <h2 id="drafts-heading">{t('dashboard.drafts')}</h2>
            {draftRows.length === 0 ? <p>{t('dashboard.none')}</p> : null}
            <ul>
              {draftRows.map((a) => (
                <li key={a.id}>
                  <a href={`/admin/articles/${a.id}`}>{a.title}</a> — {when(a.updated_at)}
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="changes-heading">
            <h2 id="changes-heading">{t('dashboard.changes')}</h2>
            {changeRows.length === 0 ? <p>{t('dashboard.none')}</p> : null}
            <ul>
              {changeRows.map((c) => (
                <li key={c.id}>
                  {when(c.created_at)} — {c.actor}: {auditText(c)}
                </li>
              ))}
            </ul>
          </section>
        </AdminLayout>,
      ),
    );
  });

  app.get('/admin/articles', { config: { permission: 'article.write' } }, async (request, reply) => {
    const query = z
      .object({
        status: z.enum(ARTICLE_STATUSES).optional().catch(undefined),
        page: z
          .string()
          .regex(/^\d{1,6}$/)
          .transform(Number)
          .optional()
          .catch(undefined),
      })
      .parse(request.query ?? {});
    const page = Math.max(1, query.page ?? 1);
    const { rows, total } = await editor.listArticles(
      deps.db,
      { status: query.status, authorId: editor.ownUnpublishedOnly(request.staff as Staff) },
      50,
      (page - 1) * 50,
    );
    return sendAdminHtml(
      reply,
      views.articleListPage(site, request.staff as Staff, {
        rows,
        status: query.status,
        page,
        pages: Math.max(1, Math.ceil(total / 50)),
      }),
    );
  });

  app.get('/admin/articles/new', { config: { permission: 'article.write' } }, async (request, reply) =>
    showEditor(request, reply, null),
  );

  /**
   * The editor again with the text as sent and a 503 saying nothing was saved. If even that page
   * cannot be built (the database answers no reads either), the submission as a form that sends
   * it again.
   */
  const cannotSave = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number | null,
    read: FormRead<ArticleForm>,
  ) => {
    try {
      const current = id === null ? null : await editor.loadArticle(deps.db, id);
      // The failure may have come before the permission check: the article only to those allowed.
      if (current && !editor.mayEdit(request.staff as Staff, current))
        return sendAdminHtml(reply, forbiddenPage(site, request.staff), 403);
      return await showEditor(
        request,
        reply,
        current,
        { values: typedValues(read), alert: t('form.cannotSave') },
        503,
      );
    } catch (err) {
      if (!cannotWrite(err)) throw err;
      const html = views.unsavedPage(site, request.staff as Staff, {
        action: request.url,
        fields: read.fields,
        csrf: formToken(request),
      });
      return sendAdminHtml(reply, html, 503);
    }
  };

  const save = async (request: FastifyRequest, reply: FastifyReply, id: number | null) => {
    const staff = request.staff as Staff;
    const read = readArticleForm(request.body);
    try {
      const form = read.data;
      if (!form) {
        // Refused before saving; the article is shown only to someone who may edit it.
        const current = id === null ? null : await editor.loadArticle(deps.db, id);
        if (id !== null && !current) return reply.callNotFound();
        if (!editor.mayEdit(staff, current)) return sendAdminHtml(reply, forbiddenPage(site, staff), 403);
        return showEditor(request, reply, current, { values: typedValues(read), errors: read.errors }, 400);
      }
      const outcome = await editor.saveArticle(deps, staff, actorOf(staff, request.ip), id, form);
      if (outcome.ok) {
        return reply.redirect(`/admin/articles/${outcome.id}?saved=${outcome.version}`, 303);
      }
      const typed = typedValues(read);
      switch (outcome.reason) {
        case 'not-found':
          return reply.callNotFound();
        case 'forbidden':
          return sendAdminHtml(reply, forbiddenPage(site, staff), 403);
        case 'unavailable':
          return cannotSave(request, reply, id, read);
        case 'invalid': {
          const current = id === null ? null : await editor.loadArticle(deps.db, id);
          return showEditor(request, reply, current, { values: typed, errors: outcome.errors }, 400);
        }
        case 'conflict':
          // The form keeps the writer's text and now names the latest version, so saving again is a choice.
          return showEditor(
            request,
            reply,
            outcome.current,
            { values: { ...typed, version: outcome.current.version }, conflict: outcome.current },
            409,
          );
      }
    } catch (err) {
      // Reading failed too (a lost connection): still no 500 that loses the text.
      if (!cannotWrite(err)) throw err;
      return cannotSave(request, reply, id, read);
    }
  };

  app.post('/admin/articles/new', { config: { permission: 'article.write' } }, async (request, reply) =>
    save(request, reply, null),
  );

  app.get('/admin/articles/:id', { config: { permission: 'article.write' } }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    const article = params.success ? await editor.loadArticle(deps.db, params.data.id) : null;
    if (!article) return reply.callNotFound();
    if (!editor.mayEdit(request.staff as Staff, article))
      return sendAdminHtml(reply, forbiddenPage(site, request.staff), 403);
    const saved = String((request.query as Record<string, unknown>).saved ?? '');
    return showEditor(
      request,
      reply,
      article,
      /^\d+$/.test(saved) ? { notice: t('editor.saved', { version: saved }) } : {},
    );
  });

  app.post('/admin/articles/:id', { config: { permission: 'article.write' } }, async (request, reply) => {
    const params = idParam.safeParse(request.params);
    if (!params.success) return reply.callNotFound();
    return save(request, reply, params.data.id);
  });

  // Preview renders what is in the form, unsaved, exactly as the public page would show it.
  app.post(
    '/admin/articles/:id/preview',
    { config: { permission: 'article.write' } },
    async (request, reply) => {
      const params = idParam.safeParse(request.params);
      const article = params.success ? await editor.loadArticle(deps.db, params.data.id) : null;
      if (!article) return reply.callNotFound();
      const staff = request.staff as Staff;
      if (!editor.mayEdit(staff, article)) return sendAdminHtml(reply, forbiddenPage(site, staff), 403);
      const read = readArticleForm(request.body);
      if (!read.data)
        return showEditor(request, reply, article, { values: typedValues(read), errors: read.errors }, 400);
      const snap = editor.snapshotOf(read.data);
      const [countries, topics, cases, images] = await Promise.all([
        q.allCountries(deps.db),
        q.allTopics(deps.db),
        q.allCases(deps.db),
        q.mediaByIds(deps.db, snap.lead_image_id ? [snap.lead_image_id] : []),
      ]);
      const { imageView } = await import('../../media/index.js');
      const image = snap.lead_image_id ? images.get(snap.lead_image_id) : undefined;
      const now = new Date().toISOString();
      const html = articlePage(site, {
        id: article.id,
        type: snap.type,
        href: paths.article(snap.slug),
        title: snap.title,
        summary: snap.summary,
        location: snap.location,
        reference: snap.reference,
        publishedAt: article.published_at ?? now,
        updatedAt: now,
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
      }).replace(
        '<main id="main" tabindex="-1">',
        `<main id="main" tabindex="-1"><p class="notice preview-banner" role="note">${t('editor.previewBanner')}</p>`,
      );
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-robots-tag', 'noindex')
        .send(html);
    },
  );

  // The live preview beside the Markdown editor (JavaScript on): the same renderer as publishing.
  app.post('/admin/preview', { config: { permission: 'article.write' } }, async (request, reply) => {
    const read = readForm(previewForm, request.body, { labels: { body: t('editor.body') } });
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    // The script keeps the last preview on a refusal; the message is for anyone reading the answer.
    if (!read.data)
      return reply.code(400).send(renderFragment(<p class="field__error">{read.errors.body ?? ''}</p>));
    return reply.send(renderMarkdown(read.data.body));
  });

  app.get(
    '/admin/articles/:id/revisions',
    { config: { permission: 'article.write' } },
    async (request, reply) => {
      const params = idParam.safeParse(request.params);
      const article = params.success ? await editor.loadArticle(deps.db, params.data.id) : null;
      if (!article) return reply.callNotFound();
      if (!editor.mayEdit(request.staff as Staff, article))
        return sendAdminHtml(reply, forbiddenPage(site, request.staff), 403);
      const rows = await editor.listRevisions(deps.db, article.id);
      return sendAdminHtml(reply, views.revisionsPage(site, request.staff as Staff, article, rows));
    },
  );

  const loadRevision = async (request: FastifyRequest) => {
    const params = revisionParams.safeParse(request.params);
    if (!params.success) return null;
    const article = await editor.loadArticle(deps.db, params.data.id);
    if (!article) return null;
    const rev = await deps.db
      .selectFrom('article_revisions')
      .selectAll()
      .where('id', '=', params.data.rev)
      .where('article_id', '=', article.id)
      .executeTakeFirst();
    return rev ? { article, rev, snapshot: JSON.parse(rev.snapshot) as ArticleSnapshot } : null;
  };

  app.get(
    '/admin/articles/:id/revisions/:rev',
    { config: { permission: 'article.write' } },
    async (request, reply) => {
      const found = await loadRevision(request);
      if (!found) return reply.callNotFound();
      const staff = request.staff as Staff;
      if (!editor.mayEdit(staff, found.article)) return sendAdminHtml(reply, forbiddenPage(site, staff), 403);
      const { article, snapshot } = found;
      const labels: Array<[keyof ArticleSnapshot, string]> = [
        ['title', t('editor.title')],
        ['type', t('editor.type')],
        ['slug', t('editor.slug')],
        ['summary', t('editor.summary')],
        ['location', t('editor.location')],
        ['reference', t('editor.reference')],
        ['lead_image_id', t('editor.image')],
        ['countries', t('item.countries')],
        ['topics', t('item.topics')],
        ['cases', t('item.cases')],
        ['attachments', t('item.attachments')],
      ];
      const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));
      const fields = labels
        .filter(([k]) => show(snapshot[k]) !== show(article[k]))
        .map(([k, label]) => ({ label, before: show(snapshot[k]), after: show(article[k]) }));
      return sendAdminHtml(
        reply,
        views.revisionPage(site, staff, {
          article,
          revisionId: found.rev.id,
          version: found.rev.version,
          fields,
          body: diffLines(snapshot.body, article.body),
          csrf: formToken(request),
          canRestore: editor.mayEdit(staff, article),
        }),
      );
    },
  );

  app.post(
    '/admin/articles/:id/revisions/:rev/restore',
    { config: { permission: 'article.write' } },
    async (request, reply) => {
      const found = await loadRevision(request);
      if (!found) return reply.callNotFound();
      const staff = request.staff as Staff;
      const version = readForm(restoreForm, request.body).withoutErrors?.version ?? 0;
      const { snapshot, article } = found;
      const back = `/admin/articles/${article.id}/revisions/${found.rev.id}`;
      const form = readArticleForm({
        ...snapshot,
        lead_image_id: snapshot.lead_image_id ? String(snapshot.lead_image_id) : '',
        countries: snapshot.countries.map(String),
        topics: snapshot.topics.map(String),
        cases: snapshot.cases.map(String),
        // Revisions saved before downloads could be chosen in the editor have none.
        attachments: (snapshot.attachments ?? []).map(String),
        version: String(version),
        action: 'save',
      });
      // A revision stored by an older Candle may not pass today's checks: back to the comparison.
      if (!form.data) return reply.redirect(back, 303);
      const actor = actorOf(staff, request.ip);
      const outcome = await editor.saveArticle(deps, staff, actor, article.id, form.data);
      if (!outcome.ok) {
        if (outcome.reason === 'forbidden') return sendAdminHtml(reply, forbiddenPage(site, staff), 403);
        if (outcome.reason === 'unavailable') {
          const html = views.unsavedPage(site, staff, {
            action: request.url,
            fields: { version: String(version) },
            csrf: formToken(request),
          });
          return sendAdminHtml(reply, html, 503);
        }
        return reply.redirect(back, 303);
      }
      await recordAudit(
        deps.db,
        actor,
        {
          action: 'article.restore',
          entityType: 'article',
          entityId: article.id,
          message: {
            key: 'audit.article.restore',
            params: { version: found.rev.version, title: snapshot.title, newVersion: outcome.version },
          },
        },
        deps.now(),
      );
      return reply.redirect(`/admin/articles/${article.id}?saved=${outcome.version}`, 303);
    },
  );
}

/** The newsroom's background jobs, for the worker. */
export function newsroomJobs(deps: editor.EditorDeps) {
  return {
    [editor.PUBLISH_JOB]: async (payload: unknown) => {
      const p = z.object({ articleId: z.number().int(), version: z.number().int() }).parse(payload);
      await editor.publishDue(deps, p);
    },
  };
}
