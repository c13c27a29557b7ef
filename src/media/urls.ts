import type { MediaRow } from '../platform/db/index.js';
import type { Picture } from '../platform/views/components.js';
import { avifFileName, shareFileName, variantFileName } from './storage.js';

/**
 * An image as pages show it: the shared Figure's shape (avifSrcset empty until the job has run),
 * and the 1200 × 630 JPEG for link previews (Open Graph, Twitter cards), made on first request.
 */
export type ImageView = Picture & { share: string };

export interface DocumentView {
  href: string;
  name: string;
  mime: string;
  bytes: number;
  /**
   * Pages, read from the PDF at upload; null when unknown (a damaged or older file) or not
   * selected. Optional so that views built by hand (tests, previews) need not name it.
   */
  pages?: number | null;
  /** The PDF's own title; '' when it has none. The link names the file (`name`) either way. */
  title?: string;
}

const DOCUMENT_EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf' };

export function documentExtension(mime: string): string {
  return DOCUMENT_EXTENSIONS[mime] ?? 'bin';
}

/** The columns of a media row that its picture on a page needs. */
export type ImageColumns = Pick<
  MediaRow,
  'storage_key' | 'width' | 'height' | 'variant_widths' | 'avif_widths' | 'alt' | 'caption' | 'credit'
>;

export function imageView(row: ImageColumns): ImageView {
  const widths = row.variant_widths
    .split(',')
    .filter(Boolean)
    .map((w) => Number(w));
  const largest = widths[widths.length - 1] ?? row.width ?? 0;
  const middle = widths.find((w) => w >= 960) ?? largest;
  const width = row.width ?? largest;
  const height = row.height ?? largest;
  return {
    src: `/media/${variantFileName(row.storage_key, middle)}`,
    srcset: widths.map((w) => `/media/${variantFileName(row.storage_key, w)} ${w}w`).join(', '),
    avifSrcset: (row.avif_widths ?? '')
      .split(',')
      .filter(Boolean)
      .map((w) => `/media/${avifFileName(row.storage_key, Number(w))} ${w}w`)
      .join(', '),
    // Dimensions of the displayed variant keep the layout from jumping as the image loads.
    width: Math.min(width, middle),
    height: Math.round((height * Math.min(width, middle)) / width),
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    share: `/media/${shareFileName(row.storage_key)}`,
  };
}

/**
 * A document's download link. `page_count` and `document_title` are optional so that a query
 * selecting only the older columns still works; select them to show pages and title.
 */
export function documentView(
  row: Pick<MediaRow, 'storage_key' | 'mime' | 'original_name' | 'bytes'> &
    Partial<Pick<MediaRow, 'page_count' | 'document_title'>>,
): DocumentView {
  return {
    href: `/media/${row.storage_key}.${documentExtension(row.mime)}`,
    name: row.original_name,
    mime: row.mime,
    bytes: row.bytes,
    pages: row.page_count ?? null,
    title: row.document_title ?? '',
  };
}
