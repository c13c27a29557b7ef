import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { formToken, type Staff, sendAdminHtml } from '../../../accounts/index.js';
import { listDocuments, listImages } from '../../../media/index.js';
import type { FormRead } from '../../../platform/views/forms.js';
import type { Site } from '../../../platform/views/site.js';
import { paths } from '../../paths.js';
import * as q from '../../queries.js';
import { translationGroup } from '../../translations.js';
import type { ArticleForm, ArticleSnapshot } from '../input.js';
import * as editor from '../service.js';
import * as views from '../views.js';

/** What every article-editor handler works with, given at composition (app.ts). */
export type EditorContext = editor.EditorDeps & { site: Site };

export type Handler = (ctx: EditorContext, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** The person the guard let through: every editor route needs a permission, so someone is signed in. */
export const staffOf = (request: FastifyRequest) => request.staff as Staff;

const id = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);
export const idParam = z.object({ id });
export const revisionParams = z.object({ id, rev: id });

const emptySnapshot: ArticleSnapshot = {
  type: 'news',
  language: '',
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
export function typedValues(read: FormRead<ArticleForm>): views.EditorView['values'] {
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

/** What the editor offers to choose from: every country, topic, case, image and document. */
async function choices(ctx: EditorContext): Promise<views.EditorChoices> {
  const [countries, topics, cases, images, documents] = await Promise.all([
    q.allCountries(ctx.db),
    q.allTopics(ctx.db),
    q.allCases(ctx.db),
    listImages(ctx.db),
    listDocuments(ctx.db),
  ]);
  return {
    countries: countries.map((c) => ({ id: c.id, name: c.name })),
    topics: topics.map((x) => ({ id: x.id, name: x.name })),
    cases: cases.map((c) => ({ id: c.id, name: c.name })),
    images,
    documents: documents.map((d) => ({ id: d.id, name: d.original_name })),
  };
}

function publishAtValue(article: editor.EditableArticle | null): string {
  return article?.status === 'scheduled' && article.published_at ? article.published_at.slice(0, 16) : '';
}

/** The article editor, for a new article (null) or an existing one, with whatever `extra` says. */
export async function showEditor(
  ctx: EditorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  article: editor.EditableArticle | null,
  extra: Partial<views.EditorView> = {},
  status = 200,
) {
  const staff = staffOf(request);
  const translations = article ? await translationsView(ctx, article) : undefined;
  const values = extra.values ?? {
    ...(article ?? emptySnapshot),
    publish_at: publishAtValue(article),
    version: article?.version ?? 0,
  };
  const html = views.editorPage(ctx.site, staff, await choices(ctx), {
    article,
    values,
    errors: {},
    canPublish: editor.mayPublish(staff, values.type),
    csrf: formToken(request),
    publicHref: article?.status === 'published' ? paths.article(article.slug) : undefined,
    translations,
    ...extra,
  });
  return sendAdminHtml(reply, html, status);
}

/** The article's translation group, and the original's words beside a translation. */
async function translationsView(
  ctx: EditorContext,
  article: editor.EditableArticle,
): Promise<views.TranslationsView> {
  const members = await translationGroup(ctx.db, article.id);
  const sourceId = article.translation_of;
  const source = sourceId === null ? null : await editor.loadArticle(ctx.db, sourceId);
  return {
    members,
    source: source
      ? {
          id: source.id,
          title: source.title,
          summary: source.summary,
          body: source.body,
          language: source.language || 'en',
        }
      : undefined,
  };
}
