import { type ComponentChildren, Fragment } from 'preact';
import { formatDate, langIfOther, type MessageKey, type MessageValue, t } from '../i18n/index.js';

/**
 * A message whose placeholders hold content (a case's name in "Subscribe to {name}"), each value
 * in `langs` marked with its language where it is not the page's (WCAG 3.1.2: an English name on
 * a French page is read as English); the rest reads as t() does. A placeholder in `nodes` is
 * filled with markup of its own (a list of officials, each in their language). The message is
 * formatted with stand-ins for those values (private-use characters, which no catalogue writes),
 * then cut at them: plurals, selects and word order stay the catalogue's.
 */
export function Message(props: {
  id: MessageKey;
  params: Record<string, MessageValue>;
  langs?: Record<string, string | null | undefined>;
  nodes?: Record<string, ComponentChildren>;
}): ComponentChildren {
  const langs = props.langs ?? {};
  const nodes = props.nodes ?? {};
  const marked = [
    ...Object.keys(langs).filter(
      (name) => name in props.params && langs[name] && langIfOther(langs[name] as string),
    ),
    ...Object.keys(nodes),
  ];
  if (marked.length === 0) return t(props.id, props.params);
  const params: Record<string, MessageValue> = { ...props.params };
  marked.forEach((name, i) => {
    params[name] = `\ue000${i}\ue001`;
  });
  return t(props.id, params)
    .split(/\ue000(\d+)\ue001/)
    .map((part, i) => {
      if (i % 2 === 0) return part;
      const name = marked[Number(part)] as string;
      if (name in nodes) return <Fragment key={i}>{nodes[name]}</Fragment>;
      return (
        <span key={i} lang={langIfOther(langs[name] as string)}>
          {String(props.params[name])}
        </span>
      );
    });
}

/**
 * What a picture on a page needs, whoever stores it (media's imageView makes one from its rows).
 * Width and height are the displayed variant's, so the layout does not jump as it loads.
 */
export interface Picture {
  src: string;
  srcset: string;
  /** Empty when there are no AVIF variants (yet): the WebP srcset is offered alone. */
  avifSrcset: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
  /**
   * The language its words (alt text, caption, credit) are written in, when known: marked where
   * it is not the page's. The media library stores none; the page says whose words they are.
   */
  lang?: string | null;
}

/** A responsive image with its caption and credit kept apart, as they are stored. */
export function Figure(props: { image: Picture; sizes: string; eager?: boolean; class?: string }) {
  const { image } = props;
  const lang = image.lang ? langIfOther(image.lang) : undefined;
  const img = (
    <img
      lang={lang}
      src={image.src}
      srcset={image.srcset}
      sizes={props.sizes}
      width={image.width}
      height={image.height}
      alt={image.alt}
      loading={props.eager ? 'eager' : 'lazy'}
      decoding="async"
    />
  );
  return (
    <figure class={props.class ?? 'figure'}>
      {image.avifSrcset ? (
        <picture>
          <source type="image/avif" srcset={image.avifSrcset} sizes={props.sizes} />
          {img}
        </picture>
      ) : (
        img
      )}
      {image.caption || image.credit ? (
        <figcaption>
          {image.caption ? (
            <span class="caption" lang={lang}>
              {image.caption}
            </span>
          ) : null}{' '}
          {image.credit ? (
            <span class="credit">
              <Message id="image.credit" params={{ credit: image.credit }} langs={{ credit: image.lang }} />
            </span>
          ) : null}
        </figcaption>
      ) : null}
    </figure>
  );
}

export function DateTime(props: { iso: string; label?: 'published' | 'updated' }) {
  const date = formatDate(props.iso);
  const text =
    props.label === 'published'
      ? t('item.published', { date })
      : props.label === 'updated'
        ? t('item.updated', { date })
        : date;
  return <time dateTime={props.iso}>{text}</time>;
}

export interface PagerProps {
  page: number;
  totalPages: number;
  href: (n: number) => string;
}

