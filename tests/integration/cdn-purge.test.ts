import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CDN_PURGE_JOB } from '../../src/platform/cache/cdn-purge.js';
import { EVERYTHING, recordPurge } from '../../src/platform/cache/purge-bus.js';
import { backoffMs } from '../../src/platform/jobs/index.js';
import { dialectUnderTest, type TestApp, testApp, testDatabase } from '../support/app.js';

/** Stands for Varnish: records each PURGE and answers what the test says. */
const received: Array<{ method: string; xkey: string | undefined }> = [];
let answer = 200;
const fakeVarnish = http.createServer((req, res) => {
  received.push({ method: req.method ?? '', xkey: req.headers.xkey as string | undefined });
  res.statusCode = answer;
  res.end();
});

let t: TestApp;
let clock = new Date('2026-03-01T10:00:00Z');

beforeAll(async () => {
  await new Promise<void>((resolve) => fakeVarnish.listen(0, '127.0.0.1', resolve));
  const { port } = fakeVarnish.address() as AddressInfo;
  t = await testApp({
    demo: false,
    now: () => clock,
    env: { CDN_PURGE: `varnish:http://127.0.0.1:${port}` },
  });
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => fakeVarnish.close(resolve));
});
beforeEach(() => {
  received.length = 0;
  answer = 200;
});

const cdnJobs = () =>
  t.db
    .selectFrom('jobs')
    .select(['id', 'status', 'attempts', 'payload', 'run_at', 'last_error'])
    .where('kind', '=', CDN_PURGE_JOB)
    .orderBy('id')
    .execute();

describe(`purges sent to the cache in front (CDN_PURGE) on ${dialectUnderTest}`, () => {
  it('queues a job with the purge, in its transaction, and the worker sends PURGE with the keys', async () => {
    await t.db
      .transaction()
      .execute((trx) => recordPurge(trx, ['article:1', 'country:mx', 'article:1'], clock));
    const [job] = await cdnJobs();
    expect(job).toMatchObject({ status: 'queued' });
    expect(JSON.parse(job!.payload)).toEqual({ keys: ['article:1', 'country:mx', 'missing'] });

    expect(await t.worker.runDue()).toBe(1);
    expect(received).toEqual([{ method: 'PURGE', xkey: 'article:1 country:mx missing' }]);
    expect((await cdnJobs())[0]!.status).toBe('done');
  });

  it('queues nothing when the change rolls back', async () => {
    const before = (await cdnJobs()).length;
    await expect(
      t.db.transaction().execute(async (trx) => {
        await recordPurge(trx, ['article:2'], clock);
        throw new Error('the edit failed');
      }),
    ).rejects.toThrow('the edit failed');
    expect(await cdnJobs()).toHaveLength(before);
  });

  it('sends everything as the one key "*", which the VCL turns into a ban', async () => {
    await recordPurge(t.db, ['article:3', EVERYTHING], clock);
    await t.worker.runDue();
    expect(received).toEqual([{ method: 'PURGE', xkey: '*' }]);
  });

  it('retries a purge the cache refused, with the queue’s backoff, until it is accepted', async () => {
    answer = 503;
    await recordPurge(t.db, ['topic:4'], clock);
    await t.worker.runDue();
    const failed = (await cdnJobs()).at(-1)!;
    expect(failed).toMatchObject({ status: 'queued', attempts: 1 });
    expect(failed.last_error).toMatch(/answered PURGE with 503/);
    expect(failed.run_at).toBe(new Date(clock.getTime() + backoffMs(1)).toISOString());

    answer = 200;
    expect(await t.worker.runDue()).toBe(0);
    clock = new Date(clock.getTime() + backoffMs(1));
    expect(await t.worker.runDue()).toBe(1);
    expect((await cdnJobs()).at(-1)!.status).toBe('done');
    expect(received.map((r) => r.xkey)).toEqual(['topic:4 missing', 'topic:4 missing']);
  });

  it('queues nothing for a database whose app has no CDN_PURGE', async () => {
    const other = await testDatabase();
    try {
      await recordPurge(other.db, ['article:5'], clock);
      expect(await other.db.selectFrom('jobs').select('id').execute()).toEqual([]);
      expect(await other.db.selectFrom('cache_purges').select('keys').execute()).toEqual([
        { keys: 'article:5 missing' },
      ]);
    } finally {
      await other.close();
    }
  });
});
