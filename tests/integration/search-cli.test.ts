import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dialectUnderTest } from '../support/app.js';
import { candleArgs } from '../support/command.js';

const run = promisify(execFile);

// On PostgreSQL the command would work in the shared public schema; cli.test.ts covers that path.
describe.skipIf(dialectUnderTest === 'postgres')('candle reindex', () => {
  it('rebuilds the index with a progress bar', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'candle-reindex-'));
    const env = {
      ...process.env,
      LOG_LEVEL: 'silent',
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${path.join(dir, 'c.db')}`,
    };
    const candle = (args: string[]) =>
      run(process.execPath, [...candleArgs(), ...args], { env, timeout: 60_000 });
    await candle(['seed', '--demo']);
    const { stdout } = await candle(['reindex']);
    // 27 English demo articles and 17 French translations of them.
    expect(stdout).toMatch(/candle: reindexing \[#{30}\] 44\/44/);
    expect(stdout).toMatch(/candle: indexed 44 articles in \d+ ms/);
    await fs.rm(dir, { recursive: true, force: true });
  }, 120_000);
});
