import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/platform/db/index.js';
import { fixedSql, type JsonSql } from '../../src/platform/db/json.js';

/** A Kysely that compiles for a dialect and never connects. */
function compilerOnly(dialect: 'sqlite' | 'postgres'): Db {
  const pg = dialect === 'postgres';
  return new Kysely({
    dialect: {
      createAdapter: () => (pg ? new PostgresAdapter() : new SqliteAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (pg ? new PostgresIntrospector(db) : new SqliteIntrospector(db)),
      createQueryCompiler: () => (pg ? new PostgresQueryCompiler() : new SqliteQueryCompiler()),
    },
  }) as Db;
}

const text = (db: Db, fragment: ReturnType<typeof fixedSql>) => sql`select ${fragment}`.compile(db).sql;

describe('fixedSql', () => {
  const sqlite = compilerOnly('sqlite');
  const postgres = compilerOnly('postgres');

  it('builds a fragment once per dialect, in that dialect', () => {
    let builds = 0;
    const shape = (j: JsonSql) => {
      builds++;
      return j.object({ id: sql.ref('a.id'), title: sql.ref('a.title') });
    };
    expect(text(sqlite, fixedSql(sqlite, shape))).toBe(
      `select json_object('id', "a"."id", 'title', "a"."title")`,
    );
    expect(text(postgres, fixedSql(postgres, shape))).toBe(
      `select json_build_object('id', "a"."id", 'title', "a"."title")`,
    );
    fixedSql(sqlite, shape);
    fixedSql(postgres, shape);
    expect(builds).toBe(2);
  });

  it('keeps two shapes apart', () => {
    const one = (j: JsonSql) => j.object({ one: sql.ref('a.one') });
    const two = (j: JsonSql) => j.object({ two: sql.ref('a.two') });
    expect(text(sqlite, fixedSql(sqlite, one))).toContain("'one'");
    expect(text(sqlite, fixedSql(sqlite, two))).toContain("'two'");
  });

  it('refuses a fragment that carries a value, which belongs to a request', () => {
    const withValue = (j: JsonSql) => j.object({ slug: sql`${'mexico'}` });
    expect(() => fixedSql(sqlite, withValue)).toThrow(/cannot carry values/);
  });

  it('leaves values in the statement around it numbered for PostgreSQL', () => {
    const shape = (j: JsonSql) => j.object({ id: sql.ref('a.id') });
    const compiled =
      sql`select ${fixedSql(postgres, shape)} from articles a where a.slug = ${'x'} limit ${3}`.compile(
        postgres,
      );
    expect(compiled.sql).toMatch(/where a\.slug = \$1 limit \$2$/);
    expect(compiled.parameters).toEqual(['x', 3]);
  });
});
