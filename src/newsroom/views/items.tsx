import { t } from '../../platform/i18n/index.js';
import type { SafeHtml } from '../../platform/text/markdown.js';
import { DateTime, Figure, Pager } from '../../platform/views/components.js';
import type { ItemList, ItemSummary, ListedCard } from '../models.js';

export function TypeLabel(props: { item: Pick<ItemSummary, 'type' | 'reference'> }) {
  return (
    <span class={`type-label type-label--${props.item.type}`}>
      {t(`type.${props.item.type}`)}
      {props.item.reference ? ` · ${props.item.reference}` : ''}
    </span>
  );
}

/** One dated item in a list, the way the country page shows it; stored as such (cards.tsx). */
export function ItemCard(props: { item: ItemSummary }) {
  const { item } = props;
  return (
    <article class={`item item--${item.type}`}>
      <div class="item__text">
        <p class="item__meta">
          <TypeLabel item={item} /> <DateTime iso={item.publishedAt} />
        </p>
        <h2 class="item__title">
          <a href={item.href}>{item.title}</a>
        </h2>
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

/**
 * The same card under an h2 section: its title becomes an h3. The card holds exactly one h2, its
 * title, and no text of an editor's can look like a tag (text is escaped).
 */
function atHeadingLevel(html: SafeHtml, level: 2 | 3): SafeHtml {
  if (level === 2) return html;
  return html
    .replace('<h2 class="item__title">', '<h3 class="item__title">')
    .replace('</h2>', '</h3>') as SafeHtml;
}

/** Stored cards in a list, their titles at this heading level. */
export function Cards(props: { cards: ListedCard[]; headingLevel?: 2 | 3; class?: string }) {
  const level = props.headingLevel ?? 2;
  return (
    <ol class={props.class ?? 'items'}>
      {props.cards.map((card) => (
        <li key={card.id} dangerouslySetInnerHTML={{ __html: atHeadingLevel(card.html, level) }} />
      ))}
    </ol>
  );
}

export function ItemListing(props: { list: ItemList; headingLevel?: 2 | 3 }) {
  const { list } = props;
  if (list.items.length === 0) return <p class="empty">{t('list.empty')}</p>;
  return (
    <>
      <Cards cards={list.items} headingLevel={props.headingLevel} />
      <Pager
        page={list.pagination.page}
        totalPages={list.pagination.totalPages}
        href={list.pagination.href}
      />
    </>
  );
}
