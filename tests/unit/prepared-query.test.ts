import { type Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/index.js';
import { preparedQuery, type Slots } from '../../src/platform/db/prepared.js';

/* A statement built and compiled once per dialect and shape, then run with each call's values. */
describe('prepared queries', async () => {
  const raw = await openDatabase({ dialect: 'sqlite', file: ':memory:' });
  await sql`create table t (id integer primary key, kind text, note text)`.execute(raw);
  await sql`insert into t (id, kind, note) values (1, 'a', null), (2, 'b', 'x'), (3, 'a', 'y'), (4, 'c', null)`.execute(
    raw,
  );
  afterAll(() => raw.destroy());
  const db = raw as unknown as Kysely<{ t: { id: number; kind: string; note: string | null } }>;
  type Db = typeof db;

  it('builds once and binds each call its own values, keeping the constants of the text', async () => {
    let builds = 0;
    const ofKind = preparedQuery((d: Db, v: Slots<{ kind: string }>) => {
      builds++;
      return d.selectFrom('t').select('id').where('kind', '=', v.kind).where('id', '<', 4).orderBy('id');
    });
    expect((await ofKind(db, { kind: 'a' })).map((r) => r.id)).toEqual([1, 3]);
    expect((await ofKind(db, { kind: 'b' })).map((r) => r.id)).toEqual([2]);
    expect((await ofKind(db, { kind: 'c' })).map((r) => r.id)).toEqual([]);
    // Under the tests each call also compiles afresh with its values (the check): one build for
    // the prepared text, plus one a call.
    expect(builds).toBe(1 + 3);
  });

  it('keys a list by its length, and an absent value by its absence', async () => {
    const byIds = preparedQuery((d: Db, v: Slots<{ ids: number[] }>) =>
      d.selectFrom('t').select('id').where('id', 'in', v.ids).orderBy('id'),
    );
    expect((await byIds(db, { ids: [1, 2] })).map((r) => r.id)).toEqual([1, 2]);
    expect((await byIds(db, { ids: [4, 3, 2] })).map((r) => r.id)).toEqual([2, 3, 4]);
    expect((await byIds(db, { ids: [3, 1] })).map((r) => r.id)).toEqual([1, 3]);

    const byNote = preparedQuery((d: Db, v: Slots<{ note: string | null }>) =>
      d
        .selectFrom('t')
        .select('id')
        .where((eb) => (v.note === null ? eb('note', 'is', null) : eb('note', '=', v.note)))
        .orderBy('id'),
    );
    expect((await byNote(db, { note: null })).map((r) => r.id)).toEqual([1, 4]);
    expect((await byNote(db, { note: 'y' })).map((r) => r.id)).toEqual([3]);
  });

  it('writes a value named as written into the text, one shape per value, and binds the rest', async () => {
    const texts = new Set<string>();
    const firstOfKind = preparedQuery(
      (d: Db, v: Slots<{ kind: string; limit: number }, 'limit'>) => {
        const query = d.selectFrom('t').select('id').where('kind', '=', v.kind).orderBy('id').limit(v.limit);
        texts.add(query.compile().sql);
        return query;
      },
      ['limit'],
    );
    expect((await firstOfKind(db, { kind: 'a', limit: 1 })).map((r) => r.id)).toEqual([1]);
    expect((await firstOfKind(db, { kind: 'a', limit: 2 })).map((r) => r.id)).toEqual([1, 3]);
    expect((await firstOfKind(db, { kind: 'b', limit: 2 })).map((r) => r.id)).toEqual([2]);
    // The builder saw each limit as a number (SQLite's dialect writes it into the text), the kind
    // as a slot: two texts, whatever the kinds.
    expect([...texts].sort()).toEqual([
      'select "id" from "t" where "kind" = ? order by "id" limit 1',
      'select "id" from "t" where "kind" = ? order by "id" limit 2',
    ]);
  });

  it('fails under the tests when a builder branches on a value it was given as a slot', async () => {
    const branching = preparedQuery((d: Db, v: Slots<{ kind: string }>) =>
      // Wrong on purpose: a slot is never equal to a string, so the prepared text is always the
      // second branch, whatever the value.
      (v.kind as unknown) === 'a'
        ? d.selectFrom('t').select('id').where('kind', '=', 'a').where('id', '>', 1)
        : d.selectFrom('t').select('id').where('kind', '=', v.kind),
    );
    await expect(branching(db, { kind: 'a' })).rejects.toThrow(/depends on a value/);
  });
});
