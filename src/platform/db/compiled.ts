import type { Compilable, CompiledQuery, Kysely } from 'kysely';

const caches = new WeakMap<object, Map<string, CompiledQuery>>();
const MAX_ENTRIES = 5000;

/**
 * Runs a query, building and compiling it only the first time this key is seen on this database.
 * Building a Kysely query costs about four times more than running it on SQLite, and public pages
 * repeat the same few queries with the same arguments; the key must name every argument.
 */
export async function runCompiled<DB, R>(
  db: Kysely<DB>,
  key: string,
  build: () => Compilable<R>,
): Promise<R[]> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let compiled = cache.get(key) as CompiledQuery<R> | undefined;
  if (!compiled) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    compiled = build().compile();
    cache.set(key, compiled);
  }
  return (await db.executeQuery(compiled)).rows;
}
