import type { Db } from '../platform/db/index.js';
import type { ReindexProgress } from './engine.js';
import { searchEngine } from './service.js';

/** Rebuilds the search index in small transactions (the site keeps serving), reporting progress. */
export async function reindexSearch(
  db: Db,
  onProgress?: (p: ReindexProgress) => void,
): Promise<ReindexProgress & { ms: number }> {
  const started = performance.now();
  const result = await searchEngine(db).reindex(onProgress);
  return { ...result, ms: Math.round(performance.now() - started) };
}

/** A one-line progress bar for a terminal: "[#########.........] 4500/10000". */
export function progressBar(p: ReindexProgress, width = 30): string {
  const share = p.total === 0 ? 1 : p.done / p.total;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total}`;
}
