import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PurgeListener, recordPurge } from '../../src/platform/cache/purge-bus.js';
import { schemaOf } from '../../src/platform/db/connect.js';
import { dialectUnderTest, type TestDb, testDatabase } from '../support/app.js';

let t: TestDb;
beforeAll(async () => {
  t = await testDatabase();
});
afterAll(async () => {
  await t?.close();
});

/** A page cache that only remembers which keys it was asked to purge. */
function fakeCache() {
  const purged: string[] = [];
  return {
    purged,
    cache: {
      size: 0,
      purge: (keys: readonly string[]) => {
        purged.push(...keys);
        return keys.length;
      },
      clear: () => {
        purged.push('*');
      },
    },
  };
}

/** A logger that keeps what was logged as an error. */
function fakeLog() {
  const errors: Array<{ obj: unknown; msg: string | undefined }> = [];
  return { errors, logs: { log: { error: (obj: unknown, msg?: string) => void errors.push({ obj, msg }) } } };
}

let listener: PurgeListener | undefined;
afterEach(async () => {
  await listener?.stop();
  listener = undefined;
});

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe(`the purge log on ${dialectUnderTest}`, () => {
  it('applies a purge whose transaction commits after a later purge was read', async (ctx) => {
    if (dialectUnderTest !== 'postgres')
      ctx.skip(
        'SQLite has one writer at a time: a purge takes its id inside the only write transaction, so ids are in commit order and there is nothing to interleave',
      );
    const { cache, purged } = fakeCache();
    listener = new PurgeListener(t.db, cache, () => new Date(), fakeLog().logs);
    await listener.start(60_000);

    // Two connections of their own, to this test file's database, so the transactions really overlap.
    const connect = async () => {
      const client = new pg.Client({
        connectionString: t.databaseUrl,
        options: `-c search_path=${schemaOf(t.db)}`,
      });
      await client.connect();
      return client;
    };
    const [first, second] = [await connect(), await connect()];
    const insert = (client: pg.Client, key: string) =>
      client.query('insert into cache_purges (keys, created_at) values ($1, now())', [key]);
    try {
      await first.query('begin');
      await insert(first, 'article:1'); // takes the smaller id, and stays open
      await second.query('begin');
      await insert(second, 'article:2'); // takes a larger id, and commits first
      await second.query('commit');

      await listener.poll();
      expect(purged).toEqual(['article:2']);

      await first.query('commit');
      await listener.poll();
      expect(purged).toEqual(['article:2', 'article:1']);

      // Applied once each: later polls find nothing new.
      await listener.poll();
      expect(purged).toEqual(['article:2', 'article:1']);
    } finally {
      await first.query('rollback').catch(() => {});
      await first.end();
      await second.end();
    }
  });

  it('logs a failing poll and applies purges at the next one that succeeds', async () => {
    const { cache, purged } = fakeCache();
    const { logs, errors } = fakeLog();
    listener = new PurgeListener(t.db, cache, () => new Date(), logs);
    await listener.start(20);

    // The log out of reach (as when the database restarts): every poll fails until it is back.
    await t.db.schema.alterTable('cache_purges').renameTo('cache_purges_away').execute();
    try {
      await until(() => errors.length > 0, 'a logged poll error');
    } finally {
      await t.db.schema.alterTable('cache_purges_away').renameTo('cache_purges').execute();
    }
    expect(errors[0]?.msg).toMatch(/purge/i);
    expect((errors[0]?.obj as { err?: unknown } | undefined)?.err).toBeInstanceOf(Error);

    await recordPurge(t.db, ['country:7'], new Date());
    await until(() => purged.includes('country:7'), 'the purge after the error');
  });
});
