import type { VNode } from 'preact';
import { documentView, imageView } from '../media/index.js';
import type { ArticleType, CaseRow, Db } from '../platform/db/index.js';
import { extend } from '../platform/extend.js';
import {
  currentLanguage,
  DEFAULT_LANGUAGE,
  isLanguage,
  LANGUAGES,
  type Language,
  LOCALES,
  localizePath,
  t,
} from '../platform/i18n/index.js';
import type { SafeHtml } from '../platform/text/markdown.js';
import { countryLink, itemSummary, type ListedItems, listedItemsOf, listedKeys } from './listed-items.js';
import type { ArticleSection, ItemExtras, SubjectSection } from './lookups.js';
import {
  type ArticleView,
  type CaseCard,
  type CaseView,
  CONTENT_LANGUAGE,
  type CountryView,
  type FeedItem,
  type FeedSubject,
  type ItemList,
  keys,
  type Link,
} from './models.js';
import { pagePath, paths } from './paths.js';
import * as q from './queries.js';
import {
  findRenamed,
  type KeptNames,
  localNamesOf,
  type Names,
  namesFor,
  type RenamedKind,
  type TaxonomyKind,
} from './taxonomy-names.js';
import { translationGroup } from './translations.js';

export const PAGE_SIZE = 12;

export interface NewsroomDeps {
  db: Db;
  /** The items listings show, kept between pages and purged with them (listed-items.ts). */
  listedItems: ListedItems;
  /** The names of countries, regions and topics in each language, kept the same way. */
  names: KeptNames;
  /** More for an article's page from another room (the urgent action's details), given at composition. */
  articleSection?: ArticleSection;
  /** More for the items of a listing from another room (an urgent action's counts), given at composition. */
  itemExtras?: ItemExtras;
  /** More for a country's or case's page from another room (replies, outcomes, impact), given at composition. */
  subjectSection?: SubjectSection;
}

/** A page that could not be shown, and why. */
export type Refusal =
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'beyond-last-page'; lastPage: string }
  | { ok: false; reason: 'moved'; to: string };

export type Outcome<T> = ({ ok: true; contentKeys: string[] } & T) | Refusal;

/** The names of places in the page's language. */
const namesOfPage = (deps: NewsroomDeps) => namesFor(deps.db, currentLanguage(), deps.names);

const collators = new Map<string, Intl.Collator>();

/** Rows in the order of their names in the page's language ("États-Unis" among the E's). */
function byLocalName<T>(rows: T[], name: (row: T) => string): T[] {
  const locale = LOCALES[currentLanguage()];
  let collator = collators.get(locale);
  if (!collator) {
    collator = new Intl.Collator(locale);
    collators.set(locale, collator);
  }
  return rows
    .map((row) => ({ row, key: name(row) }))
    .sort((a, b) => collator.compare(a.key, b.key))
    .map((x) => x.row);
}

/** The route-form bases of the pages named per language. */
const TAXONOMY_BASES: Record<TaxonomyKind, string> = {
  country: '/countries/',
  region: '/regions/',
  topic: '/topics/',
};

/**
 * A country's, region's or topic's page in every language, in route form (`/countries/mexique`
 * for French), for hreflang and the language switch (PageMeta.alternates). An English page reads
 * the row's names by its key (one indexed lookup); a page in another language has its own
 * language's names already, and English is the row's.
 */
async function taxonomyAlternates(
  deps: NewsroomDeps,
  names: Names,
  kind: TaxonomyKind,
  row: { id: number; slug: string; name: string },
  page: number,
): Promise<Record<string, string>> {
  const slugs = new Map<string, string>();
  if (names.language === DEFAULT_LANGUAGE) {
    for (const [language, local] of await localNamesOf(deps.db, kind, row.id))
      slugs.set(language, local.slug);
  } else slugs.set(names.language, names.of(kind, row).slug);
  // A third language's page under the English word moves to its own (see getCountryPage).
  return Object.fromEntries(
    LANGUAGES.map((l) => [l, pagePath(`${TAXONOMY_BASES[kind]}${slugs.get(l) ?? row.slug}`, page)]),
  );
}

/**
 * Where a page asked by an old address word now lives (an editor renamed the country, region,
 * topic or case, in this language or in English): its page in the reader's language, or nothing.
 */
