import { inReadersLanguage, routeOf } from '../platform/i18n/index.js';

export { inReadersLanguage };

const local = inReadersLanguage;

/**
 * The public address of every newsroom page, in the language being served: one place, so links
 * and canonicals never disagree. The French words are in platform/i18n/paths-fr.ts.
 */
export const paths = {
  home: () => local('/'),
  latest: () => local('/latest'),
  article: (slug: string) => local(`/articles/${slug}`),
  countries: () => local('/countries'),
  country: (slug: string) => local(`/countries/${slug}`),
  regions: () => local('/regions'),
  region: (slug: string) => local(`/regions/${slug}`),
  topics: () => local('/topics'),
  topic: (slug: string) => local(`/topics/${slug}`),
  cases: () => local('/cases'),
  case: (slug: string) => local(`/cases/${slug}`),
  search: () => local('/search'),
  feed: () => local('/feed.xml'),
  /**
   * A feed's address: `feed.xml` (RSS 2.0), `feed.atom` (Atom 1.0) or `feed.json` (JSON Feed 1.1)
   * under the page it follows (`''` for everything, `/countries/mexico`, …), and for everything
   * optionally narrowed to one item type, as /latest is (`/feed.atom?type=urgent-action`).
   */
  /** The page that gives a subject's feed addresses to people, in any browser. */
  feedsPage: (base: string) => local(`${routeOf(base)?.address.replace(/\/$/, '') ?? base}/feeds`),
  feedOf: (base: string, extension: 'xml' | 'atom' | 'json', type?: string) =>
    local(
      `${routeOf(base)?.address.replace(/\/$/, '') ?? base}/feed.${extension}${type ? `?type=${encodeURIComponent(type)}` : ''}`,
    ),
  /**
   * The subscriptions room's form with one follow ticked; its address and parameters are that
   * room's public contract (src/subscriptions/CONTEXT.md), linked to, never imported.
   */
  subscribe: (kind: 'country' | 'region' | 'topic' | 'case', slug: string) =>
    local(`/subscribe?${kind}=${encodeURIComponent(slug)}`),
  subscribeToEverything: () => local('/subscribe?everything'),
};

/** Adds ?page=N to a listing's canonical path; page 1 is the path itself. */
export function pagePath(base: string, page: number, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}
