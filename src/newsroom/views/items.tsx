import { t } from '../../platform/i18n/index.js';
import { DateTime, Figure, Pager } from '../../platform/views/components.js';
import type { ItemList, ItemSummary } from '../models.js';

export function TypeLabel(props: { item: Pick<ItemSummary, 'type' | 'reference'> }) {
  return (
    <span class={`type-label type-label--${props.item.type}`}>
      {t(`type.${props.item.type}`)}
      {props.item.reference ? ` · ${props.item.reference}` : ''}
    </span>
  );
}

/** One dated item in a list, the way the country page shows it. */
export function ItemCard(props: { item: ItemSummary; headingLevel?: 2 | 3 }) {
  const { item } = props;
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <article class={`item item--${item.type}`}>
      <div class="item__text">
        <p class="item__meta">
          <TypeLabel item={item} /> <DateTime iso={item.publishedAt} />
        </p>
        <Heading class="item__title">
          <a href={item.href}>{item.title}</a>
        </Heading>
        {item.summary ? <p class="item__summary">{item.summary}</p> : null}
        {item.countries.length > 0 ? (
          <p class="item__places">
            {item.countries.map((c, i) => (
              <>
                {i > 0 ? ', ' : ''}
                <a href={c.href}>{c.name}</a>
              </>
            ))}
          </p>
        ) : null}
      </div>
      {item.image ? (
        <Figure image={item.image} sizes="(min-width: 60em) 22em, 100vw" class="figure item__figure" />
      ) : null}
    </article>
  );
}

export function ItemListing(props: { list: ItemList; headingLevel?: 2 | 3 }) {
  const { list } = props;
  if (list.items.length === 0) return <p class="empty">{t('list.empty')}</p>;
  return (
    <>
      <ol class="items">
        {list.items.map((item) => (
          <li key={item.id}>
            <ItemCard item={item} headingLevel={props.headingLevel} />
          </li>
        ))}
      </ol>
      <Pager
        page={list.pagination.page}
        totalPages={list.pagination.totalPages}
        href={list.pagination.href}
      />
    </>
  );
}