async function renamed(
  deps: NewsroomDeps,
  names: Names,
  kind: RenamedKind,
  slug: string,
  page: number,
): Promise<Refusal> {
  const now = await findRenamed(deps.db, kind, names.language, slug);
  if (now === undefined) return { ok: false, reason: 'not-found' };
  const word = kind === 'case' ? now : names.of(kind, { slug: now, name: '' }).slug;
  const base = kind === 'case' ? paths.case(word) : `${TAXONOMY_BASES[kind]}${word}`;
  return { ok: false, reason: 'moved', to: pagePath(base, page) };
}

/** The content keys of case portraits shown on a page. */
function portraitKeys(cases: ReadonlyArray<Pick<CaseRow, 'portrait_id'>>): string[] {
  return cases.flatMap((c) => (c.portrait_id === null ? [] : [keys.media(c.portrait_id)]));
}

/** One page of a listing with the content keys of what it shows, or the reason it cannot be shown. */
async function listing(
  deps: NewsroomDeps,
  names: Names,
  filter: q.ItemFilter,
  page: number,
  href: (n: number) => string,
  pageSize = PAGE_SIZE,
): Promise<{ ok: true; list: ItemList; contentKeys: string[] } | Refusal> {
  const { total, ids } = await q.listedIds(
    deps.db,
    filter,
    pageSize,
    (page - 1) * pageSize,
    currentLanguage(),
  );
  const totalPages = Math.max(1, Math.ceil(total / pageSize));
  if (page > totalPages) return { ok: false, reason: 'beyond-last-page', lastPage: href(totalPages) };
  const listed = await listedItemsOf(deps, names, ids);
  // Another room's extras belong to a group's original: a translation shows its original's.
  const extras =
    deps.itemExtras && listed.length > 0
      ? await deps.itemExtras(listed.map((l) => ({ id: l.original, type: l.summary.type })))
      : null;
  return {
    ok: true,
    list: {
      items: listed.map((l) => ({ listed: l, extra: extras?.nodes.get(l.original) })),
      pagination: { page, totalPages, totalItems: total, href },
    },
    contentKeys: [...listed.flatMap((l) => l.keys), ...(extras?.contentKeys ?? [])],
  };
}

export async function getHome(deps: NewsroomDeps) {
  const names = await namesOfPage(deps);
  const [latest, countries, cases] = await Promise.all([
    listing(deps, names, { kind: 'all' }, 1, (n) => pagePath(paths.latest(), n), 7),
    q.featuredCountries(deps.db),
    q.featuredCases(deps.db),
  ]);
  if (!latest.ok) throw new Error('the first page of a listing always exists');
  const portraits = await q.mediaByIds(
    deps.db,
    cases.flatMap((c) => (c.portrait_id ? [c.portrait_id] : [])),
  );
  return {
    latest: latest.list.items,
    countries: byLocalName(
      countries.map((c) => countryLink(names, c)),
      (l) => l.name,
    ),
    cases: cases.map((c) => caseCard(c, portraits)),
    contentKeys: [
      keys.latest(),
      keys.taxonomy(),
      ...latest.contentKeys,
      ...cases.map((c) => keys.case(c.id)),
      ...portraitKeys(cases),
    ],
  };
}

function caseCard(
  row: CaseRow,
  portraits: Map<number, import('../platform/db/index.js').MediaRow>,
): CaseCard {
  const portrait = row.portrait_id ? portraits.get(row.portrait_id) : undefined;
  return {
    name: row.name,
    href: paths.case(row.slug),
    summary: row.summary,
    lang: CONTENT_LANGUAGE,
    status: row.status,
    portrait: portrait ? extend(imageView(portrait), { lang: CONTENT_LANGUAGE }) : null,
  };
}

export async function getLatest(
  deps: NewsroomDeps,
  page: number,
  type: ArticleType | undefined,
): Promise<Outcome<{ list: ItemList; type: ArticleType | undefined }>> {
  const extra: Record<string, string> = type ? { type } : {};
  const names = await namesOfPage(deps);
  const result = await listing(deps, names, { kind: 'all', type }, page, (n) =>
    pagePath(paths.latest(), n, extra),
  );
  if (!result.ok) return result;
  return { ok: true, list: result.list, type, contentKeys: [keys.latest(), ...result.contentKeys] };
}

