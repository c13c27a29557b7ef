import { langIfOther, languageName, t } from '../../platform/i18n/index.js';
import { DateTime, Figure, Pager } from '../../platform/views/components.js';
import { CONTENT_LANGUAGE, type ItemList, type ItemSummary } from '../models.js';

export { CONTENT_LANGUAGE };

export function TypeLabel(props: { item: Pick<ItemSummary, 'type' | 'reference'> }) {
  return (
    <span class={`type-label type-label--${props.item.type}`}>
      {t(`type.${props.item.type}`)}
      {props.item.reference ? ` · ${props.item.reference}` : ''}
    </span>
  );
}

/** One dated item in a list, the way the country page shows it; its title under a heading of `level`. */
export function ItemCard(props: { item: ItemSummary; level: 2 | 3 }) {
  const { item } = props;
  const Title = props.level === 2 ? 'h2' : 'h3';
  // An item in another language than the page's (an original with no translation) says so.
  const lang = langIfOther(item.language ?? CONTENT_LANGUAGE);
  return (
    <article class={`item item--${item.type}`}>
      <div class="item__text">
        <p class="item__meta">
          <TypeLabel item={item} /> <DateTime iso={item.publishedAt} />
          {lang ? <span class="item__language"> · {languageName(lang)}</span> : null}
        </p>
        <Title class="item__title" lang={lang}>
          <a href={item.href}>{item.title}</a>
        </Title>
        {item.summary ? (
          <p class="item__summary" lang={lang}>
            {item.summary}
          </p>
        ) : null}
        {item.countries.length > 0 ? (
          <p class="item__places">
            {item.countries.map((c, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a href={c.href} lang={c.lang}>
                  {c.name}
                </a>
              </>
            ))}
          </p>
        ) : null}
        {item.extra ?? null}
      </div>
      {item.image ? (
        <Figure image={item.image} sizes="(min-width: 60em) 22em, 100vw" class="figure item__figure" />
      ) : null}
    </article>
  );
}

/** A list of items, each under a heading of `level`. */
export function Items(props: { items: readonly ItemSummary[]; level: 2 | 3; class?: string }) {
  return (
    <ol class={props.class ?? 'items'}>
      {props.items.map((item) => (
        <li key={item.id}>
          <ItemCard item={item} level={props.level} />
        </li>
      ))}
    </ol>
  );
}

/** A page of a listing: its items and the pager. */
export function ItemListing(props: { list: ItemList; level: 2 | 3 }) {
  const { list } = props;
  if (list.items.length === 0) return <p class="empty">{t('list.empty')}</p>;
  return (
    <>
      <Items items={list.items} level={props.level} />
      <Pager
        page={list.pagination.page}
        totalPages={list.pagination.totalPages}
        href={list.pagination.href}
      />
    </>
  );
}
