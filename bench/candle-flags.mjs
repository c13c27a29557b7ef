// The V8 flags Candle runs with, read from bin/candle.mjs's first line so that the benches measure
// what `candle serve` runs (package.json's `start` names the same flags).
import fs from 'node:fs';

const shebang = fs.readFileSync(new URL('../bin/candle.mjs', import.meta.url), 'utf8').split('\n')[0];
export const CANDLE_NODE_FLAGS = shebang
  .replace(/^#!\/usr\/bin\/env -S node\s*/, '')
  .split(/\s+/)
  .filter(Boolean);