/** How many items a feed carries, newest first. */
export const FEED_SIZE = 20;

/** What a feed follows: everything (or one item type of it), or one country, region, topic or case. */
export type FeedScope =
  | { kind: 'all'; type?: ArticleType }
  | { kind: 'country' | 'region' | 'topic' | 'case'; slug: string };

/**
 * A feed's subject and its newest items, whole, with the content keys of what it shows: the same
 * keys as the page it follows, so a change purges the feed with the page. Every feed also names
 * the taxonomy, since its items are tagged with country names.
 */
export async function getFeed(
  deps: NewsroomDeps,
  site: { name: string },
  scope: FeedScope,
): Promise<Outcome<{ subject: FeedSubject; items: FeedItem[] }>> {
  const names = await namesOfPage(deps);
  const found = await feedSubject(deps, names, site, scope);
  if (!found) return feedMoved(deps, names, scope);
  const { rows } = await q.listItems(deps.db, found.filter, FEED_SIZE, 0, currentLanguage());
  const bodies = await q.bodiesOf(
    deps.db,
    rows.map((r) => r.id),
  );
  return {
    ok: true,
    subject: found.subject,
    items: rows.map((row) =>
      extend(itemSummary(row, names), { bodyHtml: (bodies.get(row.id) ?? '') as SafeHtml }),
    ),
    contentKeys: [...found.keys, keys.taxonomy(), ...rows.flatMap(listedKeys)],
  };
}

/** A feed's subject alone, for the page that gives its addresses to people. */
export async function getFeedSubject(
  deps: NewsroomDeps,
  site: { name: string },
  scope: FeedScope,
): Promise<Outcome<{ subject: FeedSubject }>> {
  const names = await namesOfPage(deps);
  const found = await feedSubject(deps, names, site, scope);
  if (!found) return feedMoved(deps, names, scope);
  return { ok: true, subject: found.subject, contentKeys: [...found.keys, keys.taxonomy()] };
}

/** A feed asked by an old address word: moved to its subject's page's (the route adds the feed's part). */
function feedMoved(deps: NewsroomDeps, names: Names, scope: FeedScope): Promise<Refusal> | Refusal {
  return scope.kind === 'all'
    ? { ok: false, reason: 'not-found' }
    : renamed(deps, names, scope.kind, scope.slug, 1);
}

/**
 * A feed's subject, asked by its address word in the page's language or by its English one (a
 * feed reader is not moved: both answer).
 */
async function feedSubject(
  deps: NewsroomDeps,
  names: Names,
  site: { name: string },
  scope: FeedScope,
): Promise<{ subject: FeedSubject; filter: q.ItemFilter; keys: string[] } | undefined> {
  const about = (name: string) => t('feed.description', { name, site: site.name });
  switch (scope.kind) {
    case 'all': {
      const { type } = scope;
      const title = type ? `${t(`typePlural.${type}`)} | ${site.name}` : site.name;
      return {
        subject: {
          title,
          description: type
            ? t('feed.typeDescription', { type: t(`typePlural.${type}`), site: site.name })
            : t('site.tagline'),
          href: type ? pagePath(paths.latest(), 1, { type }) : paths.home(),
          feedBase: '',
          type,
        },
        filter: { kind: 'all', type },
        keys: [keys.latest()],
      };
    }
    case 'country': {
      const country = await q.findCountry(deps.db, names.routeSlug('country', scope.slug));
      if (!country) return undefined;
      const local = names.of('country', country);
      return {
        subject: subjectOf(local.name, paths.country(local.slug), about),
        filter: { kind: 'country', countryId: country.id },
        keys: [keys.country(country.code)],
      };
    }
    case 'region': {
      const region = await q.findRegion(deps.db, names.routeSlug('region', scope.slug));
      if (!region) return undefined;
      // As on the region's page: its items are its countries' items.
      const members = (await q.allCountries(deps.db)).filter((c) => c.region_id === region.id);
      const local = names.of('region', region);
      return {
        subject: subjectOf(local.name, paths.region(local.slug), about),
        filter: { kind: 'region', regionId: region.id },
        keys: [keys.region(region.id), ...members.map((c) => keys.country(c.code))],
      };
    }
    case 'topic': {
      const topic = await q.findTopic(deps.db, names.routeSlug('topic', scope.slug));
      if (!topic) return undefined;
      const local = names.of('topic', topic);
      return {
        subject: subjectOf(local.name, paths.topic(local.slug), about),
        filter: { kind: 'topic', topicId: topic.id },
        keys: [keys.topic(topic.id)],
      };
    }
    case 'case': {
      const row = await q.findCase(deps.db, scope.slug);
      if (!row) return undefined;
      return {
        subject: subjectOf(row.name, paths.case(row.slug), about),
        filter: { kind: 'case', caseId: row.id },
        keys: [keys.case(row.id)],
      };
    }
  }
}