/** Numbered pages with the first, the last and two either side of the current one. */
export function pageWindow(page: number, total: number): Array<number | 'gap'> {
  const shown = new Set(
    [1, total, page - 2, page - 1, page, page + 1, page + 2].filter((n) => n >= 1 && n <= total),
  );
  const sorted = [...shown].sort((a, b) => a - b);
  const out: Array<number | 'gap'> = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (typeof last === 'number' && n - last > 1) out.push('gap');
    out.push(n);
  }
  return out;
}

/**
 * An arrow or other sign beside words that already say it all: hidden from screen readers, and
 * written as a character reference so that the page's text stays ASCII (V8 then copies it into
 * the page's bytes instead of converting it character by character).
 */
function Decoration(props: { html: string }) {
  return <span aria-hidden="true" dangerouslySetInnerHTML={{ __html: props.html }} />;
}

export function Pager(props: PagerProps) {
  const { page, totalPages, href } = props;
  if (totalPages <= 1) return null;
  return (
    <nav class="pager" aria-label={t('pager.label')}>
      <p class="pager__status">{t('pager.of', { n: page, total: totalPages })}</p>
      <ul>
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              <Decoration html={'&larr;'} /> {t('pager.prev')}
            </a>
          </li>
        ) : null}
        {pageWindow(page, totalPages).map((n, i) =>
          n === 'gap' ? (
            <li
              key={`gap-${i}`}
              class="pager__gap"
              aria-hidden="true"
              dangerouslySetInnerHTML={{ __html: '&hellip;' }}
            />
          ) : (
            <li key={n}>
              {n === page ? (
                <a href={href(n)} aria-current="page" aria-label={t('pager.current', { n })}>
                  {n}
                </a>
              ) : (
                <a href={href(n)} aria-label={t('pager.page', { n })}>
                  {n}
                </a>
              )}
            </li>
          ),
        )}
        {page < totalPages ? (
          <li>
            <a href={href(page + 1)} rel="next">
              {t('pager.next')} <Decoration html={'&rarr;'} />
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** Plain links: no script and no request reaches a network until the reader chooses one. */
export function shareLinks(url: string, title: string) {
  const u = encodeURIComponent(url);
  const text = encodeURIComponent(title);
  return [
    { id: 'facebook', label: t('share.facebook'), href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { id: 'x', label: t('share.x'), href: `https://x.com/intent/post?url=${u}&text=${text}` },
    { id: 'bluesky', label: t('share.bluesky'), href: `https://bsky.app/intent/compose?text=${text}%20${u}` },
    { id: 'whatsapp', label: t('share.whatsapp'), href: `https://wa.me/?text=${text}%20${u}` },
    {
      id: 'linkedin',
      label: t('share.linkedin'),
      href: `https://www.linkedin.com/sharing/share-offsite/?url=${u}`,
    },
    { id: 'email', label: t('share.email'), href: `mailto:?subject=${text}&body=${u}` },
  ];
}

export function Share(props: { url: string; title: string; id: string }) {
  const headingId = `${props.id}-heading`;
  return (
    <section class="share" aria-labelledby={headingId}>
      <h2 id={headingId} class="share__heading">
        {t('share.heading')}
      </h2>
      <ul class="share__links">
        {shareLinks(props.url, props.title).map((link) => (
          <li key={link.id}>
            <a
              href={link.href}
              class={`share__link share__link--${link.id}`}
              rel="noopener noreferrer"
              target={link.id === 'email' ? undefined : '_blank'}
            >
              {link.label}
              {link.id === 'email' ? null : <span class="visually-hidden"> {t('share.newTab')}</span>}
            </a>
          </li>
        ))}
      </ul>
      <div class="share__copy">
        <label for={`${props.id}-url`}>{t('share.linkLabel')}</label>
        <input id={`${props.id}-url`} type="url" readonly value={props.url} />
        <button type="button" class="share__copy-button" data-copy={`${props.id}-url`} hidden>
          {t('share.copy')}
        </button>
        <span class="share__status" role="status" data-copied={t('share.copied')} />
      </div>
    </section>
  );
}
