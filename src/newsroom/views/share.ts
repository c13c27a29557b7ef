import type { ImageView } from '../../media/index.js';
import type { ShareImage } from '../../platform/views/share.js';
import type { ItemSummary, ShownItem } from '../models.js';

/** A picture's share copy (the 1200 × 630 JPEG media makes), described by the picture's alt text. */
export function shareImageOf(image: ImageView | null): ShareImage | null {
  return image ? { src: image.share, alt: image.alt } : null;
}

/**
 * The picture a listing page (country, region, topic, case timeline) is shared with: that of its
 * newest item that has one, among the items the page shows, so the card changes with the page and
 * the content keys the page already declares cover it. Null when none has a picture.
 */
export function newestPicture(items: readonly ShownItem[]): ShareImage | null {
  let newest: ItemSummary | null = null;
  for (const { listed } of items) {
    const item = listed.summary;
    if (item.image && (!newest || item.publishedAt > newest.publishedAt)) newest = item;
  }
  return shareImageOf(newest?.image ?? null);
}