function subjectOf(name: string, href: string, about: (name: string) => string): FeedSubject {
  return { title: name, description: about(name), href, feedBase: href };
}

export async function getCountryPage(
  deps: NewsroomDeps,
  slug: string,
  page: number,
): Promise<Outcome<{ country: CountryView; list: ItemList; section: VNode | null }>> {
  const names = await namesOfPage(deps);
  const country = await q.findCountryWithRegion(deps.db, names.routeSlug('country', slug));
  if (!country) return renamed(deps, names, 'country', slug, page);
  const local = names.of('country', country);
  // Asked by another word than its own in this language (its English one under /fr/).
  if (local.slug !== slug)
    return { ok: false, reason: 'moved', to: pagePath(paths.country(local.slug), page) };
  const [result, section, alternates] = await Promise.all([
    listing(deps, names, { kind: 'country', countryId: country.id }, page, (n) =>
      pagePath(paths.country(slug), n),
    ),
    deps.subjectSection ? deps.subjectSection({ kind: 'country', id: country.id }) : null,
    taxonomyAlternates(deps, names, 'country', country, page),
  ]);
  if (!result.ok) return result;
  const region = names.of('region', { slug: country.region_slug, name: country.region_name });
  return {
    ok: true,
    section: section?.node ?? null,
    country: {
      id: country.id,
      code: country.code,
      name: local.name,
      lang: local.lang,
      href: paths.country(local.slug),
      feedHref: paths.feedsPage(paths.country(local.slug)),
      // The subscriptions room's form reads the English slug (its public contract).
      subscribeHref: paths.subscribe('country', country.slug),
      region: { href: paths.region(region.slug), name: region.name, lang: region.lang },
      alternates,
    },
    list: result.list,
    contentKeys: [
      keys.country(country.code),
      keys.taxonomy(),
      ...result.contentKeys,
      ...(section?.contentKeys ?? []),
    ],
  };
}

export async function getRegionPage(deps: NewsroomDeps, slug: string, page: number) {
  const names = await namesOfPage(deps);
  const region = await q.findRegion(deps.db, names.routeSlug('region', slug));
  if (!region) return renamed(deps, names, 'region', slug, page);
  const local = names.of('region', region);
  if (local.slug !== slug)
    return { ok: false, reason: 'moved', to: pagePath(paths.region(local.slug), page) } as const;
  const [countries, result, alternates] = await Promise.all([
    q.allCountries(deps.db),
    listing(deps, names, { kind: 'region', regionId: region.id }, page, (n) =>
      pagePath(paths.region(slug), n),
    ),
    taxonomyAlternates(deps, names, 'region', region, page),
  ]);
  if (!result.ok) return result;
  const members = countries.filter((c) => c.region_id === region.id);
  return {
    ok: true,
    region: {
      name: local.name,
      lang: local.lang,
      href: paths.region(local.slug),
      subscribeHref: paths.subscribe('region', region.slug),
      alternates,
    },
    countries: byLocalName(
      members.map((c) => countryLink(names, c)),
      (l) => l.name,
    ),
    list: result.list,
    contentKeys: [
      keys.region(region.id),
      keys.taxonomy(),
      ...members.map((c) => keys.country(c.code)),
      ...result.contentKeys,
    ],
  } as const;
}

