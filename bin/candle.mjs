#!/usr/bin/env -S node --max-semi-space-size=2 --no-allocation-site-pretenuring --single-threaded-gc --heap-growing-percent=25
// The `candle` command: builds the bundle when it is missing, then runs it.
// --max-semi-space-size=2: a 2 MB young generation keeps a busy server about 30 MB smaller at no
// measured cost in requests per second (docs/benchmarks.md); `npm start` passes it too.
// --no-allocation-site-pretenuring: under load V8 may decide to allocate the short-lived objects of
// Node's HTTP writes straight into the old generation, where each stays until a full collection
// (peaks of 140-170 MB resident instead of about 105 MB; docs/benchmarks.md).
// --single-threaded-gc: the heap is small, and waking V8's helper threads for each collection cost
// more than it saved on a two-core machine (about 10 % more rendered pages a second).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'main.js');
if (!existsSync(bundle)) {
  process.chdir(root);
  await import(pathToFileURL(join(root, 'scripts', 'build.mjs')).href);
}
await import(pathToFileURL(bundle).href);
