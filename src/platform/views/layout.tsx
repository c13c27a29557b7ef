import type { ComponentChildren } from 'preact';
import { EARLY_SCRIPT } from '../http/security.js';
import { currentScope } from '../i18n/context.js';
import {
  currentLanguage,
  DEFAULT_LANGUAGE,
  LANGUAGES,
  type Language,
  localizePath,
  NATIVE_NAMES,
  routeOf,
  t,
} from '../i18n/index.js';
import { ShareTags } from './share.js';
import type { PageMeta, Site } from './site.js';

/** Addresses in route form (English); the layout shows them in the reader's language. */
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
  const language = currentLanguage();
  return (
    <html lang={language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {/* Before anything is drawn: see EARLY_SCRIPT. */}
        <script dangerouslySetInnerHTML={{ __html: EARLY_SCRIPT }} />
        <title>{title}</title>
        {meta.description ? <meta name="description" content={meta.description} /> : null}
        {meta.canonical ? <link rel="canonical" href={site.publicUrl + meta.canonical} /> : null}
        {meta.noindex ? <meta name="robots" content="noindex" /> : null}
        {meta.canonical && !meta.noindex ? (
          <Alternates site={site} canonical={meta.canonical} own={meta.alternates} />
        ) : null}
        <IconLinks site={site} />
        <link rel="stylesheet" href={site.assets.css} />
        {(
          meta.feeds ?? [
            {
              href: localizePath('/feed.xml', language),
              type: 'application/rss+xml',
              title: t('footer.feeds'),
            },
          ]
        ).map((feed) => (
          <link
            key={feed.href}
            rel="alternate"
            type={feed.type}
            title={feed.title}
            href={site.publicUrl + feed.href}
          />
        ))}
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
 * The page's address in every language (`hreflang`), each naming all the others and itself, so
 * the pairs are reciprocal; x-default is the English one, at the root.
 */
export function alternatesOf(
  address: string,
  own?: Readonly<Record<string, string | null>>,
): Array<{ language: Language; path: string }> {
  const route = routeOf(address);
  if (!route) return [];
  // A language the page has no counterpart in (null) is left out.
  return LANGUAGES.filter((language) => own?.[language] !== null).map((language) => {
    const mine = own?.[language];
    return {
      language,
      path: localizePath((mine && routeOf(mine)?.address) || route.address, language),
    };
  });
}

function Alternates(props: { site: Site; canonical: string; own?: Readonly<Record<string, string | null>> }) {
  const alternates = alternatesOf(props.canonical, props.own);
  // x-default is the site's first language's page, when there is one.
  const fallback = alternates.find((a) => a.language === DEFAULT_LANGUAGE);
  return (
    <>
      {alternates.map((a) => (
        <link key={a.language} rel="alternate" hreflang={a.language} href={props.site.publicUrl + a.path} />
      ))}
      {fallback ? (
        <link rel="alternate" hreflang="x-default" href={props.site.publicUrl + fallback.path} />
      ) : null}
    </>
  );
}

/**
 * Where the switch leads from a page that has no counterpart in the language chosen: that
 * language's home, told to say so (the newsroom's home reads `untranslated`, a page of its own in
 * the page cache).
 */
export const UNTRANSLATED_HOME = '/?untranslated=1';

/**
 * The way to this page in the other languages: through /language, which remembers the choice (for
 * the pages whose address names no language) and leads to the page's counterpart. The page's own
 * address is its canonical one, or the one it was asked by.
 */
export function LanguageSwitch(props: { canonical?: string; own?: Readonly<Record<string, string | null>> }) {
  const here = props.canonical ?? currentScope()?.address ?? '/';
  const language = currentLanguage();
  return (
    <ul class="language-switch" aria-label={t('language.switch')}>
      {LANGUAGES.filter((l) => l !== language).map((l) => (
        <li key={l}>
          <a
            href={`/language?to=${l}&from=${encodeURIComponent(props.own?.[l] === null ? UNTRANSLATED_HOME : (props.own?.[l] ?? here))}`}
            lang={l}
            hreflang={l}
          >
            {NATIVE_NAMES[l]}
          </a>
        </li>
      ))}
    </ul>
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
  const language = currentLanguage();
  return (
    <>
      <div class="site-header__bar">
        <a class="brand" href={localizePath('/', language)}>
          {site.name}
        </a>
        <LanguageSwitch canonical={meta.canonical} own={meta.alternates} />
        <button class="menu-toggle" type="button" aria-expanded="true" aria-controls="main-menu" hidden>
          {t('nav.toggle')}
        </button>
      </div>
      <nav id="main-menu" class="main-menu" aria-label={t('nav.label')}>
        <ul>
          {MENU.map((item) => (
            <li key={item.href}>
              <a
                href={localizePath(item.href, language)}
                aria-current={meta.section === item.section ? 'page' : undefined}
              >
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
  const language = currentLanguage();
  return (
    <>
      <p>{t('footer.about', { site: site.name })}</p>
      <ul class="site-footer__links">
        <li>
          {/* The page with the feeds' addresses, which reads the same in every browser. */}
          <a href={localizePath('/feeds', language)}>{t('footer.feeds')}</a>
        </li>
        <li>
          <a href={localizePath('/countries', language)}>{t('nav.countries')}</a>
        </li>
        <li>
          <a href={localizePath('/topics', language)}>{t('nav.topics')}</a>
        </li>
      </ul>
      <p class="site-footer__small">{t('footer.poweredBy')}</p>
    </>
  );
}

/** Two search forms on one page need different landmark names: pass `label` for the second. */
export function SearchForm(props: { query?: string; id: string; label?: string }) {
  return (
    <form
      class="search-form"
      role="search"
      action={localizePath('/search', currentLanguage())}
      method="get"
      aria-label={props.label}
    >
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
