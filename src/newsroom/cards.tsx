import { createHash } from 'node:crypto';
import { imageView } from '../media/index.js';
import { ClockCache } from '../platform/cache/clock.js';
import type { Db } from '../platform/db/index.js';
import type { SafeHtml } from '../platform/text/markdown.js';
import { serialize } from '../platform/views/serialize.js';
import { digestOf } from '../platform/views/slots.js';
import type { ItemSummary, ListedCard } from './models.js';
import { paths } from './paths.js';
import * as q from './queries.js';
import { ItemCard } from './views/items.js';

/*
 * The card read model: a listing shows each item's card as HTML stored with the article
 * (migration 007), rendered here the first time it is listed after any change to what it shows.
 * Rendering twelve cards from their articles, pictures and countries was most of the cost of a
 * country page; reading twelve stored cards is a fraction of it.
 */

export function summaryOfCard(row: q.CardRow): ItemSummary {
  return {
    id: row.id,
    type: row.type,
    href: paths.article(row.slug),
    title: row.title,
    summary: row.summary,
    location: row.location,
    reference: row.reference,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    image: row.image ? imageView(row.image) : null,
    countries: row.countries.map((c) => ({ href: paths.country(c.slug), name: c.name })),
  };
}

/** A card as stored: at heading level 2 (see atHeadingLevel). */
export function renderCard(item: ItemSummary): SafeHtml {
  return serialize(<ItemCard item={item} />) as SafeHtml;
}

/** Built when first needed: this module loads while the media module may still be loading. */
const samples = (): ItemSummary[] => [
  {
    id: 1,
    type: 'urgent-action',
    href: '/articles/sample',
    title: 'Sample "title" & <text>',
    summary: 'A summary.',
    location: 'A place',
    reference: 'UA 1/20',
    publishedAt: '2020-01-02T03:04:05.000Z',
    updatedAt: '2020-01-02T03:04:05.000Z',
    image: imageView({
      storage_key: 'sample',
      width: 1600,
      height: 900,
      variant_widths: '480,960,1600',
      avif_widths: '480,960',
      alt: 'Alt',
      caption: 'Caption',
      credit: 'Credit',
    }),
    countries: [
      { href: '/countries/a', name: 'A' },
      { href: '/countries/b', name: 'B' },
    ],
  },
  {
    id: 2,
    type: 'news',
    href: '/articles/other',
    title: 'Other',
    summary: '',
    location: '',
    reference: '',
    publishedAt: '2021-12-31T23:59:59.000Z',
    updatedAt: '2021-12-31T23:59:59.000Z',
    image: null,
    countries: [],
  },
];

let renderer: string | undefined;

/**
 * Names the card renderer by what it makes of sample items, so that a change to the card's markup,
 * its wording or its date format re-renders every stored card without anyone remembering to.
 */
export function rendererId(): string {
  renderer ??= createHash('sha1')
    .update(samples().map(renderCard).join('\n'))
    .digest('base64url')
    .slice(0, 16);
  return renderer;
}

/** How many cards' bytes a process keeps: the newest items' cards, ~1.3 KB each. */
const KEPT_CARDS = 2000;

/** A card as a listing shows it, with the generation it was stored for. */
interface KeptCard extends ListedCard {
  generation: number;
  digest: Buffer;
}

/**
 * The bytes of stored cards this process has read, by article and the generation they were made
 * for. The database stays the authority: a listing reads each item's card generation, and a kept
 * card is used only while the database names the same generation (any change to what a card
 * shows raises it, migration 007). Kept per database, as tests open several in one process.
 */
const keptCards = new WeakMap<Db, ClockCache<number, KeptCard>>();

function keptCardsOf(db: Db) {
  let kept = keptCards.get(db);
  if (!kept) {
    kept = new ClockCache(KEPT_CARDS);
    keptCards.set(db, kept);
  }
  return kept;
}

/** One page of a listing as cards, the stored ones where current and the others rendered now. */
export async function listedCards(
  db: Db,
  filter: q.ItemFilter,
  limit: number,
  offset: number,
  onStoreError: (error: unknown) => void = () => {},
): Promise<{ total: number; cards: ListedCard[] }> {
  const current = rendererId();
  const kept = keptCardsOf(db);
  const { total, rows } = await q.listCardPage(db, filter, limit, offset, current);
  const found = new Map<number, KeptCard>();
  const unread: number[] = [];
  for (const row of rows) {
    if (!row.current) continue;
    const card = kept.get(row.id);
    if (card && card.generation === row.generation) found.set(row.id, card);
    else unread.push(row.id);
  }
  // Stored by another process, or by this one before it let them go.
  for (const stored of await q.cardBytes(db, unread, current)) {
    const card = {
      id: stored.id,
      generation: stored.generation,
      html: stored.html,
      digest: digestOf(stored.html),
    };
    kept.set(stored.id, card);
    found.set(stored.id, card);
  }
  const stale = rows.filter((r) => !found.has(r.id));
  const fresh =
    stale.length > 0 ? await renderStale(db, stale, current, onStoreError) : new Map<number, Buffer>();
  return {
    total,
    // An item deleted between the reads drops out of this page.
    cards: rows.flatMap((r) => {
      const card = found.get(r.id);
      if (card) return [card];
      const html = fresh.get(r.id);
      return html ? [{ id: r.id, html }] : [];
    }),
  };
}

/** Renders and stores the cards that have none current; returns their bytes by item. */
async function renderStale(
  db: Db,
  stale: q.ListedCardRow[],
  renderer: string,
  onStoreError: (error: unknown) => void,
): Promise<Map<number, Buffer>> {
  const bytes = new Map<number, Buffer>();
  for (const row of await q.cardsByIds(
    db,
    stale.map((r) => r.id),
  )) {
    bytes.set(row.id, Buffer.from(renderCard(summaryOfCard(row))));
  }
  const made = stale.flatMap((r) => {
    const html = bytes.get(r.id);
    return html ? [{ id: r.id, generation: r.generation, renderer, html }] : [];
  });
  try {
    await q.storeCards(db, made);
  } catch (error) {
    // The page is served all the same; the cards are rendered again on the next visit.
    onStoreError(error);
  }
  // Not kept here: a store can be dropped (the content changed meanwhile, or another process
  // stored first), so what is kept is only ever what a later listing reads back.
  return bytes;
}
