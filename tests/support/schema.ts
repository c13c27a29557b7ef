import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Db, openDatabase } from '../../src/platform/db/index.js';
import { dialectUnderTest, testDatabaseUrl } from './app.js';

/**
 * An empty database with no migration run: a temp SQLite file, or a PostgreSQL schema of its own.
 * For tests that run migrations themselves (testDatabase() gives a migrated one).
 */
export async function freshDatabase(): Promise<{ db: Db; close: () => Promise<void> }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'candle-fresh-'));
  if (dialectUnderTest === 'postgres') {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const db = await openDatabase({ dialect: 'postgres', url: testDatabaseUrl }, { schema, poolSize: 2 });
    return {
      db,
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
  const db = await openDatabase({ dialect: 'sqlite', file: path.join(dataDir, 'candle.db') });
  return {
    db,
    close: async () => {
      await db.destroy();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
