import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { loadDemo } from '../../src/demo/index.js';
import { type Db, migrateToLatest, openDatabase } from '../../src/platform/db/index.js';
import {
  DEMO_LOADED_AT,
  databaseUrlFor,
  dialectUnderTest,
  onServer,
  type Template,
  testDatabaseUrl,
} from './templates.js';

export { dialectUnderTest, testDatabaseUrl };

export interface TestDb {
  db: Db;
  dataDir: string;
  databaseUrl: string;
  close: () => Promise<void>;
}

/** The template made by the global set-up (tests/support/templates.ts), if this run has one. */
function template(name: 'empty' | 'demo'): Template | undefined {
  const templates = inject('candleTemplates');
  return templates?.dialect === dialectUnderTest ? templates[name] : undefined;
}

/**
 * A fresh, migrated database of its own, with the demo content if asked: a temp SQLite file, or a
 * throwaway PostgreSQL database. A copy of the global set-up's template when there is one;
 * migrated (and loaded) here otherwise.
 */
export async function testDatabase(options: { demo?: boolean } = {}): Promise<TestDb> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'candle-test-'));
  const from = template(options.demo ? 'demo' : 'empty');
  if (from) await fs.cp(from.dataDir, dataDir, { recursive: true });
  const seed = async (db: Db) => {
    if (from) return;
    await migrateToLatest(db);
    if (options.demo) await loadDemo({ db, dataDir, now: DEMO_LOADED_AT });
  };
  if (dialectUnderTest === 'postgres') {
    const name = `candle_test_${randomBytes(6).toString('hex')}`;
    await onServer(
      from ? `create database "${name}" template "${from.pgDatabase}"` : `create database "${name}"`,
    );
    const databaseUrl = databaseUrlFor(name);
    const db = await openDatabase({ dialect: 'postgres', url: databaseUrl }, { poolSize: 4 });
    await seed(db);
    return {
      db,
      dataDir,
      databaseUrl,
      close: async () => {
        await db.destroy();
        await onServer(`drop database if exists "${name}" with (force)`);
        await fs.rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const file = path.join(dataDir, 'candle.db');
  if (from) await fs.copyFile(from.sqliteFile, file);
  const db = await openDatabase({ dialect: 'sqlite', file });
  await seed(db);
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
  const database = await testDatabase({ demo: options.demo !== false });
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
