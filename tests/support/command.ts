import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';

/**
 * The `candle` command as the tests run it: the bundle that bin/candle.mjs runs, built once per
 * run by this global set-up (vitest.config.ts). Through tsx every start transpiled the sources
 * again, about 2 s of CPU against 0.4 s, and some thirty tests start it.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    candleBundle: string;
  }
}

const root = path.resolve(import.meta.dirname, '../..');

/** Node's arguments that start `candle`, before the command's own: the run's bundle, or the sources through tsx. */
export function candleArgs(): string[] {
  const bundle = inject('candleBundle');
  return bundle ? [bundle] : ['--import', 'tsx', path.join(root, 'src/main.ts')];
}

/** Vitest's global set-up: builds the bundle (scripts/build.mjs) into a folder of this run's own. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  // A copy of its own: tests/integration/bundle.test.ts rebuilds dist/main.js while others run.
  // Under dist/, so that the bundle finds node_modules and the project folder as dist/main.js does.
  const dir = await fs.mkdtemp(path.join(root, 'dist', 'test-'));
  for (const file of ['main.js', 'main.js.map']) {
    await fs.copyFile(path.join(root, 'dist', file), path.join(dir, file));
  }
  project.provide('candleBundle', path.join(dir, 'main.js'));
  return () => fs.rm(dir, { recursive: true, force: true });
}