export async function getTopicPage(deps: NewsroomDeps, slug: string, page: number) {
  const names = await namesOfPage(deps);
  const topic = await q.findTopic(deps.db, names.routeSlug('topic', slug));
  if (!topic) return renamed(deps, names, 'topic', slug, page);
  const local = names.of('topic', topic);
  if (local.slug !== slug)
    return { ok: false, reason: 'moved', to: pagePath(paths.topic(local.slug), page) } as const;
  const [result, alternates] = await Promise.all([
    listing(deps, names, { kind: 'topic', topicId: topic.id }, page, (n) => pagePath(paths.topic(slug), n)),
    taxonomyAlternates(deps, names, 'topic', topic, page),
  ]);
  if (!result.ok) return result;
  return {
    ok: true,
    topic: {
      name: local.name,
      lang: local.lang,
      description: topic.description,
      href: paths.topic(local.slug),
      subscribeHref: paths.subscribe('topic', topic.slug),
      alternates,
    },
    list: result.list,
    // The items' country names, in every language, change with the taxonomy.
    contentKeys: [keys.topic(topic.id), keys.taxonomy(), ...result.contentKeys],
  } as const;
}

export async function getCasePage(
  deps: NewsroomDeps,
  slug: string,
  page: number,
): Promise<Outcome<{ person: CaseView; list: ItemList; section: VNode | null }>> {
  const [row, names] = await Promise.all([q.findCase(deps.db, slug), namesOfPage(deps)]);
  if (!row) return renamed(deps, names, 'case', slug, page);
  const [portraits, country, result, section] = await Promise.all([
    q.mediaByIds(deps.db, row.portrait_id ? [row.portrait_id] : []),
    row.country_id ? q.findCountryById(deps.db, row.country_id) : Promise.resolve(undefined),
    listing(deps, names, { kind: 'case', caseId: row.id }, page, (n) => pagePath(paths.case(slug), n), 25),
    deps.subjectSection ? deps.subjectSection({ kind: 'case', id: row.id }) : null,
  ]);
  if (!result.ok) return result;
  const portrait = row.portrait_id ? portraits.get(row.portrait_id) : undefined;
  return {
    ok: true,
    section: section?.node ?? null,
    person: {
      id: row.id,
      name: row.name,
      href: paths.case(row.slug),
      summary: row.summary,
      lang: CONTENT_LANGUAGE,
      storyHtml: row.story_html as SafeHtml,
      status: row.status,
      portrait: portrait ? extend(imageView(portrait), { lang: CONTENT_LANGUAGE }) : null,
      country: country ? countryLink(names, country) : null,
      updatedAt: row.updated_at,
      subscribeHref: paths.subscribe('case', row.slug),
    },
    list: result.list,
    contentKeys: [
      keys.case(row.id),
      // The items' country names, in every language, change with the taxonomy.
      keys.taxonomy(),
      ...portraitKeys([row]),
      ...(country ? [keys.country(country.code)] : []),
      ...result.contentKeys,
      ...(section?.contentKeys ?? []),
    ],
  };
}

