import type { FastifyInstance } from 'fastify';
import type { PageCache } from '../platform/cache/page-cache.js';
import { notFound, page, publicPage } from '../platform/http/public-page.js';
import {
  DEFAULT_LANGUAGE,
  isLanguage,
  LANGUAGES,
  localizePath,
  PREFIXED_LANGUAGES,
} from '../platform/i18n/index.js';
import type { Site } from '../platform/views/site.js';
import { feedRoutes } from './feed-routes.js';
import { keys } from './models.js';
import { paths } from './paths.js';
import * as q from './queries.js';
import type * as service from './service.js';
import { type Names, namesFor, type TaxonomyKind } from './taxonomy-names.js';

const SITEMAP_CHUNK = 10_000;

const xmlEscape = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

/** One page in one language, in route form. */
type LanguagePage = { language: string; path: string };

/**
 * A sitemap of pages in the languages they exist in: each listed page is a `<url>` that names
 * all of its languages' pages as alternates (itself included, with x-default the English one
 * when there is one), as search engines ask, so every pair is reciprocal.
 */
function urlset(
  publicUrl: string,
  entries: Array<{ listed: readonly LanguagePage[]; pages: readonly LanguagePage[]; lastmod?: string }>,
): string {
  const loc = (p: LanguagePage) =>
    publicUrl + localizePath(p.path, isLanguage(p.language) ? p.language : DEFAULT_LANGUAGE);
  let body = '';
  for (const e of entries) {
    const fallback = e.pages.find((p) => p.language === DEFAULT_LANGUAGE);
    const links =
      e.pages
        .map((p) => `<xhtml:link rel="alternate" hreflang="${p.language}" href="${xmlEscape(loc(p))}"/>`)
        .join('') +
      (fallback
        ? `<xhtml:link rel="alternate" hreflang="x-default" href="${xmlEscape(loc(fallback))}"/>`
        : '');
    const lastmod = e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : '';
    for (const p of e.listed) body += `<url><loc>${xmlEscape(loc(p))}</loc>${lastmod}${links}</url>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">${body}</urlset>`;
}

/** A page that is in every language, each with its own address (`own`, route form) or the same one. */
function inEveryLanguage(path: string, own: Readonly<Record<string, string>> = {}) {
  const pages = LANGUAGES.map((language) => ({ language, path: own[language] ?? path }));
  return { listed: pages, pages };
}

/** robots.txt, the sitemap and the feeds (feed-routes.ts): machine-readable doors into the newsroom. */
export function seoRoutes(
  app: FastifyInstance,
  deps: service.NewsroomDeps & { site: Site; cache: PageCache },
) {
  const { site, cache, db } = deps;

  app.get('/robots.txt', async (_request, reply) =>
    reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(
        `User-agent: *\nDisallow: /admin\nDisallow: /search\nDisallow: /api/\nDisallow: /language\nDisallow: /fr/recherche\n\nSitemap: ${site.publicUrl}/sitemap.xml\n`,
      ),
  );

  app.get(
    '/sitemap.xml',
    publicPage(cache, async () => {
      const total = await q.countPublished(db, { kind: 'all' });
      const chunks = Math.max(1, Math.ceil(total / SITEMAP_CHUNK));
      const locs = [`${site.publicUrl}/sitemaps/pages.xml`];
      for (let i = 1; i <= chunks; i++) locs.push(`${site.publicUrl}/sitemaps/articles-${i}.xml`);
      const body = locs.map((l) => `<sitemap><loc>${xmlEscape(l)}</loc></sitemap>`).join('');
      return page(
        `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${body}</sitemapindex>`,
        [keys.latest()],
        'application/xml; charset=utf-8',
      );
    }),
  );

  app.get(
    '/sitemaps/pages.xml',
    publicPage(cache, async () => {
      const [regions, countries, topics, cases, ...names] = await Promise.all([
        q.allRegions(db),
        q.allCountries(db),
        q.allTopics(db),
        q.allCases(db),
        ...PREFIXED_LANGUAGES.map((l) => namesFor(db, l)),
      ]);
      // Route-form addresses (the sitemap is served in English), each with its own word per language.
      const named = (kind: TaxonomyKind, base: string) => (row: { slug: string; name: string }) =>
        inEveryLanguage(
          `${base}${row.slug}`,
          Object.fromEntries(names.map((n: Names) => [n.language, `${base}${n.of(kind, row).slug}`])),
        );
      const entries = [
        ...[
          paths.home(),
          paths.latest(),
          paths.countries(),
          paths.regions(),
          paths.topics(),
          paths.cases(),
        ].map((path) => inEveryLanguage(path)),
        ...regions.map(named('region', '/regions/')),
        ...countries.map(named('country', '/countries/')),
        ...topics.map(named('topic', '/topics/')),
        ...cases.map((c) => inEveryLanguage(paths.case(c.slug))),
      ];
      return page(urlset(site.publicUrl, entries), [keys.taxonomy()], 'application/xml; charset=utf-8');
    }),
  );

  app.get<{ Params: { n: string } }>(
    '/sitemaps/articles-:n.xml',
    publicPage(cache, async (request) => {
      const n = Number((request.params as { n: string }).n);
      if (!Number.isInteger(n) || n < 1 || n > 10_000) return notFound();
      const rows = await q.sitemapArticles(db, SITEMAP_CHUNK, (n - 1) * SITEMAP_CHUNK);
      if (rows.length === 0 && n > 1) return notFound();
      // Each article at its own language's page, naming its group's published members (the
      // article page's hreflang): a language with no member is no alternate of it.
      const groups = await q.publishedGroupsOf(
        db,
        rows.map((r) => r.translation_of ?? r.id),
      );
      const pageOf = (r: { slug: string; language: string | null }): LanguagePage => ({
        language: r.language || DEFAULT_LANGUAGE,
        path: `/articles/${r.slug}`,
      });
      return page(
        urlset(
          site.publicUrl,
          rows.map((r) => ({
            listed: [pageOf(r)],
            pages: (groups.get(r.translation_of ?? r.id) ?? [r]).map(pageOf),
            lastmod: r.updated_at,
          })),
        ),
        [keys.latest()],
        'application/xml; charset=utf-8',
      );
    }),
  );

  feedRoutes(app, deps);
}
