// Makes client/share.jpg from client/share.svg: the share image of pages with no picture of their
// own (1200 × 630, the size every link preview shows as a large card). A JPEG, not WebP: not every
// crawler reads WebP. The candle sits in the middle 630 × 630, so the square crop of a small card
// keeps it whole. Run after changing the SVG: node scripts/make-share-image.mjs
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const client = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'client');
const jpeg = await sharp(path.join(client, 'share.svg'))
  .resize(1200, 630)
  .flatten({ background: '#1a1a1a' })
  .jpeg({ quality: 85, mozjpeg: true })
  .toBuffer();
fs.writeFileSync(path.join(client, 'share.jpg'), jpeg);
console.log(`client/share.jpg: ${jpeg.length} bytes`);
