import type { ComponentChildren } from 'preact';
import { EARLY_SCRIPT } from '../http/security.js';
import { t } from '../i18n/index.js';
import { ShareTags } from './share.js';
import type { PageMeta, Site } from './site.js';

const MENU = [
  { href: '/latest', label: () => t('nav.latest'), section: 'latest' },
  { href: '/countries', label: () => t('nav.countries'), section: 'countries' },
  { href: '/regions', label: () => t('nav.regions'), section: 'regions' },
  { href: '/topics', label: () => t('nav.topics'), section: 'topics' },
  { href: '/cases', label: () => t('nav.cases'), section: 'cases' },
] as const;

/** The page shell: the site's header, menu and search, the page, and the footer. */
export function Layout(props: { site: Site; meta: PageMeta; children: ComponentChildren }) {
  const { site, meta } = props;
  const title = meta.title === site.name ? site.name : `${meta.title} | ${site.name}`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Before anything is drawn: see EARLY_SCRIPT. */}
        <script dangerouslySetInnerHTML={{ __html: EARLY_SCRIPT }} />
        <title>{title}</title>
        {meta.description ? <meta name="description" content={meta.description} /> : null}
        {meta.canonical ? <link rel="canonical" href={site.publicUrl + meta.canonical} /> : null}
        {meta.noindex ? <meta name="robots" content="noindex" /> : null}
        <IconLinks site={site} />
        <link rel="stylesheet" href={site.assets.css} />
        {(meta.feeds ?? [{ href: '/feed.xml', type: 'application/rss+xml', title: t('footer.feeds') }]).map(
          (feed) => (
            <link
              key={feed.href}
              rel="alternate"
              type={feed.type}
              title={feed.title}
              href={site.publicUrl + feed.href}
            />
          ),
        )}
        <script src={site.assets.js} defer />
        <ShareTags site={site} meta={meta} />
        {meta.head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t('site.skip')}
        </a>
        <header class="site-header">
          <HeaderContent site={site} meta={meta} />
        </header>
        <main id="main" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <FooterContent site={site} />
        </footer>
      </body>
    </html>
  );
}

/**
 * The icon: the hashed SVG for browsers that draw it at any size, and /favicon.ico (a 32 px PNG
 * inside) for those that do not read SVG icons. Named in the head so no browser guesses.
 */
export function IconLinks(props: { site: Site }) {
  return (
    <>
      <link rel="icon" href="/favicon.ico" sizes="32x32" />
      <link rel="icon" href={props.site.assets.icon} type="image/svg+xml" />
    </>
  );
}

function HeaderContent(props: { site: Site; meta: PageMeta }) {
  const { site, meta } = props;
  return (
    <>
      <div class="site-header__bar">
        <a class="brand" href="/">
          {site.name}
        </a>
        <button class="menu-toggle" type="button" aria-expanded="true" aria-controls="main-menu" hidden>
          {t('nav.toggle')}
        </button>
      </div>
      <nav id="main-menu" class="main-menu" aria-label={t('nav.label')}>
        <ul>
          {MENU.map((item) => (
            <li key={item.href}>
              <a href={item.href} aria-current={meta.section === item.section ? 'page' : undefined}>
                {item.label()}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <SearchForm query={meta.query} id="site-search" />
    </>
  );
}

function FooterContent(props: { site: Site }) {
  const { site } = props;
  return (
    <>
      <p>{t('footer.about', { site: site.name })}</p>
      <ul class="site-footer__links">
        <li>
          {/* The page with the feeds' addresses, which reads the same in every browser. */}
          <a href="/feeds">{t('footer.feeds')}</a>
        </li>
        <li>
          <a href="/countries">{t('nav.countries')}</a>
        </li>
        <li>
          <a href="/topics">{t('nav.topics')}</a>
        </li>
      </ul>
      <p class="site-footer__small">{t('footer.poweredBy')}</p>
    </>
  );
}

/** Two search forms on one page need different landmark names: pass `label` for the second. */
export function SearchForm(props: { query?: string; id: string; label?: string }) {
  return (
    <form class="search-form" role="search" action="/search" method="get" aria-label={props.label}>
      <label class="visually-hidden" for={props.id}>
        {t('search.label')}
      </label>
      <input
        id={props.id}
        type="search"
        name="q"
        value={props.query ?? ''}
        placeholder={t('search.placeholder')}
        autocomplete="off"
        maxLength={200}
      />
      <button type="submit">{t('search.submit')}</button>
    </form>
  );
}
