import { createHash } from 'node:crypto';
import { imageView } from '../media/index.js';
import type { Db } from '../platform/db/index.js';
import type { SafeHtml } from '../platform/text/markdown.js';
import { serialize } from '../platform/views/serialize.js';
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

/** One page of a listing as cards, the stored ones where current and the others rendered now. */
export async function listedCards(
  db: Db,
  filter: q.ItemFilter,
  limit: number,
  offset: number,
  onStoreError: (error: unknown) => void = () => {},
): Promise<{ total: number; cards: ListedCard[] }> {
  const current = rendererId();
  const { total, rows } = await q.listCardPage(db, filter, limit, offset, current);
  const stale = rows.filter((r) => r.html === null);
  if (stale.length === 0) {
    return { total, cards: rows.map((r) => ({ id: r.id, html: r.html as Buffer })) };
  }
  const fresh = new Map<number, Buffer>();
  for (const row of await q.cardsByIds(
    db,
    stale.map((r) => r.id),
  )) {
    fresh.set(row.id, Buffer.from(renderCard(summaryOfCard(row))));
  }
  try {
    await q.storeCards(
      db,
      stale.flatMap((r) => {
        const html = fresh.get(r.id);
        return html ? [{ id: r.id, generation: r.generation, renderer: current, html }] : [];
      }),
    );
  } catch (error) {
    // The page is served all the same; the cards are rendered again on the next visit.
    onStoreError(error);
  }
  return {
    total,
    // An item deleted between the two reads drops out of this page.
    cards: rows.flatMap((r) => {
      const html = fresh.get(r.id) ?? r.html;
      return html ? [{ id: r.id, html }] : [];
    }),
  };
}
