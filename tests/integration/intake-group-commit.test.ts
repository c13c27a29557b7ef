import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupCommit } from '../../src/actions/taking/group-commit.js';
import { inTransaction, uniqueViolation } from '../../src/platform/db/errors.js';
import { type Db, openDatabase } from '../../src/platform/db/index.js';
import { type TestDb, testDatabase } from '../support/app.js';

/**
 * The intake's group commit (taking/group-commit.ts), on both databases: the requests that arrive
 * together are written in one transaction; each is answered only after that transaction
 * committed (a second connection already sees its row); one request that fails does not cost the
 * others written with it; and a group that fails acknowledges nothing it did not write again.
 * The rows are spent proofs (`proofs_spent`, keyed by the challenge's id): a plain insert of an id
 * already there fails as a real constraint would.
 */

let t: TestDb;
/** Another connection to the same database: it sees only what was committed. */
let other: Db;

beforeAll(async () => {
  t = await testDatabase({ demo: false });
  other = t.databaseUrl.startsWith('sqlite:')
    ? await openDatabase({ dialect: 'sqlite', file: t.databaseUrl.slice('sqlite:'.length) })
    : await openDatabase({ dialect: 'postgres', url: t.databaseUrl });
});
afterAll(async () => {
  await other?.destroy();
  await t?.close();
});

const EXPIRES = '2100-01-01T00:00:00.000Z';

/** A group commit whose write inserts one row per request, in one transaction, and logs what it did. */
function spender(options: { failAfterInsert?: boolean } = {}) {
  const groups: string[][] = [];
  const log: string[] = [];
  const commit = new GroupCommit<string, string>(
    async (ids) => {
      groups.push([...ids]);
      await inTransaction(t.db, async (trx) => {
        for (const id of ids)
          await trx.insertInto('proofs_spent').values({ challenge_id: id, expires_at: EXPIRES }).execute();
        if (options.failAfterInsert) throw new Error('the disk is full');
      });
      log.push(`committed ${ids.join(',')}`);
      return ids.map((id) => `spent ${id}`);
    },
    { maxGroup: 100 },
  );
  return { commit, groups, log };
}

const committed = async (ids: readonly string[]) =>
  (
    await other
      .selectFrom('proofs_spent')
      .select('challenge_id')
      .where('challenge_id', 'in', [...ids])
      .execute()
  )
    .map((r) => r.challenge_id)
    .sort();

describe('a group commit', () => {
  it('writes the requests that arrive together in one transaction, and answers each after its commit', async () => {
    const { commit, groups, log } = spender();
    const ids = ['g1', 'g2', 'g3', 'g4', 'g5'];
    const seenAtAnswer: string[][] = [];
    const answers = await Promise.all(
      ids.map((id) =>
        commit.submit(id).then(async (answer) => {
          log.push(`answered ${id}`);
          seenAtAnswer.push(await committed([id]));
          return answer;
        }),
      ),
    );
    expect(answers).toEqual(ids.map((id) => `spent ${id}`));
    expect(groups).toEqual([ids]);
    // Every answer came after the commit, and the row it answered for was there for anyone to read.
    expect(log[0]).toBe('committed g1,g2,g3,g4,g5');
    expect(log.slice(1).sort()).toEqual(ids.map((id) => `answered ${id}`));
    expect(seenAtAnswer.flat().sort()).toEqual(ids);
  });

  it('takes what arrives while a group is written as the next group', async () => {
    const { commit, groups } = spender();
    const first = commit.submit('n1');
    // Submitted once the first group is on its way: it cannot join it.
    await new Promise((r) => setImmediate(r));
    const later = [commit.submit('n2'), commit.submit('n3')];
    await Promise.all([first, ...later]);
    expect(groups).toEqual([['n1'], ['n2', 'n3']]);
    expect(await committed(['n1', 'n2', 'n3'])).toEqual(['n1', 'n2', 'n3']);
  });

  it('writes as many groups at once as its concurrency allows, each answered after its own commit', async () => {
    // A write that waits to be let go: the test sees which groups are being written at once.
    const writing: string[][] = [];
    const release: Array<() => void> = [];
    const commit = new GroupCommit<string, string>(
      async (ids) => {
        writing.push([...ids]);
        await new Promise<void>((resolve) => release.push(resolve));
        await inTransaction(t.db, async (trx) => {
          for (const id of ids)
            await trx.insertInto('proofs_spent').values({ challenge_id: id, expires_at: EXPIRES }).execute();
        });
        return ids.map((id) => `spent ${id}`);
      },
      { maxGroup: 10, concurrency: 2 },
    );
    const turn = () => new Promise((r) => setImmediate(r));
    const answered: string[] = [];
    const submit = (id: string) => commit.submit(id).then((a) => void answered.push(a));
    const all = [submit('c1'), submit('c2')];
    await turn();
    all.push(submit('c3'));
    await turn();
    // A second writer took c3 while c1 and c2 were written; c4 waits for a free one.
    all.push(submit('c4'));
    await turn();
    await turn();
    expect(writing).toEqual([['c1', 'c2'], ['c3']]);
    release[1]!();
    await new Promise((r) => setTimeout(r, 50));
    // c3's group committed first and was answered; c4 took the writer it left.
    expect(answered).toEqual(['spent c3']);
    expect(writing).toEqual([['c1', 'c2'], ['c3'], ['c4']]);
    release[0]!();
    release[2]!();
    await Promise.all(all);
    expect(answered.sort()).toEqual(['spent c1', 'spent c2', 'spent c3', 'spent c4']);
    expect(await committed(['c1', 'c2', 'c3', 'c4'])).toEqual(['c1', 'c2', 'c3', 'c4']);
  });

  it('does not lose the others when one request fails: the group is written again, each alone', async () => {
    await t.db.insertInto('proofs_spent').values({ challenge_id: 'taken', expires_at: EXPIRES }).execute();
    const { commit, groups } = spender();
    const outcomes = await Promise.allSettled(['f1', 'taken', 'f2'].map((id) => commit.submit(id)));
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: 'spent f1' });
    expect(outcomes[2]).toEqual({ status: 'fulfilled', value: 'spent f2' });
    expect(outcomes[1]!.status).toBe('rejected');
    expect(uniqueViolation((outcomes[1] as PromiseRejectedResult).reason)).not.toBeNull();
    expect(groups).toEqual([['f1', 'taken', 'f2'], ['f1'], ['taken'], ['f2']]);
    expect(await committed(['f1', 'f2'])).toEqual(['f1', 'f2']);
  });

  it('acknowledges nothing when the transaction does not commit', async () => {
    const { commit, log } = spender({ failAfterInsert: true });
    const outcomes = await Promise.allSettled(['x1', 'x2'].map((id) => commit.submit(id)));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason.message).toBe('the disk is full');
    expect(log).toEqual([]);
    expect(await committed(['x1', 'x2'])).toEqual([]);
  });

  it('tries a request alone once more when its error says a second try can succeed', async () => {
    let failures = 1;
    const tried: string[][] = [];
    const commit = new GroupCommit<string, string>(
      async (ids) => {
        tried.push([...ids]);
        if (ids.includes('racy') && failures-- > 0) throw new Error('raced another process');
        return ids.map((id) => `ok ${id}`);
      },
      { maxGroup: 10, retryAlone: (err) => (err as Error).message === 'raced another process' },
    );
    expect(await commit.submit('racy')).toBe('ok racy');
    expect(tried).toEqual([['racy'], ['racy']]);
  });
});
