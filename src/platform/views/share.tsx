import { t } from '../i18n/index.js';
import type { PageMeta, Site } from './site.js';

/**
 * The size of every share image: the 1.91 : 1 landscape that Facebook, LinkedIn, Bluesky and X
 * all show uncropped as a large card. Media makes its share copies at exactly this size, and the
 * site's default image has it too, so the tags can always state it.
 */
export const SHARE_IMAGE_SIZE = { width: 1200, height: 630 } as const;

/** A picture for share cards: a JPEG of SHARE_IMAGE_SIZE (not every crawler reads WebP). */
export interface ShareImage {
  /** Path on this site ("/media/…-share.jpg"); the tags make it absolute. */
  src: string;
  alt: string;
}

/** What a page says about itself to the crawlers that draw link previews. */
export interface ShareMeta {
  /** `article` for a dated item; every other page is a `website`. */
  type?: 'article' | 'website';
  /** The page's own picture; without one the site's default image is shown as a small card. */
  image?: ShareImage | null;
  /** Path of the shared address when the page has no canonical link (search results). */
  url?: string;
}

/** One tag: Open Graph names go in `property`, Twitter's in `name`, as each consumer reads them. */
export interface ShareTag {
  attribute: 'property' | 'name';
  key: string;
  content: string;
}

/**
 * The Open Graph and Twitter card tags of a page, from its meta, or none for a page that has no
 * address of its own to share (error pages). Every address is absolute, built from PUBLIC_URL:
 * crawlers resolve nothing. A page without a picture of its own still gets an image (the site's
 * default, so the card is never blank) but asks for the small `summary` card, since the default
 * says nothing about the page.
 */
export function shareTags(site: Site, meta: PageMeta): ShareTag[] {
  const path = meta.share?.url ?? meta.canonical;
  if (path === undefined) return [];
  const own = meta.share?.image ?? null;
  const image = own ?? { src: site.assets.shareImage, alt: t('share.defaultAlt', { site: site.name }) };
  const description = meta.description || t('site.tagline');
  const og = (key: string, content: string): ShareTag => ({ attribute: 'property', key, content });
  const tw = (key: string, content: string): ShareTag => ({ attribute: 'name', key, content });
  const imageUrl = absolute(site, image.src);
  return [
    og('og:type', meta.share?.type ?? 'website'),
    og('og:site_name', site.name),
    og('og:title', meta.title),
    og('og:description', description),
    og('og:url', absolute(site, path)),
    og('og:image', imageUrl),
    og('og:image:type', 'image/jpeg'),
    og('og:image:width', String(SHARE_IMAGE_SIZE.width)),
    og('og:image:height', String(SHARE_IMAGE_SIZE.height)),
    og('og:image:alt', image.alt),
    tw('twitter:card', own ? 'summary_large_image' : 'summary'),
    tw('twitter:title', meta.title),
    tw('twitter:description', description),
    tw('twitter:image', imageUrl),
    tw('twitter:image:alt', image.alt),
  ].filter((tag) => tag.content !== ''); // an image without alt text gets no empty alt tags
}

/** A path on this site made absolute; an address that already is one is left alone. */
function absolute(site: Site, path: string): string {
  return /^https?:\/\//.test(path) ? path : site.publicUrl + path;
}

/** The tags as elements; preact escapes the content attributes (quotes, ampersands, "<"). */
export function ShareTags(props: { site: Site; meta: PageMeta }) {
  return (
    <>
      {shareTags(props.site, props.meta).map((tag) =>
        tag.attribute === 'property' ? (
          <meta key={tag.key} property={tag.key} content={tag.content} />
        ) : (
          <meta key={tag.key} name={tag.key} content={tag.content} />
        ),
      )}
    </>
  );
}
