import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { PageCache } from '../platform/cache/page-cache.js';
import { ARTICLE_TYPES } from '../platform/db/index.js';
import { extend } from '../platform/extend.js';
import {
  badRequest,
  notFound,
  type PageResult,
  page,
  publicPage,
  redirect,
} from '../platform/http/public-page.js';
import type { Site } from '../platform/views/site.js';
import { pagePath } from './paths.js';
import * as service from './service.js';
import * as views from './views/pages.js';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_PAGE = 100_000;

const slugParams = z.object({ slug: z.string().max(200).regex(SLUG) });
const listingQuery = z.object({
  page: z
    .string()
    .regex(/^\d{1,7}$/, 'the page must be a whole number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_PAGE, 'the page must be between 1 and 100000')
    .optional(),
  type: z.enum(ARTICLE_TYPES).optional(),
});

type ListingQuery = z.infer<typeof listingQuery>;

/** The query parameters that change a listing, in the order its canonical address names them. */
const LATEST_QUERY = { query: ['type', 'page'] } as const;
const LISTING_QUERY = { query: ['page'] } as const;
const HOME_QUERY = { query: ['untranslated'] } as const;

/**
 * Reads the listing's parameters (`known`: ?page, and ?type on /latest); a malformed value is a
 * 400, and ?page=1 folds into the canonical address. Other parameters are not read: the page cache
 * keys the page by these alone (publicPage).
 */
function readListing(
  request: FastifyRequest,
  path: string,
  known: { query: readonly string[] },
): { ok: true; query: ListingQuery & { page: number } } | { ok: false; result: PageResult } {
  const raw = request.query as Record<string, unknown>;
  const parsed = listingQuery.safeParse({
    page: typeof raw.page === 'string' ? raw.page : raw.page === undefined ? undefined : '',
    type:
      known.query.includes('type') && typeof raw.type === 'string' && raw.type !== '' ? raw.type : undefined,
  });
  if (!parsed.success) {
    return { ok: false, result: badRequest(parsed.error.issues.map((i) => i.message).join('; ')) };
  }
  if (parsed.data.page === 1) {
    const extra: Record<string, string> = parsed.data.type ? { type: parsed.data.type } : {};
    return { ok: false, result: redirect(pagePath(path, 1, extra), true) };
  }
  return { ok: true, query: extend(parsed.data, { page: parsed.data.page ?? 1 }) };
}

/** The slug of a page's address (`/countries/:slug`, and its feeds), or null if it cannot be one. */
export function readSlug(request: FastifyRequest): string | null {
  const parsed = slugParams.safeParse(request.params);
  return parsed.success ? parsed.data.slug : null;
}

function refused(outcome: service.Refusal): PageResult {
  switch (outcome.reason) {
    case 'not-found':
      return notFound();
    case 'moved':
      return redirect(outcome.to, true);
    case 'beyond-last-page':
      return redirect(outcome.lastPage);
  }
}

export function newsroomRoutes(
  app: FastifyInstance,
  deps: service.NewsroomDeps & { site: Site; cache: PageCache },
) {
  const { site, cache } = deps;

  app.get(
    '/',
    publicPage(
      cache,
      async (request) => {
        // Led here by the language switch from a page that has no version in this language
        // (UNTRANSLATED_HOME): the home says so. Any other value is no page of its own.
        const untranslated = (request.query as Record<string, unknown>).untranslated;
        if (untranslated !== undefined && untranslated !== '1') return redirect('/', true);
        const view = await service.getHome(deps);
        return page(views.homePage(site, view, untranslated === '1'), view.contentKeys);
      },
      HOME_QUERY,
    ),
  );

  app.get(
    '/latest',
    publicPage(
      cache,
      async (request) => {
        const listing = readListing(request, '/latest', LATEST_QUERY);
        if (!listing.ok) return listing.result;
        const outcome = await service.getLatest(deps, listing.query.page, listing.query.type);
        if (!outcome.ok) return refused(outcome);
        return page(views.latestPage(site, outcome), outcome.contentKeys);
      },
      LATEST_QUERY,
    ),
  );

  app.get(
    '/articles/:slug',
    publicPage(cache, async (request) => {
      const slug = readSlug(request);
      if (!slug) return notFound();
      const outcome = await service.getArticlePage(deps, slug);
      if (!outcome.ok) return refused(outcome);
      return page(views.articlePage(site, outcome.article, outcome.section), outcome.contentKeys);
    }),
  );

  app.get(
    '/countries',
    publicPage(cache, async () => {
      const view = await service.getCountriesIndex(deps);
      return page(views.countriesIndexPage(site, view), view.contentKeys);
    }),
  );

  app.get(
    '/regions',
    publicPage(cache, async () => {
      const view = await service.getCountriesIndex(deps);
      return page(views.regionsIndexPage(site, view), view.contentKeys);
    }),
  );

  app.get(
    '/topics',
    publicPage(cache, async () => {
      const view = await service.getTopicsIndex(deps);
      return page(views.topicsIndexPage(site, view), view.contentKeys);
    }),
  );

  app.get(
    '/cases',
    publicPage(cache, async () => {
      const view = await service.getCasesIndex(deps);
      return page(views.casesIndexPage(site, view), view.contentKeys);
    }),
  );

  const listingPage = (base: string, build: (slug: string, page: number) => Promise<PageResult>) =>
    publicPage(
      cache,
      async (request) => {
        const slug = readSlug(request);
        if (!slug) return notFound();
        const query = readListing(request, base + slug, LISTING_QUERY);
        if (!query.ok) return query.result;
        return build(slug, query.query.page);
      },
      LISTING_QUERY,
    );

  app.get(
    '/countries/:slug',
    listingPage('/countries/', async (slug, n) => {
      const o = await service.getCountryPage(deps, slug, n);
      return o.ok ? page(views.countryPage(site, o), o.contentKeys) : refused(o);
    }),
  );

  app.get(
    '/regions/:slug',
    listingPage('/regions/', async (slug, n) => {
      const o = await service.getRegionPage(deps, slug, n);
      return o.ok ? page(views.regionPage(site, o), o.contentKeys) : refused(o);
    }),
  );

  app.get(
    '/topics/:slug',
    listingPage('/topics/', async (slug, n) => {
      const o = await service.getTopicPage(deps, slug, n);
      return o.ok ? page(views.topicPage(site, o), o.contentKeys) : refused(o);
    }),
  );

  app.get(
    '/cases/:slug',
    listingPage('/cases/', async (slug, n) => {
      const o = await service.getCasePage(deps, slug, n);
      return o.ok ? page(views.casePage(site, o), o.contentKeys) : refused(o);
    }),
  );
}
