import type { ComponentChildren, VNode } from 'preact';
import { ARTICLE_TYPES, type ArticleType } from '../../platform/db/index.js';
import { extend } from '../../platform/extend.js';
import { formatBytes, langIfOther, languageName, t } from '../../platform/i18n/index.js';
import { DateTime, Figure, Message, Share } from '../../platform/views/components.js';
import { Layout } from '../../platform/views/layout.js';
import { jsonForScript, renderDocument } from '../../platform/views/render.js';
import type { PageMeta, Site } from '../../platform/views/site.js';
import { feedLinks } from '../feed-formats.js';
import type { ArticleView, CaseCard, CaseView, CountryView, ItemList, Link, ShownItem } from '../models.js';
import { pagePath, paths } from '../paths.js';
import { CONTENT_LANGUAGE, ItemListing, Items, TypeLabel } from './items.js';
import { newestPicture, shareImageOf } from './share.js';

function listingMeta(base: PageMeta, list: ItemList): PageMeta {
  const { page, totalPages, href } = list.pagination;
  return extend(base, {
    title: page > 1 ? `${base.title} (${t('pager.page', { n: page })})` : base.title,
    canonical: href(page),
    head: (
      <>
        {base.head}
        {page > 1 ? <link rel="prev" href={href(page - 1)} /> : null}
        {page < totalPages ? <link rel="next" href={href(page + 1)} /> : null}
      </>
    ),
  });
}

