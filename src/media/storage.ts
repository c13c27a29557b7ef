import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { type ImageFormat, MAX_IMAGE_PIXELS, sharpFormatMatches, UploadRefused } from './sniff.js';

/** Widths of the WebP variants made for every image; the srcset offers them all. */
export const VARIANT_WIDTHS = [480, 960, 1440] as const;

export interface StoredImage {
  storageKey: string;
  width: number;
  height: number;
  bytes: number;
  variantWidths: number[];
}

export function mediaDir(dataDir: string): string {
  return path.join(dataDir, 'media');
}

export function newStorageKey(): string {
  return `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

export function variantFileName(storageKey: string, width: number): string {
  return `${storageKey}-${width}.webp`;
}

export function avifFileName(storageKey: string, width: number): string {
  return `${storageKey}-${width}.avif`;
}

/**
 * An image's share copy: a 1200 × 630 JPEG for link previews (see share-image.ts). Made when first
 * asked for, so items stored before it existed have one too.
 */
export function shareFileName(storageKey: string): string {
  return `${storageKey}-share.jpg`;
}

export function documentFileName(storageKey: string, extension: string): string {
  return `${storageKey}.${extension}`;
}

/** The files a stored item consists of, for removing them when the item is replaced or deleted. */
export function storedFileNames(
  row: { kind: 'image' | 'document'; storage_key: string; variant_widths: string; avif_widths?: string },
  extension: string,
): string[] {
  if (row.kind === 'document') return [documentFileName(row.storage_key, extension)];
  const widths = (list: string | undefined) => (list ?? '').split(',').filter(Boolean).map(Number);
  return [
    ...widths(row.variant_widths).map((w) => variantFileName(row.storage_key, w)),
    ...widths(row.avif_widths).map((w) => avifFileName(row.storage_key, w)),
    // Named whether or not it was ever made: removing a file that is not there is no error.
    shareFileName(row.storage_key),
  ];
}

/**
 * AVIF copies of an image's variants, made from its largest WebP (the original is not kept, so its
 * metadata is gone for good). AVIF is a third smaller than WebP but slow to encode — about a
 * second per image on two cores — so a background job makes them after the upload.
 */
export async function storeAvifVariants(
  dataDir: string,
  storageKey: string,
  widths: number[],
): Promise<number[]> {
  const sharp = await loadSharp();
  const dir = mediaDir(dataDir);
  const largest = widths[widths.length - 1];
  if (largest === undefined) return [];
  const source = path.join(dir, variantFileName(storageKey, largest));
  const written: string[] = [];
  try {
    for (const w of widths) {
      const target = path.join(dir, avifFileName(storageKey, w));
      written.push(`${target}.tmp`, target);
      await sharp(source)
        .resize({ width: w, withoutEnlargement: true })
        .avif({ quality: 50, effort: 2 })
        .toFile(`${target}.tmp`);
      await fs.rename(`${target}.tmp`, target);
    }
  } catch (err) {
    await Promise.all(written.map((f) => fs.rm(f, { force: true })));
    throw err;
  }
  return widths;
}

/** Removes stored files; one already gone is no error (a retried delete must not fail). */
export async function removeFiles(dataDir: string, names: readonly string[]): Promise<void> {
  const dir = mediaDir(dataDir);
  await Promise.all(names.map((n) => fs.rm(path.join(dir, n), { force: true })));
}

// libvips loads only on the first upload: a process that only serves readers never pays for it.
let sharpModule: Promise<typeof import('sharp')> | undefined;
export async function loadSharp() {
  sharpModule ??= import('sharp');
  return (await sharpModule).default;
}

/**
 * Decodes an image, turns it upright, drops its metadata (EXIF can carry the GPS position of a
 * photo taken in the field) and writes WebP variants no wider than the original.
 *
 * The file is decoded once, to the largest variant's size (JPEG shrinks while decoding), and the
 * smaller variants are made from those pixels: a 20-megapixel photo never sits in memory at full
 * size, and a truncated or damaged file is refused before any file is written. Each variant is
 * written under a temporary name and renamed; if any step fails, every file of this upload goes.
 *
 * `expected` is the sniffed type: a file whose content sharp reads as another format is refused.
 */
export async function storeImage(
  dataDir: string,
  input: Buffer,
  expected?: ImageFormat,
): Promise<StoredImage> {
  const sharp = await loadSharp();
  const options = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' } as const;
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(input, options).metadata();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (/pixel limit/i.test(message)) throw new UploadRefused('too-many-pixels', message);
    throw new UploadRefused('damaged', message);
  }
  if (expected && !sharpFormatMatches(expected, meta.format, meta.compression)) {
    throw new UploadRefused('unsupported', `sniffed ${expected}, decoded as ${meta.format}`);
  }
  if (!meta.width || !meta.height) throw new UploadRefused('damaged', 'no dimensions');
  // Checked here as well as by limitInputPixels: the header alone is enough to refuse a bomb.
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) throw new UploadRefused('too-many-pixels');
  const upright = (meta.orientation ?? 1) >= 5;
  const width = upright ? meta.height : meta.width;
  const height = upright ? meta.width : meta.height;
  const largest = Math.min(width, VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1]!);
  const widths: number[] = VARIANT_WIDTHS.filter((w) => w < width);
  widths.push(largest);
  const variantWidths = [...new Set(widths)].sort((a, b) => a - b);

  let pixels: { data: Buffer; info: { width: number; height: number; channels: 1 | 2 | 3 | 4 } };
  try {
    pixels = await sharp(input, options)
      .rotate()
      .resize({ width: largest, withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new UploadRefused('damaged', err instanceof Error ? err.message : String(err));
  }

  const dir = mediaDir(dataDir);
  await fs.mkdir(dir, { recursive: true });
  const storageKey = newStorageKey();
  const written: string[] = [];
  try {
    for (const w of variantWidths) {
      const name = variantFileName(storageKey, w);
      const target = path.join(dir, name);
      const temp = `${target}.tmp`;
      written.push(`${name}.tmp`, name);
      const { data, info } = pixels;
      const encoded = await sharp(data, {
        raw: { width: info.width, height: info.height, channels: info.channels },
      })
        .resize({ width: w, withoutEnlargement: true })
        .webp({ quality: 78 })
        .toBuffer();
      // Written by Node rather than libvips: a full disk then fails with ENOSPC, which the upload
      // form reports as the server's condition, instead of a libvips message in words.
      await fs.writeFile(temp, encoded);
      await fs.rename(temp, target);
    }
  } catch (err) {
    await removeFiles(dataDir, written);
    throw err;
  }
  return { storageKey, width, height, bytes: input.length, variantWidths };
}

export async function storeDocument(dataDir: string, input: Buffer, extension: string): Promise<string> {
  const dir = mediaDir(dataDir);
  await fs.mkdir(dir, { recursive: true });
  const storageKey = newStorageKey();
  const target = path.join(dir, documentFileName(storageKey, extension));
  try {
    await fs.writeFile(`${target}.tmp`, input);
    await fs.rename(`${target}.tmp`, target);
  } catch (err) {
    await fs.rm(`${target}.tmp`, { force: true });
    throw err;
  }
  return storageKey;
}
