import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import type { Session } from './admin.js';

export interface FilePart {
  field?: string;
  name: string;
  type: string;
  bytes: Buffer;
}

/** A multipart/form-data body as a browser sends it: text fields, then the file. */
export function multipart(fields: Record<string, string>, file?: FilePart) {
  const boundary = `----candle${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Posts a multipart form as the session (the CSRF token rides in the address, as the form sends it). */
export function uploadAs(
  app: FastifyInstance,
  session: Session,
  url: string,
  fields: Record<string, string>,
  file?: FilePart,
) {
  const body = multipart(fields, file);
  return app.inject({
    method: 'POST',
    url: `${url}${url.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(session.csrf)}`,
    headers: { 'content-type': body.contentType, 'sec-fetch-site': 'same-origin', cookie: session.cookie },
    payload: body.payload,
  });
}

export const pngFile = async (
  colour = { r: 20, g: 20, b: 200 },
  name = 'picture.png',
): Promise<FilePart> => ({
  name,
  type: 'image/png',
  bytes: await sharp({ create: { width: 640, height: 480, channels: 3, background: colour } })
    .png()
    .toBuffer(),
});

/** The media item id in the address an upload redirects to. */
export const mediaIdFrom = (location: unknown) =>
  Number(/^\/admin\/media\/(\d+)/.exec(String(location))?.[1]);

export const storedFiles = async (dataDir: string) =>
  (await fs.readdir(path.join(dataDir, 'media')).catch(() => [] as string[])).sort();
