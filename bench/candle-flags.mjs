// The V8 flags Candle runs with, read from the first line of bin/candle.mjs (the web server, which
// package.json's `start` names too) and bin/candle-worker.mjs (a worker), so that the benches
// measure what an operator runs.
import fs from 'node:fs';

const flagsOf = (bin) =>
  fs
    .readFileSync(new URL(`../bin/${bin}`, import.meta.url), 'utf8')
    .split('\n')[0]
    .replace(/^#!\/usr\/bin\/env -S node\s*/, '')
    .split(/\s+/)
    .filter(Boolean);

export const CANDLE_NODE_FLAGS = flagsOf('candle.mjs');
export const CANDLE_WORKER_NODE_FLAGS = flagsOf('candle-worker.mjs');
