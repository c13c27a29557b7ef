import { paths, TypeLabel } from '../newsroom/index.js';
import { langIfOther, t } from '../platform/i18n/index.js';
import { DateTime, Pager } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { renderDocument } from '../platform/views/render.js';
import type { Site } from '../platform/views/site.js';
import {
  type FacetGroup,
  PAGE_SIZE,
  type SearchResult,
  type SearchView,
  type Segment,
  searchHref,
} from './service.js';

function Snippet(props: { segments: Segment[] }) {
  return (
    <>
      {props.segments.map((s, i) =>
        s.match ? <mark key={`${i}`}>{s.text}</mark> : <span key={`${i}`}>{s.text}</span>,
      )}
    </>
  );
}

function Result(props: { result: SearchResult }) {
  const r = props.result;
  // An item in another language than the page's (English on a French page) is marked as such.
  const lang = langIfOther(r.language ?? 'en');
  return (
    <article class={`item item--${r.type}`}>
      <div class="item__text">
        <p class="item__meta">
          <TypeLabel item={r} /> <DateTime iso={r.publishedAt} />
        </p>
        <h3 class="item__title" lang={lang}>
          <a href={r.href}>{r.title}</a>
        </h3>
        {r.snippet.length > 0 ? (
          <p class="item__summary search-result__snippet" lang={lang}>
            <Snippet segments={r.snippet} />
          </p>
        ) : null}
        {r.countries.length > 0 ? (
          <p class="item__places">
            {r.countries.map((c, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a href={c.href}>{c.name}</a>
              </>
            ))}
          </p>
        ) : null}
      </div>
    </article>
  );
}

