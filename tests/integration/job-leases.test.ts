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
});
