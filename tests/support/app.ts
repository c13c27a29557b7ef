import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { loadDemo } from '../../src/demo/index.js';
import { type Db, migrateToLatest, openDatabase } from '../../src/platform/db/index.js';

/** Set TEST_DATABASE_URL=postgres://… to run the same tests on PostgreSQL; SQLite otherwise. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? '';
export const dialectUnderTest = testDatabaseUrl.startsWith('postgres') ? 'postgres' : 'sqlite';

export interface TestDb {
  db: Db;
  dataDir: string;
  databaseUrl: string;
  close: () => Promise<void>;
}

/** A fresh, migrated database of its own: a temp SQLite file, or a throwaway PostgreSQL schema. */
export async function testDatabase(): Promise<TestDb> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'candle-test-'));
  if (dialectUnderTest === 'postgres') {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const db = await openDatabase({ dialect: 'postgres', url: testDatabaseUrl }, { schema, poolSize: 4 });
    await migrateToLatest(db);
    return {
      db,
      dataDir,
      databaseUrl: testDatabaseUrl,
      close: async () => {
        await db.destroy();
        const client = new pg.Client({ connectionString: testDatabaseUrl });
        await client.connect();
        await client.query(`drop schema if exists "${schema}" cascade`);
        await client.end();
        await fs.rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const file = path.join(dataDir, 'candle.db');
  const db = await openDatabase({ dialect: 'sqlite', file });
  await migrateToLatest(db);
  return {
    db,
    dataDir,
    databaseUrl: `sqlite:${file}`,
    close: async () => {
      await db.destroy();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const TEST_PUBLIC_URL = 'http://candle.test';

/** The whole app on a fresh database, with the demo content unless told otherwise. */
export async function testApp(
  options: {
    demo?: boolean;
    pageCacheEntries?: number;
    now?: () => Date;
    /** More configuration, as environment variables (CDN_PURGE). */
    env?: Record<string, string>;
    /** How long one webhook try may take (10 s unless a test says). */
    webhookTimeoutMs?: number;
  } = {},
) {
  const database = await testDatabase();
  if (options.demo !== false) {
    await loadDemo({
      db: database.db,
      dataDir: database.dataDir,
      now: () => new Date('2020-07-01T00:00:00Z'),
    });
  }
  const config = loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    DATA_DIR: database.dataDir,
    LOG_LEVEL: 'silent',
    PUBLIC_URL: TEST_PUBLIC_URL,
    PAGE_CACHE_ENTRIES: String(options.pageCacheEntries ?? 500),
    // Tests stand for many visitors by sending X-Forwarded-For.
    TRUST_PROXY: 'true',
    ...options.env,
  });
  const built = await buildApp(config, database.db, {
    now: options.now,
    webhookTimeoutMs: options.webhookTimeoutMs,
  });
  return {
    ...built,
    db: database.db,
    dataDir: database.dataDir,
    databaseUrl: database.databaseUrl,
    close: async () => {
      await built.app.close();
      await database.close();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof testApp>>;
