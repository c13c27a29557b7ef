import { langIfOther, languageName, t } from '../../platform/i18n/index.js';
import { DateTime, Figure, Pager } from '../../platform/views/components.js';
import { Prerendered, type Rendered, renderPart } from '../../platform/views/render.js';
import {
  CONTENT_LANGUAGE,
  type ItemHtml,
  type ItemLevel,
  type ItemList,
  type ItemSummary,
  type ListedItem,
  type ShownItem,
} from '../models.js';

export { CONTENT_LANGUAGE };

export function TypeLabel(props: { item: Pick<ItemSummary, 'type' | 'reference'> }) {
  return (
    <span class={`type-label type-label--${props.item.type}`}>
      {t(`type.${props.item.type}`)}
      {props.item.reference ? ` · ${props.item.reference}` : ''}
    </span>
  );
}

/** What an item says in a list: its type, date, title, summary and places; its title under a heading of `level`. */
function ItemText(props: { item: ItemSummary; level: ItemLevel }) {
  const { item } = props;
  const Title = props.level === 2 ? 'h2' : 'h3';
  // An item in another language than the page's (an original with no translation) says so.
  const lang = langIfOther(item.language ?? CONTENT_LANGUAGE);
  return (
    <>
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
    </>
  );
}

const NOTHING = '' as Rendered;

/**
 * An item's HTML in its two parts, rendered the first time a page shows the item at this level
 * and kept with the listed item, which listed-items.ts keeps until a content key it was made
 * from is purged: what the parts are made from is the listed item, the level and the page's
 * language (the cache's key), and this code.
 */
function htmlOf(listed: ListedItem, level: ItemLevel): ItemHtml {
  let parts = listed.html[level];
  if (!parts) {
    const { image } = listed.summary;
    parts = {
      text: renderPart(<ItemText item={listed.summary} level={level} />),
      figure: image
        ? renderPart(
            <Figure image={image} sizes="(min-width: 60em) 22em, 100vw" class="figure item__figure" />,
          )
        : NOTHING,
    };
    listed.html[level] = parts;
  }
  return parts;
}

/** One dated item in a list, the way the country page shows it, with what another room adds to it. */
export function ItemCard(props: { item: ShownItem; level: ItemLevel }) {
  const { listed, extra } = props.item;
  const parts = htmlOf(listed, props.level);
  return (
    <article class={`item item--${listed.summary.type}`}>
      <div class="item__text">
        <Prerendered html={parts.text} />
        {extra ?? null}
      </div>
      <Prerendered html={parts.figure} />
    </article>
  );
}

/** A list of items, each under a heading of `level`. */
export function Items(props: { items: readonly ShownItem[]; level: ItemLevel; class?: string }) {
  return (
    <ol class={props.class ?? 'items'}>
      {props.items.map((item) => (
        <li key={item.listed.summary.id}>
          <ItemCard item={item} level={props.level} />
        </li>
      ))}
    </ol>
  );
}

/** A page of a listing: its items and the pager. */
export function ItemListing(props: { list: ItemList; level: ItemLevel }) {
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
