#!/usr/bin/env -S node --max-semi-space-size=2
// The `candle` command: builds the bundle when it is missing, then runs it.
// --max-semi-space-size=2: a 2 MB young generation keeps a busy server about 30 MB smaller at no
// measured cost in requests per second (docs/benchmarks.md); `npm start` passes it too.
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
