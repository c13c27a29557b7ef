/** The public address of every newsroom page: one place, so links and canonicals never disagree. */
export const paths = {
  home: () => '/',
  latest: () => '/latest',
  article: (slug: string) => `/articles/${slug}`,
  countries: () => '/countries',
  country: (slug: string) => `/countries/${slug}`,
  regions: () => '/regions',
  region: (slug: string) => `/regions/${slug}`,
  topics: () => '/topics',
  topic: (slug: string) => `/topics/${slug}`,
  cases: () => '/cases',
  case: (slug: string) => `/cases/${slug}`,
  search: () => '/search',
  feed: () => '/feed.xml',
  /**
   * A feed's address: `feed.xml` (RSS 2.0), `feed.atom` (Atom 1.0) or `feed.json` (JSON Feed 1.1)
   * under the page it follows (`''` for everything, `/countries/mexico`, …), and for everything
   * optionally narrowed to one item type, as /latest is (`/feed.atom?type=urgent-action`).
   */
  /** The page that gives a subject's feed addresses to people, in any browser. */
  feedsPage: (base: string) => `${base}/feeds`,
  feedOf: (base: string, extension: 'xml' | 'atom' | 'json', type?: string) =>
    `${base}/feed.${extension}${type ? `?type=${encodeURIComponent(type)}` : ''}`,
  /**
   * The subscriptions room's form with one follow ticked; its address and parameters are that
   * room's public contract (src/subscriptions/CONTEXT.md), linked to, never imported.
   */
  subscribe: (kind: 'country' | 'region' | 'topic' | 'case', slug: string) =>
    `/subscribe?${kind}=${encodeURIComponent(slug)}`,
  subscribeToEverything: () => '/subscribe?everything',
};

/** Adds ?page=N to a listing's canonical path; page 1 is the path itself. */
export function pagePath(base: string, page: number, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}
