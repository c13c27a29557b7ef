// Makes client/favicon.ico from client/icon.svg: an ICO that holds one 32 × 32 PNG (read by every
// browser since 2006). Run after changing the icon: node scripts/make-favicon.mjs
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const client = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'client');
const png = await sharp(path.join(client, 'icon.svg')).resize(32, 32).png().toBuffer();
const header = Buffer.alloc(22);
header.writeUInt16LE(0, 0); // reserved
header.writeUInt16LE(1, 2); // an icon
header.writeUInt16LE(1, 4); // one image
header.writeUInt8(32, 6); // width
header.writeUInt8(32, 7); // height
header.writeUInt8(0, 8); // no palette
header.writeUInt8(0, 9); // reserved
header.writeUInt16LE(1, 10); // colour planes
header.writeUInt16LE(32, 12); // bits per pixel
header.writeUInt32LE(png.length, 14); // image size
header.writeUInt32LE(22, 18); // image offset
fs.writeFileSync(path.join(client, 'favicon.ico'), Buffer.concat([header, png]));
console.log(`client/favicon.ico: ${22 + png.length} bytes`);
