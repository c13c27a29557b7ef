import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { mediaDir } from './storage.js';

const FILE_NAME = /^[a-z0-9]+-[a-f0-9]{12}(-\d{2,5}\.(webp|avif)|\.pdf)$/;
const TYPES: Record<string, string> = {
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.pdf': 'application/pdf',
};

/** Serves stored media. A storage key is never reused, so every file may be cached for a year. */
export function mediaRoutes(app: FastifyInstance, dataDir: string): void {
  const dir = mediaDir(dataDir);
  app.get<{ Params: { file: string } }>('/media/:file', async (request, reply) => {
    const { file } = request.params;
    if (!FILE_NAME.test(file)) return reply.callNotFound();
    const full = path.join(dir, file);
    let size: number;
    try {
      size = (await fs.promises.stat(full)).size;
    } catch {
      return reply.callNotFound();
    }
    return reply
      .header('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream')
      .header('content-length', size)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(fs.createReadStream(full));
  });
}
