#!/usr/bin/env node
// The `candle` command: builds the bundle when it is missing, then runs it.
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
