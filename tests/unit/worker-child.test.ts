import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workerNodeFlags } from '../../src/platform/jobs/child.js';

/** The worker child (`WORKER=child`) starts with bin/candle-worker.mjs's V8 flags (issue 12). */
describe('the flags of the worker child', () => {
  const root = path.resolve(import.meta.dirname, '../..');

  it('reads them from the checkout above the running script, wherever below it the script is', () => {
    const first = fs.readFileSync(path.join(root, 'bin', 'candle-worker.mjs'), 'utf8').split('\n')[0]!;
    const expected = first.replace(/^#!\/usr\/bin\/env -S node\s*/, '').split(/\s+/);
    expect(expected).toContain('--max-old-space-size=128');
    expect(workerNodeFlags(path.join(root, 'src', 'main.ts'))).toEqual(expected);
    expect(workerNodeFlags(path.join(root, 'dist', 'test-x', 'main.js'))).toEqual(expected);
  });

  it('gives none for a program run from outside a checkout', () => {
    expect(workerNodeFlags(path.join(os.tmpdir(), 'elsewhere', 'main.js'))).toEqual([]);
  });
});
