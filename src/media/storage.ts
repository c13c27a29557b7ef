import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

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

/**
 * Decodes an image, turns it upright, drops its metadata (EXIF can carry the GPS position of a
 * photo taken in the field) and writes WebP variants no wider than the original. Each file is
 * written under a temporary name and renamed, so a crash never leaves a half-written variant.
 */
export async function storeImage(dataDir: string, input: Buffer): Promise<StoredImage> {
  const dir = mediaDir(dataDir);
  await fs.mkdir(dir, { recursive: true });
  const base = sharp(input, { limitInputPixels: 50_000_000, failOn: 'error' }).rotate();
  const meta = await base.metadata();
  const upright = (meta.orientation ?? 1) >= 5;
  const width = (upright ? meta.height : meta.width) ?? 0;
  const height = (upright ? meta.width : meta.height) ?? 0;
  if (!width || !height) throw new Error('The image has no dimensions');
  const storageKey = newStorageKey();
  const widths: number[] = VARIANT_WIDTHS.filter((w) => w < width);
  widths.push(Math.min(width, VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1]!));
  const variantWidths = [...new Set(widths)].sort((a, b) => a - b);
  for (const w of variantWidths) {
    const target = path.join(dir, variantFileName(storageKey, w));
    const temp = `${target}.tmp`;
    await base.clone().resize({ width: w, withoutEnlargement: true }).webp({ quality: 78 }).toFile(temp);
    await fs.rename(temp, target);
  }
  return { storageKey, width, height, bytes: input.length, variantWidths };
}

export async function storeDocument(dataDir: string, input: Buffer, extension: string): Promise<string> {
  const dir = mediaDir(dataDir);
  await fs.mkdir(dir, { recursive: true });
  const storageKey = newStorageKey();
  const target = path.join(dir, `${storageKey}.${extension}`);
  await fs.writeFile(`${target}.tmp`, input);
  await fs.rename(`${target}.tmp`, target);
  return storageKey;
}