function Breadcrumbs(props: { trail: Link[] }) {
  return (
    <nav class="breadcrumbs" aria-label={t('nav.breadcrumb')}>
      <ol>
        <li>
          <a href={paths.home()}>{t('nav.home')}</a>
        </li>
        {props.trail.map((l) => (
          <li key={l.href}>
            <a href={l.href} lang={l.lang}>
              {l.name}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function Chips(props: { links: Link[] }) {
  return (
    <ul class="chips">
      {props.links.map((c) => (
        <li key={c.href}>
          <a href={c.href} lang={c.lang}>
            {c.name}
          </a>
        </li>
      ))}
    </ul>
  );
}

function CaseCards(props: { cases: CaseCard[]; headingLevel: 2 | 3 }) {
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul class="cards">
      {props.cases.map((c) => (
        <li key={c.href} class="card">
          {c.portrait ? (
            <Figure image={c.portrait} sizes="(min-width: 40em) 20em, 100vw" class="figure card__figure" />
          ) : null}
          <Heading class="card__title" lang={langIfOther(c.lang)}>
            <a href={c.href}>{c.name}</a>
          </Heading>
          <p class="card__status">{t(`case.status.${c.status}`)}</p>
          <p lang={langIfOther(c.lang)}>{c.summary}</p>
        </li>
      ))}
    </ul>
  );
}

export function homePage(
  site: Site,
  view: { latest: ShownItem[]; countries: Link[]; cases: CaseCard[] },
  /** Led here by the language switch from a page with no version in this language. */
  untranslated = false,
): string {
  return renderDocument(
    <Layout
      site={site}
      meta={{
        title: site.name,
        description: t('site.tagline'),
        // The home in the language being served (/fr/ in French).
        canonical: paths.home(),
        section: 'home',
        feeds: feedLinks('', site.name),
      }}
    >
      <div class="page">
        {untranslated ? (
          <p class="notice" role="status">
            {t('language.untranslated')}
          </p>
        ) : null}
        <h1 class="visually-hidden">{t('home.title', { site: site.name })}</h1>
        <section aria-labelledby="latest-heading">
          <h2 id="latest-heading">{t('home.latest')}</h2>
          {view.latest.length === 0 ? (
            <p class="empty">{t('list.empty')}</p>
          ) : (
            <Items items={view.latest} level={3} class="items items--home" />
          )}
          <p>
            <a href={paths.latest()}>{t('home.all')}</a>
          </p>
        </section>
        {view.countries.length > 0 ? (
          <section aria-labelledby="countries-heading">
            <h2 id="countries-heading">{t('home.countries')}</h2>
            <Chips links={view.countries} />
          </section>
        ) : null}
        {view.cases.length > 0 ? (
          <section aria-labelledby="cases-heading">
            <h2 id="cases-heading">{t('home.cases')}</h2>
            <CaseCards cases={view.cases} headingLevel={3} />
          </section>
        ) : null}
        <SubscribeBlock
          heading={t('follow.everythingHeading')}
          byEmail={{ href: paths.subscribeToEverything(), text: t('follow.everythingByEmail') }}
          feed={{ href: paths.feedsPage(''), text: t('footer.feeds') }}
        />
      </div>
    </Layout>,
  );
}

/** A country's page; `section` is another room's part of it (the urgent actions' impact). */
export function countryPage(
  site: Site,
  view: { country: CountryView; list: ItemList; section?: VNode | null },
): string {
  const { country, list } = view;
  const meta = listingMeta(
    {
      title: country.name,
      description: t('country.inRegion', { region: country.region.name }),
      section: 'countries',
      share: { image: newestPicture(list.items) },
      feeds: feedLinks(country.href, country.name),
      alternates: country.alternates,
    },
    list,
  );
  return renderDocument(
    <Layout site={site} meta={meta}>
      <div class="page">
        <Breadcrumbs trail={[{ href: paths.countries(), name: t('nav.countries') }, country.region]} />
        <header class="page-header">
          <h1 lang={country.lang}>{country.name}</h1>
          <p class="page-header__sub">
            <a href={country.region.href}>
              <Message
                id="country.inRegion"
                params={{ region: country.region.name }}
                langs={{ region: country.region.lang }}
              />
            </a>
          </p>
        </header>
        <Share url={site.publicUrl + country.href} title={country.name} id="share-top" />
        {view.section ?? null}
        <ItemListing list={list} level={2} />
        <SubjectSubscribe subject={country} feedHref={country.feedHref} feedMessage="country.feed" />
      </div>
    </Layout>,
  );
}

/** What an article adds to the share tags (shareTags writes those): its dates, section, tags, JSON-LD. */
function articleHead(site: Site, a: ArticleView) {
  const url = site.publicUrl + a.href;
  const image = a.image ? extend(a.image, { url: site.publicUrl + a.image.src }) : null;
  const tags = [...a.countries, ...a.topics].map((l) => l.name);
  const section = t(`type.${a.type}`);
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.title,
    description: a.summary,
    datePublished: a.publishedAt,
    dateModified: a.updatedAt,
    articleSection: section,
    keywords: tags,
    mainEntityOfPage: url,
    url,
    ...(a.location ? { locationCreated: { '@type': 'Place', name: a.location } } : {}),
    ...(image
      ? {
          image: {
            '@type': 'ImageObject',
            url: image.url,
            contentUrl: image.url,
            width: image.width,
            height: image.height,
            caption: image.caption,
            ...(image.credit ? { creditText: image.credit, copyrightNotice: image.credit } : {}),
          },
        }
      : {}),
    author: { '@type': 'Organization', name: site.name, url: site.publicUrl },
    publisher: { '@type': 'Organization', name: site.name, url: site.publicUrl },
  };
  return (
    <>
      <meta property="article:published_time" content={a.publishedAt} />
      <meta property="article:modified_time" content={a.updatedAt} />
      <meta property="article:section" content={section} />
      {tags.map((tag) => (
        <meta key={tag} property="article:tag" content={tag} />
      ))}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(jsonLd) }} />
    </>
  );
}

function LinkList(props: { heading: string; links: Link[] }) {
  if (props.links.length === 0) return null;
  return (
    <div class="tags">
      <h2 class="tags__heading">{props.heading}</h2>
      <ul>
        {props.links.map((l) => (
          <li key={l.href}>
            <a href={l.href} lang={l.lang ? langIfOther(l.lang) : undefined}>
              {l.name}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The article's other languages, each named in its own language and marked as such, and for a
 * translation whose original changed since, the warning with a link to the original.
 */
function TranslationsNote(props: { a: ArticleView }) {
  const { a } = props;
  const original = a.translations.find((x) => x.original);
  return (
    <>
      {a.outdated ? (
        <p class="notice notice--warning">
          {t('article.outdated')}{' '}
          {original ? (
            <a href={original.href} hreflang={original.language}>
              {t('article.readOriginal', { language: languageName(original.language) })}
            </a>
          ) : null}
        </p>
      ) : null}
      {a.translations.length > 0 ? (
        <p class="article__languages">
          {t('article.alsoIn')}{' '}
          {a.translations.map((x, i) => (
            <span key={x.href}>
              {i > 0 ? ', ' : ''}
              <a href={x.href} hreflang={x.language} lang={x.language}>
                {languageName(x.language, x.language)}
              </a>
            </span>
          ))}
        </p>
      ) : null}
    </>
  );
}

/** An article's page; `section` is another room's part of it (an urgent action's details). */
export function articlePage(site: Site, a: ArticleView, section: VNode | null = null): string {
  const updated = a.updatedAt.slice(0, 10) !== a.publishedAt.slice(0, 10);
  // The article's words in its own language, marked where it is not the page's.
  const lang = langIfOther(a.language ?? CONTENT_LANGUAGE);
  return renderDocument(
    <Layout
      site={site}
      meta={{
        title: a.title,
        description: a.summary,
        canonical: a.href,
        alternates: a.alternates,
        head: articleHead(site, a),
        share: { type: 'article', image: shareImageOf(a.image) },
      }}
    >
      <article class="page article">
        <header class="article__header">
          <p class="article__kicker">
            <TypeLabel item={a} />
          </p>
          <h1 lang={lang}>{a.title}</h1>
          <TranslationsNote a={a} />
          {a.summary ? (
            <p class="article__standfirst" lang={lang}>
              {a.summary}
            </p>
          ) : null}
          <p class="article__meta">
            <DateTime iso={a.publishedAt} label="published" />
            {updated ? (
              <>
                {' · '}
                <DateTime iso={a.updatedAt} label="updated" />
              </>
            ) : null}
            {/* The dateline is the article's words, in its language. */}
            {a.location ? (
              <>
                {' · '}
                {lang ? <span lang={lang}>{a.location}</span> : a.location}
              </>
            ) : (
              ''
            )}
          </p>
        </header>
        {a.image ? (
          <Figure
            image={a.image}
            sizes="(min-width: 48em) 46em, 100vw"
            eager
            class="figure article__figure"
          />
        ) : null}
        {section}
        <div class="prose" lang={lang} dangerouslySetInnerHTML={{ __html: a.bodyHtml }} />
        {a.attachments.length > 0 ? (
          <section class="attachments" aria-labelledby="attachments-heading">
            <h2 id="attachments-heading">{t('item.attachments')}</h2>
            <ul>
              {a.attachments.map((d) => (
                <li key={d.href}>
                  <a href={d.href} download>
                    {d.name}
                  </a>{' '}
                  <span class="attachments__size">
                    (
                    {d.pages
                      ? t('item.attachmentSizePages', {
                          type: 'PDF',
                          pages: d.pages,
                          size: formatBytes(d.bytes),
                        })
                      : t('item.attachmentSize', { type: 'PDF', size: formatBytes(d.bytes) })}
                    )
                  </span>
                  {d.title && d.title !== d.name ? (
                    <span class="attachments__title">
                      {' — '}
                      {lang ? <span lang={lang}>{d.title}</span> : d.title}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        <footer class="article__footer">
          <LinkList heading={t('item.cases')} links={a.cases} />
          <LinkList heading={t('item.countries')} links={a.countries} />
          <LinkList heading={t('item.topics')} links={a.topics} />
          <Share url={site.publicUrl + a.href} title={a.title} id="share-article" />
        </footer>
      </article>
    </Layout>,
  );
}

export function regionPage(
  site: Site,
  view: {
    region: Link & { subscribeHref: string; alternates?: Readonly<Record<string, string>> };
    countries: Link[];
    list: ItemList;
  },
): string {
  const meta = listingMeta(
    {
      title: view.region.name,
      description: t('region.description', { countries: view.countries.map((c) => c.name).join(', ') }),
      section: 'regions',
      share: { image: newestPicture(view.list.items) },
      feeds: feedLinks(view.region.href, view.region.name),
      alternates: view.region.alternates,
    },
    view.list,
  );
  return renderDocument(
    <Layout site={site} meta={meta}>
      <div class="page">
        <Breadcrumbs trail={[{ href: paths.regions(), name: t('nav.regions') }]} />
        <header class="page-header">
          <h1 lang={view.region.lang}>{view.region.name}</h1>
        </header>
        <section aria-labelledby="region-countries">
          <h2 id="region-countries">
            <Message
              id="region.countries"
              params={{ name: view.region.name }}
              langs={{ name: view.region.lang }}
            />
          </h2>
          <Chips links={view.countries} />
        </section>
        <section aria-labelledby="region-latest">
          <h2 id="region-latest">{t('home.latest')}</h2>
          <ItemListing list={view.list} level={3} />
        </section>
        <Share url={site.publicUrl + view.region.href} title={view.region.name} id="share-region" />
        <SubjectSubscribe
          subject={view.region}
          feedHref={paths.feedsPage(view.region.href)}
          feedMessage="feed.link"
        />
      </div>
    </Layout>,
  );
}

export function topicPage(
  site: Site,
  view: {
    topic: {
      name: string;
      lang?: string;
      description: string;
      href: string;
      subscribeHref: string;
      alternates?: Readonly<Record<string, string>>;
    };
    list: ItemList;
  },
): string {
  const meta = listingMeta(
    {
      title: view.topic.name,
      description: view.topic.description,
      section: 'topics',
      share: { image: newestPicture(view.list.items) },
      feeds: feedLinks(view.topic.href, view.topic.name),
      alternates: view.topic.alternates,
    },
    view.list,
  );
  return renderDocument(
    <Layout site={site} meta={meta}>
      <div class="page">
        <Breadcrumbs trail={[{ href: paths.topics(), name: t('nav.topics') }]} />
        <header class="page-header">
          <h1 lang={view.topic.lang}>{view.topic.name}</h1>
          {/* Names are kept per language, descriptions in English only. */}
          {view.topic.description ? (
            <p class="page-header__sub" lang={langIfOther(CONTENT_LANGUAGE)}>
              {view.topic.description}
            </p>
          ) : null}
        </header>
        <Share url={site.publicUrl + view.topic.href} title={view.topic.name} id="share-topic" />
        <ItemListing list={view.list} level={2} />
        <SubjectSubscribe
          subject={view.topic}
          feedHref={paths.feedsPage(view.topic.href)}
          feedMessage="feed.link"
        />
      </div>
    </Layout>,
  );
}

/** A case's page; `section` is another room's part of it (replies, outcomes and impact). */
export function casePage(
  site: Site,
  view: { person: CaseView; list: ItemList; section?: VNode | null },
): string {
  const { person, list } = view;
  // The case's own words (name, summary, story) in their language, marked where it is not the page's.
  const lang = langIfOther(person.lang);
  const meta = listingMeta(
    {
      title: person.name,
      description: person.summary,
      section: 'cases',
      feeds: feedLinks(person.href, person.name),
      // The person's portrait is what a shared case is recognised by; failing that, the news.
      share: { image: shareImageOf(person.portrait) ?? newestPicture(list.items) },
    },
    list,
  );
  return renderDocument(
    <Layout site={site} meta={meta}>
      <div class="page case">
        <Breadcrumbs trail={[{ href: paths.cases(), name: t('nav.cases') }]} />
        <header class="page-header case__header">
          {person.portrait ? (
            <Figure
              image={person.portrait}
              sizes="(min-width: 40em) 18em, 100vw"
              eager
              class="figure case__portrait"
            />
          ) : null}
          <div>
            <h1 lang={lang}>{person.name}</h1>
            <p class={`case__status case__status--${person.status}`}>{t(`case.status.${person.status}`)}</p>
            {person.country ? (
              <p>
                <a href={person.country.href}>
                  <Message
                    id="case.country"
                    params={{ country: person.country.name }}
                    langs={{ country: person.country.lang }}
                  />
                </a>
              </p>
            ) : null}
            <p class="article__standfirst" lang={lang}>
              {person.summary}
            </p>
          </div>
        </header>
        <div class="prose" lang={lang} dangerouslySetInnerHTML={{ __html: person.storyHtml }} />
        {view.section ?? null}
        <section aria-labelledby="timeline-heading" class="timeline">
          <h2 id="timeline-heading">{t('case.timeline')}</h2>
          <p>
            <Message id="case.timelineIntro" params={{ name: person.name }} langs={{ name: person.lang }} />
          </p>
          <ItemListing list={list} level={3} />
        </section>
        <Share url={site.publicUrl + person.href} title={person.name} id="share-case" />
        <SubjectSubscribe subject={person} feedHref={paths.feedsPage(person.href)} feedMessage="feed.link" />
      </div>
    </Layout>,
  );
}

export function countriesIndexPage(
  site: Site,
  view: { regions: Array<Link & { countries: Link[] }> },
): string {
  return renderDocument(
    <Layout
      site={site}
      meta={{
        title: t('countries.title'),
        description: t('countries.intro'),
        canonical: paths.countries(),
        section: 'countries',
      }}
    >
      <div class="page">
        <header class="page-header">
          <h1>{t('countries.title')}</h1>
          <p class="page-header__sub">{t('countries.intro')}</p>
        </header>
        {view.regions.map((r) => (
          <section key={r.href} aria-labelledby={`region-${r.href.split('/').pop()}`}>
            <h2 id={`region-${r.href.split('/').pop()}`}>
              <a href={r.href} lang={r.lang}>
                {r.name}
              </a>
            </h2>
            <Chips links={r.countries} />
          </section>
        ))}
      </div>
    </Layout>,
  );
}

export function regionsIndexPage(site: Site, view: { regions: Array<Link & { countries: Link[] }> }): string {
  return renderDocument(
    <Layout
      site={site}
      meta={{
        title: t('regions.title'),
        description: t('regions.intro'),
        canonical: paths.regions(),
        section: 'regions',
      }}
    >
      <div class="page">
        <header class="page-header">
          <h1>{t('regions.title')}</h1>
        </header>
        <ul class="cards">
          {view.regions.map((r) => (
            <li key={r.href} class="card">
              <h2 class="card__title">
                <a href={r.href} lang={r.lang}>
                  {r.name}
                </a>
              </h2>
              <p>
                {r.countries.map((c, i) => (
                  <>
                    {i > 0 ? ', ' : ''}
                    {c.lang ? <span lang={c.lang}>{c.name}</span> : c.name}
                  </>
                ))}
              </p>
            </li>
          ))}
        </ul>
      </div>
    </Layout>,
  );
}
export function topicsIndexPage(site: Site, view: { topics: Array<Link & { description: string }> }): string {
  return renderDocument(
    <Layout
      site={site}
      meta={{
        title: t('topics.title'),
        description: t('topics.intro'),
        canonical: paths.topics(),
        section: 'topics',
      }}
    >
      <div class="page">
        <header class="page-header">
          <h1>{t('topics.title')}</h1>
          <p class="page-header__sub">{t('topics.intro')}</p>
        </header>
        <ul class="cards">
          {view.topics.map((topic) => (
            <li key={topic.href} class="card">
              <h2 class="card__title">
                <a href={topic.href} lang={topic.lang}>
                  {topic.name}
                </a>
              </h2>
              <p lang={langIfOther(CONTENT_LANGUAGE)}>{topic.description}</p>
            </li>
          ))}
        </ul>
      </div>
    </Layout>,
  );
}
export function casesIndexPage(site: Site, view: { cases: CaseCard[] }): string {
  return renderDocument(
    <Layout
      site={site}
      meta={{
        title: t('cases.title'),
        description: t('cases.intro'),
        canonical: paths.cases(),
        section: 'cases',
      }}
    >
      <div class="page">
        <header class="page-header">
          <h1>{t('cases.title')}</h1>
          <p class="page-header__sub">{t('cases.intro')}</p>
        </header>
        <CaseCards cases={view.cases} headingLevel={2} />
      </div>
    </Layout>,
  );
}
export function latestPage(site: Site, view: { list: ItemList; type: ArticleType | undefined }): string {
  const title = view.type ? t(`typePlural.${view.type}`) : t('latest.title');
  const meta = listingMeta(
    { title, section: 'latest', feeds: feedLinks('', view.type ? title : site.name, view.type) },
    view.list,
  );
  return renderDocument(
    <Layout site={site} meta={meta}>
      <div class="page">
        <header class="page-header">
          <h1>{title}</h1>
        </header>
        <nav class="filters" aria-label={t('latest.filter')}>
          <ul class="chips">
            <li>
              <a href={paths.latest()} aria-current={view.type ? undefined : 'page'}>
                {t('latest.all')}
              </a>
            </li>
            {ARTICLE_TYPES.map((type) => (
              <li key={type}>
                <a
                  href={pagePath(paths.latest(), 1, { type })}
                  aria-current={view.type === type ? 'page' : undefined}
                >
                  {t(`typePlural.${type}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <ItemListing list={view.list} level={2} />
      </div>
    </Layout>,
  );
}

/**
 * "Subscribe to Mexico": by email through the subscriptions room's form, with the page's subject
 * ticked, and by feed where the page has one. A plain link, so it works without JavaScript.
 */
type SubjectSubscribeFeed = 'country.feed' | 'feed.link';

/** A country's, region's, topic's or case's way to follow it, its name marked in its own language. */
function SubjectSubscribe(props: {
  subject: { name: string; lang?: string; subscribeHref: string };
  feedHref: string;
  feedMessage: SubjectSubscribeFeed;
}) {
  const { name, lang } = props.subject;
  const named = (id: 'follow.heading' | 'follow.byEmail' | SubjectSubscribeFeed) => (
    <Message id={id} params={{ name }} langs={{ name: lang }} />
  );
  return (
    <SubscribeBlock
      heading={named('follow.heading')}
      byEmail={{ href: props.subject.subscribeHref, text: named('follow.byEmail') }}
      feed={{ href: props.feedHref, text: named(props.feedMessage) }}
    />
  );
}

function SubscribeBlock(props: {
  heading: ComponentChildren;
  byEmail: { href: string; text: ComponentChildren };
  feed?: { href: string; text: ComponentChildren };
}) {
  return (
    <section class="subscribe" aria-labelledby="subscribe-heading">
      <h2 id="subscribe-heading">{props.heading}</h2>
      <ul class="subscribe__ways">
        <li>
          <a href={props.byEmail.href}>{props.byEmail.text}</a>
        </li>
        {props.feed ? (
          <li>
            <a href={props.feed.href}>{props.feed.text}</a>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