export async function getArticlePage(
  deps: NewsroomDeps,
  slug: string,
): Promise<Outcome<{ article: ArticleView; section: VNode | null }>> {
  const row = await q.findArticlePage(deps.db, slug);
  if (!row?.published_at) {
    // An old address of an article whose slug changed keeps working.
    const moved = await q.findRedirect(deps.db, slug);
    return moved
      ? { ok: false, reason: 'moved', to: paths.article(moved) }
      : { ok: false, reason: 'not-found' };
  }
  const [group, names] = await Promise.all([translationGroup(deps.db, row.id), namesOfPage(deps)]);
  const self = group.find((m) => m.id === row.id);
  const published = group.filter((m) => m.status === 'published');
  const inLanguage = (language: string) => published.find((m) => (m.language || 'en') === language);
  // Asked in a language it has a translation in: that translation is the page.
  const reader = currentLanguage();
  const translated = (self?.language || 'en') !== reader ? inLanguage(reader) : undefined;
  if (translated) return { ok: false, reason: 'moved', to: paths.article(translated.slug) };
  // Another room's part of the page (an urgent action's details, counts and forms) is the
  // original's: a translation shows it in its own language, and acting on it acts on the original.
  const section = deps.articleSection
    ? await deps.articleSection({ id: self?.translationOf ?? row.id, type: row.type })
    : null;
  return {
    ok: true,
    section: section?.node ?? null,
    article: extend(itemSummary(row, names), {
      // Written by renderMarkdown when the article was saved.
      bodyHtml: row.body_html as SafeHtml,
      topics: row.topics.map((topic) => {
        const local = names.of('topic', topic);
        return { href: paths.topic(local.slug), name: local.name, lang: local.lang };
      }),
      cases: row.cases.map((c) => ({ href: paths.case(c.slug), name: c.name, lang: CONTENT_LANGUAGE })),
      attachments: row.attachments.map(documentView),
      countryCodes: row.countries.map((c) => c.code),
      language: self?.language || null,
      translations: group
        .filter((m) => m.id !== row.id && m.status === 'published')
        .map((m) => ({
          // Each in its own language's pages, when the site has pages in that language.
          href: localizePath(
            `/articles/${m.slug}`,
            isLanguage(m.language || 'en') ? ((m.language || 'en') as Language) : reader,
          ),
          name: m.title,
          language: m.language || 'en',
          original: m.translationOf === null,
        })),
      outdated: self?.outdated ?? false,
      // Each language's page: the group's member in it, or none (the switch then leads to that
      // language's home, which says the page has no translation; hreflang leaves it out).
      alternates: Object.fromEntries(
        LANGUAGES.map((l) => {
          const member = inLanguage(l);
          return [l, member ? `/articles/${member.slug}` : null];
        }),
      ),
    }),
    contentKeys: [
      // Another member published, renamed or unpublished changes this page's list of languages.
      ...group.filter((m) => m.id !== row.id).map((m) => keys.article(m.id)),
      // Its own, its picture's and its countries'.
      ...listedKeys(row),
      ...row.attachments.map((d) => keys.media(d.id)),
      ...row.topics.map((t) => keys.topic(t.id)),
      ...row.cases.map((c) => keys.case(c.id)),
      ...(section?.contentKeys ?? []),
    ],
  };
}

export async function getCountriesIndex(deps: NewsroomDeps) {
  const [regions, countries, names] = await Promise.all([
    q.allRegions(deps.db),
    q.allCountries(deps.db),
    namesOfPage(deps),
  ]);
  return {
    regions: byLocalName(
      regions.map((r) => {
        const local = names.of('region', r);
        return {
          name: local.name,
          lang: local.lang,
          href: paths.region(local.slug),
          countries: byLocalName(
            countries.filter((c) => c.region_id === r.id).map((c) => countryLink(names, c)),
            (l) => l.name,
          ),
        };
      }),
      (r) => r.name,
    ),
    contentKeys: [keys.taxonomy()],
  };
}

export async function getTopicsIndex(deps: NewsroomDeps) {
  const [topics, names] = await Promise.all([q.allTopics(deps.db), namesOfPage(deps)]);
  return {
    topics: byLocalName(
      topics.map((topic) => {
        const local = names.of('topic', topic);
        return {
          name: local.name,
          lang: local.lang,
          href: paths.topic(local.slug),
          description: topic.description,
        };
      }),
      (topic) => topic.name,
    ),
    contentKeys: [keys.taxonomy()],
  };
}

export async function getCasesIndex(deps: NewsroomDeps) {
  const cases = await q.allCases(deps.db);
  const portraits = await q.mediaByIds(
    deps.db,
    cases.flatMap((c) => (c.portrait_id ? [c.portrait_id] : [])),
  );
  return {
    cases: cases.map((c) => caseCard(c, portraits)),
    contentKeys: [keys.taxonomy(), ...cases.map((c) => keys.case(c.id)), ...portraitKeys(cases)],
  };
}

/** The countries each article is filed under, as links in the editor's order (search results). */
export async function countryLinksOfArticles(
  deps: Pick<NewsroomDeps, 'db'>,
  articleIds: readonly number[],
): Promise<Map<number, Link[]>> {
  const links = new Map<number, Link[]>();
  const [rows, names] = await Promise.all([
    q.countriesOfArticles(deps.db, [...articleIds]),
    namesFor(deps.db, articleIds.length > 0 ? currentLanguage() : DEFAULT_LANGUAGE),
  ]);
  for (const row of rows) {
    const list = links.get(row.article_id) ?? [];
    list.push(countryLink(names, row));
    links.set(row.article_id, list);
  }
  return links;
}
