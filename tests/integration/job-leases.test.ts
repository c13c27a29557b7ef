import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimNext, enqueue, LEASE_MS, Worker } from '../../src/platform/jobs/index.js';
import { dialectUnderTest, type TestDb, testDatabase } from '../support/app.js';

let t: TestDb;
beforeAll(async () => {
  t = await testDatabase();
});
afterAll(() => t?.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`job leases on ${dialectUnderTest}`, () => {
  it('keeps a long job its worker’s while it runs, and gives a dead worker’s job to another after one lease', async () => {
    let clock = new Date('2026-12-03T10:00:00Z');
    const now = () => clock;
    await enqueue(t.db, { kind: 'slow', payload: {}, idempotencyKey: 'slow' }, clock);
    await enqueue(t.db, { kind: 'orphan', payload: {}, idempotencyKey: 'orphan' }, clock);

    // A job claimed by a worker that then died: nobody renews its lease.
    const orphan = await claimNext(t.db, clock);
    expect(orphan?.kind).toBe('slow');

    let release = () => {};
    const running = new Promise<void>((r) => {
      release = r;
    });
    const ran: string[] = [];
    const worker = new Worker({
      db: t.db,
      now,
      heartbeatMs: 20,
      handlers: {
        slow: async () => {
          ran.push('slow');
        },
        orphan: async () => {
          ran.push('orphan');
          await running;
        },
      },
    });
    const first = worker.runDue(1);
    for (let i = 0; i < 100 && ran.length === 0; i++) await sleep(10);
    expect(ran).toEqual(['orphan']);

    // Time passes beyond a lease while 'orphan' runs: its worker renews it, so nobody else takes it;
    // 'slow', whose worker died, goes to another one.
    clock = new Date(clock.getTime() + LEASE_MS + 1000);
    await sleep(100);
    const other = await claimNext(t.db, clock);
    expect(other?.kind).toBe('slow');
    expect(await claimNext(t.db, clock)).toBeUndefined();

    release();
    await first;
    const rows = await t.db.selectFrom('jobs').select(['kind', 'status']).orderBy('kind').execute();
    expect(rows).toEqual([
      { kind: 'orphan', status: 'done' },
      { kind: 'slow', status: 'running' },
    ]);
  });

  it('runs jobs side by side when told, never one job twice', async () => {
    const clock = new Date('2026-12-03T11:00:00Z');
    await t.db.deleteFrom('jobs').execute();
    for (let i = 0; i < 6; i++)
      await enqueue(t.db, { kind: 'pair', payload: { i }, idempotencyKey: `pair:${i}` }, clock);
    const ran: number[] = [];
    let inFlight = 0;
    let most = 0;
    const worker = new Worker({
      db: t.db,
      now: () => clock,
      pollMs: 10,
      concurrency: 2,
      handlers: {
        pair: async (payload) => {
          inFlight++;
          most = Math.max(most, inFlight);
          await sleep(30);
          ran.push((payload as { i: number }).i);
          inFlight--;
        },
      },
    });
    worker.start();
    for (let i = 0; i < 300 && ran.length < 6; i++) await sleep(10);
    await worker.stop();
    expect(ran.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });
});
