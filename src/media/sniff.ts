/**
 * What an upload really is, judged by its first bytes. The file name and the type the browser
 * claims are never consulted: a script named `photo.jpg` or an SVG carrying `<script>` must be
 * refused however it is labelled.
 */

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const MAX_DOCUMENT_BYTES = 25 * 1024 * 1024;
/** Larger than any camera in the field (a 20-megapixel JPEG is 5472×3648); a decompression bomb is far larger. */
export const MAX_IMAGE_PIXELS = 50_000_000;

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif';

export type Sniffed =
  | { kind: 'image'; format: ImageFormat; mime: `image/${ImageFormat}` }
  | { kind: 'document'; format: 'pdf'; mime: 'application/pdf' };

/** Why an upload is refused; each has a message in the catalogue (`media.refused.*`). */
export type UploadProblem =
  | 'empty'
  | 'unreadable'
  | 'unsupported'
  | 'image-too-large'
  | 'document-too-large'
  | 'too-many-pixels'
  | 'damaged';

export class UploadRefused extends Error {
  constructor(
    readonly problem: UploadProblem,
    detail?: string,
  ) {
    super(detail ? `${problem}: ${detail}` : problem);
  }
}

const startsWith = (bytes: Uint8Array, offset: number, magic: readonly number[]) =>
  bytes.length >= offset + magic.length && magic.every((b, i) => bytes[offset + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** ISO-BMFF brands that mean AVIF: a still image, or an image sequence. */
const AVIF_BRANDS = new Set(['avif', 'avis']);

function isAvif(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, 4, ascii('ftyp'))) return false;
  const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  if (boxSize < 16 || boxSize > 4096) return false;
  const end = Math.min(boxSize, bytes.length);
  const brand = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  // The major brand, then the compatible brands after the minor version.
  if (AVIF_BRANDS.has(brand(8))) return true;
  for (let at = 16; at + 4 <= end; at += 4) if (AVIF_BRANDS.has(brand(at))) return true;
  return false;
}

/** The type of a file from its magic bytes, or null for anything Candle does not accept. */
export function sniff(bytes: Uint8Array): Sniffed | null {
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return { kind: 'image', format: 'jpeg', mime: 'image/jpeg' };
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { kind: 'image', format: 'png', mime: 'image/png' };
  if (startsWith(bytes, 0, ascii('RIFF')) && startsWith(bytes, 8, ascii('WEBP')))
    return { kind: 'image', format: 'webp', mime: 'image/webp' };
  if (isAvif(bytes)) return { kind: 'image', format: 'avif', mime: 'image/avif' };
  if (startsWith(bytes, 0, ascii('%PDF-')))
    return { kind: 'document', format: 'pdf', mime: 'application/pdf' };
  return null;
}

/**
 * A PDF reader looks for `%%EOF` within the last kilobyte; without it the file was cut short in
 * transit, and attaching it would give readers a broken download.
 */
function pdfLooksComplete(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  return tail.includes('%%EOF');
}

/**
 * Sniffs an upload and checks what can be checked without decoding pixels: the size cap of its
 * type and, for a PDF, that it is complete. Images are checked further when decoded
 * (`storeImage`: pixel limit, matching format, truncation).
 */
export function checkUpload(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) throw new UploadRefused('empty');
  const sniffed = sniff(bytes);
  if (!sniffed) throw new UploadRefused('unsupported');
  if (sniffed.kind === 'image' && bytes.length > MAX_IMAGE_BYTES) throw new UploadRefused('image-too-large');
  if (sniffed.kind === 'document') {
    if (bytes.length > MAX_DOCUMENT_BYTES) throw new UploadRefused('document-too-large');
    if (!pdfLooksComplete(bytes)) throw new UploadRefused('damaged', 'no %%EOF at the end of the PDF');
  }
  return sniffed;
}

/** What sharp reports as the format of each accepted type: a JPEG header on a PNG body is refused. */
export function sharpFormatMatches(
  format: ImageFormat,
  sharpFormat: string | undefined,
  compression?: string,
) {
  if (format === 'avif') return sharpFormat === 'heif' && compression === 'av1';
  return sharpFormat === format;
}
