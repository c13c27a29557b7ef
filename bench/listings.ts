// Listing pages at archive scale: times one page of each kind of listing (latest, latest by type,
// each region, a country) on an archive made by bench/search.ts, at the first page and deep in.
// Usage: npx tsx bench/search.ts --articles 100000 --keep 1 --like-runs 1   (prints "kept <file>")
//        npx tsx bench/listings.ts <file> [--runs 20]
// Times the listing statement (listItems: the page's items with their pictures and countries, and
// the count), which is what a listing page reads from the database on every request.
import { performance } from 'node:perf_hooks';
import { parseDatabaseUrl } from '../src/config.js';
import * as q from '../src/newsroom/queries.js';
import { migrateToLatest, openDatabase } from '../src/platform/db/index.js';

const file = process.argv[2];
if (!file) throw new Error('usage: npx tsx bench/listings.ts <archive.db> [--runs 20]');
const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 20;

const db = await openDatabase(parseDatabaseUrl(`sqlite:${file}`));
await migrateToLatest(db);
const regions = await db.selectFrom('regions').select(['id', 'name']).orderBy('name').execute();
const country = await db
  .selectFrom('countries')
  .select(['id', 'name'])
  .orderBy('id')
  .executeTakeFirstOrThrow();

async function time(name: string, filter: q.ItemFilter, offset: number) {
  await q.listItems(db, filter, 12, offset);
  const started = performance.now();
  for (let i = 0; i < RUNS; i++) await q.listItems(db, filter, 12, offset);
  console.log(`| ${name} | ${offset / 12 + 1} | ${((performance.now() - started) / RUNS).toFixed(2)} ms |`);
}

console.log('| listing | page | statement |');
console.log('| --- | ---: | ---: |');
for (const offset of [0, 1200]) {
  await time('latest', { kind: 'all' }, offset);
  await time('latest, news only', { kind: 'all', type: 'news' }, offset);
  for (const region of regions)
    await time(`region ${region.name}`, { kind: 'region', regionId: region.id }, offset);
  await time(`country ${country.name}`, { kind: 'country', countryId: country.id }, offset);
}
await db.destroy();
