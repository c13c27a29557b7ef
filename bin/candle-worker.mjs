#!/usr/bin/env -S node --max-semi-space-size=16 --max-old-space-size=128 --no-allocation-site-pretenuring
// `candle-worker`: the background jobs alone (`candle worker`), with the V8 flags a worker wants,
// which are not the web server's (docs/benchmarks.md, "Mail: one alert to many subscribers"):
// --max-semi-space-size=16: a message being sent lives a few milliseconds; with the web server's
// 2 MB young generation it outlives two collections and is promoted, then dies in the old
// generation (about 20 % fewer messages a second, and a sawtooth of 60 MB).
// --max-old-space-size=128: what a job holds is bounded (500 recipients a batch), so a collection
// comes before the heap grows far past that; resident memory stays near 160 MB in a long fan-out.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'main.js');
if (!existsSync(bundle)) {
  process.chdir(root);
  await import(pathToFileURL(join(root, 'scripts', 'build.mjs')).href);
}
process.argv.splice(2, 0, 'worker');
await import(pathToFileURL(bundle).href);