function FacetLinks(props: { group: FacetGroup; view: SearchView }) {
  const { group, view } = props;
  const id = `facet-${group.facet}`;
  const hrefOf = (value: string, selected: boolean) => {
    if (group.facet === 'year') {
      return selected
        ? view.href({ from: undefined, to: undefined })
        : view.href({ from: `${value}-01-01`, to: `${value}-12-31` });
    }
    return view.href({ [group.facet]: selected ? undefined : value });
  };
  return (
    <div class="filters search-facet">
      <h3 id={id}>{t(`search.facet.${group.facet}`)}</h3>
      <ul class="chips" aria-labelledby={id}>
        {group.values.map((v) => (
          <li key={v.value}>
            <a href={hrefOf(v.value, v.selected)} aria-current={v.selected ? 'true' : undefined}>
              {t('search.valueCount', { label: v.label, count: v.count })}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function DateForm(props: { view: SearchView }) {
  const r = props.view.request;
  const keep = ['type', 'country', 'region', 'topic', 'case'] as const;
  return (
    <form class="filters search-dates" method="get" action={paths.search()}>
      <input type="hidden" name="q" value={r.q} />
      {keep.map((k) => (r[k] ? <input key={k} type="hidden" name={k} value={r[k]} /> : null))}
      {r.sort !== 'relevance' ? <input type="hidden" name="sort" value={r.sort} /> : null}
      <fieldset>
        <legend>{t('search.dates')}</legend>
        <label for="search-from">{t('search.from')}</label>{' '}
        <input
          id="search-from"
          type="date"
          name="from"
          value={r.from ?? ''}
          min="1900-01-01"
          max="2999-12-31"
        />{' '}
        <label for="search-to">{t('search.to')}</label>{' '}
        <input id="search-to" type="date" name="to" value={r.to ?? ''} min="1900-01-01" max="2999-12-31" />{' '}
        <button type="submit">{t('search.applyDates')}</button>
      </fieldset>
    </form>
  );
}

function EmptyState(props: { view: SearchView }) {
  const { view } = props;
  return (
    <section class="search-empty" aria-labelledby="empty-heading">
      <h2 id="empty-heading">{t('search.empty', { q: view.query })}</h2>
      <ul>
        <li>{t('search.empty.spelling')}</li>
        <li>{t('search.empty.accents')}</li>
        {view.active.length > 0 ? <li>{t('search.empty.filters')}</li> : null}
        <li>{t('search.tips')}</li>
      </ul>
      <p>
        <a href={paths.countries()}>{t('nav.countries')}</a> · <a href={paths.topics()}>{t('nav.topics')}</a>{' '}
        · <a href={paths.cases()}>{t('nav.cases')}</a> · <a href={paths.latest()}>{t('nav.latest')}</a>
      </p>
    </section>
  );
}

export function searchPage(site: Site, view: SearchView): string {
  const q = view.query;
  const baseTitle = q ? t('search.titleFor', { q }) : t('search.title');
  const title = view.page > 1 ? `${baseTitle} (${t('search.pageOf', { n: view.page })})` : baseTitle;
  const countText = t('search.count', { count: view.total, q });
  return renderDocument(
    <Layout
      site={site}
      meta={{
        title,
        noindex: true,
        query: view.request.q,
        // Not indexed, so no canonical link; a shared search still gets a card, for this search.
        share: { url: searchHref(paths.search(), view.request) },
      }}
    >
      <div class="page search">
        <header class="page-header">
          <h1>{q ? baseTitle : t('search.title')}</h1>
          {q && view.total > 0 ? (
            <p class="page-header__sub">
              {view.approximate && view.didYouMean
                ? t('search.count', { count: view.total, q: view.didYouMean })
                : countText}
            </p>
          ) : null}
        </header>

        {!q ? (
          <>
            <p>{t('search.prompt')}</p>
            <p>{t('search.tips')}</p>
          </>
        ) : null}

        {view.approximate && view.didYouMean ? (
          <p class="search-notice">
            {t('search.approximate', { q, suggestion: view.didYouMean })}{' '}
            <span>
              {t('search.didYouMean')} <a href={view.href({ q: view.didYouMean })}>{view.didYouMean}</a>?
            </span>
          </p>
        ) : null}

        {view.active.length > 0 ? (
          <nav class="filters" aria-label={t('search.active')}>
            <ul class="chips">
              {view.active.map((a) => (
                <li key={a.facet}>
                  <a href={a.removeHref} aria-label={t('search.remove', { label: a.label })}>
                    {a.facet === 'from'
                      ? t('search.activeFrom', { date: a.label })
                      : a.facet === 'to'
                        ? t('search.activeTo', { date: a.label })
                        : a.label}{' '}
                    <span aria-hidden="true">×</span>
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}

        {q && view.total === 0 ? <EmptyState view={view} /> : null}

        {view.total > 0 ? (
          <>
            <nav class="filters search-sort" aria-label={t('search.sort')}>
              <ul class="chips">
                {(['relevance', 'newest'] as const).map((sort) => (
                  <li key={sort}>
                    <a
                      href={view.href({ sort })}
                      aria-current={view.request.sort === sort ? 'true' : undefined}
                    >
                      {t(`search.sort.${sort}`)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <section aria-labelledby="results-heading">
              <h2 id="results-heading" class="visually-hidden">
                {t('search.results')}
              </h2>
              <ol class="items search-results" start={(view.page - 1) * PAGE_SIZE + 1}>
                {view.results.map((r) => (
                  <li key={r.id}>
                    <Result result={r} />
                  </li>
                ))}
              </ol>
              <Pager page={view.page} totalPages={view.totalPages} href={(n) => view.href({ page: n })} />
            </section>
          </>
        ) : null}

        {q && (view.total > 0 || view.active.length > 0) ? (
          <section class="search-refine" aria-labelledby="refine-heading">
            <h2 id="refine-heading">{t('search.refine')}</h2>
            {view.facetsSampled ? (
              <p class="search-refine__note">
                {t('search.facetsSampled', { count: view.facetsSampled.toLocaleString('en') })}
              </p>
            ) : null}
            {view.facets.map((g) => (
              <FacetLinks key={g.facet} group={g} view={view} />
            ))}
            <DateForm view={view} />
          </section>
        ) : null}
      </div>
    </Layout>,
  );
}
