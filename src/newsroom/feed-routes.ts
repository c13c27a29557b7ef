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
import { FEED_FORMAT_NAMES, FEED_FORMATS, type FeedFormat, renderFeed } from './feed-formats.js';
import { paths } from './paths.js';
import { readSlug } from './routes.js';
import * as service from './service.js';
import * as views from './views/feeds.js';

/**
 * ?type= on the feeds of everything: absent or empty is everything (as on /latest), a known type
 * narrows, anything else (an unknown word, a repeated parameter) is a 400: a reader who asked
 * for urgent actions must not silently get everything.
 */
const typeQuery = z.object({
  type: z
    .union([z.literal(''), z.enum(ARTICLE_TYPES)], {
      error: `the type must be one of ${ARTICLE_TYPES.join(', ')}`,
    })
    .optional(),
});

/** The feeds' only query parameter; the page cache keys the feeds of everything by it. */
const TYPE_QUERY = { query: ['type'] } as const;

const SCOPES = ['country', 'region', 'topic', 'case'] as const;
const SCOPE_BASES: Record<(typeof SCOPES)[number], string> = {
  country: '/countries/:slug',
  region: '/regions/:slug',
  topic: '/topics/:slug',
  case: '/cases/:slug',
};

/**
 * Every feed, in every format (see paths.feedOf): `/feed.xml|atom|json` for everything (with
 * ?type=), and the same three under each country, region, topic and case. Each goes through the
 * page cache like the pages, keyed by its address and purged by the content keys it shows.
 */
export function feedRoutes(
  app: FastifyInstance,
  deps: service.NewsroomDeps & { site: Site; cache: PageCache },
) {
  const { site, cache } = deps;

  const answer = async (format: FeedFormat, scope: service.FeedScope): Promise<PageResult> => {
    const outcome = await service.getFeed(deps, site, scope);
    const { extension, contentType } = FEED_FORMATS[format];
    // An old address word (renamed subject): a feed reader follows the 301 and keeps the new one.
    if (!outcome.ok)
      return outcome.reason === 'moved' ? redirect(paths.feedOf(outcome.to, extension), true) : notFound();
    const self = paths.feedOf(outcome.subject.feedBase, extension, outcome.subject.type);
    const channel = extend(outcome.subject, { self });
    return page(renderFeed(format, site, channel, outcome.items), outcome.contentKeys, contentType);
  };

  const feedsPage = async (scope: service.FeedScope): Promise<PageResult> => {
    const outcome = await service.getFeedSubject(deps, site, scope);
    if (outcome.ok) return page(views.feedsPage(site, outcome.subject), outcome.contentKeys);
    return outcome.reason === 'moved' ? redirect(paths.feedsPage(outcome.to), true) : notFound();
  };

  app.get(
    paths.feedsPage(''),
    publicPage(cache, async () => feedsPage({ kind: 'all' })),
  );
  for (const kind of SCOPES) {
    app.get(
      paths.feedsPage(SCOPE_BASES[kind]),
      publicPage(cache, async (request: FastifyRequest) => {
        const slug = readSlug(request);
        return slug ? feedsPage({ kind, slug }) : notFound();
      }),
    );
  }

  for (const format of FEED_FORMAT_NAMES) {
    const { extension } = FEED_FORMATS[format];
    app.get(
      paths.feedOf('', extension),
      publicPage(
        cache,
        async (request) => {
          const parsed = typeQuery.safeParse(request.query);
          if (!parsed.success) return badRequest(parsed.error.issues.map((i) => i.message).join('; '));
          return answer(format, { kind: 'all', type: parsed.data.type || undefined });
        },
        TYPE_QUERY,
      ),
    );

    for (const kind of SCOPES) {
      app.get(
        paths.feedOf(SCOPE_BASES[kind], extension),
        publicPage(cache, async (request: FastifyRequest) => {
          const slug = readSlug(request);
          if (!slug) return notFound();
          return answer(format, { kind, slug });
        }),
      );
    }
  }
}
