import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { ARTICLE_TYPES, type Db } from '../platform/db/index.js';
import { extend } from '../platform/extend.js';
import { BadRequestError } from '../platform/http/public-page.js';
import { t } from '../platform/i18n/index.js';
import type { Site } from '../platform/views/site.js';
import { type SearchEngine, STEM_FAILURE_MESSAGE } from './engine.js';
import { MAX_QUERY_LENGTH } from './query.js';
import { type SearchRequest, type SearchView, searchArchive, searchEngine, searchHref } from './service.js';
import { searchPage } from './views.js';

const MAX_PAGE = 1000;
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const slug = (name: string) =>
  z
    .string({ error: t('search.bad.param', { name }) })
    .max(200)
    .regex(SLUG, t('search.bad.param', { name }));

const date = z
  .string({ error: t('search.bad.date') })
  .regex(/^\d{4}-\d{2}-\d{2}$/, t('search.bad.date'))
  .refine((d) => {
    const parsed = new Date(`${d}T00:00:00.000Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(d);
  }, t('search.bad.date'));

/** The parameters of /search and /api/search: anything else in the address is ignored. */
const searchQuery = z.object({
  q: z
    .string({ error: t('search.bad.param', { name: 'q' }) })
    .max(MAX_QUERY_LENGTH, t('search.bad.tooLong', { max: MAX_QUERY_LENGTH }))
    .optional(),
  type: z.enum(ARTICLE_TYPES, { error: t('search.bad.param', { name: 'type' }) }).optional(),
  country: slug('country').optional(),
  region: slug('region').optional(),
  topic: slug('topic').optional(),
  case: slug('case').optional(),
  from: date.optional(),
  to: date.optional(),
  sort: z.enum(['relevance', 'newest'], { error: t('search.bad.param', { name: 'sort' }) }).optional(),
  page: z
    .string({ error: t('search.bad.page', { max: MAX_PAGE }) })
    .regex(/^\d{1,4}$/, t('search.bad.page', { max: MAX_PAGE }))
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_PAGE, t('search.bad.page', { max: MAX_PAGE }))
    .optional(),
});

/** Parses the address; a malformed parameter is a 400 that says which. Empty form fields count as absent. */
export function readSearchRequest(raw: unknown): SearchRequest {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    if (key in searchQuery.shape && value !== '') input[key] = value;
  }
  const parsed = searchQuery.safeParse(input);
  if (!parsed.success) {
    throw new BadRequestError([...new Set(parsed.error.issues.map((i) => i.message))].join('; '));
  }
  const { q = '', sort = 'relevance', page = 1, ...filters } = parsed.data;
  return extend(filters, { q, sort, page });
}

function noStore(reply: FastifyReply): FastifyReply {
  // Results change with every edit and say what a reader looked for: never kept in a shared cache.
  return reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex');
}

const typeLabel = (type: string) => t(`type.${type as (typeof ARTICLE_TYPES)[number]}`);

/** The JSON form of a search, documented in README.md. */
export function apiBody(view: SearchView) {
  const r = view.request;
  return {
    query: view.query,
    approximate: view.approximate,
    didYouMean: view.didYouMean,
    total: view.total,
    page: view.page,
    totalPages: view.totalPages,
    sort: r.sort,
    filters: {
      type: r.type ?? null,
      country: r.country ?? null,
      region: r.region ?? null,
      topic: r.topic ?? null,
      case: r.case ?? null,
      from: r.from ?? null,
      to: r.to ?? null,
    },
    results: view.results.map((x) => ({
      id: x.id,
      type: x.type,
      reference: x.reference,
      title: x.title,
      url: x.href,
      publishedAt: x.publishedAt,
      countries: x.countries.map((c) => ({ name: c.name, url: c.href })),
      snippet: x.snippet.map((s) => s.text).join(''),
      highlights: x.snippet,
    })),
    facetsSampled: view.facetsSampled,
    facets: Object.fromEntries(
      view.facets.map((g) => [
        g.facet,
        g.values.map((v) => ({ value: v.value, label: v.label, count: v.count, selected: v.selected })),
      ]),
    ),
  };
}

export function searchRoutes(app: FastifyInstance, deps: { db: Db; site: Site; engine?: SearchEngine }) {
  const searchDeps = {
    db: deps.db,
    engine:
      deps.engine ?? searchEngine(deps.db, undefined, (err) => app.log.warn({ err }, STEM_FAILURE_MESSAGE)),
  };

  app.get('/search', async (request, reply) => {
    const r = readSearchRequest(request.query);
    const outcome = await searchArchive(searchDeps, r, typeLabel);
    if (!outcome.ok) {
      if (outcome.reason === 'beyond-last-page') return noStore(reply).redirect(outcome.lastPage, 302);
      throw new BadRequestError(
        t('search.bad.unknown', {
          facet: t(`search.facet.${outcome.facet}`).toLowerCase(),
          value: outcome.value,
        }),
      );
    }
    return noStore(reply)
      .header('content-type', 'text/html; charset=utf-8')
      .send(searchPage(deps.site, outcome.view));
  });

  app.get('/api/search', async (request, reply) => {
    const r = readSearchRequest(request.query);
    if (!r.q.trim()) throw new BadRequestError(t('search.bad.param', { name: 'q' }));
    const outcome = await searchArchive(searchDeps, r, typeLabel, '/api/search');
    if (!outcome.ok) {
      if (outcome.reason === 'beyond-last-page') {
        throw new BadRequestError(t('search.bad.page', { max: MAX_PAGE }));
      }
      throw new BadRequestError(
        t('search.bad.unknown', {
          facet: t(`search.facet.${outcome.facet}`).toLowerCase(),
          value: outcome.value,
        }),
      );
    }
    return noStore(reply).send(apiBody(outcome.view));
  });
}

export { searchHref };
