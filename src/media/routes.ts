import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../platform/db/index.js';
import { shareImageFile } from './share-image.js';
import { mediaDir } from './storage.js';

const FILE_NAME = /^([a-z0-9]+-[a-f0-9]{12})(-\d{2,5}\.(webp|avif)|-share\.jpg|\.pdf)$/;
const TYPES: Record<string, string> = {
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.jpg': 'image/jpeg',
  '.pdf': 'application/pdf',
};
/** Images are our own re-encoded variants and are shown in pages; anything else is a download. */
const INLINE = new Set(['.webp', '.avif', '.jpg']);

/**
 * A document is never shown by the browser as a page of this site: a PDF is stored as uploaded,
 * and a viewer that runs its scripts, or a browser that sniffs it as HTML, would run them with
 * this origin. So it is a download, typed strictly, in a sandbox with no rights at all.
 */
const DOCUMENT_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'";

/** Characters of a quoted filename every browser and mail client keeps as they are. */
const SAFE_ASCII = /[^A-Za-z0-9 ._()+,-]/g;

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266, RFC 5987): the original name for
 * browsers that read filename*, and an ASCII copy of it (accents dropped, other characters as
 * `_`) for those that do not. Both end in the stored type's extension, whatever the upload was
 * called, so the file opens in a PDF reader.
 */
export function attachmentDisposition(originalName: string, extension: string): string {
  const suffix = `.${extension}`;
  let name = originalName.trim();
  if (!name.toLowerCase().endsWith(suffix)) name = `${name}${suffix}`;
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(SAFE_ASCII, '_')
    .replace(/_+/g, '_')
    .replace(/^[\s.]+/, '')
    .slice(-150);
  const fallback = ascii.replace(/[_\s]/g, '').length > suffix.length ? ascii : `document${suffix}`;
  // encodeURIComponent leaves ' ( ) * as they are; RFC 5987 does not allow them unencoded.
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Serves stored media. A storage key is never reused, so every file may be cached for a year;
 * a document's download name comes from its row (`db`), which a replacement changes together
 * with the key. An image's share copy (`-share.jpg`) is made on its first request (share-image.ts).
 */
export function mediaRoutes(app: FastifyInstance, dataDir: string, db: Db): void {
  const dir = mediaDir(dataDir);
  app.get<{ Params: { file: string } }>(
    '/media/:file',
    {
      // Route hooks run after the application's, which set the site's page policy on every answer.
      onSend: (request, reply, payload, done) => {
        if (!INLINE.has(path.extname(request.params.file)) && reply.statusCode < 300) {
          reply.header('content-security-policy', DOCUMENT_CSP);
        }
        done(null, payload);
      },
    },
    async (request, reply) => {
      const { file } = request.params;
      const match = FILE_NAME.exec(file);
      if (!match) return reply.callNotFound();
      const full = file.endsWith('-share.jpg')
        ? await shareImageFile(db, dataDir, match[1] as string)
        : path.join(dir, file);
      if (full === null) return reply.callNotFound();
      let size: number;
      try {
        size = (await fs.promises.stat(full)).size;
      } catch {
        return reply.callNotFound();
      }
      const extension = path.extname(file);
      if (!INLINE.has(extension)) {
        const row = await db
          .selectFrom('media')
          .select('original_name')
          .where('storage_key', '=', match[1] as string)
          .where('kind', '=', 'document')
          .executeTakeFirst();
        reply
          .header(
            'content-disposition',
            attachmentDisposition(row?.original_name || file, extension.slice(1)),
          )
          .header('x-content-type-options', 'nosniff');
      }
      return reply
        .header('content-type', TYPES[extension] ?? 'application/octet-stream')
        .header('content-length', size)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(fs.createReadStream(full));
    },
  );
}
