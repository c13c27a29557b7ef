import { t } from '../../platform/i18n/index.js';
import { DateTime, Figure, Pager } from '../../platform/views/components.js';
import { digestOf, type Piece, type Slots } from '../../platform/views/slots.js';
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

const H2 = Buffer.from('<h2 class="item__title">');
const H3 = Buffer.from('<h3 class="item__title">');
const H2_END = Buffer.from('</h2>');
const H3_END = Buffer.from('</h3>');

/**
 * The same card under an h2 section: its title becomes an h3. The card holds exactly one h2, its
 * title, and no text of an editor's can look like a tag (text is escaped).
 */
function atHeadingLevel(card: Buffer, level: 2 | 3): Buffer {
  if (level === 2) return card;
  const open = card.indexOf(H2);
  const close = card.indexOf(H2_END, open);
  if (open < 0 || close < 0) return card;
  const out = Buffer.from(card);
  H3.copy(out, open);
  H3_END.copy(out, close);
  return out;
}

/**
 * The bytes of stored cards, their titles at this heading level: the parameters of a listing's
 * frame (see framedPage), in the order Cards places them.
 */
export function cardPieces(cards: readonly ListedCard[], level: 2 | 3): Piece[] {
  return cards.map((card) => {
    if (level === 2) return { bytes: card.html, digest: card.digest };
    // A card the process keeps (it has a digest) keeps its copy at level 3 too, with its own.
    if (!card.digest) return { bytes: atHeadingLevel(card.html, level) };
    if (!card.h3) {
      const bytes = atHeadingLevel(card.html, level);
      card.h3 = { bytes, digest: digestOf(bytes) };
    }
    return card.h3;
  });
}

/** A list of `count` stored cards: parameters 0 to count - 1 of the page's frame. */
export function Cards(props: { count: number; slots: Slots; class?: string }) {
  const places = [];
  for (let i = 0; i < props.count; i++) {
    places.push(<li key={i} dangerouslySetInnerHTML={{ __html: props.slots.param(i) }} />);
  }
  return <ol class={props.class ?? 'items'}>{places}</ol>;
}

/** A page of a listing: its cards (see Cards) and the pager. */
export function ItemListing(props: { list: ItemList; slots: Slots }) {
  const { list } = props;
  if (list.items.length === 0) return <p class="empty">{t('list.empty')}</p>;
  return (
    <>
      <Cards count={list.items.length} slots={props.slots} />
      <Pager
        page={list.pagination.page}
        totalPages={list.pagination.totalPages}
        href={list.pagination.href}
      />
    </>
  );
}
