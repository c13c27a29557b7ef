import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { testDatabaseUrl } from '../support/app.js';

const run = promisify(execFile);

async function candle(args: string[], env: Record<string, string>) {
  try {
    const out = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout: out.stdout, stderr: out.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the candle command', () => {
  it('stops with one clear line when the database cannot be reached', async () => {
    const result = await candle(['serve'], { DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/nowhere' });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^candle: Cannot connect to PostgreSQL at postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/nowhere/,
    );
    expect(result.stderr).not.toContain('secret');
  });

  it('stops with one clear line on invalid configuration', async () => {
    const result = await candle(['migrate'], { DATABASE_URL: 'mysql://x', PORT: 'x' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/Invalid configuration: PORT/);
  });

  it('migrates and loads the demo content', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'candle-cli-'));
    const env = {
      DATA_DIR: dir,
      DATABASE_URL: testDatabaseUrl.startsWith('postgres')
        ? testDatabaseUrl
        : `sqlite:${path.join(dir, 'c.db')}`,
    };
    // On PostgreSQL this shares the test database's public schema, so it runs there alone in CI.
    const migrated = await candle(['migrate'], env);
    expect(migrated.stderr).toBe('');
    expect(migrated.code).toBe(0);
    const seeded = await candle(['seed', '--demo'], env);
    expect(seeded.code).toBe(0);
    expect(seeded.stdout).toMatch(/loaded demo content: \d+ articles/);
    const before = await fs.readdir(path.join(dir, 'media'));
    expect(before.length).toBeGreaterThan(0);
    const again = await candle(['seed', '--demo'], env);
    expect(again.code).toBe(0);
    const after = await fs.readdir(path.join(dir, 'media'));
    // Reloading replaces the demo media instead of piling up copies.
    expect(after.length).toBe(before.length);
    expect(after.filter((f) => before.includes(f))).toEqual([]);
    await fs.rm(dir, { recursive: true, force: true });
  }, 120_000);
});
